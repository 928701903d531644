//! The command line's access to Alibaba Cloud: which credentials, which endpoints, which signing
//! scheme — shared by `fetch`, `query --fetch` and `serve`.

use clap::{Args, ValueEnum};
use credreport_api::{
    default_config_path, resolve, Client, CredentialError, Credentials, Endpoints, FetchError,
    Fetched, Progress, Settings, SignatureVersion,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Signature {
    /// ACS3-HMAC-SHA256 (current).
    V3,
    /// The RPC scheme's HMAC-SHA1 (signature 1.0).
    V1,
}

#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Fetching from Alibaba Cloud")]
pub struct CloudArgs {
    /// A profile of ~/.aliyun/config.json (else ALIBABA_CLOUD_PROFILE, ALIBABACLOUD_PROFILE,
    /// ALICLOUD_PROFILE; else the access-key environment variables).
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The request-signing scheme.
    #[arg(long, value_enum, default_value_t = Signature::V3)]
    pub signature: Signature,
    /// The IMS endpoint (for a local stand-in in tests).
    #[arg(
        long,
        value_name = "URL",
        env = "CREDREPORT_IMS_ENDPOINT",
        default_value = "https://ims.aliyuncs.com"
    )]
    pub ims_endpoint: String,
    /// The STS endpoint (for a local stand-in in tests).
    #[arg(
        long,
        value_name = "URL",
        env = "CREDREPORT_STS_ENDPOINT",
        default_value = "https://sts.aliyuncs.com"
    )]
    pub sts_endpoint: String,
    /// Seconds one API call may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub api_timeout: u64,
}

impl CloudArgs {
    pub fn credentials(&self) -> Result<Credentials, CredentialError> {
        resolve(
            self.profile.as_deref(),
            &|k| std::env::var(k).ok(),
            &default_config_path(),
        )
    }

    pub fn client(&self, credentials: Credentials) -> Result<Client, FetchError> {
        let settings = Settings {
            timeout: std::time::Duration::from_secs(self.api_timeout.max(1)),
            ..Settings::default()
        };
        let signature = match self.signature {
            Signature::V3 => SignatureVersion::V3,
            Signature::V1 => SignatureVersion::V1,
        };
        Client::new(
            credentials,
            Endpoints {
                ims: self.ims_endpoint.clone(),
                sts: self.sts_endpoint.clone(),
            },
            signature,
            settings,
        )
    }
}

/// Words for a progress step, as the spinner and the page show them.
pub fn describe(p: &Progress) -> String {
    match p {
        Progress::Generating {
            state,
            waited_seconds,
        } => format!("Alibaba Cloud is generating the report ({state}, {waited_seconds} s)…"),
        Progress::Reading { page } => format!("Reading page {page} of the report…"),
        Progress::Identifying => "Asking STS which account this is…".into(),
        Progress::Retrying { what, reason } => format!("Retrying {what}: {reason}"),
    }
}

/// Fetch with a spinner on standard error.
pub fn fetch_with_spinner(args: &CloudArgs) -> Result<Fetched, String> {
    let credentials = args.credentials().map_err(|e| e.to_string())?;
    let client = args.client(credentials).map_err(|e| e.to_string())?;
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    spinner.set_message("Asking Alibaba Cloud for the credential report…");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    // On a terminal a spinner; elsewhere (a pipe, CI) one line per step.
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let s = spinner.clone();
    let result = runtime.block_on(client.fetch(&move |p| {
        if terminal {
            s.set_message(describe(&p));
        } else {
            eprintln!("{}", describe(&p));
        }
    }));
    spinner.finish_and_clear();
    if let Ok(f) = &result {
        eprintln!(
            "Fetched the credential report: {} page{}, account {}",
            f.pages.len(),
            credreport_core::words::plural(f.pages.len()),
            f.account_id.as_deref().unwrap_or("unknown")
        );
    }
    result.map_err(|e| e.to_string())
}
