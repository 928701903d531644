//! `CREDREPORT_ENGINE_BUILD`: a digest of what decides the figures the worker judges of a
//! report — its sources and the core's, and the workspace's locked dependencies (SQLite among
//! them). A figure kept by one build (the trend's points the page keeps on the device) is
//! taken only by a build with the same digest, so a change to the checks, the loader, the
//! worker or SQLite judges again rather than showing what the build before computed.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let here = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let mut inputs = Vec::new();
    for dir in ["src", "../core/src"] {
        files(&here.join(dir), &mut inputs);
    }
    inputs.sort();
    inputs.extend(["Cargo.toml", "../core/Cargo.toml", "../../Cargo.lock"].map(|f| here.join(f)));
    // Not a cryptographic digest: it only has to change when these files do.
    let mut hash = std::collections::hash_map::DefaultHasher::new();
    for path in &inputs {
        if let Ok(bytes) = std::fs::read(path) {
            let name = path.strip_prefix(&here).unwrap_or(path);
            hash.write(name.to_string_lossy().as_bytes());
            hash.write_usize(bytes.len());
            hash.write(&bytes);
        }
    }
    println!(
        "cargo:rustc-env=CREDREPORT_ENGINE_BUILD={:016x}",
        hash.finish()
    );
    for input in [
        "src",
        "../core/src",
        "Cargo.toml",
        "../core/Cargo.toml",
        "../../Cargo.lock",
        "build.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
}
