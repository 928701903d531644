//! How a [`Reply`] crosses from the database's worker to the page: as bytes, transferred (not
//! copied) in one buffer. A query's result, which can hold 200,000 rows, is written in a compact
//! binary form that reads back without parsing text (as JSON, a 46,000-row result took the
//! page 250 ms to read); every other reply is small and is its JSON. The first byte says which.
//!
//! The result's form, all integers little-endian: the column count (u32), each column's name;
//! the cut (u8: 0 none, 1 rows, 2 bytes; then a u64 when cut); the row count (u32); then each
//! row's values in column order, each a tag (u8: 0 NULL, 1 integer as i64, 2 real as f64,
//! 3 text, 4 blob). Text and blobs are a u32 length and the bytes. After the result come the
//! pairs' changes the query compared (`Ran::compared`): their JSON's length (u32, 0 for none)
//! and the JSON.
//!
//! The checks' evidence, a file's text that can be 150 MB over 100,000 users, is its UTF-8
//! bytes. The checks' findings never cross whole: the worker sends a tally per check, and a page
//! of a check's findings when asked ([`crate::findings`]); over 100,000 users the findings were
//! 138 MB, which the page took seconds to read.

use crate::protocol::{Ran, Reply};
use crate::results::{Cut, QueryResult, Value};

const JSON: u8 = 0;
const RAN: u8 = 1;
const TEXT: u8 = 2;

/// Why bytes from the worker are not a reply: only a different build on the other side, or a
/// bug, makes one.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum WireError {
    #[error("the answer ends at byte {0}, before its end")]
    Short(usize),
    #[error("the answer has an unknown {what} {value} at byte {at}")]
    Unknown {
        what: &'static str,
        value: u8,
        at: usize,
    },
    #[error("the answer's text at byte {0} is not UTF-8")]
    NotUtf8(usize),
    #[error("the answer is not a reply: {0}")]
    Json(String),
}

impl Reply {
    /// The reply as bytes for the page ([`Reply::from_wire`] reads them back).
    pub fn to_wire(&self) -> Vec<u8> {
        match self {
            Reply::Ran(ran) => {
                let mut out = vec![RAN];
                out.extend_from_slice(&ran.millis.to_le_bytes());
                write_result(&ran.result, &mut out);
                let compared = match ran.compared.is_empty() {
                    true => String::new(),
                    // Plain data always serializes.
                    false => serde_json::to_string(&ran.compared).unwrap_or_default(),
                };
                write_bytes(compared.as_bytes(), &mut out);
                out
            }
            Reply::Evidence { text } => {
                let mut out = Vec::with_capacity(text.len() + 1);
                out.push(TEXT);
                out.extend_from_slice(text.as_bytes());
                out
            }
            other => {
                let mut out = vec![JSON];
                // Plain data always serializes.
                out.extend_from_slice(serde_json::to_string(other).unwrap_or_default().as_bytes());
                out
            }
        }
    }

    pub fn from_wire(bytes: &[u8]) -> Result<Reply, WireError> {
        let mut r = Reader { bytes, at: 0 };
        match r.u8()? {
            JSON => serde_json::from_slice(&bytes[1..]).map_err(|e| WireError::Json(e.to_string())),
            RAN => {
                let millis = f64::from_le_bytes(r.array()?);
                let result = read_result(&mut r)?;
                let compared = match r.text()? {
                    json if json.is_empty() => Vec::new(),
                    json => {
                        serde_json::from_str(&json).map_err(|e| WireError::Json(e.to_string()))?
                    }
                };
                Ok(Reply::Ran(Ran {
                    result,
                    millis,
                    compared,
                }))
            }
            TEXT => Ok(Reply::Evidence {
                text: String::from_utf8(bytes[1..].to_vec()).map_err(|_| WireError::NotUtf8(1))?,
            }),
            value => Err(WireError::Unknown {
                what: "kind of reply",
                value,
                at: 0,
            }),
        }
    }
}

fn write_bytes(b: &[u8], out: &mut Vec<u8>) {
    out.extend_from_slice(&(b.len() as u32).to_le_bytes());
    out.extend_from_slice(b);
}

fn write_result(result: &QueryResult, out: &mut Vec<u8>) {
    out.extend_from_slice(&(result.columns.len() as u32).to_le_bytes());
    for c in &result.columns {
        write_bytes(c.as_bytes(), out);
    }
    match result.truncated {
        None => out.push(0),
        Some(Cut::Rows(n)) => {
            out.push(1);
            out.extend_from_slice(&(n as u64).to_le_bytes());
        }
        Some(Cut::Bytes(n)) => {
            out.push(2);
            out.extend_from_slice(&(n as u64).to_le_bytes());
        }
    }
    out.extend_from_slice(&(result.rows.len() as u32).to_le_bytes());
    for row in &result.rows {
        for value in row {
            match value {
                Value::Null => out.push(0),
                Value::Integer(i) => {
                    out.push(1);
                    out.extend_from_slice(&i.to_le_bytes());
                }
                Value::Real(f) => {
                    out.push(2);
                    out.extend_from_slice(&f.to_le_bytes());
                }
                Value::Text(t) => {
                    out.push(3);
                    write_bytes(t.as_bytes(), out);
                }
                Value::Blob(b) => {
                    out.push(4);
                    write_bytes(b, out);
                }
            }
        }
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], WireError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(WireError::Short(self.bytes.len()))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], WireError> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    fn u8(&mut self) -> Result<u8, WireError> {
        Ok(self.take(1)?[0])
    }

    fn len(&mut self) -> Result<usize, WireError> {
        Ok(u32::from_le_bytes(self.array()?) as usize)
    }

    fn text(&mut self) -> Result<String, WireError> {
        let len = self.len()?;
        let at = self.at;
        let bytes = self.take(len)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| WireError::NotUtf8(at))
    }
}

fn read_result(r: &mut Reader<'_>) -> Result<QueryResult, WireError> {
    let n = r.len()?;
    // Every count is checked against the bytes left before anything is reserved for it.
    let columns = (0..n).map(|_| r.text()).collect::<Result<Vec<_>, _>>()?;
    let at = r.at;
    let truncated = match r.u8()? {
        0 => None,
        1 => Some(Cut::Rows(u64::from_le_bytes(r.array()?) as usize)),
        2 => Some(Cut::Bytes(u64::from_le_bytes(r.array()?) as usize)),
        value => {
            return Err(WireError::Unknown {
                what: "cut",
                value,
                at,
            })
        }
    };
    let count = r.len()?;
    // Each value takes a byte at least: more rows than the bytes left can hold are refused
    // before anything is made for them (no columns, no rows).
    let left = r.bytes.len() - r.at;
    if count > 0 && (columns.is_empty() || count > left / columns.len()) {
        return Err(WireError::Short(r.bytes.len()));
    }
    let mut rows = Vec::with_capacity(count);
    for _ in 0..count {
        let mut row = Vec::with_capacity(columns.len());
        for _ in 0..columns.len() {
            let at = r.at;
            row.push(match r.u8()? {
                0 => Value::Null,
                1 => Value::Integer(i64::from_le_bytes(r.array()?)),
                2 => Value::Real(f64::from_le_bytes(r.array()?)),
                3 => Value::Text(r.text()?),
                4 => {
                    let len = r.len()?;
                    Value::Blob(r.take(len)?.to_vec())
                }
                value => {
                    return Err(WireError::Unknown {
                        what: "kind of value",
                        value,
                        at,
                    })
                }
            });
        }
        rows.push(row);
    }
    Ok(QueryResult {
        columns,
        rows,
        truncated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ran() -> Reply {
        Reply::Ran(Ran {
            result: QueryResult {
                columns: vec!["a".into(), "b".into(), "c".into(), "d".into(), "é".into()],
                rows: vec![
                    vec![
                        Value::Null,
                        Value::Integer(i64::MIN),
                        Value::Real(-0.5),
                        Value::Text("1".into()),
                        Value::Blob(vec![0, 255]),
                    ],
                    vec![
                        Value::Text(String::new()),
                        Value::Integer(7),
                        Value::Real(f64::MAX),
                        Value::Text("東京\n\"x\"".into()),
                        Value::Null,
                    ],
                ],
                truncated: Some(Cut::Bytes(usize::MAX)),
            },
            millis: 2.5,
            compared: vec![crate::known::KnownChanges::new(
                "k".into(),
                vec!["a".into(), "b".into()],
                &[vec![None, Some("東京".into())]],
            )],
        })
    }

    #[test]
    fn a_result_reads_back_exactly_blobs_and_cuts_included() {
        let sent = ran();
        let wire = sent.to_wire();
        assert_eq!(wire[0], RAN);
        assert_eq!(Reply::from_wire(&wire), Ok(sent));
        // Nothing compared is four bytes.
        let Reply::Ran(mut ran) = ran() else {
            unreachable!()
        };
        ran.compared.clear();
        let (sent, bare) = (Reply::Ran(ran), wire.len());
        let wire = sent.to_wire();
        assert!(wire.len() < bare && wire.ends_with(&[0, 0, 0, 0]));
        assert_eq!(Reply::from_wire(&wire), Ok(sent));
    }

    #[test]
    fn evidence_travels_as_its_text() {
        let sent = Reply::Evidence {
            text: "check,status\nx,東京".into(),
        };
        let wire = sent.to_wire();
        assert_eq!(
            (wire[0], &wire[1..]),
            (TEXT, "check,status\nx,東京".as_bytes())
        );
        assert_eq!(Reply::from_wire(&wire), Ok(sent));
        let mut broken = wire.clone();
        broken.truncate(wire.len() - 1);
        assert_eq!(Reply::from_wire(&broken), Err(WireError::NotUtf8(1)));
    }

    /// Every prefix of `wire` is refused; every byte altered reads back or is refused, never a
    /// panic.
    fn cut_short_is_refused_and_altered_never_panics(wire: &[u8]) {
        for end in 0..wire.len() {
            assert!(Reply::from_wire(&wire[..end]).is_err(), "{end} bytes");
        }
        for at in 0..wire.len() {
            let mut altered = wire.to_vec();
            altered[at] ^= 0xff;
            let _ = Reply::from_wire(&altered);
        }
    }

    #[test]
    fn other_replies_travel_as_their_json() {
        let sent = Reply::Failed {
            message: "no".into(),
        };
        let wire = sent.to_wire();
        assert_eq!(wire[0], JSON);
        assert_eq!(Reply::from_wire(&wire), Ok(sent));
    }

    #[test]
    fn cut_short_or_altered_bytes_are_refused_never_a_panic() {
        cut_short_is_refused_and_altered_never_panics(&ran().to_wire());
        // A row count far past the bytes left is refused before any row is made.
        let mut huge = vec![RAN];
        huge.extend_from_slice(&1.0f64.to_le_bytes());
        huge.extend_from_slice(&0u32.to_le_bytes());
        huge.push(0);
        huge.extend_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(Reply::from_wire(&huge), Err(WireError::Short(huge.len())));
    }
}
