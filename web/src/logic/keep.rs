//! Reports kept on this device: the library's index (`library.json`) and what each kept load
//! is. A kept load is the files the user loaded, as they were (`<id>-<n>`), so opening the page
//! later loads them again exactly as the first time; the index says what they held.

use credreport_core::ReportSummary;
use serde::{Deserialize, Serialize};

use super::session::generated_at;

/// The index's file name, beside the kept files.
pub const INDEX: &str = "library.json";

/// Everything kept: the loads, and the recent queries.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Library {
    pub entries: Vec<Kept>,
    #[serde(default)]
    pub recent: Vec<String>,
    #[serde(default)]
    pub saved: Vec<SavedQuery>,
    /// The accepted exceptions, as the TOML file they import and export as.
    #[serde(default)]
    pub exceptions: String,
}

/// A query the user saved under a name, with its dialect (`auto`, `sqlite`, `postgres`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedQuery {
    pub name: String,
    pub sql: String,
    pub dialect: String,
}

/// Save `sql` as `name` (a query saved under the same name is replaced), newest first; the
/// error says what is missing.
pub fn save(
    saved: &mut Vec<SavedQuery>,
    name: &str,
    sql: &str,
    dialect: credreport_core::DialectChoice,
) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("give the query a name to save it under".into());
    }
    if sql.trim().is_empty() {
        return Err("the editor is empty: there is no query to save".into());
    }
    saved.retain(|q| q.name != name);
    saved.insert(
        0,
        SavedQuery {
            name: name.to_owned(),
            sql: sql.to_owned(),
            dialect: dialect.as_str().to_owned(),
        },
    );
    Ok(())
}

/// One kept load: its files and the reports they held.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kept {
    /// SHA-256 of the files' names and bytes: the same load is kept once.
    pub id: String,
    pub names: Vec<String>,
    pub sizes: Vec<usize>,
    pub reports: Vec<KeptReport>,
    /// Loaded when the page opens.
    pub load: bool,
    /// The generation time the user gave the reports of this load that do not say theirs (a
    /// console CSV never does): given to them again each time the load is loaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_time: Option<String>,
}

/// What a kept report is, for the library's list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeptReport {
    pub account_id: Option<String>,
    pub generated_time: Option<String>,
    pub users: usize,
    /// The report's SHA-256 (`ReportSummary::sha256`): which loaded report it is.
    #[serde(default)]
    pub sha256: String,
    /// The domain its users log on at (`ReportSummary::logon_domain`), which names the account
    /// of a report that does not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logon_domain: Option<String>,
}

/// A piece of what a kept load's id digests: bytes the id adds, or a file's own.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum IdPart<'a, B> {
    Added(&'a [u8]),
    File(B),
}

impl Kept {
    /// What a load's id is the SHA-256 of, in order: each file's name, a zero byte, its bytes
    /// and a zero byte. (The page has the browser digest them where it can, `state::keeping`.)
    pub fn id_parts<'a, B: 'a>(
        files: impl IntoIterator<Item = (&'a str, B)>,
    ) -> impl Iterator<Item = IdPart<'a, B>> {
        files.into_iter().flat_map(|(name, bytes)| {
            [
                IdPart::Added(name.as_bytes()),
                IdPart::Added(&[0u8][..]),
                IdPart::File(bytes),
                IdPart::Added(&[0u8][..]),
            ]
        })
    }

    /// A load's id, digested here.
    pub fn id_of(files: &[(String, Vec<u8>)]) -> String {
        credreport_core::report::sha256_hex(
            Self::id_parts(files.iter().map(|(n, b)| (n.as_str(), b.as_slice()))).map(|part| {
                match part {
                    IdPart::Added(bytes) | IdPart::File(bytes) => bytes,
                }
            }),
        )
    }

    /// A load to keep: its id, its files' names and sizes, and the reports it added.
    pub fn new(id: String, names: Vec<String>, sizes: Vec<usize>, added: &[ReportSummary]) -> Kept {
        Kept {
            id,
            names,
            sizes,
            reports: added
                .iter()
                .map(|r| KeptReport {
                    account_id: r.account_id.clone(),
                    generated_time: r.generated_time.clone(),
                    users: r.rows,
                    sha256: r.sha256.clone(),
                    logon_domain: r.logon_domain.clone(),
                })
                .collect(),
            load: true,
            given_time: added
                .iter()
                .find(|r| r.time_given)
                .and_then(|r| r.generated_time.clone()),
        }
    }

    /// The stored file of the `n`th input.
    pub fn file(&self, n: usize) -> String {
        format!("{}-{n}", self.id)
    }

    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.names.len()).map(|n| self.file(n))
    }

    pub fn bytes(&self) -> usize {
        self.sizes.iter().sum()
    }

    pub fn users(&self) -> usize {
        self.reports.iter().map(|r| r.users).sum()
    }

    /// "account 1234…, generated 2024-05-01 09:10:11 UTC" for each report, "; "-joined.
    pub fn describe(&self) -> String {
        let one = |r: &KeptReport| {
            format!(
                "{}, {}",
                credreport_core::account_said(r.account_id.as_deref(), r.logon_domain.as_deref()),
                match &r.generated_time {
                    Some(t) => format!(
                        "generated {}",
                        generated_at(t, self.given_time.as_ref() == Some(t))
                    ),
                    None => "generation time unknown".into(),
                }
            )
        };
        self.reports.iter().map(one).collect::<Vec<_>>().join("; ")
    }
}

impl Library {
    /// The index as stored; a damaged one says so rather than losing what it lists silently.
    pub fn read(bytes: &[u8]) -> Result<Library, String> {
        serde_json::from_slice(bytes).map_err(|e| {
            format!("the list of kept reports is damaged ({e}); forget everything on this device to start again")
        })
    }

    pub fn write(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// Keep `kept`, unless the same load is kept already: whether it was added.
    pub fn add(&mut self, kept: Kept) -> bool {
        if self.entries.iter().any(|e| e.id == kept.id) {
            return false;
        }
        self.entries.push(kept);
        true
    }

    pub fn remove(&mut self, id: &str) -> Option<Kept> {
        let at = self.entries.iter().position(|e| e.id == id)?;
        Some(self.entries.remove(at))
    }

    /// Whether `id` loads when the page opens.
    pub fn set_load(&mut self, id: &str, load: bool) {
        if let Some(e) = self.entries.iter_mut().find(|e| e.id == id) {
            e.load = load;
        }
    }

    /// After the user gave undated reports a generation time: each kept load that has such a
    /// report among `loaded` (by its SHA-256) keeps that time, to give it again when loaded
    /// later. Whether anything changed.
    pub fn keep_given_times(&mut self, loaded: &[ReportSummary]) -> bool {
        let mut changed = false;
        for entry in self.entries.iter_mut().filter(|e| e.given_time.is_none()) {
            let names = &entry.names;
            for kept in entry
                .reports
                .iter_mut()
                .filter(|r| r.generated_time.is_none())
            {
                // A list written before it named each report's SHA-256: by the file's name.
                let same = |r: &&ReportSummary| match kept.sha256.as_str() {
                    "" => names.contains(&r.source),
                    sha256 => r.sha256 == sha256,
                };
                let given = loaded.iter().filter(|r| r.time_given).find(same);
                if let Some(time) = given.and_then(|r| r.generated_time.clone()) {
                    kept.generated_time = Some(time.clone());
                    entry.given_time = Some(time);
                    changed = true;
                }
            }
        }
        changed
    }

    /// The loads to load on opening, oldest first.
    pub fn to_load(&self) -> impl Iterator<Item = &Kept> {
        self.entries.iter().filter(|e| e.load)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A loaded report's summary, for the page's tests.
    pub(crate) fn summary(sha: &str, account: &str, time: &str, rows: usize) -> ReportSummary {
        ReportSummary {
            source: "r.csv".into(),
            form: credreport_core::Form::Csv,
            pages: 1,
            rows,
            account_id: Some(account.into()),
            generated_time: Some(time.into()),
            extra_columns: vec![],
            warnings: vec![],
            warnings_dropped: 0,
            sha256: sha.into(),
            time_given: false,
            logon_domain: None,
        }
    }

    fn kept(files: &[(String, Vec<u8>)], added: &[ReportSummary]) -> Kept {
        Kept::new(
            Kept::id_of(files),
            files.iter().map(|(n, _)| n.clone()).collect(),
            files.iter().map(|(_, b)| b.len()).collect(),
            added,
        )
    }

    #[test]
    fn the_same_load_is_kept_once_and_another_beside_it() {
        let a = vec![("a.csv".to_owned(), b"user\nx\n".to_vec())];
        let b = vec![("a.csv".to_owned(), b"user\ny\n".to_vec())];
        let mut library = Library::default();
        assert!(library.add(kept(&a, &[])));
        assert!(!library.add(kept(&a, &[])));
        assert!(library.add(kept(&b, &[])));
        assert_eq!(library.entries.len(), 2);
        let first = library.entries[0].clone();
        assert_eq!(
            first.files().collect::<Vec<_>>(),
            [format!("{}-0", first.id)]
        );
        assert_eq!(first.bytes(), 7);
        library.set_load(&first.id, false);
        assert_eq!(library.to_load().count(), 1);
        assert_eq!(
            library.remove(&first.id),
            Some(Kept {
                load: false,
                ..first
            })
        );
        assert_eq!(library.entries.len(), 1);
    }

    #[test]
    fn the_index_reads_back_and_a_damaged_one_says_what_to_do() {
        let mut library = Library::default();
        let r = summary("s", "123", "2024-05-01 09:10:11", 10);
        library.add(kept(&[("a.csv".into(), vec![1])], &[r]));
        library.recent = vec!["select 1".into()];
        assert_eq!(Library::read(&library.write()).unwrap(), library);
        let e = Library::read(b"{not json").unwrap_err();
        assert!(e.contains("forget everything"), "{e}");
        assert_eq!(
            library.entries[0].describe(),
            "account 123, generated 2024-05-01 09:10:11 UTC"
        );
        assert_eq!(library.entries[0].users(), 10);
        // A console CSV of an account with an alias is named by its users' logon domain, read
        // back as it was kept.
        let alias = ReportSummary {
            account_id: None,
            generated_time: None,
            logon_domain: Some("corp.onaliyun.com".into()),
            ..summary("t", "", "", 5)
        };
        library.add(kept(&[("b.csv".into(), vec![2])], &[alias]));
        let read = Library::read(&library.write()).unwrap();
        assert_eq!(
            read.entries.iter().map(Kept::describe).collect::<Vec<_>>(),
            [
                "account 123, generated 2024-05-01 09:10:11 UTC",
                "account …@corp.onaliyun.com, generation time unknown"
            ]
        );
    }

    /// Regression (periodic review): a console CSV kept on the device loaded again undated
    /// each time the page opened, whatever time the user had given it, so last month's and this
    /// month's could never be compared once the page was closed.
    #[test]
    fn a_time_given_to_a_kept_load_is_kept_with_it() {
        let undated = |sha: &str| ReportSummary {
            generated_time: None,
            ..summary(sha, "123", "-", 5)
        };
        let mut library = Library::default();
        library.add(kept(&[("oct.csv".into(), vec![1])], &[undated("oct")]));
        library.add(kept(&[("nov.csv".into(), vec![2])], &[undated("nov")]));
        library.add(kept(
            &[("x.json".into(), vec![3])],
            &[summary("x", "9", "2024-01-01 00:00:00", 1)],
        ));
        assert!(library.entries.iter().all(|e| e.given_time.is_none()));
        // October given its time; November not (yet).
        let loaded = [
            ReportSummary {
                time_given: true,
                ..summary("oct", "123", "2026-10-01 00:00:00", 5)
            },
            undated("nov"),
        ];
        assert!(library.keep_given_times(&loaded));
        assert!(!library.keep_given_times(&loaded), "once");
        let given: Vec<Option<&str>> = (library.entries.iter())
            .map(|e| e.given_time.as_deref())
            .collect();
        assert_eq!(given, [Some("2026-10-01 00:00:00"), None, None]);
        assert_eq!(
            library.entries[0].describe(),
            "account 123, generated 2026-10-01 00:00:00 UTC (as you gave it)"
        );
        // Read back from the device as written; an index written before given times reads too.
        assert_eq!(Library::read(&library.write()).unwrap(), library);
        let mut older = Library::read(br#"{"entries":[{"id":"i","names":["nov.csv"],"sizes":[2],"reports":[{"account_id":"123","generated_time":null,"users":5}],"load":true}]}"#).unwrap();
        let nov = ReportSummary {
            source: "nov.csv".into(),
            time_given: true,
            ..summary("nov", "123", "2026-11-01 00:00:00", 5)
        };
        assert!(older.keep_given_times(&[nov]), "named by its file");
        assert_eq!(
            older.entries[0].given_time.as_deref(),
            Some("2026-11-01 00:00:00")
        );
        // A load kept after its time was given (keeping turned on later) keeps it too.
        let later = kept(&[("oct.csv".into(), vec![1])], &loaded[..1]);
        assert_eq!(later.given_time.as_deref(), Some("2026-10-01 00:00:00"));
    }

    #[test]
    fn a_saved_query_has_a_name_and_a_second_one_of_that_name_replaces_it() {
        use credreport_core::DialectChoice;
        let mut saved = Vec::new();
        assert!(save(&mut saved, "  ", "select 1", DialectChoice::Auto).is_err());
        assert!(save(&mut saved, "x", " ", DialectChoice::Auto).is_err());
        save(&mut saved, "admins", "select 1", DialectChoice::Auto).unwrap();
        save(&mut saved, "old keys", "select 2", DialectChoice::Postgres).unwrap();
        save(&mut saved, " admins ", "select 3", DialectChoice::Sqlite).unwrap();
        let names: Vec<&str> = saved.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(names, ["admins", "old keys"]);
        assert_eq!(
            (saved[0].sql.as_str(), saved[0].dialect.as_str()),
            ("select 3", "sqlite")
        );
        // Kept with the library, and read back from an index written before saved queries.
        let library = Library {
            saved: saved.clone(),
            ..Library::default()
        };
        assert_eq!(Library::read(&library.write()).unwrap().saved, saved);
        assert!(Library::read(br#"{"entries":[]}"#)
            .unwrap()
            .saved
            .is_empty());
    }
}
