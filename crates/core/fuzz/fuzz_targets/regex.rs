//! Regular expressions: the bytes up to the first NUL are a pattern, the rest a text. Whatever
//! they are, the pattern is read or refused, and what is read matches the text, with and without
//! case, finds every match, divides each among its parts in parentheses, replaces them and splits
//! the text at them: never a panic, a match found where `is_match` says there is one, each on
//! characters' bounds, each part's match inside its match, and the split's parts in order, on
//! characters' bounds, the last reaching the text's end.
#![no_main]

use credreport_core::regex::{Flags, Regex, Replacement, Which};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (pattern, text) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b""[..]),
    };
    let pattern = String::from_utf8_lossy(pattern);
    let text = String::from_utf8_lossy(text);
    if let Ok(regex) = Regex::new(&pattern) {
        let with = Replacement::parse("<\\&|\\1|\\2>");
        for ignore_case in [false, true] {
            let flags = Flags {
                ignore_case,
                global: true,
            };
            let matched = regex.is_match(&text, flags, &mut || false);
            let found = regex.find_all(&text, 0, flags, &mut || false).unwrap();
            // A match is found where the text holds one, and each lies on characters' bounds.
            assert_eq!(matched, Some(!found.is_empty()));
            for &(a, b) in &found {
                assert!(a <= b && text.is_char_boundary(a) && text.is_char_boundary(b));
                let groups = regex.groups_of(&text, (a, b), flags, &mut || false).unwrap();
                assert_eq!(groups.len(), regex.groups());
                for (c, d) in groups.into_iter().flatten() {
                    assert!(a <= c && c <= d && d <= b, "{c}..{d} outside {a}..{b}");
                    assert!(text.is_char_boundary(c) && text.is_char_boundary(d));
                }
            }
            let _ = regex.replace(&text, &with, Which::default(), flags, 1 << 20, &mut || false);
            // Split: parts in order, apart, on characters' bounds, the last to the text's end.
            let parts = regex.split(&text, flags, &mut || false).unwrap();
            let mut after = 0;
            for &(a, b) in &parts {
                assert!(after <= a && a <= b && text.is_char_boundary(a) && text.is_char_boundary(b));
                after = b;
            }
            assert_eq!(parts.last().map(|p| p.1), Some(text.len()));
        }
    }
});
