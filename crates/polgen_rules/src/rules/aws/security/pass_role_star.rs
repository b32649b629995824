//! `pass-role-star`: `iam:PassRole` on every role.
use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Flags `iam:PassRole` granted on `"*"` (or on every role of an account).
pub struct PassRoleStar;

/// The condition key that limits which service a role may be passed to.
const PASSED_TO_SERVICE: &str = "iam:PassedToService";

pub static META: RuleMeta = RuleMeta {
    id: "pass-role-star",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "`iam:PassRole` is allowed on every role",
    aa_codes: &[],
    doc: r#"## What it does
Reports the resource of an `Allow` statement that grants `iam:PassRole` (by name, through a
wildcard such as `iam:*`, `iam:Pass*` or `*`, or through a `NotAction` that does not exclude
it) on `"*"` or on every role of an account (`arn:aws:iam::*:role/*`), unless:
- a condition of the statement other than `iam:PassedToService` really narrows it
  (e.g. `aws:ResourceTag/...` on the role); `iam:PassedToService` limits the *service* the role
  goes to, not *which* role: it is still reported, with a note;
- an unconditioned `Deny` of the same policy takes `iam:PassRole` away;
- the statement is `"*"` on `"*"`, which `admin-access` reports.

Severity: warning, as in Parliament and Cloudsplaining. `iam:PassRole` alone does not grant
anything; combined with an action that runs code under the passed role (`ec2:RunInstances`,
`lambda:CreateFunction`...) it is an escalation, which `privilege-escalation` reports as an
error with the actions involved.

## Conditions that count
A condition silences this rule only when it is on a key that narrows which role is passed: the
role's tags (`aws:ResourceTag/*`, `iam:ResourceTag/*`), the resource it is passed for
(`iam:AssociatedResourceArn`), the principal passing it (`aws:PrincipalArn`,
`aws:PrincipalTag/*`, `aws:userid`, `aws:username`), MFA and the way the request comes
(`aws:CalledVia*`, `aws:ViaAWSService`). `iam:PassedToService` limits the service that receives
the role, not the role; transport, time and region keys limit nothing.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Passing a role to a service gives that service, and the code it runs for you, the role's
permissions. With `iam:PassRole` on every role, a principal can hand the most privileged role
of the account to an EC2 instance or a Lambda function it controls and act with it.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*"}]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"},
    {
      "Effect": "Allow", "Action": "iam:PassRole",
      "Resource": "arn:aws:iam::111122223333:role/app-instance-role",
      "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    }
  ]
}
```

## References
- [Granting a user permissions to pass a role to an AWS service](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html)
- [Rhino Security Labs: AWS privilege escalation methods](https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)
"#,
};

/// Whether a resource value denotes every role: `*`, or an IAM ARN whose role part is only `*`.
pub(crate) fn is_every_role(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let Some(rest) = resource.strip_prefix("arn:") else {
        return false;
    };
    let parts: Vec<&str> = rest.splitn(5, ':').collect();
    let [_partition, service, _region, _account, resource_part] = parts.as_slice() else {
        return false;
    };
    if !(*service == "iam" || *service == "*") {
        return false;
    }
    let tail = resource_part.strip_prefix("role/").unwrap_or(resource_part);
    !tail.is_empty() && tail.chars().all(|c| c == '*')
}

impl Rule for PassRoleStar {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let doc = ctx.doc;
        for st in doc.allow_statements() {
            let Some(grant) = common::grant_span(st, "iam:PassRole") else {
                continue;
            };
            let Some(res) = st.resource.as_ref().filter(|r| !r.negated) else {
                continue;
            };
            let Some(every) = res
                .items
                .iter()
                .find(|i| i.as_literal().is_some_and(is_every_role))
            else {
                continue;
            };
            if common::is_admin_statement(st, ctx.catalog) {
                continue;
            }
            if narrowing::narrowed(st, &narrowing::PASSED_ROLE, ctx.catalog)
                || common::denied(&doc.statements, "iam:PassRole", None)
            {
                continue;
            }
            let mut d = ctx
                .diagnostic(every.span, format!("`iam:PassRole` is allowed on every role (`Resource: \"{}\"`)", every.value))
                .with_label("any role of the account can be passed")
                .with_related(grant, "grants `iam:PassRole`")
                .with_help("list the ARNs of the roles this principal must pass, and limit the service with `iam:PassedToService`")
                .with_location_path(st.path());
            if let Some(c) = st.conditions_on(PASSED_TO_SERVICE).next() {
                d = d
                    .with_related(c.key.span, "limits the service, not the role")
                    .with_note("`iam:PassedToService` limits which service receives the role, not which role is passed");
            }
            ctx.report(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_every_role;

    #[test]
    fn every_role() {
        assert!(is_every_role("*"));
        assert!(is_every_role("arn:aws:iam::*:role/*"));
        assert!(is_every_role("arn:aws:iam::111122223333:role/*"));
        assert!(is_every_role("arn:aws:iam::111122223333:*"));
        assert!(!is_every_role("arn:aws:iam::111122223333:role/app-*"));
        assert!(!is_every_role("arn:aws:iam::111122223333:role/app"));
        assert!(!is_every_role("arn:aws:s3:::*"));
    }
}
