//! Regular expressions: the bytes up to the first NUL are a pattern, the rest a text. Whatever
//! they are, the pattern is read or refused, and what is read matches the text, with and without
//! case, and answers: never a panic, and in time that grows with the two lengths only.
#![no_main]

use credreport_core::regex::{Flags, Regex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pattern, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let pattern = String::from_utf8_lossy(pattern);
    let text = String::from_utf8_lossy(text);
    if let Ok(regex) = Regex::new(&pattern) {
        for ignore_case in [false, true] {
            let _ = regex.is_match(&text, Flags { ignore_case }, &mut || false);
        }
    }
});
