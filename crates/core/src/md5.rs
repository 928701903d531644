//! MD5 (RFC 1321), for PostgreSQL's `md5(text)`: the digest of the text's UTF-8 bytes, as 32
//! hexadecimal digits in small letters. Administrators use it to share a result without the
//! users' names (`md5(user_name)`); it is no protection of a secret, and credreport uses it for
//! nothing else.

use std::sync::OnceLock;

/// How far each step rotates, four per round.
const SHIFTS: [[u32; 4]; 4] = [
    [7, 12, 17, 22],
    [5, 9, 14, 20],
    [4, 11, 16, 23],
    [6, 10, 15, 21],
];

/// The 64 constants: the integer part of 2³² × |sin(i + 1)|, as RFC 1321 defines them (checked
/// by its test suite below).
fn constants() -> &'static [u32; 64] {
    static K: OnceLock<[u32; 64]> = OnceLock::new();
    K.get_or_init(|| {
        std::array::from_fn(|i| ((i as f64 + 1.0).sin().abs() * 4_294_967_296.0) as u32)
    })
}

/// The MD5 digest of `data`, in hexadecimal.
pub fn md5_hex(data: &[u8]) -> String {
    let k = constants();
    let mut state: [u32; 4] = [0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476];
    let mut message = data.to_vec();
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&((data.len() as u64).wrapping_mul(8)).to_le_bytes());
    for block in message.chunks_exact(64) {
        let words: [u32; 16] = std::array::from_fn(|i| {
            u32::from_le_bytes([
                block[4 * i],
                block[4 * i + 1],
                block[4 * i + 2],
                block[4 * i + 3],
            ])
        });
        let [mut a, mut b, mut c, mut d] = state;
        for i in 0..64 {
            let (f, g) = match i / 16 {
                0 => ((b & c) | (!b & d), i),
                1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
                2 => (b ^ c ^ d, (3 * i + 5) % 16),
                _ => (c ^ (b | !d), (7 * i) % 16),
            };
            let sum = f.wrapping_add(a).wrapping_add(k[i]).wrapping_add(words[g]);
            a = d;
            d = c;
            c = b;
            b = b.wrapping_add(sum.rotate_left(SHIFTS[i / 16][i % 4]));
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d]) {
            *s = s.wrapping_add(v);
        }
    }
    state
        .iter()
        .flat_map(|s| s.to_le_bytes())
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// RFC 1321's test suite (appendix A.5).
    #[test]
    fn the_rfcs_test_suite_is_met() {
        for (text, digest) in [
            ("", "d41d8cd98f00b204e9800998ecf8427e"),
            ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                "abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ] {
            assert_eq!(md5_hex(text.as_bytes()), digest, "{text:?}");
        }
    }

    /// Lengths around a block's end (55, 56 and 64 bytes pad differently), and text beyond ASCII,
    /// as PostgreSQL 15's md5() gave them.
    #[test]
    fn padding_and_utf8_are_as_postgresql_digests_them() {
        for (text, digest) in [
            (&"x".repeat(55), "04364420e25c512fd958a70738aa8f72"),
            (&"x".repeat(56), "668a72d5ba17f08e62dabcafad6db14b"),
            (&"x".repeat(64), "c1bb4f81d892b2d57947682aeb252456"),
            (&"y".repeat(119), "b2ea3db8221fa9ae01ee0adf42970ba0"),
            (&"日本".to_owned(), "4dbed2e657457884e67137d3514119b3"),
            (&"é".repeat(60), "45698e682c350ba8a3844fb8efbab899"),
        ] {
            assert_eq!(md5_hex(text.as_bytes()), digest, "{text:?}");
        }
    }
}
