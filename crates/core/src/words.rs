//! How every output (the CLI's, the page's, the evidence's) says a count and writes bytes.

/// "s" for every count but one: `format!("{n} user{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Bytes as lowercase hex (a digest, a blob).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn one_is_singular_and_zero_is_not() {
        assert_eq!([plural(0), plural(1), plural(2)], ["s", "", "s"]);
        assert_eq!(hex(&[0, 15, 255]), "000fff");
    }
}
