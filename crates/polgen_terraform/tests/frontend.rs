//! The Terraform front-end on hand-written configurations (positions) and on the corpus
//! (every `.tf` file and plan parses; no false syntax error).

use std::path::{Path, PathBuf};

use polgen_policy::{PolicyKind, StrKind, build};

#[test]
fn heredoc_jsonencode_and_policy_document_keep_host_positions() {
    let text = r#"resource "aws_iam_policy" "heredoc" {
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "${aws_s3_bucket.b.arn}/$${aws:username}/*"}]
    }
  EOT
}

resource "aws_iam_role_policy" "encoded" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"]
    }
  }
}
"#;
    let doc = polgen_terraform::parse(text).expect("parses");
    assert_eq!(doc.policies.len(), 3, "{:?}", doc.errors);

    let heredoc = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let action = &heredoc.statements[0].action.as_ref().expect("action").items[0];
    assert_eq!(&text[action.span.range()], "\"s3:*\"");
    let resource = &heredoc.statements[0]
        .resource
        .as_ref()
        .expect("resource")
        .items[0];
    assert_eq!(resource.kind, StrKind::Pattern);
    assert_eq!(resource.value, "*/${aws:username}/*");

    let encoded = build(doc.policies[1].root.clone(), doc.policies[1].kind);
    let action = &encoded.statements[0].action.as_ref().expect("action").items[0];
    assert_eq!(&text[action.span.range()], "\"*\"");

    let trust = &doc.policies[2];
    assert_eq!(trust.resource, "data.aws_iam_policy_document.trust");
    assert_eq!(
        trust.kind,
        Some(PolicyKind::Trust),
        "kind from where it is used"
    );
    let model = build(trust.root.clone(), trust.kind);
    assert!(
        model.grammar_issues.is_empty(),
        "{:?}",
        model.grammar_issues
    );
    let principal = model.statements[0].principal.as_ref().expect("principal");
    let id = &principal.entries[0].values[0];
    // A Terraform interpolation is an unknown value that keeps the ARN's shape.
    assert_eq!(id.value, "arn:aws:iam::*:root");
}

#[test]
fn quoted_json_strings_map_through_escapes() {
    let text = "resource \"aws_sqs_queue_policy\" \"q\" {\n  policy = \"{\\\"Statement\\\":[{\\\"Effect\\\":\\\"Allow\\\",\\\"Principal\\\":\\\"*\\\",\\\"Action\\\":\\\"sqs:*\\\",\\\"Resource\\\":\\\"${aws_sqs_queue.q.arn}\\\"}]}\"\n}\n";
    let doc = polgen_terraform::parse(text).expect("parses");
    assert!(doc.errors.is_empty(), "{:?}", doc.errors);
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let action = &model.statements[0].action.as_ref().expect("action").items[0];
    assert_eq!(&text[action.span.range()], "\\\"sqs:*\\\"");
    let resource = &model.statements[0]
        .resource
        .as_ref()
        .expect("resource")
        .items[0];
    assert_eq!(resource.kind, StrKind::Pattern);
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/terraform");
    dir.is_dir().then_some(dir)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn corpus_tf_files_and_plans_parse_without_false_syntax_errors() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    let (mut tf, mut plans, mut policies) = (0, 0, 0);
    let mut problems = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = path.display().to_string();
        let parsed = match path.extension().and_then(|e| e.to_str()) {
            Some("tf") => {
                tf += 1;
                polgen_terraform::parse(&text).map(Some)
            }
            Some("json") if polgen_terraform::plan::may_be_plan(&text) => {
                plans += 1;
                polgen_terraform::plan::parse(&text)
            }
            _ => continue,
        };
        match parsed {
            Ok(Some(doc)) => {
                policies += doc.policies.len();
                problems.extend(doc.errors.iter().map(|e| format!("{name}: {}", e.message)));
            }
            Ok(None) => problems.push(format!("{name}: not a plan")),
            Err(e) => problems.push(format!("{name}: {}", e.message)),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(tf >= 191 && plans >= 31, "{tf} .tf files, {plans} plans");
    assert!(policies > 150, "only {policies} policies");
}

#[test]
fn lambda_permission_becomes_a_function_policy_statement() {
    let text = "resource \"aws_lambda_permission\" \"public\" {\n  action        = \"lambda:InvokeFunction\"\n  function_name = \"my-function\"\n  principal     = \"*\"\n}\n";
    let doc = polgen_terraform::parse(text).expect("parses");
    let policy = &doc.policies[0];
    assert_eq!(policy.kind, Some(PolicyKind::Resource));
    let model = build(policy.root.clone(), policy.kind);
    let st = &model.statements[0];
    assert!(st.principal.as_ref().expect("principal").is_everyone());
    let resource = &st.resource.as_ref().expect("resource").items[0];
    assert_eq!(resource.value, "arn:*:lambda:*:*:function:my-function");
    assert_eq!(&text[resource.span.range()], "\"my-function\"");
}

#[test]
fn file_policy_values_become_references_with_the_attribute_kind() {
    use polgen_iac::FileTarget;
    let text = r#"resource "aws_iam_role" "r" {
  assume_role_policy = file("${path.module}/trust.json")
  inline_policy {
    policy = file("policies/app.json")
  }
}
resource "aws_s3_bucket_policy" "b" {
  policy = file("${path.root}/bucket.json")
}
resource "aws_iam_policy" "v" {
  policy = file(var.policy_file)
}
resource "aws_iam_policy" "w" {
  policy = file("${var.dir}/p.json")
}
"#;
    let host = polgen_terraform::parse(text).expect("parses");
    let refs: Vec<(&str, &str, Option<PolicyKind>, &FileTarget)> = host
        .file_references
        .iter()
        .map(|r| (r.resource.as_str(), r.path.as_str(), r.kind, &r.target))
        .collect();
    assert_eq!(
        refs,
        vec![
            (
                "aws_iam_role.r",
                "assume_role_policy",
                Some(PolicyKind::Trust),
                &FileTarget::Path("./trust.json".to_string())
            ),
            (
                "aws_iam_role.r",
                "inline_policy.policy",
                Some(PolicyKind::Identity),
                &FileTarget::Path("policies/app.json".to_string())
            ),
            (
                "aws_s3_bucket_policy.b",
                "policy",
                Some(PolicyKind::Resource),
                &FileTarget::Path("./bucket.json".to_string())
            ),
            (
                "aws_iam_policy.v",
                "policy",
                Some(PolicyKind::Identity),
                &FileTarget::Unknown("var.policy_file".to_string())
            ),
            (
                "aws_iam_policy.w",
                "policy",
                Some(PolicyKind::Identity),
                &FileTarget::Unknown("\"${var.dir}/p.json\"".to_string())
            ),
        ]
    );
    // The span is the `file(...)` call itself, for the error on a missing file.
    let first = &host.file_references[0];
    assert_eq!(
        &text[first.span.range()],
        "file(\"${path.module}/trust.json\")"
    );
    // A referenced file is not an embedded policy of the `.tf` file.
    assert!(host.policies.is_empty());
}
