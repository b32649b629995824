//! CloudTrail from AWS, as [`polgen_trail::TrailSource`]s: log files in an S3 bucket
//! ([`S3Source`]) and the `LookupEvents` API ([`LookupEventsSource`]). Kept out of polgen_trail
//! so that the SDK is compiled and linked only here.
//!
//! Credentials come only from the standard AWS chain of `aws-config` (environment, profiles,
//! SSO, web identity, role assumption configured in profiles, container and instance
//! credentials): this crate takes no keys. Nothing here touches the network until a source is
//! listed or read.
//!
//! The scan of polgen_trail is a rayon loop that calls `read` on its own threads; the sources
//! answer with `block_on` on one shared tokio runtime, so the number of concurrent downloads is
//! the number of scanning threads (see [`DOWNLOAD_THREADS`]).

use std::sync::Arc;

use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};

pub mod layout;
mod lookup;
mod s3;

pub use lookup::{LookupEventsSource, LookupScope};
pub use s3::{S3Location, S3Source};

/// How many objects to download at once: S3 answers each GET after tens of milliseconds, so
/// a scan of remote units wants many more threads than cores (parsing stays fast enough).
pub const DOWNLOAD_THREADS: usize = 16;

/// Where and as whom to call AWS; everything optional falls back to the standard chain
/// (`AWS_PROFILE`, `AWS_REGION`, the profile's `region`, ...).
#[derive(Debug, Clone, Default)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Another endpoint (an S3-compatible store, a VPC endpoint, a local test server).
    pub endpoint_url: Option<String>,
}

/// One runtime and one resolved configuration shared by every AWS source of a run.
pub struct Aws {
    runtime: tokio::runtime::Runtime,
    config: SdkConfig,
    endpoint_url: Option<String>,
}

impl Aws {
    /// Builds the runtime and resolves the configuration (profile files are read, no request
    /// is made: credentials are fetched on first use).
    pub fn new(options: &AwsOptions) -> Result<Arc<Aws>, String> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("polgen-aws")
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the AWS client runtime: {e}"))?;
        let mut loader = aws_config::defaults(BehaviorVersion::latest());
        if let Some(profile) = &options.profile {
            loader = loader.profile_name(profile);
        }
        if let Some(region) = &options.region {
            loader = loader.region(Region::new(region.clone()));
        }
        if let Some(url) = &options.endpoint_url {
            loader = loader.endpoint_url(url);
        }
        let config = runtime.block_on(loader.load());
        if config.region().is_none() {
            return Err(
                "no AWS region: give --region, set AWS_REGION or a `region` in the profile"
                    .to_owned(),
            );
        }
        Ok(Arc::new(Aws {
            runtime,
            config,
            endpoint_url: options.endpoint_url.clone(),
        }))
    }

    /// The region requests go to.
    pub fn region(&self) -> String {
        self.config
            .region()
            .map(ToString::to_string)
            .unwrap_or_default()
    }

    fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

/// An SDK error in one line: the service's code and message, or the chain of causes of a
/// failure to get an answer (the SDK's own `Display` says only "service error").
fn describe<E, R>(error: &SdkError<E, R>) -> String
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
    R: std::fmt::Debug + 'static,
{
    if let SdkError::ServiceError(service) = error {
        let err = service.err();
        match (err.code(), err.message()) {
            (Some(code), Some(message)) => return format!("{code}: {message}"),
            (Some(code), None) => return code.to_owned(),
            _ => {}
        }
    }
    chain(error)
}

/// `error: cause: cause`.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
