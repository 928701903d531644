//! The page's files named by their content, so that a browser never runs one build's page with
//! another build's file: a name that stays the same from build to build lets a browser's HTTP
//! cache hand the new page the old file (a browser with no service worker: the page served over
//! plain HTTP from another machine, say), and lets a page open across a deploy load the new
//! build's file into the old page. Trunk names the page's module and styles so; these are the
//! rest of the files the page runs, named `NAME-HASH.js`, and named so in the page.

use std::path::Path;

use sha2::Digest as _;

use crate::Result;

/// The page's scripts that `index.html` loads by `<script src>`, which Trunk copies as they are.
const SCRIPTS: [&str; 2] = ["boot.js", "page.js"];

/// The script the page starts its database worker from (`web/src/engine.rs`), named in the page
/// by `<meta name="credreport-engine-worker">`.
const ENGINE_WORKER: &str = "engine-worker.js";

/// Renames the page's scripts and its engine worker's after their content, in `dist/` and in
/// its `index.html`.
pub fn name_scripts(dist: &Path) -> Result {
    let index = dist.join("index.html");
    let mut html = read(&index)?;
    for script in SCRIPTS {
        let named = rename(dist, script)?;
        let (was, is) = (format!("src=\"{script}\""), format!("src=\"{named}\""));
        if html.matches(&was).count() != 1 {
            return Err(format!("{}: {was} is not there once", index.display()));
        }
        html = html.replacen(&was, &is, 1);
    }
    let worker = rename(dist, ENGINE_WORKER)?;
    std::fs::write(&index, html).map_err(|e| format!("{}: {e}", index.display()))?;
    name_in_page(&index, "engine-worker", &worker)
}

/// `<meta name="credreport-WHAT" content="FILE">` in the page's head, which the page reads to
/// load the file.
pub fn name_in_page(index: &Path, what: &str, file: &str) -> Result {
    let html = read(index)?;
    let meta = format!("<meta name=\"credreport-{what}\" content=\"{file}\" />");
    let Some(head_end) = html.find("</head>") else {
        return Err(format!("{}: no </head> to name {file} in", index.display()));
    };
    let named = format!("{}{meta}{}", &html[..head_end], &html[head_end..]);
    std::fs::write(index, named).map_err(|e| format!("{}: {e}", index.display()))
}

/// `dist/NAME.js` renamed `NAME-HASH.js`; answers the new name.
fn rename(dist: &Path, file: &str) -> Result<String> {
    let path = dist.join(file);
    let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let stem = file
        .strip_suffix(".js")
        .ok_or_else(|| format!("{file}: not a script"))?;
    let named = format!("{}.js", content_named(stem, &[&bytes]));
    std::fs::rename(&path, dist.join(&named)).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(named)
}

/// `STEM-HASH`, HASH telling `parts` (a file's bytes, and what else made it) from any other:
/// [`short_hex`] of their SHA-256, a 0 byte between each and the next.
pub fn content_named(stem: &str, parts: &[&[u8]]) -> String {
    let mut hash = sha2::Sha256::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            hash.update([0]);
        }
        hash.update(part);
    }
    format!("{stem}-{}", short_hex(hash))
}

/// A hash's first 8 bytes in hexadecimal: enough to tell one build's file from another's.
pub fn short_hex(hash: sha2::Sha256) -> String {
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}
