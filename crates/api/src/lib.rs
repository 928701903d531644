//! Alibaba Cloud API access for credreport: credentials as the Aliyun CLI and Steampipe find them,
//! the two published request-signing schemes, and the credential-report fetch (generate, poll,
//! read every page, identify the account). Native only: the browser reaches the API through
//! `credreport serve`, never directly.

pub mod client;
pub mod credentials;
pub mod sign;

pub use client::{
    Client, Endpoints, FetchError, Fetched, Page, Progress, Settings, SignatureVersion,
};
pub use credentials::{default_config_path, resolve, CredentialError, Credentials, Secret};
