//! Telling apart the forms a user may hold — CSV, GetCredentialReport JSON (one page or an array of
//! pages), bare base64 — and turning each into CSV text pages.

use std::borrow::Cow;

use base64::Engine as _;
use serde_json::Value;

use crate::error::LoadError;
use crate::results::quoted;
use crate::values::parse_timestamp;

/// One input as the user gave it: a name for messages (file name, URL, `stdin`) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    /// The SHA-256 of `bytes` when the caller has it already (the page's worker has the
    /// browser's own, several times faster than this crate's in WebAssembly); `None` has the
    /// load compute it.
    pub sha256: Option<[u8; 32]>,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, bytes: &'a [u8]) -> Self {
        Self {
            name,
            bytes,
            sha256: None,
        }
    }

    /// The same input with the SHA-256 of its bytes given: the caller vouches for it, as a
    /// report read from this input alone is named by it.
    pub fn with_sha256(self, sha256: [u8; 32]) -> Self {
        Self {
            sha256: Some(sha256),
            ..self
        }
    }
}

/// Which form an input was in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    Csv,
    Json,
    Base64,
}

/// CSV text from one input or one API page: borrowed from the input when it is CSV already.
#[derive(Debug, Clone)]
pub struct Page<'a> {
    /// The input it came from (`report.json`): what a report is called.
    pub input: String,
    /// Where warnings point: `report.csv`, or `report.json page 2`.
    pub source: String,
    pub form: Form,
    pub csv: Cow<'a, str>,
    /// `GeneratedTime` in SQLite form, when the input said.
    pub generated_time: Option<String>,
    /// The API said more pages follow.
    pub truncated: bool,
    /// `AccountId`, which `credreport fetch` records beside the API's fields.
    pub account_id: Option<String>,
}

const BOM: &str = "\u{feff}";

/// Decode one input into its pages.
pub fn pages<'a>(input: &Input<'a>) -> Result<Vec<Page<'a>>, LoadError> {
    let name = input.name.to_owned();
    let text = as_text(&name, input.bytes)?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let trimmed = text.trim_start();
    if trimmed.is_empty() {
        return Err(LoadError::Empty { source_name: name });
    }
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return json_pages(&name, text);
    }
    if looks_like_csv(trimmed) {
        return Ok(vec![Page {
            input: name.clone(),
            source: name,
            form: Form::Csv,
            csv: Cow::Borrowed(text),
            generated_time: None,
            truncated: false,
            account_id: None,
        }]);
    }
    if looks_like_base64(trimmed) {
        let csv = decode_content(&name, trimmed)?;
        return Ok(vec![Page {
            input: name.clone(),
            source: name,
            form: Form::Base64,
            csv: Cow::Owned(csv),
            generated_time: None,
            truncated: false,
            account_id: None,
        }]);
    }
    if let Some(separator) = spreadsheet_separator(trimmed) {
        return Err(LoadError::NotCommaSeparated {
            source_name: name,
            separator,
        });
    }
    Err(LoadError::NotAReport {
        source_name: name,
        found: snippet(trimmed),
    })
}

/// The separator of a report's header that a spreadsheet saved with another than the comma
/// (`;` where the comma is the decimal mark, or a tab), named as a message says it.
fn spreadsheet_separator(text: &str) -> Option<&'static str> {
    let first = text.lines().next().unwrap_or("");
    [(';', "semicolons"), ('\t', "tabs")]
        .into_iter()
        .find(|(c, _)| {
            first
                .split(*c)
                .any(|f| crate::report::is_user_field(f.trim().trim_matches('"')))
        })
        .map(|(_, said)| said)
}

fn as_text<'b>(name: &str, bytes: &'b [u8]) -> Result<&'b str, LoadError> {
    let binary = |what, hint| LoadError::Binary {
        source_name: name.to_owned(),
        what,
        hint,
    };
    // A workbook is a ZIP too, whose first entries name its `xl/` parts; extracting it gives
    // XML, not the report.
    let workbook = "load the report as the RAM console downloads it (CSV): a spreadsheet may have rewritten its times";
    if bytes.starts_with(b"PK\x03\x04") {
        let head = &bytes[..bytes.len().min(4096)];
        if head.windows(3).any(|w| w == b"xl/") {
            return Err(binary("an Excel workbook (.xlsx)", workbook));
        }
        return Err(binary(
            "a ZIP archive",
            "extract the CSV from it and load that",
        ));
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Err(binary("an Excel workbook (.xls)", workbook));
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Err(binary(
            "a gzip-compressed file",
            "decompress it (gunzip) and load the CSV",
        ));
    }
    if bytes.starts_with(b"SQLite format 3\0") {
        return Err(binary(
            "an SQLite database",
            "load the credential report CSV instead",
        ));
    }
    if bytes.starts_with(b"%PDF") {
        return Err(binary(
            "a PDF document",
            "download the report as CSV from the RAM console",
        ));
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(binary("a UTF-16 text file", "save it again as UTF-8"));
    }
    if bytes.contains(&0) {
        return Err(binary(
            "a binary file",
            "expected CSV text from the RAM console",
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 {
        source_name: name.to_owned(),
        offset: e.valid_up_to(),
    })
}

fn looks_like_csv(text: &str) -> bool {
    let first = text.lines().next().unwrap_or("");
    first.contains(',') || first.trim().eq_ignore_ascii_case("user")
}

fn looks_like_base64(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    !compact.is_empty()
        && compact.len().is_multiple_of(4)
        && compact
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=')
}

fn decode_content(name: &str, b64: &str) -> Result<String, LoadError> {
    let compact: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map_err(|e| LoadError::Base64 {
            source_name: name.to_owned(),
            message: e.to_string(),
        })?;
    let text = as_text(name, &bytes)?;
    let text = text.strip_prefix(BOM).unwrap_or(text);
    if !looks_like_csv(text.trim_start()) {
        return Err(LoadError::NotAReport {
            source_name: name.to_owned(),
            found: snippet(text),
        });
    }
    Ok(text.to_owned())
}

fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or("");
    let mut s: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        s.push('…');
    }
    s
}

fn json_pages(name: &str, text: &str) -> Result<Vec<Page<'static>>, LoadError> {
    let value: Value = serde_json::from_str(text).map_err(|e| LoadError::Json {
        source_name: name.to_owned(),
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    let objects: Vec<&Value> = match &value {
        Value::Array(items) if items.is_empty() => {
            return Err(LoadError::JsonShape {
                source_name: name.to_owned(),
                message: "an empty JSON array".into(),
            })
        }
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    };
    let many = objects.len() > 1;
    objects
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let source = if many {
                format!("{name} page {}", i + 1)
            } else {
                name.to_owned()
            };
            json_page(name, source, v)
        })
        .collect()
}

fn json_page(input: &str, source: String, v: &Value) -> Result<Page<'static>, LoadError> {
    let Value::Object(map) = v else {
        return Err(LoadError::JsonShape {
            source_name: source,
            message: format!("found a JSON {}", kind_of(v)),
        });
    };
    // The aliyun CLI and SDKs sometimes wrap the answer in `body`.
    if let Some(body @ Value::Object(_)) = map.get("body").or_else(|| map.get("Body")) {
        return json_page(input, source, body);
    }
    let field = |k: &str| map.get(k).and_then(Value::as_str);
    if let (Some(code), None) = (field("Code"), map.get("Content")) {
        return Err(LoadError::ApiError {
            source_name: source,
            code: quoted(code),
            message: quoted(field("Message").unwrap_or("")),
            request_id: field("RequestId").map(quoted),
        });
    }
    let Some(content) = field("Content") else {
        let keys: Vec<String> = map.keys().map(|k| quoted(k)).take(6).collect();
        let message = if map.contains_key("State") {
            "this is the answer of GenerateCredentialReport (it only starts generation); fetch the report itself with GetCredentialReport".to_owned()
        } else {
            format!("no \"Content\" field (found: {})", keys.join(", "))
        };
        return Err(LoadError::JsonShape {
            source_name: source,
            message,
        });
    };
    if content.trim().is_empty() {
        return Err(LoadError::JsonShape {
            source_name: source,
            message: "its \"Content\" is empty: the page holds no report (fetch it again, or generate a new one with GenerateCredentialReport)".into(),
        });
    }
    let generated_time = match field("GeneratedTime") {
        Some(t) => {
            Some(
                parse_timestamp(t)
                    .map(|(t, _)| t)
                    .ok_or_else(|| LoadError::JsonShape {
                        source_name: source.clone(),
                        message: format!("GeneratedTime {:?} is not an ISO 8601 time", quoted(t)),
                    })?,
            )
        }
        None => None,
    };
    let truncated = map
        .get("IsTruncated")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let account_id = match map.get("AccountId") {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Some(Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let csv = decode_content(&source, content)?;
    Ok(Page {
        input: input.to_owned(),
        source,
        form: Form::Json,
        csv: Cow::Owned(csv),
        generated_time,
        truncated,
        account_id,
    })
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
