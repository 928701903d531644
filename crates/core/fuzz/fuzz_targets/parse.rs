//! Input detection and parsing: CSV, API JSON (a page, an array of pages, the SDK's `body`
//! wrapper), bare base64. The first byte splits the data into up to three inputs, so the merging
//! of consecutive pages is fuzzed too. Whatever the bytes, `parse` returns; it never panics.
#![no_main]

use credreport_core::{parse, Input, LoadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&split, rest)) = data.split_first() else {
        return;
    };
    let parts = 1 + usize::from(split % 3);
    let chunk = rest.len().div_ceil(parts).max(1);
    let names = ["a.csv", "page-2.json", "page-3.txt"];
    let inputs: Vec<Input<'_>> = rest
        .chunks(chunk)
        .zip(names)
        .map(|(bytes, name)| Input::new(name, bytes))
        .collect();
    if let Ok(reports) = parse(&inputs, &LoadOptions::default()) {
        for r in &reports {
            // What parsed can be written back out.
            let _ = r.to_csv();
        }
    }
});
