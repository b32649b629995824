//! "Did you mean" for unknown service prefixes and actions.
//!
//! Edit distance (Damerau-Levenshtein, case-insensitive) picks candidates within a threshold
//! that grows with the length of the name; Jaro-Winkler breaks ties in favour of shared
//! beginnings. An action whose name exists under another service (`s3:GetFunction`) is moved to
//! that service; when several services have it, the one whose prefix looks most like the one
//! typed wins, then the more commonly used service.

use strsim::{damerau_levenshtein, jaro_winkler};

use crate::catalog::Catalog;
use crate::model::Service;
use crate::wildcard;

/// Names people use for services whose IAM prefix differs.
const SERVICE_ALIASES: &[(&str, &str)] = &[
    ("alb", "elasticloadbalancing"),
    ("api-gateway", "apigateway"),
    ("apigw", "apigateway"),
    ("cloudwatch-logs", "logs"),
    ("cloudwatchevents", "events"),
    ("cloudwatchlogs", "logs"),
    ("cognito", "cognito-idp"),
    ("ddb", "dynamodb"),
    ("dynamo", "dynamodb"),
    ("elasticsearch", "es"),
    ("elb", "elasticloadbalancing"),
    ("elbv2", "elasticloadbalancing"),
    ("eventbridge", "events"),
    ("identitycenter", "sso"),
    ("kinesisfirehose", "firehose"),
    ("nlb", "elasticloadbalancing"),
    ("opensearch", "es"),
    ("parameterstore", "ssm"),
    ("sfn", "states"),
    ("step-functions", "states"),
    ("stepfunctions", "states"),
    ("systemsmanager", "ssm"),
];

/// Frequently used services, most common first: the tie-breaker between equally good guesses.
const COMMON_SERVICES: &[&str] = &[
    "s3",
    "ec2",
    "iam",
    "lambda",
    "sts",
    "dynamodb",
    "logs",
    "kms",
    "sqs",
    "sns",
    "cloudwatch",
    "cloudformation",
    "ecr",
    "ecs",
    "eks",
    "rds",
    "secretsmanager",
    "ssm",
    "events",
    "states",
    "apigateway",
    "execute-api",
    "cloudfront",
    "route53",
    "elasticloadbalancing",
    "autoscaling",
    "glue",
    "athena",
    "kinesis",
    "firehose",
    "cognito-idp",
    "organizations",
    "sagemaker",
];

/// Largest edit distance accepted for a name of this length.
fn threshold(len: usize) -> usize {
    match len {
        0..=3 => 1,
        4..=10 => 2,
        _ => 3,
    }
}

fn popularity(prefix: &str) -> usize {
    COMMON_SERVICES
        .iter()
        .position(|p| *p == prefix)
        .unwrap_or(COMMON_SERVICES.len())
}

/// The closest name to `wanted` among `candidates` within the threshold, with its distance.
fn nearest<'a>(
    wanted: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<(&'a str, usize)> {
    let wanted = wanted.to_ascii_lowercase();
    let limit = threshold(wanted.chars().count());
    let mut best: Option<(&'a str, usize, f64)> = None;
    for candidate in candidates {
        if !polgen_source::quote::may_be_misspelling(&wanted, candidate) {
            continue;
        }
        let lower = candidate.to_ascii_lowercase();
        let distance = damerau_levenshtein(&wanted, &lower);
        if distance > limit || distance >= lower.chars().count().max(1) {
            continue;
        }
        let similarity = jaro_winkler(&wanted, &lower);
        let better = match best {
            None => true,
            Some((name, d, s)) => {
                (distance, -similarity, candidate.len(), candidate) < (d, -s, name.len(), name)
            }
        };
        if better {
            best = Some((candidate, distance, similarity));
        }
    }
    best.map(|(name, distance, _)| (name, distance))
}

impl Catalog {
    /// The service prefix meant by `prefix`: itself in canonical case when it exists, a known
    /// alias (`eventbridge` -> `events`), or the nearest prefix by edit distance. `None` when
    /// nothing is close.
    pub fn suggest_service(&self, prefix: &str) -> Option<&'static str> {
        if let Some(found) = self
            .service_prefixes()
            .find(|p| p.eq_ignore_ascii_case(prefix))
        {
            return Some(found);
        }
        let lower = prefix.to_ascii_lowercase();
        if let Some((_, target)) = SERVICE_ALIASES.iter().find(|(alias, _)| *alias == lower)
            && let Some(found) = self.service_prefixes().find(|p| p == target)
        {
            return Some(found);
        }
        nearest(prefix, self.service_prefixes()).map(|(name, _)| name)
    }

    /// The real action nearest to `full_name` (`s3:GetObjects` -> `s3:GetObject`), in canonical
    /// spelling. Handles a wrong or misspelt service (`s3:GetFunction` -> `lambda:GetFunction`,
    /// `s3x:GetObject` -> `s3:GetObject`) and a missing one (`GetObject` -> `s3:GetObject`).
    /// `None` for wildcard patterns and when nothing is close.
    pub fn suggest_action(&self, full_name: &str) -> Option<String> {
        if wildcard::has_wildcard(full_name) {
            return None;
        }
        let Some((prefix, name)) = full_name.split_once(':') else {
            return self.action_elsewhere("", full_name);
        };
        if name.is_empty() {
            return None;
        }
        let service = match self.service(prefix) {
            Some(service) => Some(service),
            None => self.suggest_service(prefix).and_then(|p| self.service(p)),
        };
        if let Some(service) = service
            && let Some(found) = nearest_action(service, name)
        {
            return Some(found);
        }
        self.action_elsewhere(prefix, name)
    }

    /// An action named `name` (exactly, then within distance 1) in the service that best fits
    /// the typed `prefix`.
    fn action_elsewhere(&self, prefix: &str, name: &str) -> Option<String> {
        let prefix = prefix.to_ascii_lowercase();
        let rank = |service: &Service| {
            let similarity = if prefix.is_empty() {
                0.0
            } else {
                jaro_winkler(&prefix, service.prefix)
            };
            // Higher similarity first, then the more common service, then alphabetical.
            (
                -(similarity * 1000.0).round() as i64,
                popularity(service.prefix),
                service.prefix,
            )
        };
        let exact = self
            .services()
            .filter_map(|s| s.action(name).map(|a| (s, a)))
            .min_by_key(|(s, _)| rank(s));
        if let Some((service, action)) = exact {
            return Some(format!("{}:{}", service.prefix, action.name));
        }
        let lower = name.to_ascii_lowercase();
        self.services()
            .flat_map(|s| s.actions().map(move |a| (s, a)))
            .filter(|(_, a)| damerau_levenshtein(&lower, &a.name.to_ascii_lowercase()) <= 1)
            .min_by_key(|(s, _)| rank(s))
            .map(|(service, action)| format!("{}:{}", service.prefix, action.name))
    }
}

/// The action of `service` nearest to `name`, as `prefix:Name`.
fn nearest_action(service: &Service, name: &str) -> Option<String> {
    if let Some(action) = service.action(name) {
        return Some(format!("{}:{}", service.prefix, action.name));
    }
    nearest(name, service.actions().map(|a| a.name.as_str()))
        .map(|(found, _)| format!("{}:{found}", service.prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_grow_with_length() {
        assert_eq!(threshold(2), 1);
        assert_eq!(threshold(9), 2);
        assert_eq!(threshold(20), 3);
    }

    #[test]
    fn nearest_prefers_small_distance_then_similarity() {
        let names = ["GetObject", "GetObjectAcl", "PutObject"];
        assert_eq!(
            nearest("GetObjects", names.into_iter()),
            Some(("GetObject", 1))
        );
        assert_eq!(
            nearest("getobjectacls", names.into_iter()),
            Some(("GetObjectAcl", 1))
        );
        assert_eq!(nearest("Frobnicate", names.into_iter()), None);
    }
}
