use crate::prelude::*;

/// Flags policies without `Version` or with the 2008 version where it changes meaning.
pub struct MissingVersion;

pub static META: RuleMeta = RuleMeta {
    id: "missing-version",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "the policy has no `Version`, or uses `2008-10-17` together with policy variables",
    aa_codes: &["MISSING_VERSION"],
    doc: r#"## What it does
Reports a policy without a `Version` element, and a policy with `"Version": "2008-10-17"`
that uses policy variables such as `${aws:username}`.

## Why is this bad?
Without `Version`, IAM applies the 2008-10-17 language, in which policy variables are not
variables: `arn:aws:s3:::home/${aws:username}/*` then matches only the literal text
`${aws:username}`, so the statement silently grants nothing (or, in a `Deny`, denies
nothing). Always write the current version.

## Example
```json
{
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}
  ]
}
```

## References
- [IAM JSON policy elements: Version](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html)
- [IAM policy elements: variables and tags](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html)
"#,
};

/// The first `${...}` policy variable used anywhere in a statement's strings.
fn first_variable(doc: &PolicyDocument) -> Option<&Str> {
    doc.statements.iter().find_map(|st| {
        let lists = st.action.iter().chain(st.resource.iter());
        let strs = lists.flat_map(|l| l.items.iter()).chain(
            st.conditions
                .iter()
                .flat_map(|c| c.values.iter().map(|v| &v.str)),
        );
        strs.into_iter()
            .find(|s| s.is_literal() && s.value.contains("${"))
    })
}

impl Rule for MissingVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        match &ctx.doc.version {
            None => {
                let at = ctx.doc.statement_key_span.unwrap_or(Span::new(
                    ctx.doc.root.span.start,
                    ctx.doc.root.span.start + 1,
                ));
                let mut d = ctx
                    .diagnostic(at, "policy has no `Version`")
                    .with_help("add `\"Version\": \"2012-10-17\"` at the top of the policy");
                if let Some(var) = first_variable(ctx.doc) {
                    d = d.with_related(
                        var.span,
                        "this policy variable is taken literally without `Version` 2012-10-17",
                    );
                }
                ctx.report(d);
            }
            Some(v) if v.as_literal() == Some("2008-10-17") => {
                if let Some(var) = first_variable(ctx.doc) {
                    let d = ctx
                        .diagnostic(
                            v.span,
                            "`Version` `2008-10-17` does not support policy variables",
                        )
                        .with_label("old policy language")
                        .with_related(var.span, "taken literally, not as a variable")
                        .with_help("use `\"Version\": \"2012-10-17\"`");
                    ctx.report(d);
                }
            }
            Some(_) => {}
        }
    }
}
