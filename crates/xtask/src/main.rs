//! `cargo xtask`: set up what the project needs on a Debian machine with only rustup, then run or
//! test it. Every set-up step checks first and does nothing when its tool is already there.
//!
//! Kept small (std, sha2, base64, flate2 for the icons' PNG files, zopfli for the
//! gzip files `serve` sends), so it builds in seconds on a fresh machine.

mod names;
mod offline;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{exit, Command};

/// Pinned tool versions (see ../shared/TOOLCHAIN.md for why these).
const TRUNK_VERSION: &str = "0.21.14";
/// Formats the `view!` macros; `cargo xtask test` checks them as `cargo fmt` checks the rest.
const LEPTOSFMT_VERSION: &str = "0.1.33";
const BINARYEN_VERSION: &str = "132";
/// What the benchmark's bare page is built from (npm).
const SQLJS_VERSION: &str = "1.17.0";
const PAPAPARSE_VERSION: &str = "5.7.1";
/// The accessibility rules the end-to-end tests hold the page to (npm).
const AXE_VERSION: &str = "4.14.1";
/// Where `axe-core`'s script is once installed, for the tests (`CREDREPORT_AXE`).
const AXE_SCRIPT: &str = "node_modules/axe-core/axe.min.js";
/// Debian packages, each with the file that shows it is there: a C compiler for the bundled
/// SQLite, clang for SQLite in wasm, npm for wasm-opt, Chromium and its driver for browser tests,
/// PostgreSQL for the differential tests of the PostgreSQL translation (a private cluster each run).
const APT_PACKAGES: [(&str, &str); 6] = [
    ("postgresql", "/usr/lib/postgresql"),
    ("build-essential", "/usr/bin/cc"),
    ("clang", "/usr/bin/clang"),
    ("npm", "npm"),
    ("chromium", "/usr/bin/chromium"),
    ("chromium-driver", "/usr/bin/chromedriver"),
];

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let result = match task {
        "setup" => setup(),
        "run" => setup()
            .and_then(|()| build_web())
            .and_then(|()| serve(args.get(1).map(String::as_str))),
        "build-web" => setup().and_then(|()| build_web()),
        "test" => setup()
            .and_then(|()| cargo_tool("leptosfmt", LEPTOSFMT_VERSION, &["--locked"]))
            .and_then(|()| test()),
        "bench" => setup().and_then(|()| bench(&args[1..])),
        "help" | "--help" | "-h" => {
            println!("cargo xtask setup       install what is missing (apt packages, wasm target, trunk, wasm-bindgen, wasm-opt)");
            println!("cargo xtask run [ADDR]  set up, build the web app, serve it (default 127.0.0.1:8080)");
            println!("cargo xtask build-web   set up and build the web app into dist/");
            println!("cargo xtask test        set up and run every test: fmt, clippy, docs, native, wasm in Chromium, end to end");
            println!("cargo xtask bench       set up, build, measure speed and size natively and in Chromium, write BENCHMARKS.md");
            println!("cargo xtask bench side-by-side DIR_A DIR_B [--rows N] [--runs N]");
            println!("                        time two builds' dist/ copies on one `?report=` link, alternating (PERFORMANCE.md)");
            println!("cargo xtask bench history");
            println!("                        natively, load 24 weekly reports of one account one at a time and print each load's time");
            println!("cargo xtask bench weekly [DIR]");
            println!("                        write those 24 weekly reports to DIR (default weekly/), to try them in the page by hand");
            Ok(())
        }
        other => Err(format!(
            "unknown task {other:?}; `cargo xtask help` lists them"
        )),
    };
    if let Err(e) = result {
        eprintln!("xtask: {e}");
        exit(1);
    }
}

type Result<T = ()> = std::result::Result<T, String>;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("workspace root")
        .to_path_buf()
}

fn home() -> PathBuf {
    env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/root"))
}

/// Where npm-installed tools live: outside the checkout, so a fresh clone does not reinstall them.
fn tools_dir() -> PathBuf {
    home().join(".cache/credreport-tools")
}

fn cargo_bin() -> PathBuf {
    env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| home().join(".cargo"))
        .join("bin")
}

/// PATH with cargo's bin and the npm tools first, so Trunk finds wasm-bindgen and wasm-opt.
fn path_env() -> String {
    let mut parts = vec![cargo_bin(), tools_dir().join("node_modules/.bin")];
    parts.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(parts)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.env("PATH", path_env()).current_dir(root());
    c
}

fn run(mut c: Command) -> Result {
    let shown = format!("{c:?}");
    eprintln!("xtask: running {}", shown.replace('"', ""));
    let started = std::time::Instant::now();
    let status = c
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    // Each step's time, so a slow `cargo xtask test` shows where the time went.
    let program = c.get_program().to_string_lossy().into_owned();
    let first: Vec<String> = c
        .get_args()
        .take(2)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    eprintln!(
        "xtask: took {:.0} s: {program} {}",
        started.elapsed().as_secs_f64(),
        first.join(" ")
    );
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The first line a command prints, if it runs.
fn version_of(program: &str, arg: &str) -> Option<String> {
    let out = cmd(program).arg(arg).output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

fn setup() -> Result {
    apt_packages()?;
    wasm_target()?;
    cargo_tool("trunk", TRUNK_VERSION, &["--locked"])?;
    let wb = wasm_bindgen_version()?;
    cargo_tool("wasm-bindgen-cli", &wb, &[])?;
    binaryen()
}

fn apt_packages() -> Result {
    apt_install(&APT_PACKAGES)
}

/// Install the Debian packages whose file is missing (with sudo when not root).
fn apt_install(packages: &[(&str, &str)]) -> Result {
    let present = |bin: &str| {
        if bin.starts_with('/') {
            Path::new(bin).exists()
        } else {
            version_of(bin, "--version").is_some()
        }
    };
    let missing: Vec<&str> = packages
        .iter()
        .filter(|(_, bin)| !present(bin))
        .map(|(p, _)| *p)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let sudo = !is_root();
    let apt = |args: &[&str]| -> Command {
        let mut c = if sudo { cmd("sudo") } else { cmd("apt-get") };
        if sudo {
            c.arg("apt-get");
        }
        c.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        c
    };
    run(apt(&["update", "-qq"]))?;
    let mut install = apt(&["install", "-y", "-qq", "--no-install-recommends"]);
    install.args(&missing);
    run(install)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn wasm_target() -> Result {
    let out = cmd("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map_err(|e| format!("rustup: {e}"))?;
    if String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    let mut c = cmd("rustup");
    c.args(["target", "add", "wasm32-unknown-unknown"]);
    run(c)
}

/// `cargo install` a tool at an exact version unless that version is already installed.
fn cargo_tool(krate: &str, version: &str, extra: &[&str]) -> Result {
    let bin = if krate == "wasm-bindgen-cli" {
        "wasm-bindgen"
    } else {
        krate
    };
    if version_of(bin, "--version").is_some_and(|v| v.split_whitespace().nth(1) == Some(version)) {
        return Ok(());
    }
    let mut c = cmd("cargo");
    c.args(["install", krate, "--version", version, "--force"])
        .args(extra)
        // Tools are built once per machine: parallel codegen without LTO builds them in about
        // half the time, and they run fast enough.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16");
    run(c)
}

/// The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    Err("Cargo.lock names no wasm-bindgen version".into())
}

/// wasm-opt from npm's binaryen: Debian's is too old and breaks the module (TOOLCHAIN.md).
fn binaryen() -> Result {
    npm_package("binaryen", BINARYEN_VERSION, "node_modules/.bin/wasm-opt")
}

/// An npm package at `version` in `tools_dir()`, unless it is there already (with `file`).
fn npm_package(name: &str, version: &str, file: &str) -> Result {
    let dir = tools_dir();
    let installed = std::fs::read_to_string(dir.join(format!("node_modules/{name}/package.json")))
        .unwrap_or_default();
    if installed.contains(&format!("\"version\": \"{version}")) && dir.join(file).exists() {
        return Ok(());
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut c = cmd("npm");
    c.args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(format!("{name}@{version}"));
    run(c)
}

/// Build the page and the native binaries, then measure (crates/bench); BENCHMARKS.md gets the
/// figures. The plain SQLite shell is installed for the comparison the benchmark makes.
fn bench(extra: &[String]) -> Result {
    apt_install(&[("sqlite3", "sqlite3")])?;
    // The bare page the page is timed beside (crates/bench/src/answer.rs).
    npm_package(
        "sql.js",
        SQLJS_VERSION,
        "node_modules/sql.js/dist/sql-wasm.wasm",
    )?;
    npm_package(
        "papaparse",
        PAPAPARSE_VERSION,
        "node_modules/papaparse/papaparse.min.js",
    )?;
    build_web()?;
    let mut c = cmd("cargo");
    c.args([
        "build",
        "--profile",
        "native",
        "-p",
        "credreport-cli",
        "-p",
        "credreport-bench",
    ]);
    run(c)?;
    let mut c = cmd(&root()
        .join("target/native/credreport-bench")
        .to_string_lossy());
    c.args(extra).env("CREDREPORT_TOOLS", tools_dir());
    run(c)
}

fn build_web() -> Result {
    // Trunk runs wasm-bindgen into this folder without emptying it, then ships every JS snippet
    // it holds: one a build no longer has would still be in dist/ and preloaded by the page.
    let bindgen = root().join("target/wasm-bindgen/release");
    std::fs::remove_dir_all(&bindgen).or_else(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Ok(()),
        _ => Err(format!("{}: {e}", bindgen.display())),
    })?;
    let mut c = cmd("trunk");
    c.args(["build", "--release", "--offline"]);
    run(c)?;
    add_csp(&root().join("dist/index.html"))?;
    names::name_scripts(&root().join("dist"))?;
    build_side_modules()?;
    // Last: the service worker's list names every file above.
    offline::write(&root().join("dist"))
}

/// The page's second module, beside it in `dist/`, built for the browser by `wasm-bindgen` and
/// shrunk by `wasm-opt`: the PostgreSQL translator (`credreport-pg-HASH.js` +
/// `credreport-pg-HASH_bg.wasm`), which the page imports only when a query may be PostgreSQL, so its
/// first load does not carry `sqlparser`. Its name, with its content's hash, is written into the
/// page (`<meta name="credreport-translator">`): a page imports its own build's translator and
/// no other. A fixed name let a browser's HTTP cache hand a new build the translator of an old
/// one, which its service worker then kept; and a page open across a deploy would load the new
/// build's translator into the old page.
fn build_side_modules() -> Result {
    let name = build_module(
        "credreport-pg-web",
        offline::TRANSLATOR,
        &[TRANSLATOR_INLINING],
    )?;
    names::name_in_page(
        &root().join("dist/index.html"),
        "translator",
        &format!("{name}.js"),
    )
}

/// The translator's cap on what `wasm-opt` inlines into a function's only caller, which by
/// default is anything, however large. The page's module has its own (`data-wasm-opt-params`
/// in `web/index.html`, which Trunk passes), 100: uncapped, every request the database's worker
/// answers became one 90 KB function that the browser compiled whole on a first visit. The
/// translator's is lower: its speed is a translation's few milliseconds, its weight a first
/// PostgreSQL query's wait. Measured on 2026-12-06 (gzip -9 of one build): 40 saves 9 KB
/// against 100, 20 about 1 KB more, 10 and 15 no more than 20. The page's module is smallest
/// near 40 too, by 2 KB, but keeps the cap its first visit's speed was measured with.
/// PERFORMANCE.md, *What helped*.
const TRANSLATOR_INLINING: &str = "--one-caller-inline-max-function-size=20";

/// Builds `package` into `dist/STEM-HASH.js` + `STEM-HASH_bg.wasm` and answers `STEM-HASH`:
/// the hash is of the compiled module and the parameters it is shrunk with, which make the two
/// files with the tools' versions (wasm-bindgen's is the crate's in `Cargo.lock`, so a new one
/// compiles a new module; wasm-opt's is pinned by the set-up), so a changed module has a new
/// name. The files cannot be named after themselves: each names the other inside it.
fn build_module(package: &str, stem: &str, wasm_opt_params: &[&str]) -> Result<String> {
    let mut c = cmd("cargo");
    c.args([
        "build",
        "--release",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        package,
    ]);
    run(c)?;
    let compiled = root().join(format!(
        "target/wasm32-unknown-unknown/release/{}.wasm",
        package.replace('-', "_")
    ));
    let bytes = std::fs::read(&compiled).map_err(|e| format!("{}: {e}", compiled.display()))?;
    let parts: Vec<&[u8]> = std::iter::once(bytes.as_slice())
        .chain(wasm_opt_params.iter().map(|p| p.as_bytes()))
        .collect();
    let out_name = names::content_named(stem, &parts);
    let dist = root().join("dist");
    let mut c = cmd("wasm-bindgen");
    c.args([
        "--target",
        "web",
        "--no-typescript",
        "--out-name",
        &out_name,
        "--out-dir",
    ])
    .arg(&dist)
    .arg(&compiled);
    run(c)?;
    let wasm = dist.join(format!("{out_name}_bg.wasm"));
    let mut c = cmd("wasm-opt");
    c.args([
        "-Oz",
        "--enable-bulk-memory",
        "--enable-nontrapping-float-to-int",
    ])
    .args(wasm_opt_params)
    .arg("-o")
    .arg(&wasm)
    .arg(&wasm);
    run(c)?;
    Ok(out_name)
}

/// The page's Content Security Policy. Trunk writes one inline module script (the loader); the
/// policy allows exactly that script by its hash, our own files, and requests to the page's own
/// origin and to the http(s) URLs a user asks to load a report from.
fn csp(script_hashes: &[String]) -> String {
    let hashes: String = script_hashes
        .iter()
        .map(|h| format!(" 'sha256-{h}'"))
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data:; \
         connect-src 'self' http: https:; worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )
}

fn add_csp(index: &Path) -> Result {
    use base64::Engine as _;
    use sha2::Digest as _;
    let html = std::fs::read_to_string(index).map_err(|e| format!("{}: {e}", index.display()))?;
    if html.contains("Content-Security-Policy") {
        return Ok(());
    }
    let mut hashes = Vec::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let open_end = after.find('>').ok_or("unclosed <script> in index.html")? + 1;
        let close = after
            .find("</script>")
            .ok_or("unclosed <script> in index.html")?;
        let body = &after[open_end..close];
        if !body.trim().is_empty() {
            hashes.push(
                base64::engine::general_purpose::STANDARD
                    .encode(sha2::Sha256::digest(body.as_bytes())),
            );
        }
        rest = &after[close..];
    }
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\" />",
        csp(&hashes)
    );
    let html = html.replacen(
        "<meta charset=\"utf-8\" />",
        &format!("<meta charset=\"utf-8\" />\n    {meta}"),
        1,
    );
    if !html.contains(&meta) {
        return Err(
            "index.html has no <meta charset=\"utf-8\" /> to put the Content Security Policy after"
                .into(),
        );
    }
    std::fs::write(index, html).map_err(|e| format!("{}: {e}", index.display()))
}

fn serve(addr: Option<&str>) -> Result {
    let mut c = cmd("cargo");
    c.args([
        "run",
        "--quiet",
        "--profile",
        "native",
        "-p",
        "credreport-cli",
        "--",
        "serve",
        "--dir",
        "dist",
        "--open-sample",
    ]);
    if let Some(a) = addr {
        c.args(["--addr", a]);
    }
    run(c)
}

fn test() -> Result {
    let mut fmt = cmd("cargo");
    fmt.args(["fmt", "--all", "--", "--check"]);
    run(fmt)?;
    // The view! macros (leptosfmt.toml: every expression attribute braced).
    let mut view_fmt = cmd("leptosfmt");
    view_fmt.args(["--check", "--quiet", "web/src"]);
    run(view_fmt)?;
    let mut clippy = cmd("cargo");
    clippy.args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run(clippy)?;
    let mut clippy_wasm = cmd("cargo");
    clippy_wasm.args([
        "clippy",
        "-p",
        "credreport-core",
        "-p",
        "credreport-web",
        "-p",
        "credreport-pg-web",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]);
    run(clippy_wasm)?;
    // The API docs, with their links checked: a renamed or private item a doc comment links
    // to fails here (the page's crate is wasm-only; its clippy run above reads its docs).
    let mut doc = cmd("cargo");
    doc.args([
        "doc",
        "--workspace",
        "--exclude",
        "credreport-web",
        "--no-deps",
    ])
    .env("RUSTDOCFLAGS", "-D warnings");
    run(doc)?;
    // Native: the core's tests and the integration tests (CLI, end to end in Chromium).
    build_web()?;
    npm_package("axe-core", AXE_VERSION, AXE_SCRIPT)?;
    let mut native = cmd("cargo");
    // --include-ignored: the end-to-end browser tests are ignored by a plain `cargo test`.
    native
        .args(["test", "--workspace", "--", "--include-ignored"])
        // The differential test compares with a real PostgreSQL here, never skips it.
        .env("CREDREPORT_REQUIRE_POSTGRES", "1")
        .env("CREDREPORT_AXE", tools_dir().join(AXE_SCRIPT));
    // ARCHITECTURE.md's invariant, checked: a passing run leaves nothing in its temporary
    // directory (each test's scratch directories, uploads, browser profiles, the PostgreSQL
    // cluster). The run gets an empty one of its own, looked at once it has passed.
    let tmp = fresh_dir("tests")?;
    native.env("TMPDIR", &tmp);
    run(native)?;
    let left = left_in(&tmp)?;
    if !left.is_empty() {
        return Err(format!(
            "the tests passed but left {} in their temporary directory {} (ARCHITECTURE.md: \
             a passing test leaves nothing there); each test's files belong in a testkit \
             Scratch or TempFile, removed when dropped",
            left.join(", "),
            tmp.display()
        ));
    }
    let _ = std::fs::remove_dir_all(&tmp);
    // The core's tests again, compiled to wasm and run in headless Chromium; then the app's.
    let mut wasm = cmd("cargo");
    wasm.args([
        "test",
        "-p",
        "credreport-core",
        "-p",
        "credreport-web",
        "--target",
        "wasm32-unknown-unknown",
    ])
    .env("CHROMEDRIVER", "/usr/bin/chromedriver");
    // wasm-bindgen's runner leaves each Chromium's profile (tens of MB) in the temporary
    // directory: give the run one of its own, and remove it after.
    let tmp = fresh_dir("wasm-tests")?;
    wasm.env("TMPDIR", &tmp);
    let ran = run(wasm);
    let _ = std::fs::remove_dir_all(&tmp);
    ran
}

/// An empty directory of this run's own, `credreport-<what>-<pid>` in the system's temporary
/// directory. Not under `target/`: Chromium makes its profile's socket in the temporary
/// directory, and a socket's path may not be longer than 107 bytes, which a checkout a few
/// folders deep would exceed (the browser then does not start).
fn fresh_dir(what: &str) -> Result<PathBuf> {
    let dir = env::temp_dir().join(format!("credreport-{what}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// The names of what `dir` holds, sorted.
fn left_in(dir: &Path) -> Result<Vec<String>> {
    let mut names = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .map(|e| {
            e.map(|e| e.file_name().to_string_lossy().into_owned())
                .map_err(|e| format!("{}: {e}", dir.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
}
