//! Loads waiting for the database. The worker answers them in the order they were asked, so
//! several can be pending at once (the page opening with kept reports asks for each in turn):
//! the page shows *Cancel loading* until the last one answers, and runs the current query once
//! then, over everything that arrived, instead of once per load over a table still growing.

use credreport_core::LoadSummary;

/// How many loads are pending, and what those that answered did together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    count: usize,
    /// Loads answered since none was pending.
    answered: usize,
    /// What they added and did not load again.
    summary: LoadSummary,
}

/// The last pending load answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// Whether any of the loads added a report, so the query should run again.
    pub run: bool,
    /// What the loads did together, when there were several (the page opening with 24 kept
    /// loads says it loaded 24 reports, not the last one's report alone); one load says what
    /// it did itself.
    pub said: Option<String>,
}

impl Pending {
    /// A load asked of the database.
    pub fn ask(&mut self) {
        self.count += 1;
    }

    /// A load answered: `summary`, what it added and did not load again (none when it failed).
    /// `Some` when it was the last pending one.
    pub fn answered(&mut self, summary: Option<&LoadSummary>) -> Option<Done> {
        self.count = self.count.saturating_sub(1);
        self.answered += 1;
        if let Some(s) = summary {
            self.summary = std::mem::take(&mut self.summary).and(s.clone());
        }
        if self.count > 0 {
            return None;
        }
        let (answered, summary) = (self.answered, std::mem::take(&mut self.summary));
        self.answered = 0;
        Some(Done {
            run: summary.added(),
            said: (answered > 1).then(|| summary.describe()),
        })
    }

    /// Whether a load is in the database's hands (it can be cancelled).
    pub fn any(&self) -> bool {
        self.count > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::logic::keep::tests::summary;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// What a load of one report of `users` users added.
    fn added(users: usize) -> LoadSummary {
        let report = summary(&users.to_string(), "1", "2024-05-01 00:00:00", users);
        LoadSummary {
            reports: vec![report],
            ..LoadSummary::default()
        }
    }

    #[test]
    fn one_load_runs_the_query_when_it_added_a_report_and_says_what_it_did_itself() {
        let mut p = Pending::default();
        p.ask();
        assert!(p.any());
        let done = p.answered(Some(&added(3))).unwrap();
        assert_eq!(
            done,
            Done {
                run: true,
                said: None
            }
        );
        assert!(!p.any());
        p.ask();
        let nothing = LoadSummary::default();
        assert_eq!(
            p.answered(Some(&nothing)),
            Some(Done {
                run: false,
                said: None
            })
        );
    }

    #[test]
    fn loads_asked_together_run_the_query_once_after_the_last_and_say_what_they_all_did() {
        let mut p = Pending::default();
        for _ in 0..3 {
            p.ask();
        }
        assert_eq!(p.answered(Some(&added(3))), None);
        assert!(p.any(), "two loads are still pending: Cancel stays");
        assert_eq!(p.answered(None), None, "one failed");
        let done = p.answered(Some(&added(4))).unwrap();
        assert!(done.run, "one of them added a report");
        assert_eq!(done.said.as_deref(), Some("Loaded 2 reports, 7 rows."));
        assert!(!p.any());
        // The next load starts afresh: what the earlier ones added was run and said already.
        p.ask();
        assert_eq!(
            p.answered(Some(&LoadSummary::default())),
            Some(Done {
                run: false,
                said: None
            })
        );
    }
}
