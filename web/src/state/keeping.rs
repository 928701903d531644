//! Keeping reports on this device (off unless the user turns it on): the library, what a load
//! adds to it, forgetting. Decisions are `logic::keep`'s; the browser's storage is `storage`.

use credreport_core::exceptions::to_toml;
use credreport_core::known::KnownChanges;
use credreport_core::trend::KnownPoint;
use credreport_core::ReportSummary;
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsValue;

use super::{Keep, KeptLoad, State};
use crate::browser::{self, File};
use crate::engine;
use crate::logic::keep::{
    latest_first, merge_stored, IdPart, Kept, KeptChanges, Library, CHANGES, INDEX,
};
use crate::storage;

/// Changes to what is kept on this device, one at a time, each to its end. Each reads the library,
/// awaits the browser (digests, storage) and writes it back; run together, one would lose what
/// another wrote, and a load answered while keeping is being turned on would find it off and go
/// unkept. A change waits until none other runs, then decides on what is kept by then.
static IN_TURN: Mutex<()> = Mutex::new(());

/// A change's turn: this tab's changes one at a time ([`IN_TURN`]), and then every tab's on this
/// device ([`storage::turn`]): a change in another tab of the page reads and writes the same
/// list.
async fn turn() -> (futures::lock::MutexGuard<'static, ()>, storage::Turn) {
    let in_tab = IN_TURN.lock().await;
    (in_tab, storage::turn().await)
}

/// What the page says when the list of kept loads is gone from the device while it keeps.
pub(crate) const KEEPING_ENDED_ELSEWHERE: &str = "Nothing more is kept on this device: keeping \
    was turned off in another tab of this page (or the browser removed what it kept). What is \
    loaded here stays loaded; tick the box to keep again.";

impl State {
    /// On opening: whether anything is kept; if so, keep on and load what is marked to load.
    pub async fn open_library(self) {
        let _turn = turn().await;
        if let Err(why) = storage::available().await {
            self.keep.set(Keep::Unavailable(why));
            return;
        }
        let library = match read_library().await {
            Ok(None) => {
                self.keep.set(Keep::Off);
                return;
            }
            Ok(Some(l)) => l,
            Err(why) => {
                self.keep.set(Keep::On);
                return self.keep_failed(why);
            }
        };
        // The library first. What this tab holds already (a query a link ran) joins what is
        // kept, and is written as it changed since the list as read.
        let to_load: Vec<Kept> = library.to_load().cloned().collect();
        let (to_load, first) = latest_first(to_load);
        self.synced(library.clone());
        self.library.set(library);
        self.keep.set(Keep::On);
        // Every kept file read first, the browser reading them all at once, then the loads
        // of each account's latest report asked: they are pending together, so the query runs
        // once, after the last of them (`logic::loads`), then the older loads, held back till
        // then. The pairs' changes are read meanwhile.
        let reads: Vec<_> = to_load.iter().map(read_kept).collect();
        let changes = read_changes().await;
        let known: Vec<_> = to_load.iter().map(|k| changes.of_load(k)).collect();
        let (mut now, mut later) = (Vec::new(), Vec::new());
        for (n, ((kept, read), known)) in to_load.iter().zip(reads).zip(known).enumerate() {
            match read.await {
                Ok(files) => (if n < first { &mut now } else { &mut later })
                    .push(KeptLoad::of(kept, files, known)),
                Err(why) => self.keep_failed(why),
            }
        }
        if now.is_empty() {
            now = std::mem::take(&mut later);
        }
        if !later.is_empty() {
            self.loading.update(|l| l.hold(later.len()));
            self.held.set_value(later);
        }
        for load in now {
            self.load_kept_files(load);
        }
    }

    /// Load a kept load again, from its stored files.
    pub async fn load_kept(self, kept: Kept) {
        let read = read_kept(&kept);
        let known = read_changes().await.of_load(&kept);
        match read.await {
            Ok(files) => self.load_kept_files(KeptLoad::of(&kept, files, known)),
            Err(why) => self.keep_failed(why),
        }
    }

    /// The user gave loaded reports what they do not say (when they were generated, which
    /// account they are of): each kept report among them keeps it, to be given it again when
    /// its load loads later.
    pub fn keep_given(self) {
        self.change_kept(move |library| library.keep_given(&self.reports.get_untracked()));
    }

    /// When keeping is on, change the list on the device as `change` does (whether it changed
    /// anything), in this tab's turn, and write it back if it changed.
    fn change_kept(self, change: impl FnOnce(&mut Library) -> bool + 'static) {
        if self.keep.get_untracked() != Keep::On {
            return;
        }
        spawn_local(async move {
            let _turn = turn().await;
            let Some(mut library) = self.stored_library().await else {
                return;
            };
            if change(&mut library) {
                self.save_library(library).await
            }
        });
    }

    /// The trend's points the worker answered with: those of kept reports are kept with them
    /// (`Library::keep_points`), so *Over time* on a later visit judges only what is new.
    /// Held in memory too, for reports kept later.
    pub fn keep_points(self, points: Vec<KnownPoint>) {
        self.points.set_value(points.clone());
        self.change_kept(move |library| library.keep_points(points));
    }

    /// The pairs' changes the worker compared as a query read the changes table: those of kept
    /// reports are kept with them ([`State::save_pairs`]), so the changes table's first read on
    /// a later visit compares only what is new. Held in memory too, for reports kept later.
    pub fn keep_changes(self, compared: Vec<KnownChanges>) {
        self.pairs.update_value(|held| {
            for pair in compared {
                if !held.iter().any(|h| h.key == pair.key) {
                    held.push(pair);
                }
            }
        });
        if self.keep.get_untracked() != Keep::On {
            return;
        }
        spawn_local(async move {
            let _turn = turn().await;
            if let Some(library) = self.stored_library().await {
                self.save_pairs(&library).await
            }
        });
    }

    /// In a change that has its turn, with `library` the list as it stands on the device now:
    /// keep with its reports the pairs' changes this tab holds (`State::pairs`), and let those of
    /// reports it no longer keeps go. Their file ([`CHANGES`]) is written only when that changes
    /// it, never with the index.
    async fn save_pairs(self, library: &Library) {
        if self.keep.get_untracked() != Keep::On {
            return;
        }
        let mut changes = read_changes().await;
        if changes.keep(self.pairs.get_value(), library) {
            let bytes = js_sys::Uint8Array::from(changes.write().as_slice());
            if let Err(why) = storage::put(CHANGES, &bytes).await {
                self.keep_failed(why)
            }
        }
    }

    /// Turn keeping on (everything loaded now is kept) or off (everything kept is removed).
    pub fn set_keep(self, on: bool) {
        spawn_local(async move {
            let _turn = turn().await;
            if !on {
                return self.forget_everything().await;
            }
            // Ticked twice before the first took its turn.
            if self.keep.get_untracked() == Keep::On {
                return;
            }
            // Kept already by another tab of the page (opened before it turned keeping on):
            // what it kept stays, and its queries and exceptions join this tab's.
            let mut library = read_library().await.ok().flatten().unwrap_or_default();
            let reports = self.reports.get_untracked();
            for files in engine::loads() {
                // What each load added is not known any more: list the reports by source.
                let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
                let of_it: Vec<ReportSummary> = reports
                    .iter()
                    .filter(|r| names.iter().any(|n| r.file().contains(n)))
                    .cloned()
                    .collect();
                let kept = kept(&files, &of_it).await;
                if let Err(why) = self.store_files(&kept, &files).await {
                    return self.keep_refused(why).await;
                }
                library.add(kept);
            }
            let mut library = self.synced(library);
            // The trend's points and the pairs' changes of what is loaded, should they have
            // been asked for already.
            library.keep_points(self.points.get_value());
            if let Err(why) = put_library(&library).await {
                return self.keep_refused(why).await;
            }
            let persisted = storage::persist().await;
            self.library.set(library.clone());
            self.keep.set(Keep::On);
            self.save_pairs(&library).await;
            self.notice.set(Some(format!(
                "Keeping reports on this device: what is loaded now and what you load next.{}",
                if persisted {
                    ""
                } else {
                    " The browser may still remove them when it runs short of space."
                }
            )));
        });
    }

    /// After a load: keep what it added, when keeping is on by then (it may have been turned on
    /// or off while the load was pending).
    /// `saved`: when its files were saved, by name.
    pub async fn keep_load(
        self,
        files: Vec<File>,
        added: Vec<ReportSummary>,
        saved: Vec<(String, i64)>,
    ) {
        let _turn = turn().await;
        if self.keep.get_untracked() != Keep::On || added.is_empty() {
            return;
        }
        let Some(mut library) = self.stored_library().await else {
            return;
        };
        let kept = kept(&files, &added).await;
        let kept = kept.with_saved(&saved);
        if !library.add(kept.clone()) {
            return;
        }
        // The trend or a read of the changes may have answered while the load was being kept.
        library.keep_points(self.points.get_value());
        if let Err(why) = self.store_files(&kept, &files).await {
            // The kept list does not name it: its files, whatever was written, go too.
            for file in kept.files() {
                let _ = storage::remove(&file).await;
            }
            return self.keep_failed(why);
        }
        self.save_library(library.clone()).await;
        self.save_pairs(&library).await;
    }

    /// This tab and the device made one, in a change's turn: this tab's recent and saved
    /// queries and accepted exceptions written to the device's list beside what another tab of
    /// the page changed since ([`State::synced`]), and what the device keeps shown (with keeping
    /// turned off here too, and said so, when it is gone). Run as the queries and exceptions
    /// change, and when the page is looked at again.
    pub fn sync_library(self) {
        if self.keep.get_untracked() != Keep::On {
            return;
        }
        spawn_local(async move {
            let _turn = turn().await;
            let Some(stored) = self.stored_library().await else {
                return;
            };
            let library = self.synced(stored.clone());
            if library != stored {
                self.write_library(library).await
            } else if self.library.with_untracked(|now| *now != library) {
                self.library.set(library);
            }
        });
    }

    /// The library as this device holds it, for a change (in its turn) to start from: another
    /// tab of the page may have changed it since this one read it (kept a load of its own), or
    /// removed it (keeping turned off there, everything forgotten; or the browser cleared the
    /// site's storage). Gone: keeping is off here too, said so, and the change writes nothing,
    /// since a list written now would keep again what the user had this device forget. `None`
    /// too while keeping is off. Unreadable, the list this page holds stands in.
    async fn stored_library(self) -> Option<Library> {
        if self.keep.get_untracked() != Keep::On {
            return None;
        }
        match read_library().await {
            Ok(Some(library)) => Some(library),
            Ok(None) => {
                self.library.set(Library::default());
                self.keep.set(Keep::Off);
                self.notice.set(Some(KEEPING_ENDED_ELSEWHERE.into()));
                None
            }
            Err(_) => Some(self.library.get_untracked()),
        }
    }

    async fn store_files(self, kept: &Kept, files: &[File]) -> Result<(), String> {
        for ((_, bytes), name) in files.iter().zip(kept.files()) {
            storage::put(&name, bytes).await?;
        }
        Ok(())
    }

    /// Write the library, changed in a change that has its turn, with this tab's queries and
    /// exceptions ([`State::synced`]).
    async fn save_library(self, library: Library) {
        let library = self.synced(library);
        self.write_library(library).await
    }

    /// Write the library, in a change that has its turn, unless keeping was turned off before
    /// it (everything kept is gone then, and a written list would turn keeping on again).
    async fn write_library(self, library: Library) {
        if self.keep.get_untracked() != Keep::On {
            return;
        }
        match put_library(&library).await {
            Ok(()) => self.library.set(library),
            Err(why) => self.keep_failed(why),
        }
    }

    /// `stored` (the list as the device holds it, in a change's turn) with this tab's recent
    /// and saved queries and accepted exceptions in it: what changed here since this tab last
    /// read or wrote the list (`library`) applied to it (`logic::keep::merge_stored`), so that
    /// what another tab changed since then stands too; and this tab's lists made the same.
    fn synced(self, mut stored: Library) -> Library {
        let base = self.library.get_untracked();
        let mut recent = self.recent.get_untracked();
        let mut saved = self.saved.get_untracked();
        let mut exceptions = self.exceptions.get_untracked();
        merge_stored(&base, &stored, &mut recent, &mut saved, &mut exceptions);
        stored.recent = recent.clone();
        stored.saved = saved.clone();
        stored.exceptions = to_toml(&exceptions);
        if self.recent.with_untracked(|r| *r != recent) {
            self.recent.set(recent);
        }
        if self.saved.with_untracked(|s| *s != saved) {
            self.saved.set(saved);
        }
        if self
            .exceptions
            .with_untracked(|e| to_toml(e) != stored.exceptions)
        {
            self.exceptions.set(exceptions);
        }
        stored
    }

    /// Remove one kept load from this device (what is loaded now stays loaded).
    pub fn remove_kept(self, id: String) {
        spawn_local(async move {
            let _turn = turn().await;
            let Some(mut library) = self.stored_library().await else {
                return;
            };
            let Some(kept) = library.remove(&id) else {
                return;
            };
            for file in kept.files() {
                if let Err(why) = storage::remove(&file).await {
                    return self.keep_failed(why);
                }
            }
            self.save_library(library.clone()).await;
            self.save_pairs(&library).await;
            self.notice.set(Some(format!(
                "Removed {} from this device.",
                credreport_core::words::listed(&kept.names)
            )));
        });
    }

    /// Whether a kept load is loaded when the page opens.
    pub fn set_load_on_open(self, id: String, load: bool) {
        spawn_local(async move {
            let _turn = turn().await;
            let Some(mut library) = self.stored_library().await else {
                return;
            };
            library.set_load(&id, load);
            self.save_library(library).await
        });
    }

    /// Remove every byte this page stored on this device, and stop keeping.
    pub async fn forget_all(self) {
        let _turn = turn().await;
        self.forget_everything().await
    }

    /// [`State::forget_all`], in a change that has its turn already.
    async fn forget_everything(self) {
        match storage::forget_all().await {
            Ok(()) => {
                self.library.set(Library::default());
                self.keep.set(Keep::Off);
                self.notice.set(Some(
                    "Forgot everything this page stored on this device: kept reports, their list, recent and saved queries. What is loaded now stays until you close the page.".into(),
                ));
            }
            Err(why) => self.keep_failed(why),
        }
    }

    /// Turning keeping on failed: it stays off (the box unticks) and nothing half-written stays.
    async fn keep_refused(self, why: String) {
        let _ = storage::forget_all().await;
        self.keep.set(Keep::Off);
        self.keep_failed(why);
    }

    fn keep_failed(self, why: String) {
        self.load_failed(format!(
            "Not kept on this device: {why}. What is loaded works as before."
        ));
    }
}

/// A load to keep, named by its files' names and bytes.
async fn kept(files: &[File], added: &[ReportSummary]) -> Kept {
    Kept::new(
        kept_id(files).await,
        files.iter().map(|(name, _)| name.clone()).collect(),
        files
            .iter()
            .map(|(_, bytes)| bytes.length() as usize)
            .collect(),
        added,
    )
}

/// A load's id ([`Kept::id_parts`]), digested by the browser's Web Crypto: the page's thread
/// neither copies the files into the module nor hashes them there. Where the page has no Web
/// Crypto, read into the module and digested there.
pub(crate) async fn kept_id(files: &[File]) -> String {
    let parts: js_sys::Array = Kept::id_parts(files.iter().map(|(n, b)| (n.as_str(), b)))
        .map(|part| match part {
            IdPart::Added(bytes) => JsValue::from(js_sys::Uint8Array::from(bytes)),
            IdPart::File(bytes) => JsValue::from(bytes),
        })
        .collect();
    match browser::sha256(&parts).await {
        Some(digest) => credreport_core::words::hex(&digest),
        None => Kept::id_of(
            &files
                .iter()
                .map(|(name, bytes)| (name.clone(), bytes.to_vec()))
                .collect::<Vec<_>>(),
        ),
    }
}

/// A kept load's files, from the device: the browser begins reading each now.
fn read_kept(kept: &Kept) -> impl std::future::Future<Output = Result<Vec<File>, String>> {
    let names = kept.names.clone();
    let reads: Vec<_> = kept.files().map(|file| storage::begin_get(&file)).collect();
    async move {
        let mut files = Vec::new();
        for (name, read) in names.into_iter().zip(reads) {
            match read.await? {
                Some(bytes) => files.push((name, bytes)),
                None => {
                    return Err(format!(
                        "{name} is listed as kept but its file is gone; remove it from the list"
                    ))
                }
            }
        }
        Ok(files)
    }
}

/// The library's index as the device holds it: `None` where there is none (nothing kept); why
/// not, where it cannot be read or read back.
async fn read_library() -> Result<Option<Library>, String> {
    match storage::get(INDEX).await? {
        Some(bytes) => Library::read(&bytes.to_vec()).map(Some),
        None => Ok(None),
    }
}

/// The pairs' changes kept on this device: none where there are none, or they cannot be read
/// (the worker compares those pairs again).
async fn read_changes() -> KeptChanges {
    match storage::get(CHANGES).await {
        Ok(Some(bytes)) => KeptChanges::read(&bytes.to_vec()),
        _ => KeptChanges::default(),
    }
}

/// Write the library's index.
async fn put_library(library: &Library) -> Result<(), String> {
    storage::put(INDEX, &js_sys::Uint8Array::from(library.write().as_slice())).await
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A load is named alike whether the browser digests it or the module does, so a load kept
    /// from a page without Web Crypto is still the same load.
    #[test]
    async fn the_browser_names_a_kept_load_as_the_module_does() {
        browser::run_page_js();
        let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let files = vec![
            ("a.csv".to_owned(), big),
            ("b.csv".to_owned(), b"user\nx\n".to_vec()),
        ];
        let in_page: Vec<File> = files
            .iter()
            .map(|(n, b)| (n.clone(), js_sys::Uint8Array::from(b.as_slice())))
            .collect();
        // The browser's digest is there: the module's is compared with it, not with itself.
        let abc = js_sys::Array::of1(&js_sys::Uint8Array::from(&b"abc"[..]));
        assert!(browser::sha256(&abc).await.is_some());
        assert_eq!(kept_id(&in_page).await, Kept::id_of(&files));
    }

    /// A change queued before *Forget everything* can take its turn after it: the list it
    /// writes must not bring keeping back (a written list turns keeping on when the page
    /// opens). The list is written only while keeping is on.
    #[test]
    async fn the_list_of_kept_loads_is_not_written_once_keeping_is_off() {
        browser::run_page_js();
        storage::forget_all().await.unwrap();
        let ui = State::new();
        let library = Library {
            recent: vec!["select 1".to_owned()],
            ..Library::default()
        };

        ui.keep.set(Keep::Off);
        ui.save_library(library.clone()).await;
        assert!(storage::get(INDEX).await.unwrap().is_none());
        assert_ne!(ui.library.get_untracked(), library);

        ui.keep.set(Keep::On);
        ui.save_library(library.clone()).await;
        assert!(storage::get(INDEX).await.unwrap().is_some());
        assert_eq!(ui.library.get_untracked(), library);
        storage::forget_all().await.unwrap();
    }
}
