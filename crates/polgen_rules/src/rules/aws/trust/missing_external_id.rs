//! `missing-external-id`: another account may assume the role without `sts:ExternalId`.
use polgen_policy::principal::PrincipalClass;

use crate::prelude::*;
use crate::util::conditions::{self, MfaRequirement};
use crate::util::narrowing;

use super::common::{self, Ownership};

/// Flags role trust policies that let principals of another (or an unknown) account call
/// `sts:AssumeRole` without an `sts:ExternalId` condition.
pub struct MissingExternalId;

pub static META: RuleMeta = RuleMeta {
    id: "missing-external-id",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "a role can be assumed from another account without an `sts:ExternalId` condition",
    aa_codes: &[],
    doc: r#"## What it does
In role trust policies, reports each account, user, role or session principal of an account
that is not yours when an `Allow` of `sts:AssumeRole` has no condition that really requires
`sts:ExternalId`. Accounts listed in `[accounts] own` of `polgen.toml` (or given with
`--account`) are yours; without that configuration every account counts as possibly external.
In CloudFormation and Terraform, an account built from a parameter or variable
(`!Sub "arn:aws:iam::${VendorAccountId}:root"`, `"arn:aws:iam::${var.vendor_account_id}:root"`)
is an account polgen does not know: possibly external, and the message names the parameter.
A parameter or variable with a default (in the same file) is judged with that default, and
the message says so. `${AWS::AccountId}` and `data.aws_caller_identity.NAME.account_id` are the
account being deployed to: yours. Partner accounts in `[accounts] trusted` are third parties: they are reported too, since the
external id is the defence against a partner that serves many customers. A narrowing `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths`
condition (the caller is in your organisation) also satisfies the rule.

Conditions that do not really require the id do not count: `StringEqualsIfExists` (the
caller simply omits the id), `StringLike` with `*`, `Null` alone.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the third party:
`sts:ExternalId`, or the caller's organisation (`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`:
a principal inside it is not a third party). A trust that requires MFA (`Bool`
`aws:MultiFactorAuthPresent` `true`, or a `NumericLessThan` on `aws:MultiFactorAuthAge`) is for
people, and a third party's service cannot present MFA: it is left to `trust-missing-mfa`.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not. Nor do negated operators (`StringNotEquals
aws:PrincipalOrgID` lets in everyone outside the organisation) or `Like` values that wildcard
the account or the whole resource part (`aws:SourceAccount` `*`, `arn:aws:iam::*:role/x`).

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
A third party that assumes roles for many customers (a monitoring or security vendor) can be
tricked into using your role on behalf of another of its customers: the confused-deputy
problem. The external id, a value the vendor generates per customer and passes with every
`AssumeRole` call, is the defence AWS recommends.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole"
  }]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
    "Action": "sts:AssumeRole",
    "Condition": {"StringEquals": {"sts:ExternalId": "b7e1c3f0-vendor-issued-id"}}
  }]
}
```

## References
- [Access to AWS accounts owned by third parties (external ID)](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html)
- [The confused deputy problem](https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html)
"#,
};

impl Rule for MissingExternalId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Trust {
            return;
        }
        for (st, principals) in common::allowed_principals(&ctx.doc.statements) {
            if !common::may_grant(st, common::ASSUME_ROLE)
                || narrowing::narrowed(st, &narrowing::EXTERNAL_ID_ASPECT, ctx.catalog)
                || narrowing::narrowed(st, &narrowing::ORGANIZATION, ctx.catalog)
                // People present MFA; a third party's service cannot: `trust-missing-mfa`
                // covers the people side.
                || conditions::requires_mfa(st) == MfaRequirement::Required
            {
                continue;
            }
            for p in &principals {
                if !p.class.is_account_principal() {
                    continue;
                }
                let (Some(account), Some(ownership)) =
                    (p.account(), common::ownership_of(ctx.settings, p))
                else {
                    continue;
                };
                if ownership == Ownership::Own {
                    continue;
                }
                let origin = common::account_origin_note(p);
                let who = match (&p.class, origin) {
                    (PrincipalClass::Account { .. }, None) => format!("account `{account}`"),
                    (PrincipalClass::Account { .. }, Some(note)) => {
                        format!("account `{account}` ({note})")
                    }
                    (_, None) => format!("`{}` (account `{account}`)", p.text()),
                    (_, Some(note)) => format!("`{}` (account `{account}`, {note})", p.text()),
                };
                let label = if ownership == Ownership::Trusted {
                    "a partner account (`[accounts] trusted`): a third party, which should present an external id"
                } else if ctx.settings.own_accounts.is_empty()
                    && ctx.settings.trusted_accounts.is_empty()
                {
                    "no `[accounts]` configured: every account counts as external"
                } else {
                    "not in `[accounts] own` or `trusted`"
                };
                let d = ctx
                    .diagnostic(
                        p.span,
                        format!("{who} can assume this role without `sts:ExternalId`"),
                    )
                    .with_label(label)
                    .with_help(format!("if a third party assumes this role, require the id it gives you: `\"Condition\": {{\"StringEquals\": {{\"sts:ExternalId\": \"...\"}}}}`; if `{account}` is yours, list it under `[accounts] own` in polgen.toml or pass `--account {account}`"))
                    .with_location_path(format!("{}.Principal", st.path()));
                ctx.report(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use polgen_policy::{PolicyKind, parse_policy};
    use polgen_source::SourceFile;

    use crate::engine::{EnabledRule, check_document};
    use crate::settings::Settings;

    use super::*;

    fn messages(settings: &Settings) -> Vec<String> {
        let text = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/ops","arn:aws:iam::444455556666:root"]},"Action":"sts:AssumeRole"}]}"#;
        let parsed = parse_policy(text, Some(PolicyKind::Trust)).expect("json");
        let source = SourceFile::new("t.json", text.to_string());
        let rule = EnabledRule {
            rule: &MissingExternalId,
            severity: META.severity,
        };
        check_document(&parsed.document, &source, settings, &[rule])
            .into_iter()
            .map(|d| format!("{} | {}", d.message, d.label.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn own_accounts_are_exempt_partners_are_not() {
        let none = messages(&Settings::default());
        assert_eq!(none.len(), 2, "{none:?}");
        let settings = Settings {
            own_accounts: vec!["111122223333".to_string()],
            trusted_accounts: vec!["444455556666".to_string()],
            ..Settings::default()
        };
        let m = messages(&settings);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("account `444455556666`"), "{m:?}");
        assert!(m[0].contains("partner account"), "{m:?}");
    }
}
