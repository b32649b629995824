use polgen_policy::value::{Member, Value};

use super::common::statement_nodes;
use crate::prelude::*;

/// Flags empty elements: `Action: []`, `Resource: []`, `Principal: {}`, `Condition: {}`,
/// an empty operator block, an empty `Sid`.
pub struct EmptyElement;

pub static META: RuleMeta = RuleMeta {
    id: "empty-element",
    category: Category::Style,
    severity: Severity::Info,
    summary: "a statement element is empty: `[]`, `{}` or `\"\"`",
    aa_codes: &[
        "EMPTY_ARRAY_ACTION",
        "EMPTY_ARRAY_RESOURCE",
        "EMPTY_ARRAY_PRINCIPAL",
        "EMPTY_OBJECT_PRINCIPAL",
        "EMPTY_OBJECT_CONDITION",
        "EMPTY_SID_VALUE",
    ],
    doc: r#"## What it does
Reports empty statement elements: an empty `Action`/`NotAction` or `Resource`/`NotResource`
array, an empty `Principal` object or principal array, an empty `Condition` block or
condition operator block, and an empty `Sid`.

Condition keys with an empty array of values are reported by `empty-condition-values`.

## Why is this bad?
An empty `Action` or `Resource` makes the statement match nothing; an empty principal names
nobody; an empty condition block tests nothing, so the statement applies unconditionally
although it looks conditional. Each is usually a value lost while the policy was generated
or edited, and the policy does not do what its author meant.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "", "Effect": "Allow", "Action": [], "Resource": "*", "Condition": {}}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadLogs", "Effect": "Allow", "Action": ["logs:GetLogEvents"], "Resource": "*"}
  ]
}
```

## References
- [Access Analyzer policy check reference: Empty array action, Empty array resource, Empty object principal, Empty object condition, Empty Sid value](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

impl Rule for EmptyElement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let mut found = Vec::new();
        for (index, members) in statement_nodes(&ctx.doc.root).into_iter().enumerate() {
            for m in members {
                check_member(m, index, &mut found);
            }
        }
        for f in found {
            let d = ctx
                .diagnostic(f.span, f.message)
                .with_label(f.label)
                .with_help(f.help)
                .with_location_path(f.path);
            ctx.report(d);
        }
    }
}

struct Found {
    span: Span,
    message: String,
    label: &'static str,
    help: String,
    path: String,
}

fn check_member(m: &Member, index: usize, out: &mut Vec<Found>) {
    let path = format!("Statement[{index}].{}", m.key);
    let key = m.key.as_str();
    let mut push = |span: Span, message: String, label: &'static str, help: String| {
        out.push(Found {
            span,
            message,
            label,
            help,
            path: path.clone(),
        })
    };
    match (key, &m.value.value) {
        ("Sid", Value::String(s)) if s.is_empty() => push(
            m.value.span,
            "`Sid` is empty".to_string(),
            "empty",
            "give the statement a meaningful `Sid` or remove the element".to_string(),
        ),
        ("Action" | "NotAction", Value::Array(a)) if a.is_empty() => push(
            m.value.span,
            format!("`{key}` is an empty array"),
            "no actions",
            format!(
                "list the actions in `{key}`, or remove the statement: as written it matches no action"
            ),
        ),
        ("Resource" | "NotResource", Value::Array(a)) if a.is_empty() => push(
            m.value.span,
            format!("`{key}` is an empty array"),
            "no resources",
            format!(
                "list the resource ARNs in `{key}`, or remove the statement: as written it matches no resource"
            ),
        ),
        ("Principal" | "NotPrincipal", Value::Object(entries)) => {
            if entries.is_empty() {
                push(
                    m.value.span,
                    format!("`{key}` is an empty object"),
                    "no principals",
                    "name the principals, e.g. `{\"AWS\": \"arn:aws:iam::111122223333:root\"}`, or remove the statement".to_string(),
                );
            }
            for e in entries {
                if matches!(&e.value.value, Value::Array(a) if a.is_empty()) {
                    push(
                        e.value.span,
                        format!("`{key}` entry `{}` is an empty array", e.key),
                        "no principals",
                        format!("list the `{}` principals, or remove the entry", e.key),
                    );
                }
            }
        }
        ("Condition", Value::Object(operators)) => {
            if operators.is_empty() {
                push(
                    m.value.span,
                    "`Condition` is an empty object".to_string(),
                    "no conditions",
                    "add the conditions you meant, or remove `Condition`: as written the statement applies unconditionally".to_string(),
                );
            }
            for op in operators {
                if matches!(&op.value.value, Value::Object(keys) if keys.is_empty()) {
                    push(
                        op.value.span,
                        format!("condition operator `{}` has no condition keys", op.key),
                        "no condition keys",
                        format!(
                            "add the keys `{}` should test, or remove it: as written it tests nothing",
                            op.key
                        ),
                    );
                }
            }
        }
        _ => {}
    }
}
