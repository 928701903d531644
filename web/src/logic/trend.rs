//! The trend's chart: per report, its name and the figures drawn, as shares of the largest.

use credreport_core::{QueryResult, Value};

/// One bar of the chart: which report, its alarms and console users without MFA, and their
/// lengths in percent of the largest figure drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub alarms: i64,
    pub without_mfa: i64,
    pub alarms_share: f64,
    pub without_mfa_share: f64,
}

/// A report that does not say when it was generated, by its file: "nov.csv (time unknown)", in the
/// trend's bars and Compare's choices alike.
pub fn undated(file: &str) -> String {
    format!("{file} (time unknown)")
}

/// The bars of a trend table (`credreport_core::trend::to_result`'s columns).
pub fn bars(trend: &QueryResult) -> Vec<Bar> {
    let at = |name: &str| trend.columns.iter().position(|c| c == name);
    let (Some(account), Some(time), Some(mfa), Some(alarms)) = (
        at("account_id"),
        at("generated_time"),
        at("console_without_mfa"),
        at("alarms"),
    ) else {
        return Vec::new();
    };
    let number = |v: &Value| match v {
        Value::Integer(n) => *n,
        _ => 0,
    };
    let text = |v: &Value| v.as_text().unwrap_or_else(|| "unknown".into());
    let report = at("report");
    // A report by its generation time; one that does not say, by its file.
    let when = |r: &[Value]| match (r[time].as_text(), report.and_then(|i| r[i].as_text())) {
        (Some(t), _) => t,
        (None, Some(file)) => undated(&file),
        (None, None) => "time unknown".into(),
    };
    let largest = trend
        .rows
        .iter()
        .flat_map(|r| [number(&r[mfa]), number(&r[alarms])])
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    // Named by generation time; by account too only when there are several.
    let one_account = trend
        .rows
        .windows(2)
        .all(|w| w[0][account] == w[1][account]);
    trend
        .rows
        .iter()
        .map(|r| Bar {
            label: if one_account {
                when(r)
            } else {
                format!("{} · {}", text(&r[account]), when(r))
            },
            alarms: number(&r[alarms]),
            without_mfa: number(&r[mfa]),
            alarms_share: 100.0 * number(&r[alarms]) as f64 / largest,
            without_mfa_share: 100.0 * number(&r[mfa]) as f64 / largest,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn bars_are_shares_of_the_largest_figure() {
        let row = |t: &str, mfa: i64, alarms: i64| {
            vec![
                Value::Text("1".into()),
                Value::Text(t.into()),
                Value::Integer(mfa),
                Value::Integer(alarms),
            ]
        };
        let trend = QueryResult {
            columns: [
                "account_id",
                "generated_time",
                "console_without_mfa",
                "alarms",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: vec![row("march", 2, 8), row("april", 1, 4)],
            truncated: None,
        };
        let b = bars(&trend);
        assert_eq!(b[0].label, "march");
        assert_eq!((b[0].alarms_share, b[0].without_mfa_share), (100.0, 25.0));
        assert_eq!((b[1].alarms, b[1].alarms_share), (4, 50.0));
        assert!(bars(&QueryResult {
            columns: vec![],
            rows: vec![],
            truncated: None
        })
        .is_empty());
        // Several accounts: each bar names its account too.
        let mut two = trend.clone();
        two.rows[1][0] = Value::Text("2".into());
        assert_eq!(bars(&two)[1].label, "2 · april");
        // A report that does not say when it was generated: by its file, which tells apart
        // several such (each was "unknown").
        let mut undated = trend.clone();
        undated.columns.push("report".into());
        for (row, file) in undated.rows.iter_mut().zip(["mar.csv", "apr.csv"]) {
            row[1] = Value::Null;
            row.push(Value::Text(file.into()));
        }
        let labels: Vec<String> = bars(&undated).into_iter().map(|b| b.label).collect();
        assert_eq!(labels, ["mar.csv (time unknown)", "apr.csv (time unknown)"]);
    }
}
