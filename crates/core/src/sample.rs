//! The built-in sample report: a fictitious account whose users cover every case the canned
//! queries and checks look for. Its times are relative to the `now` it is given, so the 90-day
//! questions have the same answers whatever the day.

use chrono::{DateTime, Duration, Utc};

use crate::schema::CSV_FIELDS;

/// The fictitious account of the sample.
pub const SAMPLE_ACCOUNT_ID: &str = "1234567890123456";

/// What the sample is called where it is loaded: the name a summary, a warning and evidence give it.
pub const SAMPLE_SOURCE: &str = "sample report";

/// One user of the sample: times are days before `now`; `None` = the token given.
struct U {
    name: &'static str,
    created: i64,
    logon: Ago,
    password: (&'static str, &'static str), // exist, active
    changed: Ago,
    next_rotation: Ago,
    mfa: &'static str,
    keys: [Key; 5],
}

#[derive(Clone, Copy)]
enum Ago {
    Days(i64),
    InDays(i64),
    Token(&'static str),
}

#[derive(Clone, Copy)]
struct Key {
    exist: &'static str,
    active: &'static str,
    rotated: Ago,
    used: Ago,
}

const NO_KEY: Key = Key {
    exist: "FALSE",
    active: "N/A",
    rotated: Ago::Token("N/A"),
    used: Ago::Token("N/A"),
};
const fn key(rotated: i64, used: Ago) -> Key {
    Key {
        exist: "TRUE",
        active: "TRUE",
        rotated: Ago::Days(rotated),
        used,
    }
}
const NA: Ago = Ago::Token("N/A");
const NEVER: Ago = Ago::Token("-");
const DISABLED: Ago = Ago::Token("LOGIN_DISABLED");

const USERS: &[U] = &[
    // The account itself: used recently, an old active access key, no MFA.
    U {
        name: "<root>",
        created: 900,
        logon: Ago::Days(10),
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(400),
        next_rotation: NA,
        mfa: "FALSE",
        keys: [key(500, Ago::Days(3)), NO_KEY, NO_KEY, NO_KEY, NO_KEY],
    },
    U {
        name: "alice.sample",
        created: 700,
        logon: Ago::Days(5),
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(30),
        next_rotation: Ago::InDays(60),
        mfa: "TRUE",
        keys: [key(30, Ago::Days(1)), NO_KEY, NO_KEY, NO_KEY, NO_KEY],
    },
    // Dormant console user without MFA; an old key used long ago and a new key never used.
    U {
        name: "bob.dormant",
        created: 650,
        logon: Ago::Days(200),
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(200),
        next_rotation: Ago::Days(110),
        mfa: "FALSE",
        keys: [
            key(400, Ago::Days(150)),
            key(20, NA),
            NO_KEY,
            NO_KEY,
            NO_KEY,
        ],
    },
    // Has a console password, never logged on, no MFA.
    U {
        name: "carol.newhire",
        created: 15,
        logon: NEVER,
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(15),
        next_rotation: Ago::InDays(75),
        mfa: "FALSE",
        keys: [NO_KEY; 5],
    },
    // A program: no console, two active keys older than 90 days.
    U {
        name: "dave.automation",
        created: 600,
        logon: NEVER,
        password: ("FALSE", "N/A"),
        changed: NA,
        next_rotation: NA,
        mfa: "FALSE",
        keys: [
            key(100, Ago::Days(2)),
            key(95, Ago::Days(60)),
            NO_KEY,
            NO_KEY,
            NO_KEY,
        ],
    },
    // Console logon disabled.
    U {
        name: "erin.disabled",
        created: 500,
        logon: DISABLED,
        password: ("TRUE", "LOGIN_DISABLED"),
        changed: Ago::Days(300),
        next_rotation: NA,
        mfa: "LOGIN_DISABLED",
        keys: [NO_KEY; 5],
    },
    U {
        name: "frank.mfa",
        created: 400,
        logon: Ago::Days(45),
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(45),
        next_rotation: Ago::InDays(45),
        mfa: "TRUE",
        keys: [NO_KEY; 5],
    },
    // A recent key and an additional key that is old and unused for long.
    U {
        name: "grace.keys",
        created: 350,
        logon: NEVER,
        password: ("FALSE", "N/A"),
        changed: NA,
        next_rotation: NA,
        mfa: "FALSE",
        keys: [
            key(10, Ago::Days(1)),
            NO_KEY,
            key(300, Ago::Days(300)),
            NO_KEY,
            NO_KEY,
        ],
    },
    // Console password disabled; last logon long ago.
    U {
        name: "ivan.inactive",
        created: 800,
        logon: Ago::Days(300),
        password: ("TRUE", "FALSE"),
        changed: Ago::Days(320),
        next_rotation: NA,
        mfa: "TRUE",
        keys: [NO_KEY; 5],
    },
    // Dormant for over a year, with MFA.
    U {
        name: "judy.former",
        created: 850,
        logon: Ago::Days(400),
        password: ("TRUE", "TRUE"),
        changed: Ago::Days(420),
        next_rotation: Ago::Days(330),
        mfa: "TRUE",
        keys: [NO_KEY; 5],
    },
];

/// The sample report as Alibaba Cloud would write it, with times relative to `now`.
pub fn sample_csv(now: DateTime<Utc>) -> String {
    // A fixed time of day keeps every relative time far from a day boundary's surprises.
    let base = now;
    let t = |a: Ago| -> String {
        match a {
            Ago::Days(d) => (base - Duration::days(d) - Duration::hours(3))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            Ago::InDays(d) => (base + Duration::days(d))
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string(),
            Ago::Token(s) => s.to_owned(),
        }
    };
    let mut out = CSV_FIELDS.join(",");
    out.push('\n');
    for u in USERS {
        let name = if u.name == "<root>" {
            u.name.to_owned()
        } else {
            format!("{}@{SAMPLE_ACCOUNT_ID}.onaliyun.com", u.name)
        };
        let mut fields = vec![
            name,
            t(Ago::Days(u.created)),
            t(u.logon),
            u.password.0.into(),
            u.password.1.into(),
            t(u.changed),
            t(u.next_rotation),
            u.mfa.into(),
        ];
        for k in u.keys {
            fields.extend([
                k.exist.to_owned(),
                k.active.to_owned(),
                t(k.rotated),
                t(k.used),
            ]);
        }
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The sample as `GetCredentialReport` returns it, generated at `now`: what the page and
/// `--sample` load, so the sample says when it was generated (as a fetched report does) and
/// nobody is asked. `credreport sample` prints [`sample_csv`], the console's form, instead.
pub fn sample_report(now: DateTime<Utc>) -> String {
    use base64::Engine as _;
    serde_json::json!({
        "GeneratedTime": now.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "Content": base64::engine::general_purpose::STANDARD.encode(sample_csv(now)),
        "IsTruncated": false,
    })
    .to_string()
}

/// A synthetic report of `users` users of account `account_id`, reproducible from `seed`, with a
/// realistic mix of values (console users with and without MFA, keys of every age, never-used
/// keys, disabled logons). For benchmarks and property tests.
pub fn synthetic_csv(users: usize, account_id: &str, seed: u64, now: DateTime<Utc>) -> String {
    let mut rng = Lcg(seed ^ 0x9e37_79b9_7f4a_7c15);
    let t = |days: u64, secs: u64| {
        (now - Duration::days(days as i64) - Duration::seconds(secs as i64))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let mut out = String::with_capacity(users * 330);
    out.push_str(&CSV_FIELDS.join(","));
    out.push('\n');
    for i in 0..users {
        let created = 30 + rng.below(1500);
        let mut f: Vec<String> = Vec::with_capacity(28);
        f.push(if i == 0 {
            "<root>".to_owned()
        } else {
            format!("user{i:06}.{}@{account_id}.onaliyun.com", rng.below(1000))
        });
        f.push(t(created, rng.below(86_400)));
        let console = i == 0 || rng.below(100) < 60;
        let disabled = console && rng.below(100) < 5;
        let logon = match (console, disabled, rng.below(100)) {
            (_, true, _) => "LOGIN_DISABLED".to_owned(),
            (false, _, _) | (true, _, 0..=9) => "-".to_owned(),
            _ => t(rng.below(created), rng.below(86_400)),
        };
        f.push(logon);
        f.push(if console { "TRUE" } else { "FALSE" }.to_owned());
        f.push(
            match (console, disabled) {
                (false, _) => "N/A",
                (true, true) => "LOGIN_DISABLED",
                (true, false) => {
                    if rng.below(10) == 0 {
                        "FALSE"
                    } else {
                        "TRUE"
                    }
                }
            }
            .to_owned(),
        );
        f.push(if console {
            t(rng.below(created), 0)
        } else {
            "N/A".to_owned()
        });
        f.push("N/A".to_owned());
        f.push(match (console, disabled) {
            (_, true) => "LOGIN_DISABLED".to_owned(),
            (true, false) => (rng.below(100) < 70).to_string().to_uppercase(),
            (false, _) => "FALSE".to_owned(),
        });
        let keys = [
            rng.below(100) < 55,
            rng.below(100) < 15,
            rng.below(100) < 3,
            false,
            false,
        ];
        for has in keys {
            if has {
                let rotated = rng.below(created);
                f.push("TRUE".into());
                f.push(if rng.below(10) == 0 { "FALSE" } else { "TRUE" }.into());
                f.push(t(rotated, rng.below(86_400)));
                f.push(if rng.below(100) < 15 {
                    "N/A".into()
                } else {
                    t(rng.below(rotated + 1), rng.below(86_400))
                });
            } else {
                f.extend(["FALSE", "N/A", "N/A", "N/A"].map(String::from));
            }
        }
        out.push_str(&f.join(","));
        out.push('\n');
    }
    out
}

/// A small, seeded generator: benchmarks must be reproducible, and the core takes no dependency
/// for randomness.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}
