//! The translator's WebAssembly stack: 4 MB instead of the linker's 1 MB. Walking a query's
//! expression takes about 21 KB of stack a level (measured natively, optimized), and the walk
//! refuses an expression deeper than 64 levels (`MAX_EXPR_DEPTH` in `credreport-pg`): about
//! 1.4 MB at the deepest, which a 1 MB stack could not hold.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg=-zstack-size=4194304");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
