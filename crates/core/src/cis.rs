//! Section 1 (identity and access management) of the CIS Alibaba Cloud Foundations Benchmark,
//! every recommendation of it, in v1.0.0 and v2.0.0: which of them the credential report answers
//! (an automated check, by id) and, for the others, what data would answer them — so a review
//! sees the whole section, never a silently shorter one.

use serde::Serialize;

/// The benchmark's version. Section 1 is numbered alike in both; 1.13 (password expiry) asks
/// for the opposite: at most 90 days in v1.0.0, 365 days or more in v2.0.0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Benchmark {
    V1,
    #[default]
    V2,
}

impl Benchmark {
    pub const ALL: [Benchmark; 2] = [Benchmark::V1, Benchmark::V2];

    /// As `--benchmark` and every output spell it: `cis-v1`, `cis-v2`.
    pub fn as_str(self) -> &'static str {
        match self {
            Benchmark::V1 => "cis-v1",
            Benchmark::V2 => "cis-v2",
        }
    }

    pub fn parse(s: &str) -> Option<Benchmark> {
        Benchmark::ALL.into_iter().find(|b| b.as_str() == s)
    }

    pub fn title(self) -> &'static str {
        match self {
            Benchmark::V1 => "CIS Alibaba Cloud Foundations Benchmark v1.0.0",
            Benchmark::V2 => "CIS Alibaba Cloud Foundations Benchmark v2.0.0",
        }
    }

    /// Section 1, in order.
    pub fn section_1(self) -> Vec<Recommendation> {
        SECTION_1
            .iter()
            .map(|r| match (self, r.cis) {
                (Benchmark::V2, "1.13") => Recommendation {
                    title: "Ensure RAM password policy expires passwords in 365 days or greater",
                    ..*r
                },
                _ => *r,
            })
            .collect()
    }
}

/// One recommendation of the section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Recommendation {
    pub cis: &'static str,
    pub title: &'static str,
    /// The credreport check that judges it from the credential report, if the report can.
    pub check: Option<&'static str>,
    /// Otherwise, the data it needs that the credential report does not have.
    pub needs: Option<&'static str>,
    /// How credreport's check reads the recommendation, where that is worth saying.
    pub note: Option<&'static str>,
}

impl Recommendation {
    pub fn automated(&self) -> bool {
        self.check.is_some()
    }
}

const PASSWORD_POLICY: &str =
    "the account's RAM password policy (RAM GetPasswordPolicy), which the credential report does not hold";

const fn answered(cis: &'static str, title: &'static str, check: &'static str) -> Recommendation {
    Recommendation {
        cis,
        title,
        check: Some(check),
        needs: None,
        note: None,
    }
}

const fn needs(cis: &'static str, title: &'static str, data: &'static str) -> Recommendation {
    Recommendation {
        cis,
        title,
        check: None,
        needs: Some(data),
        note: None,
    }
}

const SECTION_1: [Recommendation; 16] = [
    answered("1.1", "Avoid the use of the \"root\" account", "cis-1.1-root-not-used"),
    Recommendation {
        note: Some(
            "every access key slot counts, the three additional ones too, which a tool reading \
             only access_key_1 and access_key_2 would miss; an active key is an alarm",
        ),
        ..answered("1.2", "Ensure no root account access key exists", "cis-1.2-no-root-access-key")
    },
    answered("1.3", "Ensure MFA is enabled for the \"root\" account", "cis-1.3-root-mfa"),
    answered(
        "1.4",
        "Ensure that multi-factor authentication is enabled for all RAM users that have a console password",
        "cis-1.4-console-users-mfa",
    ),
    Recommendation {
        note: Some("judged with the check's threshold, 90 days unless changed"),
        ..answered(
            "1.5",
            "Ensure users not logged on for 90 days or longer are disabled for console logon",
            "console-users-inactive",
        )
    },
    Recommendation {
        note: Some(
            "every active key of every slot, judged with the check's threshold, 90 days unless \
             changed",
        ),
        ..answered(
            "1.6",
            "Ensure access keys are rotated every 90 days or less",
            "access-keys-rotated",
        )
    },
    needs(
        "1.7",
        "Ensure RAM password policy requires at least one uppercase letter",
        PASSWORD_POLICY,
    ),
    needs(
        "1.8",
        "Ensure RAM password policy requires at least one lowercase letter",
        PASSWORD_POLICY,
    ),
    needs(
        "1.9",
        "Ensure RAM password policy require at least one symbol",
        PASSWORD_POLICY,
    ),
    needs(
        "1.10",
        "Ensure RAM password policy require at least one number",
        PASSWORD_POLICY,
    ),
    needs(
        "1.11",
        "Ensure RAM password policy requires minimum length of 14 or greater",
        PASSWORD_POLICY,
    ),
    needs(
        "1.12",
        "Ensure RAM password policy prevents password reuse",
        PASSWORD_POLICY,
    ),
    needs(
        "1.13",
        "Ensure RAM password policy expires passwords within 90 days or less",
        PASSWORD_POLICY,
    ),
    needs(
        "1.14",
        "Ensure RAM password policy temporarily blocks logon after 5 incorrect logon attempts within an hour",
        PASSWORD_POLICY,
    ),
    needs(
        "1.15",
        "Ensure RAM policies that allow full \"*:*\" administrative privileges are not created",
        "the RAM policies' documents (RAM ListPolicies and GetPolicyVersion), which the credential report does not hold",
    ),
    needs(
        "1.16",
        "Ensure RAM policies are attached only to groups or roles",
        "the policies attached to each RAM user (RAM ListPoliciesForUser), which the credential report does not hold",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_recommendation_is_listed_in_order_and_each_automated_one_names_a_check() {
        for b in Benchmark::ALL {
            let section = b.section_1();
            let numbers: Vec<&str> = section.iter().map(|r| r.cis).collect();
            let expected: Vec<String> = (1..=16).map(|n| format!("1.{n}")).collect();
            assert_eq!(numbers, expected, "{}", b.as_str());
            for r in &section {
                assert_ne!(r.check.is_some(), r.needs.is_some(), "{}", r.cis);
                if let Some(id) = r.check {
                    let check = crate::check(id).unwrap_or_else(|| panic!("{id}"));
                    assert_eq!(check.cis, Some(r.cis), "{id}");
                }
            }
            assert_eq!(section.iter().filter(|r| r.automated()).count(), 6);
        }
    }

    #[test]
    fn the_versions_differ_where_the_benchmark_does() {
        let title = |b: Benchmark| b.section_1()[12].title;
        assert!(title(Benchmark::V1).contains("90 days or less"));
        assert!(title(Benchmark::V2).contains("365 days or greater"));
        assert_eq!(Benchmark::parse("cis-v1"), Some(Benchmark::V1));
        assert_eq!(Benchmark::parse("cis-v3"), None);
    }
}

/// One line of `credreport check --list` and of the Checks view's list: a recommendation of the
/// section, or a check of credreport's own (no CIS number).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Listed {
    pub cis: Option<&'static str>,
    pub title: &'static str,
    /// Judged from the credential report by the check `id`.
    pub automated: bool,
    pub id: Option<&'static str>,
    pub severity: Option<&'static str>,
    /// The check's default threshold in days, if it takes one.
    pub days: Option<i64>,
    /// What a recommendation that is not automated needs.
    pub needs: Option<&'static str>,
    pub note: Option<&'static str>,
    /// How the check treats the root account's row ([`crate::root_treatment`]).
    pub root: Option<&'static str>,
}

impl Listed {
    /// The check's parameters with their defaults, as the line listings show them after its
    /// id: ` [days=90]`, ` [minutes=10]`; empty for a check without one, or none.
    pub fn defaults(&self) -> String {
        let params: Vec<String> = self
            .id
            .and_then(crate::check)
            .map(|c| {
                c.params
                    .iter()
                    .map(|p| format!("{}={}", p.name, p.default))
                    .collect()
            })
            .unwrap_or_default();
        if params.is_empty() {
            String::new()
        } else {
            format!(" [{}]", params.join(" "))
        }
    }
}

/// Section 1 of `benchmark`, then every other check credreport runs, in the order of
/// [`crate::CHECKS`].
pub fn listing(benchmark: Benchmark) -> Vec<Listed> {
    let days = |id: &str| {
        crate::check(id).and_then(|c| {
            c.params
                .iter()
                .find(|p| p.name == "days")
                .map(|p| p.default)
        })
    };
    let section = benchmark.section_1();
    let mut out: Vec<Listed> = section
        .iter()
        .map(|r| Listed {
            cis: Some(r.cis),
            title: r.title,
            automated: r.automated(),
            id: r.check,
            severity: r.check.and_then(crate::check).map(|c| c.severity.as_str()),
            days: r.check.and_then(days),
            needs: r.needs,
            note: r.note,
            root: r.check.and_then(crate::check).map(crate::root_treatment),
        })
        .collect();
    out.extend(
        crate::CHECKS
            .iter()
            .filter(|c| !section.iter().any(|r| r.check == Some(c.id)))
            .map(|c| Listed {
                cis: None,
                title: c.title,
                automated: true,
                id: Some(c.id),
                severity: Some(c.severity.as_str()),
                days: days(c.id),
                needs: None,
                note: None,
                root: Some(crate::root_treatment(c)),
            }),
    );
    out
}

/// [`listing`] as a result, for the table, CSV and Markdown outputs (`automated` as
/// `true`/`false`).
pub fn listing_result(benchmark: Benchmark) -> crate::QueryResult {
    use crate::Value;
    let text = |s: Option<&str>| s.map_or(Value::Null, |s| Value::Text(s.to_owned()));
    crate::QueryResult {
        columns: [
            "cis",
            "title",
            "automated",
            "id",
            "severity",
            "days",
            "needs",
        ]
        .map(String::from)
        .to_vec(),
        rows: listing(benchmark)
            .into_iter()
            .map(|l| {
                vec![
                    text(l.cis),
                    text(Some(l.title)),
                    text(Some(if l.automated { "true" } else { "false" })),
                    text(l.id),
                    text(l.severity),
                    l.days.map_or(Value::Null, Value::Integer),
                    text(l.needs),
                ]
            })
            .collect(),
        truncated: None,
    }
}
