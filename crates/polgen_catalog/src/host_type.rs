//! The IAM resource type of a resource declared in infrastructure as code
//! (`AWS::SQS::Queue`, `aws_sqs_queue`), derived from the names alone: the service part is
//! a service prefix of the catalog and the type part is one of that service's resource types,
//! compared without case, `-` and `_` (`AWS::Logs::LogGroup` → `logs` `log-group`). Nothing
//! is typed in by hand: a type whose names do not line up (`aws_cloudwatch_log_group`,
//! `AWS::StepFunctions::StateMachine`) stays unknown, and is then not judged.

use crate::Catalog;
use crate::model::{ResourceType, Service};

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The one resource type of `service` whose squashed name is `wanted`.
fn only_type<'c>(service: &'c Service, wanted: &str) -> Option<&'c ResourceType> {
    let mut found = service
        .resource_types()
        .filter(|rt| squash(&rt.name) == wanted);
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

impl Catalog {
    /// The IAM resource type a CloudFormation (`AWS::S3::Bucket`) or Terraform
    /// (`aws_s3_bucket`) resource type names, with its service prefix.
    pub fn host_resource_type(&self, host_type: &str) -> Option<(&'static str, &ResourceType)> {
        if let Some(rest) = host_type.strip_prefix("AWS::") {
            let (service, ty) = rest.split_once("::")?;
            let svc = self.service(&service.to_ascii_lowercase())?;
            return only_type(svc, &squash(ty)).map(|rt| (svc.prefix, rt));
        }
        // Terraform: `aws_<service words>_<type words>`; the service is the shortest run of
        // words that is a prefix of the catalog with the rest one of its types.
        let words: Vec<&str> = host_type.strip_prefix("aws_")?.split('_').collect();
        (1..words.len()).find_map(|k| {
            let svc = self.service(&words[..k].join(""))?;
            only_type(svc, &squash(&words[k..].join(""))).map(|rt| (svc.prefix, rt))
        })
    }

    /// The ARN shape of a host resource type (`arn:*:sqs:*:*:*` for `AWS::SQS::Queue`), with
    /// `*` for every variable of the catalog's ARN format.
    pub fn host_resource_arn_pattern(&self, host_type: &str) -> Option<String> {
        let (_, rt) = self.host_resource_type(host_type)?;
        let mut out = String::with_capacity(rt.arn_format.len());
        for (literal, variable) in crate::wildcard::placeholders(&rt.arn_format) {
            out.push_str(literal);
            if variable.is_some() && !out.ends_with('*') {
                out.push('*');
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use crate::Catalog;

    #[test]
    fn names_line_up_with_the_catalog() {
        let c = Catalog::get();
        let pattern = |t: &str| c.host_resource_arn_pattern(t);
        assert_eq!(
            pattern("AWS::SQS::Queue").as_deref(),
            Some("arn:*:sqs:*:*:*")
        );
        assert_eq!(pattern("aws_sqs_queue").as_deref(), Some("arn:*:sqs:*:*:*"));
        assert_eq!(pattern("AWS::S3::Bucket").as_deref(), Some("arn:*:s3:::*"));
        assert_eq!(pattern("aws_s3_bucket").as_deref(), Some("arn:*:s3:::*"));
        assert!(pattern("AWS::Logs::LogGroup").is_some_and(|p| p.contains(":log-group:")));
        assert!(pattern("aws_dynamodb_table").is_some_and(|p| p.contains(":table/")));
        assert_eq!(pattern("AWS::NoSuch::Thing"), None);
        assert_eq!(pattern("aws_cloudwatch_log_group"), None);
    }
}
