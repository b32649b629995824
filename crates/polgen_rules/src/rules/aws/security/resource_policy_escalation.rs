//! `resource-policy-escalation`: permission to rewrite a resource's own access policy.
use polgen_catalog::{AccessLevel, ActionRef, Catalog};

use crate::prelude::*;
use crate::util::narrowing;

use super::common;

/// Flags `Allow` of actions that write resource-based policies, ACLs or grants.
pub struct ResourcePolicyEscalation;

pub static META: RuleMeta = RuleMeta {
    id: "resource-policy-escalation",
    category: Category::Security,
    severity: Severity::Warning,
    summary: "an identity policy allows rewriting a resource's own policy, ACL or grants, through which the principal can give itself any access to that resource",
    aa_codes: &[],
    doc: r#"## What it does
Reports an `Allow` statement of an identity policy that grants an action writing the access
rules attached to a resource: its resource-based policy, ACL, permission or grant
(`s3:PutBucketPolicy`, `s3:PutBucketAcl`, `s3:PutObjectAcl`, `lambda:AddPermission`,
`sqs:SetQueueAttributes`... every action of access level *Permissions management* whose name
starts with `Put`, `Set`, `Add`, `Create`, `Update`, `Modify`, `Attach`, `Manage`, `Grant`
or `Share`), unless a `Deny` of the same policy takes the action away, or the policy already
allows every action of that service (then the resource policy adds nothing).

Not reported: IAM, Organizations, STS and IAM Identity Center actions (the identity side, which
`privilege-escalation` covers); permissions-management actions that let nobody in
(`cloudformation:SetStackPolicy`, `glacier:SetDataRetrievalPolicy`, `apigateway:SetWebACL`);
statements with conditions that narrow them; resource policies.

## Conditions that count
A condition silences this rule only when it is on a key that narrows what the grant reaches:
any key except those about how or when the request is made (`aws:SecureTransport`,
`aws:RequestedRegion`, `aws:CurrentTime`, `aws:EpochTime`, `aws:TokenIssueTime`,
`aws:UserAgent`, `aws:Referer`): `kms:GrantIsForAWSResource` or `s3:x-amz-acl` limit what a
grant or ACL may say.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
A resource-based policy is evaluated together with the caller's identity policy. A principal
that may write one can add a statement granting itself (or an outside account, or everyone)
any action on that resource: `s3:GetObject` plus `s3:PutBucketPolicy` is, in effect,
`s3:*` on the bucket, and a public bucket one call later. The permission is rarely needed by
applications; it belongs to whoever administers the resource.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutBucketPolicy"],
      "Resource": ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]
    }
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports/*"
    }
  ]
}
```
Manage the bucket policy from the pipeline that owns the bucket (CloudFormation, Terraform).

## References
- [Parliament: RESOURCE_POLICY_PRIVILEGE_ESCALATION](https://github.com/duo-labs/parliament)
- [Cloudsplaining: Resource Exposure](https://cloudsplaining.readthedocs.io/en/latest/glossary/resource-exposure/)
- [Policies and permissions: identity-based and resource-based policies](https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html)
"#,
};

/// Services whose permissions-management actions act on identities, not on a resource's
/// own policy.
const IDENTITY_SERVICES: &[&str] = &[
    "iam",
    "organizations",
    "sts",
    "sso",
    "sso-directory",
    "identitystore",
];

/// Verbs of actions that add to a resource's access rules (removing rules is not an
/// escalation).
const GRANTING_VERBS: &[&str] = &[
    "Put", "Set", "Add", "Create", "Update", "Modify", "Attach", "Manage", "Grant", "Share",
];

/// Permissions-management actions that do not let anyone in: a CloudFormation stack policy
/// only guards updates, a Glacier retrieval policy limits retrieval rates, a WAF web ACL
/// filters traffic.
const NOT_ACCESS_RULES: &[&str] = &[
    "cloudformation:SetStackPolicy",
    "glacier:SetDataRetrievalPolicy",
    "apigateway:SetWebACL",
];

/// Whether `action` writes a resource's access rules.
pub(crate) fn writes_resource_policy(action: &ActionRef<'_>) -> bool {
    action.action.access_level == AccessLevel::PermissionsManagement
        && !IDENTITY_SERVICES.contains(&action.service.prefix)
        && !NOT_ACCESS_RULES.iter().any(|n| action.is_named(n))
        && GRANTING_VERBS
            .iter()
            .any(|verb| action.action.name.starts_with(verb))
}

/// The services whose every action an unconditioned `Allow` of the document grants
/// (`s3:*`), or all of them (`*`): writing their resource policies adds nothing.
struct WholeServices<'a> {
    all: bool,
    services: Vec<&'a str>,
}

impl<'a> WholeServices<'a> {
    fn of(doc: &'a PolicyDocument, catalog: &Catalog) -> WholeServices<'a> {
        let mut whole = WholeServices {
            all: false,
            services: Vec::new(),
        };
        for st in doc.allow_statements() {
            if narrowing::narrowed(st, &narrowing::GRANT_SCOPE, catalog) {
                continue;
            }
            let Some(list) = common::actions(st) else {
                continue;
            };
            for pattern in list.items.iter().filter_map(|i| i.as_literal()) {
                if common::is_all_actions(pattern) {
                    whole.all = true;
                } else if let Some((service, action)) = pattern.split_once(':')
                    && action.bytes().all(|b| b == b'*')
                {
                    whole.services.push(service);
                }
            }
        }
        whole
    }

    fn contains(&self, service: &str) -> bool {
        self.all
            || self
                .services
                .iter()
                .any(|s| s.eq_ignore_ascii_case(service))
    }
}

impl Rule for ResourcePolicyEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Identity {
            return;
        }
        let doc = ctx.doc;
        let whole = WholeServices::of(doc, ctx.catalog);
        let mut picker = common::Picker::new(ctx.catalog, |action| {
            writes_resource_policy(action)
                && !whole.contains(action.service.prefix)
                && !common::denied(&doc.statements, &action.full_name(), None)
        });
        for st in doc.allow_statements() {
            let Some(list) = common::actions(st) else {
                continue;
            };
            if common::is_admin_statement(st, ctx.catalog)
                || narrowing::narrowed(st, &narrowing::GRANT_SCOPE, ctx.catalog)
            {
                continue;
            }
            let picked = picker.pick(list);
            let Some(&span) = picked.sources.first() else {
                continue;
            };
            let found = picked.actions;
            let d = ctx
                .diagnostic(
                    span,
                    format!(
                        "{} {} the principal rewrite a resource's own access rules, to let itself, another account or everyone in",
                        common::name_list(&found, 3),
                        if found.len() == 1 { "lets" } else { "let" }
                    ),
                )
                .with_label("writes a resource policy, ACL, permission or grant")
                .with_help("leave resource policies to whoever administers the resource (its CloudFormation or Terraform pipeline); if the principal must manage them, limit the actions to named resources and require MFA")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}
