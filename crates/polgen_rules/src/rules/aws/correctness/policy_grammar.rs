use crate::prelude::*;

/// Reports what the model builder found against IAM's policy grammar.
pub struct PolicyGrammar;

pub static META: RuleMeta = RuleMeta {
    id: "policy-grammar",
    category: Category::Correctness,
    severity: Severity::Error,
    summary: "the policy breaks IAM's policy grammar (missing or misplaced elements, wrong types)",
    aa_codes: &[
        "MISSING_ACTION",
        "MISSING_EFFECT",
        "MISSING_PRINCIPAL",
        "MISSING_RESOURCE",
        "MISSING_STATEMENT",
        "INVALID_EFFECT",
        "INVALID_POLICY_ELEMENT",
        "INVALID_VERSION",
        "INVALID_PRINCIPAL_FORMAT",
        "INVALID_PRINCIPAL_KEY",
        "INVALID_CONDITION_OPERATOR",
        "NULL_WITH_IF_EXISTS",
        "UNSUPPORTED_ELEMENT_COMBINATION",
        "UNSUPPORTED_SID",
        "DATA_TYPE_MISMATCH",
        "UNSUPPORTED_ELEMENT",
        "UNSUPPORTED_ACTION",
    ],
    doc: r#"## What it does
Checks the structure of a policy against IAM's grammar: `Effect`, `Action` (or `NotAction`)
and, outside trust policies, `Resource` (or `NotResource`) are present; `Action` and
`NotAction` (likewise `Resource`/`NotResource`, `Principal`/`NotPrincipal`) are not combined;
element names are known and spelled with the right case; values have the right types;
`Principal` appears only where the policy kind allows it (never in identity policies,
always in resource policies); trust policies have no `Resource`, no `NotPrincipal` and only
role-assumption actions (`sts:AssumeRole`, `sts:AssumeRoleWithSAML`,
`sts:AssumeRoleWithWebIdentity`, `sts:TagSession`, `sts:SetSourceIdentity`, `sts:SetContext`);
principal values are forms IAM accepts (no wildcards inside ARNs, no groups, 12-digit account
ids, OIDC providers by ARN unless built in); resource control policies only `Deny`, with
`"Principal": "*"` and without `NotPrincipal` or `NotAction`; condition operators exist;
identity-policy `Sid`s are alphanumeric.

Resource control policies are also checked against the services they apply to: AWS
Organizations lists the services that support RCPs (`s3`, `sts`, `kms`, `sqs`,
`secretsmanager`, `dynamodb`, `ecr`, `logs`, `cognito-identity` and some fifty more; polgen
embeds the list with its source and date), and an action of any other service (`ec2:*`,
`lambda:InvokeFunction`) in an RCP restricts nothing.

## Why is this bad?
IAM refuses such a policy at deployment, or (for tools that do not validate) it silently
means something else than intended: a misspelled `Resourse` element is not a resource.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resourse": "arn:aws:s3:::my-bucket/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}
  ]
}
```

## References
- [IAM JSON policy grammar](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html)
- [IAM JSON policy elements reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html)
- [Access Analyzer policy check reference](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

impl Rule for PolicyGrammar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        for issue in &ctx.doc.grammar_issues {
            let mut d = ctx
                .diagnostic(issue.span, issue.message.clone())
                .with_help(issue.help.clone());
            if let Some(code) = issue.aa_code {
                d = d.with_note(format!("Access Analyzer reports this as {code}"));
            }
            ctx.report(d);
        }
        if ctx.kind() == PolicyKind::ResourceControl {
            unsupported_rcp_services(ctx);
        }
    }
}

/// Actions of services resource control policies do not apply to: AWS Organizations lists the
/// services that support RCPs; a statement about another service restricts nothing.
fn unsupported_rcp_services(ctx: &mut RuleContext<'_>) {
    for st in &ctx.doc.statements {
        let Some(actions) = st.action.as_ref().filter(|a| !a.negated) else {
            continue;
        };
        for item in &actions.items {
            let Some((service, _)) = item.as_literal().and_then(|a| a.split_once(':')) else {
                continue;
            };
            if service.contains(['*', '?']) || polgen_catalog::supports_rcp(service) {
                continue;
            }
            let d = ctx
                .diagnostic(
                    item.span,
                    format!("`{}`: resource control policies do not apply to `{service}`", item.value),
                )
                .with_label("restricts nothing")
                .with_help("RCPs apply only to the services AWS Organizations lists (s3, sts, kms, sqs, secretsmanager, dynamodb, ecr, logs, cognito-identity, ...); restrict this service with an SCP or its resource policies")
                .with_note(format!("source: {}", polgen_catalog::rcp::rcp_source()))
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
