//! The suggested policy as text: canonical IAM JSON (stable order, two-space indent, one value
//! per line so that diffs stay small), YAML, a Terraform `aws_iam_policy_document`, or a
//! CloudFormation `AWS::IAM::ManagedPolicy`.

use crate::synthesize::{Statement, Suggestion};

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
    Terraform,
    CloudFormation,
}

/// `text` as a JSON (and YAML, and nearly HCL) double-quoted string.
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

/// Renders the policy; `name` names the Terraform data source or CloudFormation resource.
pub fn render(suggestion: &Suggestion, format: Format, name: &str) -> String {
    match format {
        Format::Json => json(&suggestion.statements),
        Format::Yaml => yaml(&suggestion.statements, 0),
        Format::Terraform => terraform(&suggestion.statements, name),
        Format::CloudFormation => cloudformation(&suggestion.statements, name),
    }
}

/// Renders several policies as one output: a JSON array of documents, YAML documents separated
/// by `---`, Terraform data sources `NAME_1`, `NAME_2`, ..., or CloudFormation
/// `AWS::IAM::ManagedPolicy` resources `Name1Policy`, `Name2Policy`, ... in one template.
pub fn render_parts(parts: &[Suggestion], format: Format, name: &str) -> String {
    let named = |i: usize| format!("{name}-{}", i + 1);
    match format {
        Format::Json => {
            let docs: Vec<String> = parts
                .iter()
                .map(|p| {
                    json(&p.statements)
                        .lines()
                        .map(|l| format!("  {l}"))
                        .collect::<Vec<_>>()
                        .join("\n")
                })
                .collect();
            format!("[\n{}\n]\n", docs.join(",\n"))
        }
        Format::Yaml => parts
            .iter()
            .map(|p| yaml(&p.statements, 0))
            .collect::<Vec<_>>()
            .join("---\n"),
        Format::Terraform => parts
            .iter()
            .enumerate()
            .map(|(i, p)| terraform(&p.statements, &named(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Format::CloudFormation => {
            let mut out = String::new();
            for (i, p) in parts.iter().enumerate() {
                let one = cloudformation(&p.statements, &named(i));
                // One `Resources:` section holds them all.
                out.push_str(if i == 0 {
                    &one
                } else {
                    one.strip_prefix("Resources:\n").unwrap_or(&one)
                });
            }
            out
        }
    }
}

fn json(statements: &[Statement]) -> String {
    let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
    for (i, s) in statements.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "    {{\n      \"Sid\": {},\n      \"Effect\": \"Allow\",\n",
            quote(&s.sid)
        ));
        out.push_str(&format!("      \"Action\": {},\n", json_list(&s.actions)));
        out.push_str(&format!(
            "      \"Resource\": {}\n    }}",
            json_list(&s.resources)
        ));
    }
    out.push_str("\n  ]\n}\n");
    out
}

fn json_list(items: &[String]) -> String {
    let inner: Vec<String> = items
        .iter()
        .map(|i| format!("        {}", quote(i)))
        .collect();
    format!("[\n{}\n      ]", inner.join(",\n"))
}

fn yaml(statements: &[Statement], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}Version: \"2012-10-17\"\n{pad}Statement:\n");
    for s in statements {
        out.push_str(&format!("{pad}  - Sid: {}\n", quote(&s.sid)));
        out.push_str(&format!("{pad}    Effect: Allow\n{pad}    Action:\n"));
        for a in &s.actions {
            out.push_str(&format!("{pad}      - {}\n", quote(a)));
        }
        out.push_str(&format!("{pad}    Resource:\n"));
        for r in &s.resources {
            out.push_str(&format!("{pad}      - {}\n", quote(r)));
        }
    }
    out
}

/// HCL strings: JSON escapes, plus `${` and `%{` which would start a template.
fn hcl_quote(text: &str) -> String {
    quote(text).replace("${", "$${").replace("%{", "%%{")
}

fn terraform(statements: &[Statement], name: &str) -> String {
    let label = identifier(name, '_').to_ascii_lowercase();
    let mut out = format!("data \"aws_iam_policy_document\" \"{label}\" {{\n");
    for (i, s) in statements.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  statement {\n");
        out.push_str(&format!("    sid       = {}\n", hcl_quote(&s.sid)));
        out.push_str("    effect    = \"Allow\"\n");
        out.push_str(&format!("    actions   = {}\n", hcl_list(&s.actions)));
        out.push_str(&format!("    resources = {}\n", hcl_list(&s.resources)));
        out.push_str("  }\n");
    }
    out.push_str("}\n");
    out
}

fn hcl_list(items: &[String]) -> String {
    if items.len() == 1 {
        return format!("[{}]", hcl_quote(&items[0]));
    }
    let inner: Vec<String> = items
        .iter()
        .map(|i| format!("      {},\n", hcl_quote(i)))
        .collect();
    format!("[\n{}    ]", inner.concat())
}

fn cloudformation(statements: &[Statement], name: &str) -> String {
    let logical = identifier(name, '\0');
    let mut out = format!(
        "Resources:\n  {logical}:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Description: \"Least privilege from CloudTrail (polgen suggest)\"\n      PolicyDocument:\n"
    );
    out.push_str(&yaml(statements, 8));
    out
}

/// `arn:aws:iam::1:role/app-role` -> `AppRole` (CloudFormation) or `app_role` (Terraform):
/// the role or user name, as an identifier; `SuggestedPolicy` when nothing is left.
fn identifier(name: &str, separator: char) -> String {
    let last = name.rsplit(['/', ':']).next().unwrap_or(name);
    let words: Vec<&str> = last
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let joined = if separator == '\0' {
        words
            .iter()
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                    .unwrap_or_default()
            })
            .collect::<String>()
    } else {
        words.join(&separator.to_string())
    };
    match joined.chars().next() {
        None => "SuggestedPolicy".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("P{joined}"),
        Some(_) => {
            if separator == '\0' {
                format!("{joined}Policy")
            } else {
                joined
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Suggestion {
        Suggestion {
            statements: vec![
                Statement {
                    sid: "S3Object".into(),
                    actions: vec!["s3:GetObject".into(), "s3:PutObject".into()],
                    resources: vec!["arn:aws:s3:::b/${x}/*".into()],
                    inferred: false,
                },
                Statement {
                    sid: "Ec2AnyResource".into(),
                    actions: vec!["ec2:DescribeInstances".into()],
                    resources: vec!["*".into()],
                    inferred: false,
                },
            ],
            widenings: Vec::new(),
        }
    }

    #[test]
    fn json_is_canonical_and_parses() {
        let text = render(&sample(), Format::Json, "x");
        let value: serde_json::Value = serde_json::from_str(&text).expect("test input is valid");
        assert_eq!(value["Version"], "2012-10-17");
        assert_eq!(value["Statement"][1]["Resource"][0], "*");
        assert!(text.starts_with("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\n      \"Sid\": \"S3Object\",\n      \"Effect\": \"Allow\",\n      \"Action\": [\n        \"s3:GetObject\",\n"));
    }

    #[test]
    fn terraform_escapes_templates() {
        let text = render(&sample(), Format::Terraform, "arn:aws:iam::1:role/app-role");
        assert!(text.starts_with("data \"aws_iam_policy_document\" \"app_role\" {\n"));
        assert!(
            text.contains("resources = [\"arn:aws:s3:::b/$${x}/*\"]"),
            "{text}"
        );
        assert!(text.contains(
            "    actions   = [\n      \"s3:GetObject\",\n      \"s3:PutObject\",\n    ]\n"
        ));
    }

    #[test]
    fn cloudformation_and_yaml() {
        let text = render(
            &sample(),
            Format::CloudFormation,
            "arn:aws:iam::1:role/app-role",
        );
        assert!(
            text.starts_with("Resources:\n  AppRolePolicy:\n    Type: AWS::IAM::ManagedPolicy\n")
        );
        assert!(
            text.contains("\n        Statement:\n          - Sid: \"S3Object\"\n"),
            "{text}"
        );
        assert_eq!(identifier("", '_'), "SuggestedPolicy");
        assert_eq!(identifier("arn:aws:iam::1:role/9lives", '_'), "P9lives");
    }

    #[test]
    fn several_parts_in_every_format() {
        let all = sample();
        let parts: Vec<Suggestion> = all
            .statements
            .iter()
            .map(|st| Suggestion {
                statements: vec![st.clone()],
                widenings: Vec::new(),
            })
            .collect();
        let name = "arn:aws:iam::1:role/app";
        let json_text = render_parts(&parts, Format::Json, name);
        let value: serde_json::Value =
            serde_json::from_str(&json_text).expect("test input is valid");
        assert_eq!(value.as_array().map(Vec::len), Some(2));
        assert_eq!(value[1]["Statement"][0]["Sid"], "Ec2AnyResource");
        let yaml_text = render_parts(&parts, Format::Yaml, name);
        assert_eq!(yaml_text.matches("Version: \"2012-10-17\"").count(), 2);
        assert!(yaml_text.contains("\n---\nVersion"));
        let tf = render_parts(&parts, Format::Terraform, name);
        assert!(tf.contains("data \"aws_iam_policy_document\" \"app_1\" {"));
        assert!(tf.contains("data \"aws_iam_policy_document\" \"app_2\" {"));
        let cfn = render_parts(&parts, Format::CloudFormation, name);
        assert_eq!(cfn.matches("Resources:").count(), 1);
        assert!(
            cfn.contains("\n  App1Policy:\n") && cfn.contains("\n  App2Policy:\n"),
            "{cfn}"
        );
    }
}
