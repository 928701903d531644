//! How a [`Reply`] crosses from the database's worker to the page: as bytes, transferred (not
//! copied) in one buffer. A query's result, which can hold 200,000 rows, is written in a compact
//! binary form that reads back without parsing text (as JSON, a 46,000-row result took the
//! page 250 ms to read); every other reply is small and is its JSON. The first byte says which.
//!
//! The result's form, all integers little-endian: the column count (u32), each column's name;
//! the cut (u8: 0 none, 1 rows, 2 bytes; then a u64 when cut); the row count (u32); then each
//! row's values in column order, each a tag (u8: 0 NULL, 1 integer as i64, 2 real as f64,
//! 3 text, 4 blob). Text and blobs are a u32 length and the bytes.
//!
//! The checks' outcomes, which over 100,000 users hold more than a million findings (as JSON,
//! 179 MB that took the page 7.7 s to read), are binary too: the outcome count (u32); for each,
//! the check's id (text), its threshold (u8 0 none, 1 then an i64) and the finding count (u32);
//! for each finding its status (u8: its place in `Status::ALL`), resource, reason,
//! account (u8 0 none, 1 then text) and user. The tallies are counted again on reading.

use crate::checks::{Finding, Outcome, Status};
use crate::protocol::{Ran, Reply};
use crate::results::{Cut, QueryResult, Value};

const JSON: u8 = 0;
const RAN: u8 = 1;
const CHECKED: u8 = 2;

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
    #[error("the answer names a check this build does not have: {0}")]
    Check(String),
}

impl Reply {
    /// The reply as bytes for the page ([`Reply::from_wire`] reads them back).
    pub fn to_wire(&self) -> Vec<u8> {
        match self {
            Reply::Ran(ran) => {
                let mut out = vec![RAN];
                out.extend_from_slice(&ran.millis.to_le_bytes());
                write_result(&ran.result, &mut out);
                out
            }
            Reply::Checked { outcomes } => {
                let mut out = vec![CHECKED];
                write_outcomes(outcomes, &mut out);
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
                Ok(Reply::Ran(Ran { result, millis }))
            }
            CHECKED => Ok(Reply::Checked {
                outcomes: read_outcomes(&mut r)?,
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

fn write_outcomes(outcomes: &[Outcome], out: &mut Vec<u8>) {
    out.extend_from_slice(&(outcomes.len() as u32).to_le_bytes());
    for o in outcomes {
        write_bytes(o.check.id.as_bytes(), out);
        match o.days {
            None => out.push(0),
            Some(d) => {
                out.push(1);
                out.extend_from_slice(&d.to_le_bytes());
            }
        }
        out.extend_from_slice(&(o.findings.len() as u32).to_le_bytes());
        for f in &o.findings {
            let status = Status::ALL.iter().position(|s| *s == f.status);
            out.push(status.expect("Status::ALL holds every status") as u8);
            write_bytes(f.resource.as_bytes(), out);
            write_bytes(f.reason.as_bytes(), out);
            match &f.account_id {
                None => out.push(0),
                Some(a) => {
                    out.push(1);
                    write_bytes(a.as_bytes(), out);
                }
            }
            write_bytes(f.user_name.as_bytes(), out);
        }
    }
}

fn read_outcomes(r: &mut Reader<'_>) -> Result<Vec<Outcome>, WireError> {
    let n = r.len()?;
    r.room_for(n, 9)?;
    let mut outcomes = Vec::with_capacity(n);
    for _ in 0..n {
        let id = r.text()?;
        let check = crate::check(&id).ok_or(WireError::Check(id))?;
        let days = match r.flag("threshold")? {
            false => None,
            true => Some(i64::from_le_bytes(r.array()?)),
        };
        let count = r.len()?;
        // A finding takes 14 bytes at least (its status, three lengths, the account's flag).
        r.room_for(count, 14)?;
        let mut findings = Vec::with_capacity(count);
        for _ in 0..count {
            let at = r.at;
            let value = r.u8()?;
            let status = *Status::ALL
                .get(usize::from(value))
                .ok_or(WireError::Unknown {
                    what: "status",
                    value,
                    at,
                })?;
            let resource = r.text()?;
            let reason = r.text()?;
            let account_id = match r.flag("account")? {
                false => None,
                true => Some(r.text()?),
            };
            let user_name = r.text()?;
            findings.push(Finding {
                resource,
                status,
                reason,
                account_id,
                user_name,
            });
        }
        outcomes.push(Outcome::new(check, days, findings));
    }
    Ok(outcomes)
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

    /// A byte that is 0 (false) or 1 (true).
    fn flag(&mut self, what: &'static str) -> Result<bool, WireError> {
        let at = self.at;
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            value => Err(WireError::Unknown { what, value, at }),
        }
    }

    /// Refuse `count` things of at least `each` bytes when fewer bytes are left, before
    /// anything is reserved for them.
    fn room_for(&self, count: usize, each: usize) -> Result<(), WireError> {
        if count > (self.bytes.len() - self.at) / each {
            return Err(WireError::Short(self.bytes.len()));
        }
        Ok(())
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
        })
    }

    #[test]
    fn a_result_reads_back_exactly_blobs_and_cuts_included() {
        let sent = ran();
        let wire = sent.to_wire();
        assert_eq!(wire[0], RAN);
        assert_eq!(Reply::from_wire(&wire), Ok(sent));
    }

    fn checked() -> Reply {
        let finding = |status, account: Option<&str>| Finding {
            resource: "acs:ram::1:user/bob".into(),
            status,
            reason: "console password without MFA; 東京".into(),
            account_id: account.map(str::to_owned),
            user_name: "bob".into(),
        };
        Reply::Checked {
            outcomes: vec![
                Outcome::new(
                    crate::check("cis-1.4-console-users-mfa").unwrap(),
                    None,
                    vec![
                        Finding {
                            resource: String::new(),
                            status: Status::Alarm,
                            reason: String::new(),
                            account_id: None,
                            user_name: String::new(),
                        },
                        finding(Status::Alarm, Some("1")),
                        finding(Status::Ok, None),
                        finding(Status::Excepted, Some("")),
                        finding(Status::Skip, Some("1")),
                    ],
                ),
                Outcome::new(
                    crate::check("console-users-inactive").unwrap(),
                    Some(-3),
                    vec![],
                ),
            ],
        }
    }

    #[test]
    fn the_checks_outcomes_read_back_exactly_with_their_tallies() {
        let sent = checked();
        let wire = sent.to_wire();
        assert_eq!(wire[0], CHECKED);
        let read = Reply::from_wire(&wire).unwrap();
        assert_eq!(read, sent);
        let Reply::Checked { outcomes } = read else {
            unreachable!()
        };
        assert_eq!(
            (
                outcomes[0].ok,
                outcomes[0].alarm,
                outcomes[0].skip,
                outcomes[0].excepted
            ),
            (1, 2, 1, 1)
        );
        cut_short_is_refused_and_altered_never_panics(&wire);
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
