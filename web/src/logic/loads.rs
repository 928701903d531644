//! Loads waiting for the database. The worker answers them in the order they were asked, so
//! several can be pending at once (the page opening with kept reports asks for each in turn):
//! the page shows *Cancel loading* until the last one answers, and runs the current query once
//! then, over everything that arrived, instead of once per load over a table still growing.

/// How many loads are pending, and whether any that answered added a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pending {
    count: usize,
    added: bool,
}

impl Pending {
    /// A load asked of the database.
    pub fn ask(&mut self) {
        self.count += 1;
    }

    /// A load answered (`added`: it added a report). `Some(run)` when it was the last pending
    /// one: `run` says whether any of them added a report, so the query should run again.
    pub fn answered(&mut self, added: bool) -> Option<bool> {
        self.count = self.count.saturating_sub(1);
        self.added |= added;
        if self.count > 0 {
            return None;
        }
        Some(std::mem::take(&mut self.added))
    }

    /// Whether a load is in the database's hands (it can be cancelled).
    pub fn any(&self) -> bool {
        self.count > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_load_runs_the_query_when_it_added_a_report() {
        let mut p = Pending::default();
        p.ask();
        assert!(p.any());
        assert_eq!(p.answered(true), Some(true));
        assert!(!p.any());
        p.ask();
        assert_eq!(p.answered(false), Some(false));
    }

    #[test]
    fn loads_asked_together_run_the_query_once_after_the_last() {
        let mut p = Pending::default();
        for _ in 0..3 {
            p.ask();
        }
        assert_eq!(p.answered(true), None);
        assert!(p.any(), "two loads are still pending: Cancel stays");
        assert_eq!(p.answered(false), None);
        assert_eq!(p.answered(false), Some(true), "one of them added a report");
        assert!(!p.any());
        // The next load starts afresh: what the earlier ones added was run already.
        p.ask();
        assert_eq!(p.answered(false), Some(false));
    }
}
