//! Credentials, found where users of the Aliyun CLI and Steampipe keep them (SPEC §5): a profile
//! of `~/.aliyun/config.json`, else the environment. Secrets never reach logs, errors or `Debug`.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// A secret string: `Debug` and `Display` print `***`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for signing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub access_key_id: String,
    pub access_key_secret: Secret,
    pub security_token: Option<Secret>,
    /// Where they came from, for messages: `profile "default" of ~/.aliyun/config.json`.
    pub source: String,
}

#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CredentialError {
    #[error("no Alibaba Cloud credentials found; looked in: {}. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile with `aliyun configure`", looked.join("; "))]
    Missing { looked: Vec<String> },
    #[error("{id} is set but {secret} is not: set the AccessKey secret too (or unset {id} to use a profile)")]
    MissingSecret {
        id: &'static str,
        secret: &'static str,
    },
    #[error("profile {profile:?} is not in {path}; profiles there: {}", if available.is_empty() { "none".to_owned() } else { available.join(", ") })]
    NoSuchProfile {
        profile: String,
        path: String,
        available: Vec<String>,
    },
    #[error("profile {profile:?} in {path} uses mode {mode:?}, which credreport does not support; use a profile of mode AK or StsToken, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET")]
    UnsupportedMode {
        profile: String,
        path: String,
        mode: String,
    },
    #[error("profile {profile:?} in {path} has no {field}")]
    Incomplete {
        profile: String,
        path: String,
        field: &'static str,
    },
    #[error("{path}: {message}")]
    Config { path: String, message: String },
}

#[derive(Deserialize)]
struct Config {
    #[serde(default)]
    current: String,
    #[serde(default)]
    profiles: Vec<Profile>,
}

#[derive(Deserialize)]
struct Profile {
    name: String,
    #[serde(default)]
    mode: String,
    #[serde(default)]
    access_key_id: String,
    #[serde(default)]
    access_key_secret: String,
    #[serde(default)]
    sts_token: String,
}

const PROFILE_VARS: [&str; 3] = [
    "ALIBABA_CLOUD_PROFILE",
    "ALIBABACLOUD_PROFILE",
    "ALICLOUD_PROFILE",
];
/// (key id, secret, token) variable names, in the order they are tried.
const ENV_SETS: [(&str, &str, Option<&str>); 4] = [
    (
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        Some("ALIBABA_CLOUD_SECURITY_TOKEN"),
    ),
    (
        "ALIBABACLOUD_ACCESS_KEY_ID",
        "ALIBABACLOUD_ACCESS_KEY_SECRET",
        None,
    ),
    ("ALICLOUD_ACCESS_KEY_ID", "ALICLOUD_ACCESS_KEY_SECRET", None),
    ("ALICLOUD_ACCESS_KEY", "ALICLOUD_SECRET_KEY", None),
];

/// Resolve credentials: `profile` (the `--profile` flag), else a profile variable, names a profile
/// of `config` (`~/.aliyun/config.json`); without one, the environment variables in SPEC order;
/// without those, the profile `config` names as `current` (what `aliyun configure` writes).
/// A key id set without its secret is said as such, not as "nothing found".
/// `env` reads a variable (the process environment, or a test's map).
pub fn resolve(
    profile: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
    config: &Path,
) -> Result<Credentials, CredentialError> {
    let var = |k: &str| env(k).filter(|v| !v.trim().is_empty());
    let named = profile
        .map(str::to_owned)
        .or_else(|| PROFILE_VARS.iter().find_map(|k| var(k)));
    if let Some(name) = named {
        return from_profile(&name, config);
    }
    let mut looked = Vec::new();
    for (id, secret, token) in ENV_SETS {
        if let (Some(i), Some(s)) = (var(id), var(secret)) {
            return Ok(Credentials {
                access_key_id: i,
                access_key_secret: Secret(s),
                security_token: token.and_then(&var).map(Secret),
                source: format!("environment ({id})"),
            });
        }
        if var(id).is_some() {
            return Err(CredentialError::MissingSecret { id, secret });
        }
        looked.push(format!("{id}/{secret}"));
    }
    if let Some(current) = current_profile(config) {
        return from_profile(&current, config);
    }
    looked.push(format!(
        "{} (set a profile with --profile or ALIBABA_CLOUD_PROFILE)",
        config.display()
    ));
    Err(CredentialError::Missing { looked })
}

/// The profile the configuration names as `current`, when it can be read and names one.
fn current_profile(config: &Path) -> Option<String> {
    let text = std::fs::read_to_string(config).ok()?;
    let parsed: Config = serde_json::from_str(&text).ok()?;
    Some(parsed.current).filter(|c| !c.trim().is_empty())
}

fn from_profile(name: &str, config: &Path) -> Result<Credentials, CredentialError> {
    let path = config.display().to_string();
    let text = std::fs::read_to_string(config).map_err(|e| CredentialError::Config {
        path: path.clone(),
        message: format!(
            "cannot read the Aliyun CLI configuration ({e}); profile {name:?} was asked for"
        ),
    })?;
    let parsed: Config = serde_json::from_str(&text).map_err(|e| CredentialError::Config {
        path: path.clone(),
        message: format!("not a valid Aliyun CLI configuration: {e}"),
    })?;
    let name = if name.is_empty() {
        parsed.current.as_str()
    } else {
        name
    };
    let Some(p) = parsed.profiles.iter().find(|p| p.name == name) else {
        return Err(CredentialError::NoSuchProfile {
            profile: name.to_owned(),
            path,
            available: parsed.profiles.iter().map(|p| p.name.clone()).collect(),
        });
    };
    let needs = |v: &str, field| {
        if v.is_empty() {
            Err(CredentialError::Incomplete {
                profile: name.to_owned(),
                path: path.clone(),
                field,
            })
        } else {
            Ok(v.to_owned())
        }
    };
    let token = match p.mode.as_str() {
        "AK" | "" => None,
        "StsToken" => Some(Secret(needs(&p.sts_token, "sts_token")?)),
        other => {
            return Err(CredentialError::UnsupportedMode {
                profile: name.to_owned(),
                path,
                mode: other.to_owned(),
            })
        }
    };
    Ok(Credentials {
        access_key_id: needs(&p.access_key_id, "access_key_id")?,
        access_key_secret: Secret(needs(&p.access_key_secret, "access_key_secret")?),
        security_token: token,
        source: format!("profile {name:?} of {path}"),
    })
}

/// `~/.aliyun/config.json`.
pub fn default_config_path() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default()
        .join(".aliyun/config.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use credreport_testkit::{temp_file, TempFile};
    use std::collections::HashMap;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    /// A config file in a directory of its own: tests run in parallel and must not read each
    /// other's half-written file.
    fn config(json: &str) -> TempFile {
        temp_file("config.json", json.as_bytes())
    }

    const CONFIG: &str = r#"{"current":"main","profiles":[
        {"name":"main","mode":"AK","access_key_id":"AKID-MAIN","access_key_secret":"s3cret-main","region_id":"cn-hangzhou"},
        {"name":"sts","mode":"StsToken","access_key_id":"STS.ID","access_key_secret":"s3cret-sts","sts_token":"tok3n"},
        {"name":"role","mode":"RamRoleArn","access_key_id":"x","access_key_secret":"y"}]}"#;

    #[test]
    fn a_named_profile_wins_over_the_environment() {
        let c = resolve(
            Some("sts"),
            &env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENV")]),
            &config(CONFIG),
        )
        .unwrap();
        assert_eq!(c.access_key_id, "STS.ID");
        assert_eq!(c.security_token.as_ref().map(Secret::expose), Some("tok3n"));
        let c = resolve(None, &env(&[("ALICLOUD_PROFILE", "main")]), &config(CONFIG)).unwrap();
        assert_eq!(c.access_key_id, "AKID-MAIN");
    }

    #[test]
    fn environment_variables_in_order() {
        let e = env(&[
            ("ALICLOUD_ACCESS_KEY", "old"),
            ("ALICLOUD_SECRET_KEY", "olds"),
            ("ALIBABACLOUD_ACCESS_KEY_ID", "mid"),
            ("ALIBABACLOUD_ACCESS_KEY_SECRET", "mids"),
        ]);
        assert_eq!(
            resolve(None, &e, Path::new("/nonexistent"))
                .unwrap()
                .access_key_id,
            "mid"
        );
        let e = env(&[
            ("ALICLOUD_ACCESS_KEY", "old"),
            ("ALICLOUD_SECRET_KEY", "olds"),
        ]);
        assert_eq!(
            resolve(None, &e, Path::new("/nonexistent"))
                .unwrap()
                .access_key_id,
            "old"
        );
        let e = env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "new"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "news"),
            ("ALIBABA_CLOUD_SECURITY_TOKEN", "t"),
        ]);
        let c = resolve(None, &e, Path::new("/nonexistent")).unwrap();
        assert_eq!(
            (c.access_key_id.as_str(), c.security_token.is_some()),
            ("new", true)
        );
    }

    #[test]
    fn missing_credentials_say_where_they_were_looked_for() {
        let e = resolve(None, &env(&[]), Path::new("/home/x/.aliyun/config.json"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("no Alibaba Cloud credentials found; looked in: ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET; ALIBABACLOUD_ACCESS_KEY_ID"), "{e}");
        assert!(e.contains("/home/x/.aliyun/config.json"), "{e}");
    }

    #[test]
    fn unsupported_modes_and_unknown_profiles_are_clear_errors() {
        let e = resolve(Some("role"), &env(&[]), &config(CONFIG))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("uses mode \"RamRoleArn\", which credreport does not support"),
            "{e}"
        );
        let e = resolve(Some("nope"), &env(&[]), &config(CONFIG))
            .unwrap_err()
            .to_string();
        assert!(e.contains("profiles there: main, sts, role"), "{e}");
    }

    /// Regression (#20): `aliyun configure` writes `"current": "default"`; with no --profile,
    /// fetch said no credentials were found and advised running `aliyun configure`.
    #[test]
    fn the_current_profile_is_used_when_nothing_else_is_given() {
        let c = resolve(None, &env(&[]), &config(CONFIG)).unwrap();
        assert_eq!(c.access_key_id, "AKID-MAIN");
        assert!(c.source.contains("profile \"main\""), "{}", c.source);
        // The environment still comes first, as SPEC orders it.
        let e = env(&[
            ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ENV"),
            ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "envs"),
        ]);
        assert_eq!(
            resolve(None, &e, &config(CONFIG)).unwrap().access_key_id,
            "ENV"
        );
        // A configuration with no current profile is not a source.
        let none = config(r#"{"current":"","profiles":[]}"#);
        assert!(matches!(
            resolve(None, &env(&[]), &none),
            Err(CredentialError::Missing { .. })
        ));
    }

    #[test]
    fn a_key_id_without_its_secret_says_the_secret_is_missing() {
        let e = resolve(
            None,
            &env(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI")]),
            &config(CONFIG),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with(
                "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
            ),
            "{e}"
        );
    }

    #[test]
    fn secrets_never_print() {
        let c = resolve(Some("main"), &env(&[]), &config(CONFIG)).unwrap();
        let shown = format!("{c:?} {}", c.access_key_secret);
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("***"));
    }
}
