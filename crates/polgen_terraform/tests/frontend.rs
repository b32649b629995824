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

/// The statements of the policy `resource` produces, as (Sid, actions, resources) with
/// unknown values as `?`, and the text each statement's first action points at.
fn statements_of(text: &str, resource: &str) -> Vec<(String, Vec<String>, Vec<String>)> {
    let doc = polgen_terraform::parse(text).expect("parses");
    let policy = doc
        .policies
        .iter()
        .find(|p| p.resource == resource)
        .unwrap_or_else(|| panic!("no policy of {resource}"));
    let model = build(policy.root.clone(), policy.kind);
    let shown = |items: Option<&polgen_policy::StrList>| -> Vec<String> {
        items.map_or_else(Vec::new, |l| {
            l.items
                .iter()
                .map(|i| match i.kind {
                    StrKind::Literal => i.value.clone(),
                    StrKind::Pattern => format!("?{}", i.value),
                    StrKind::Opaque => "?".to_string(),
                })
                .collect()
        })
    };
    model
        .statements
        .iter()
        .map(|s| {
            (
                s.sid.as_ref().map_or(String::new(), |s| match s.kind {
                    StrKind::Literal => s.value.clone(),
                    _ => "?".to_string(),
                }),
                shown(s.action.as_ref()),
                shown(s.resource.as_ref()),
            )
        })
        .collect()
}

fn row(sid: &str, actions: &[&str], resources: &[&str]) -> (String, Vec<String>, Vec<String>) {
    (
        sid.to_string(),
        actions.iter().map(|s| s.to_string()).collect(),
        resources.iter().map(|s| s.to_string()).collect(),
    )
}

#[test]
fn dynamic_statements_over_literal_lists_maps_sets_and_locals_are_expanded_in_place() {
    let text = r#"locals {
  buckets = ["logs", "data"]
}

data "aws_iam_policy_document" "p" {
  statement {
    sid       = "First"
    actions   = ["s3:ListAllMyBuckets"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = [
      { sid = "Read", actions = ["s3:GetObject"] },
      { sid = "Write", actions = ["s3:PutObject"] },
    ]
    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = ["arn:aws:s3:::b/*"]
    }
  }
  dynamic "statement" {
    for_each = { queues = "sqs:SendMessage", topics = "sns:Publish" }
    iterator = s
    content {
      sid       = s.key
      actions   = [s.value]
      resources = ["*"]
    }
  }
  dynamic "statement" {
    for_each = toset(["kms:Encrypt", "kms:Decrypt", "kms:Encrypt"])
    content {
      actions   = [statement.key]
      resources = ["*"]
    }
  }
  dynamic "statement" {
    for_each = local.buckets
    content {
      actions   = ["s3:ListBucket"]
      resources = ["arn:aws:s3:::${statement.value}"]
    }
  }
  statement {
    sid       = "Last"
    actions   = ["s3:GetBucketLocation"]
    resources = ["*"]
  }
}
"#;
    assert_eq!(
        statements_of(text, "data.aws_iam_policy_document.p"),
        vec![
            row("First", &["s3:ListAllMyBuckets"], &["*"]),
            row("Read", &["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            row("Write", &["s3:PutObject"], &["arn:aws:s3:::b/*"]),
            // A map in the order of its keys.
            row("queues", &["sqs:SendMessage"], &["*"]),
            row("topics", &["sns:Publish"], &["*"]),
            // A set of strings: sorted, without repeats, its key is its value.
            row("", &["kms:Decrypt"], &["*"]),
            row("", &["kms:Encrypt"], &["*"]),
            row("", &["s3:ListBucket"], &["arn:aws:s3:::logs"]),
            row("", &["s3:ListBucket"], &["arn:aws:s3:::data"]),
            row("Last", &["s3:GetBucketLocation"], &["*"]),
        ]
    );
}

#[test]
fn an_expanded_value_points_at_the_literal_it_comes_from() {
    let text = r#"data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = [{ actions = ["iam:*"] }]
    content {
      actions   = statement.value.actions
      resources = ["*"]
    }
  }
}
"#;
    let doc = polgen_terraform::parse(text).expect("parses");
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let action = &model.statements[0].action.as_ref().expect("action").items[0];
    assert_eq!(&text[action.span.range()], "\"iam:*\"");
    assert_eq!(
        action.span.start as usize,
        text.find("\"iam:*\"").expect("written")
    );
}

#[test]
fn blocks_that_may_not_exist_are_not_modelled_and_known_items_are() {
    let text = r#"data "aws_iam_policy_document" "p" {
  dynamic "statement" {
    for_each = var.enable_admin ? [1] : []
    content {
      sid       = "Admin"
      actions   = ["*"]
      resources = ["*"]
    }
  }
  dynamic "statement" {
    for_each = var.policy_statements
    content {
      sid       = try(statement.value.sid, null)
      actions   = statement.value.actions
      resources = ["arn:aws:s3:::${statement.value.bucket}/*"]
    }
  }
  dynamic "statement" {
    for_each = ["s3:GetObject", var.extra_action]
    content {
      actions   = [statement.value]
      resources = ["*"]
    }
  }
}
"#;
    let rows = statements_of(text, "data.aws_iam_policy_document.p");
    assert_eq!(
        rows,
        vec![
            // `var.enable_admin ? [1] : []` and `var.policy_statements` may hold no item: a
            // statement that may not exist is not judged (two such toggles may exclude each
            // other; a statement from items nothing is known of is all unknown).
            // The known item of a list is judged; the unknown one has an unknown action.
            row("", &["s3:GetObject"], &["*"]),
            row("", &["?"], &["*"]),
        ]
    );
}

#[test]
fn dynamic_principals_and_conditions_inside_a_statement_are_expanded() {
    let text = r#"data "aws_iam_policy_document" "trust" {
  dynamic "statement" {
    for_each = [{
      principals = [{ type = "AWS", identifiers = ["arn:aws:iam::111122223333:root"] }]
      conditions = [{ test = "StringEquals", variable = "sts:ExternalId", values = ["abc"] }]
    }]
    content {
      actions = ["sts:AssumeRole"]
      dynamic "principals" {
        for_each = statement.value.principals != null ? statement.value.principals : []
        content {
          type        = principals.value.type
          identifiers = principals.value.identifiers
        }
      }
      dynamic "condition" {
        for_each = try(statement.value.conditions, [])
        content {
          test     = condition.value.test
          variable = condition.value.variable
          values   = condition.value.values
        }
      }
    }
  }
}
resource "aws_iam_role" "r" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
"#;
    let doc = polgen_terraform::parse(text).expect("parses");
    let policy = &doc.policies[0];
    assert_eq!(policy.kind, Some(PolicyKind::Trust));
    let model = build(policy.root.clone(), policy.kind);
    assert!(
        model.grammar_issues.is_empty(),
        "{:?}",
        model.grammar_issues
    );
    let st = &model.statements[0];
    let principal = st.principal.as_ref().expect("principal");
    assert_eq!(
        principal.entries[0].values[0].value,
        "arn:aws:iam::111122223333:root"
    );
    assert_eq!(st.conditions.len(), 1, "{:?}", st.conditions);
    assert_eq!(st.conditions[0].key.value, "sts:ExternalId");
}

const MERGED: &str = r#"data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Shared"
    actions   = ["s3:*"]
    resources = ["*"]
  }
  statement {
    sid       = "Logs"
    actions   = ["logs:PutLogEvents"]
    resources = ["*"]
  }
}

data "aws_iam_policy_document" "narrow" {
  statement {
    sid       = "Shared"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::b/*"]
  }
}

data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  override_policy_documents = [
    data.aws_iam_policy_document.narrow.json,
    jsonencode({
      Statement = [{ Sid = "Logs", Effect = "Allow", Action = "logs:CreateLogStream", Resource = "*" }]
    }),
    <<-EOT
      {"Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"}]}
    EOT
  ]
  statement {
    sid       = "Own"
    actions   = ["sns:Publish"]
    resources = ["*"]
  }
  statement {
    actions   = ["ec2:DescribeInstances"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.merged.json
}
"#;

#[test]
fn source_and_override_documents_merge_as_the_provider_merges_them() {
    assert_eq!(
        statements_of(MERGED, "data.aws_iam_policy_document.merged"),
        vec![
            // `base`'s statements first, each replaced in place by an override's same Sid.
            row("Shared", &["s3:GetObject"], &["arn:aws:s3:::b/*"]),
            row("Logs", &["logs:CreateLogStream"], &["*"]),
            // Then the data source's own, then what the overrides add.
            row("Own", &["sns:Publish"], &["*"]),
            row("", &["ec2:DescribeInstances"], &["*"]),
            row("", &["sqs:SendMessage"], &["*"]),
        ]
    );
    let doc = polgen_terraform::parse(MERGED).expect("parses");
    // Documents only merged into another are judged there, not on their own.
    let judged: Vec<&str> = doc.policies.iter().map(|p| p.resource.as_str()).collect();
    assert_eq!(judged, vec!["data.aws_iam_policy_document.merged"]);
    // Each merged statement keeps the span of what it was written as.
    let model = build(doc.policies[0].root.clone(), doc.policies[0].kind);
    let action = |i: usize| {
        let a = &model.statements[i].action.as_ref().expect("action").items[0];
        &MERGED[a.span.range()]
    };
    assert_eq!(action(0), "\"s3:GetObject\"");
    assert_eq!(action(1), "\"logs:CreateLogStream\"");
    assert_eq!(action(4), "\"sqs:SendMessage\"");
}

#[test]
fn a_merged_document_also_attached_elsewhere_is_judged_on_its_own_too() {
    let text = format!(
        "{MERGED}\nresource \"aws_iam_role_policy\" \"r\" {{\n  policy = data.aws_iam_policy_document.base.json\n}}\n"
    );
    let doc = polgen_terraform::parse(&text).expect("parses");
    let judged: Vec<&str> = doc.policies.iter().map(|p| p.resource.as_str()).collect();
    assert_eq!(
        judged,
        vec![
            "data.aws_iam_policy_document.base",
            "data.aws_iam_policy_document.merged"
        ]
    );
}

#[test]
fn documents_not_known_here_stand_as_unknown_statements_and_replace_nothing() {
    let text = r#"data "aws_iam_policy_document" "p" {
  source_policy_documents   = var.source_documents
  override_policy_documents = [data.aws_iam_policy_document.elsewhere.json, module.m.json]
  statement {
    sid       = "Admin"
    actions   = ["*"]
    resources = ["*"]
  }
}
"#;
    // The written statement is judged whatever the unknown documents hold.
    assert_eq!(
        statements_of(text, "data.aws_iam_policy_document.p"),
        vec![row("Admin", &["*"], &["*"])]
    );
    let doc = polgen_terraform::parse(text).expect("parses");
    let statements = doc.policies[0].root.get("Statement").expect("statements");
    let unknown = statements
        .value
        .as_array()
        .expect("array")
        .iter()
        .filter(|s| matches!(s.value, polgen_policy::Value::Unknown(_)))
        .count();
    assert_eq!(unknown, 3, "{statements:?}");
}

#[test]
fn the_deprecated_source_json_and_override_json_merge_the_same_way() {
    let text = r#"data "aws_iam_policy_document" "p" {
  source_json   = data.aws_iam_policy_document.base.json
  override_json = <<EOF
{"Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
EOF
  statement {
    sid       = "A"
    actions   = ["s3:*"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "base" {
  statement {
    sid       = "Base"
    actions   = ["sqs:*"]
    resources = ["*"]
  }
}
"#;
    assert_eq!(
        statements_of(text, "data.aws_iam_policy_document.p"),
        vec![
            row("Base", &["sqs:*"], &["*"]),
            row("A", &["s3:GetObject"], &["*"]),
        ]
    );
}

#[test]
fn merge_cycles_and_self_references_end() {
    let text = r#"data "aws_iam_policy_document" "a" {
  source_policy_documents = [data.aws_iam_policy_document.b.json]
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
data "aws_iam_policy_document" "b" {
  source_policy_documents = [data.aws_iam_policy_document.a.json, data.aws_iam_policy_document.b.json]
}
"#;
    // Terraform rejects the cycle; polgen still ends, and judges `a`'s statement in `b`,
    // which names itself (so it counts as used on its own).
    assert_eq!(
        statements_of(text, "data.aws_iam_policy_document.b"),
        vec![row("", &["s3:GetObject"], &["*"])]
    );
    let doc = polgen_terraform::parse(text).expect("parses");
    let judged: Vec<&str> = doc.policies.iter().map(|p| p.resource.as_str()).collect();
    assert_eq!(judged, vec!["data.aws_iam_policy_document.b"]);
}

/// A plan of a merge: the provider's merged `json` is in the plan.
fn merge_plan() -> String {
    let base = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Main","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#;
    let over = r#"{"Version":"2012-10-17","Statement":[{"Sid":"Main","Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::app/*"}]}"#;
    let quoted = |s: &str| format!("{s:?}");
    format!(
        r#"{{
  "format_version": "1.2",
  "planned_values": {{
    "root_module": {{
      "resources": [
        {{"address": "data.aws_iam_policy_document.base", "mode": "data", "type": "aws_iam_policy_document", "name": "base",
          "values": {{"json": {base}}}}},
        {{"address": "data.aws_iam_policy_document.app", "mode": "data", "type": "aws_iam_policy_document", "name": "app",
          "values": {{"source_policy_documents": [{base}], "override_policy_documents": [{over}], "json": {over}}}}},
        {{"address": "aws_iam_policy.app", "mode": "managed", "type": "aws_iam_policy", "name": "app",
          "values": {{"policy": {over}}}}}
      ]
    }}
  }}
}}"#,
        base = quoted(base),
        over = quoted(over)
    )
}

#[test]
fn a_plan_judges_the_merged_json_and_not_a_document_only_merged_into_it() {
    let text = merge_plan();
    let doc = polgen_terraform::plan::parse(&text)
        .expect("parses")
        .expect("a plan");
    let judged: Vec<(&str, &str)> = doc
        .policies
        .iter()
        .map(|p| (p.resource.as_str(), p.path.as_str()))
        .collect();
    assert_eq!(
        judged,
        vec![
            ("data.aws_iam_policy_document.app", "json"),
            ("aws_iam_policy.app", "policy")
        ]
    );
    for policy in &doc.policies {
        let model = build(policy.root.clone(), policy.kind);
        let action = &model.statements[0].action.as_ref().expect("action").items[0];
        assert_eq!(action.value, "s3:GetObject");
    }
}
