//! Least-privilege synthesis: observed `(action, resource)` calls and the AWS catalog in, an
//! IAM policy out. Pure: no I/O, deterministic output for the same input.
//!
//! ```
//! use polgen_suggest::{Format, Options, render, synthesize};
//!
//! let calls = vec![("s3:GetObject".to_owned(), "arn:aws:s3:::b/k".to_owned())];
//! let policy = synthesize(&calls, &[], Options::default());
//! assert!(policy.actions().contains("s3:GetObject"));
//! assert!(render(&policy, Format::Json, "app").contains("\"Sid\": \"S3Object\""));
//! ```

pub mod compare;
pub mod generalise;
pub mod render;
pub mod split;
pub mod synthesize;

pub use compare::{Comparison, ServiceUsage, compare};
pub use generalise::{Limits, Widening};
pub use render::{Format, render, render_parts};
pub use split::{Split, policy_size, split};
pub use synthesize::{Options, Statement, Suggestion, synthesize};
