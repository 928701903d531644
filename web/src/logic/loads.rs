//! Loads waiting for the database. The worker answers them in the order they were asked, so
//! several can be pending at once (the page opening with kept reports asks for each in turn):
//! the page shows *Cancel loading* until the last one answers, and runs the current query once
//! then, over everything that arrived, instead of once per load over a table still growing.
//!
//! The page opening with kept reports asks first for the loads that hold each account's latest
//! report (`logic::keep::latest_first`) and holds the older ones back: once the first have
//! answered, it asks for the query over the latest reports alone, and then for the held loads,
//! which the worker answers after it. A query that reads nothing but the latest reports (the
//! page's default, the checks) answers then; one that reads more is told so by the worker and
//! runs once the held loads have answered too.

use credreport_core::LoadSummary;

/// How many loads are pending, and what those that answered did together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pending {
    count: usize,
    /// Loads answered since none was pending.
    answered: usize,
    /// What they added and did not load again.
    summary: LoadSummary,
    /// Loads held back until those pending have answered and the query was asked.
    held: usize,
    /// Held loads the page is to ask now: they count as pending until it has.
    releasing: usize,
    /// What became of the query asked before the held loads.
    early: Early,
}

/// The query asked over the latest reports alone, before the held loads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Early {
    /// None was asked: the last load runs the query if a load added a report.
    #[default]
    None,
    /// Asked: it answers over the latest reports, which the held loads do not change.
    Asked,
    /// It reads more than the latest reports: it runs again after the held loads.
    Again,
}

/// The last pending load answered.
#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    /// Whether to run the query (a load added a report, and its answer is not on screen).
    pub run: bool,
    /// The latest reports are in and older loads are held back: the query runs over the latest
    /// alone (`Request::Run::only_latest`), then the held loads are asked, after it and after
    /// what the views ask of the latest reports as they show them (the Checks view's checks),
    /// which the worker then answers first too.
    pub ask_held: bool,
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

    /// A held load is about to be asked ([`Pending::ask`] next).
    pub fn release(&mut self) {
        self.releasing = self.releasing.saturating_sub(1);
    }

    /// `count` loads held back until the loads asked before them have answered.
    pub fn hold(&mut self, count: usize) {
        self.held += count;
    }

    /// The held loads will not be asked (the loads were cancelled, or everything cleared).
    pub fn drop_held(&mut self) {
        self.held = 0;
        self.releasing = 0;
    }

    /// A load answered: `summary`, what it added and did not load again (none when it failed).
    /// `Some` when it was the last pending one.
    pub fn answered(&mut self, summary: Option<&LoadSummary>) -> Option<Done> {
        self.count = self.count.saturating_sub(1);
        self.answered += 1;
        if let Some(s) = summary {
            self.summary = std::mem::take(&mut self.summary).and(s.clone());
        }
        if self.count > 0 || self.releasing > 0 {
            return None;
        }
        if self.held > 0 {
            // The latest reports are in: the query, then the held loads, which say what they
            // all did once they have answered too.
            self.releasing = std::mem::take(&mut self.held);
            let run = self.summary.added();
            self.early = if run { Early::Asked } else { Early::None };
            return Some(Done {
                run,
                ask_held: true,
                said: None,
            });
        }
        let (answered, summary) = (self.answered, std::mem::take(&mut self.summary));
        self.answered = 0;
        let run = match std::mem::take(&mut self.early) {
            Early::None => summary.added(),
            Early::Asked => false,
            Early::Again => true,
        };
        Some(Done {
            run,
            ask_held: false,
            said: (answered > 1).then(|| summary.describe()),
        })
    }

    /// The query asked over the latest reports alone reads more: whether to run it now (no
    /// load is pending any more); otherwise it runs once the last one has answered.
    pub fn needs_every_report(&mut self) -> bool {
        if !self.any() {
            return true;
        }
        self.early = Early::Again;
        false
    }

    /// Whether a load is in the database's hands (it can be cancelled), or held back.
    pub fn any(&self) -> bool {
        self.count > 0 || self.held > 0 || self.releasing > 0
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
                ask_held: false,
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
                ask_held: false,
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
                ask_held: false,
                said: None
            })
        );
    }

    /// The page opening with kept reports: the loads of the latest reports answer, the query
    /// runs over them alone, then the held loads are asked; once they answer, the query does
    /// not run again, unless the worker said it reads more than the latest reports.
    #[test]
    fn the_query_runs_over_the_latest_reports_before_the_held_loads() {
        let mut p = Pending::default();
        p.hold(2);
        p.ask();
        assert!(p.any());
        let early = p.answered(Some(&added(3))).unwrap();
        assert_eq!(
            early,
            Done {
                run: true,
                ask_held: true,
                said: None
            }
        );
        assert!(
            p.any(),
            "the held loads are the page's to ask now: Cancel stays"
        );
        for _ in 0..2 {
            p.release();
            p.ask();
        }
        assert_eq!(p.answered(Some(&added(4))), None);
        let done = p.answered(Some(&added(5))).unwrap();
        assert!(!done.run, "its answer over the latest reports stands");
        assert_eq!(done.said.as_deref(), Some("Loaded 3 reports, 12 rows."));

        // A query that reads more is run again after the held loads.
        p.hold(1);
        p.ask();
        assert!(p.answered(Some(&added(3))).unwrap().run);
        assert!(
            !p.needs_every_report(),
            "the held load is still to be asked"
        );
        p.release();
        p.ask();
        assert!(!p.needs_every_report(), "a held load is still pending");
        assert!(p.answered(Some(&added(4))).unwrap().run);
        // Told so after the held loads answered (a PostgreSQL query, translated meanwhile,
        // was asked after them): it runs at once.
        p.hold(1);
        p.ask();
        assert!(p.answered(Some(&added(3))).unwrap().run);
        p.release();
        p.ask();
        assert!(!p.answered(Some(&added(4))).unwrap().run);
        assert!(p.needs_every_report());

        // A load the user asks meanwhile is said with them.
        p.hold(1);
        p.ask();
        assert!(p.answered(Some(&added(3))).unwrap().ask_held);
        p.ask();
        assert_eq!(
            p.answered(Some(&added(2))),
            None,
            "the held load is still to come"
        );
        p.release();
        p.ask();
        let done = p.answered(Some(&added(4))).unwrap();
        assert_eq!(done.said.as_deref(), Some("Loaded 3 reports, 9 rows."));

        // Cancelled before the held loads were asked: they never are.
        p.hold(2);
        p.ask();
        p.drop_held();
        let done = p.answered(None).unwrap();
        assert!(!done.ask_held && !done.run);
        assert!(!p.any());
    }
}
