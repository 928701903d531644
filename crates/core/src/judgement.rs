//! Checks judged with one threshold and "as of", their findings made only when something needs
//! them. Over 100,000 users every check's findings are more than a million, and SQLite counts
//! them in about 60% of the time making them takes: the page's Checks view, and `check -o
//! summary`, need only the counts until a check is opened. A check's findings are made when they
//! are asked for, or when an accepted exception names the check (an exception turns a finding in
//! alarm into `excepted`, so the counts of the checks it names come from their findings).

use chrono::NaiveDate;

use crate::checks::{AsOf, Check, Outcome, Thresholds, Totals};
use crate::db::Database;
use crate::error::QueryError;
use crate::exceptions::Exception;

/// `checks` judged with `thresholds` as of `as_of`, over one [`Database`] whose loaded reports do
/// not change while this is kept: every call is given that database.
pub struct Judgement {
    checks: Vec<&'static Check>,
    thresholds: Thresholds,
    as_of: AsOf,
    /// Each check, in the order given, as it is shown: its findings with the exceptions applied
    /// once they are made, else its counts alone.
    shown: Vec<Outcome>,
    /// What is known of each check in `shown`.
    known: Vec<Known>,
    /// A warning for each exception that matched no finding in alarm.
    stale: Vec<String>,
    /// The findings, as the checks found them, of each check the exceptions name (by its
    /// position): what applying other exceptions starts from.
    found: Vec<(usize, Outcome)>,
}

/// What is known of one check's findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Known {
    Nothing,
    Counts,
    Findings,
}

impl Judgement {
    /// Nothing judged yet: each check is counted or judged when first asked.
    pub fn new(checks: &[&'static Check], thresholds: Thresholds, as_of: AsOf) -> Judgement {
        let shown = (checks.iter())
            .map(|c| Outcome::counted(c, thresholds.days(c), Totals::default()))
            .collect();
        Judgement {
            checks: checks.to_vec(),
            thresholds,
            as_of,
            shown,
            known: vec![Known::Nothing; checks.len()],
            stale: Vec::new(),
            found: Vec::new(),
        }
    }

    /// Every check's counts, without its findings ([`Outcome::tally`]), in the order given:
    /// counted by SQLite ([`Database::tally`]) unless its findings are made.
    pub fn tallies(&mut self, db: &Database) -> Result<Vec<Outcome>, QueryError> {
        (0..self.checks.len())
            .map(|i| {
                if self.known[i] == Known::Nothing {
                    let (check, thresholds) = (self.checks[i], &self.thresholds);
                    let counted = db.tally(check, thresholds, self.as_of)?;
                    self.shown[i] = Outcome::counted(check, thresholds.days(check), counted);
                    self.known[i] = Known::Counts;
                }
                Ok(self.shown[i].tally())
            })
            .collect()
    }

    /// The check `id` with its findings, made now if they are not yet; `None` when no check
    /// judged is named `id`.
    pub fn outcome(&mut self, db: &Database, id: &str) -> Result<Option<&Outcome>, QueryError> {
        match self.checks.iter().position(|c| c.id == id) {
            Some(i) => self.made(db, i).map(Some),
            None => Ok(None),
        }
    }

    /// Every check with its findings, in the order given, made now where they are not yet.
    pub fn outcomes(&mut self, db: &Database) -> Result<&[Outcome], QueryError> {
        for i in 0..self.checks.len() {
            self.made(db, i)?;
        }
        Ok(&self.shown)
    }

    /// [`Judgement::outcomes`], kept no longer.
    pub fn into_outcomes(mut self, db: &Database) -> Result<Vec<Outcome>, QueryError> {
        self.outcomes(db)?;
        Ok(self.shown)
    }

    /// A warning for each exception last applied that matched no finding in alarm.
    pub fn stale(&self) -> &[String] {
        &self.stale
    }

    /// Apply `exceptions` on `today` instead of those applied before ([`crate::exceptions`]):
    /// to the findings of the checks they name, made now if they are not yet.
    pub fn except(
        &mut self,
        db: &Database,
        exceptions: &[Exception],
        today: NaiveDate,
    ) -> Result<(), QueryError> {
        // The findings as the checks found them again.
        for (i, found) in std::mem::take(&mut self.found) {
            self.shown[i] = found;
        }
        self.stale.clear();
        if exceptions.is_empty() {
            return Ok(());
        }
        let named: Vec<usize> = (0..self.checks.len())
            .filter(|&i| exceptions.iter().any(|e| e.names(self.checks[i].id)))
            .collect();
        for &i in &named {
            self.made(db, i)?;
        }
        let mut applied: Vec<Outcome> = (named.iter())
            .map(|&i| {
                let counts = self.shown[i].tally();
                std::mem::replace(&mut self.shown[i], counts)
            })
            .collect();
        self.found = named.iter().copied().zip(applied.clone()).collect();
        self.stale = crate::exceptions::apply(&mut applied, exceptions, today).stale;
        for (&i, outcome) in named.iter().zip(applied) {
            self.shown[i] = outcome;
        }
        Ok(())
    }

    /// Check `i` with its findings: made now if they are not yet. A check the exceptions name
    /// has its findings made already, with the exceptions applied.
    fn made(&mut self, db: &Database, i: usize) -> Result<&Outcome, QueryError> {
        if self.known[i] != Known::Findings {
            self.shown[i] = db.run_check(self.checks[i], &self.thresholds, self.as_of)?;
            self.known[i] = Known::Findings;
        }
        Ok(&self.shown[i])
    }
}
