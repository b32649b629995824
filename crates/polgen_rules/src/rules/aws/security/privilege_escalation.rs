//! `privilege-escalation`: the known IAM privilege-escalation methods, across a whole policy.
use crate::prelude::*;
use crate::util::narrowing::{self, Narrowing};

use super::common;
use super::pass_role_star::is_every_role;

/// Flags policies that allow a known privilege-escalation method.
pub struct PrivilegeEscalation;

/// A privilege-escalation method: the actions that together let a principal gain permissions
/// it was not given.
struct Method {
    /// Our name for the method (kebab-case).
    id: &'static str,
    /// What an attacker does, in a few words.
    how: &'static str,
    /// Every action the method needs, the key action first.
    actions: &'static [&'static str],
    /// For `iam:PassRole` methods, the service principal the role is passed to.
    passes_to: Option<&'static str>,
}

const fn m(
    id: &'static str,
    how: &'static str,
    actions: &'static [&'static str],
    passes_to: Option<&'static str>,
) -> Method {
    Method {
        id,
        how,
        actions,
        passes_to,
    }
}

/// Our table of methods: Rhino Security Labs' 21 methods (grouped as Bishop Fox does), and the
/// pathfinding.cloud paths that Cloudsplaining added. Methods whose actions include every
/// action of a smaller method (e.g. `CreateAccessKey` then `DeleteAccessKey`) are left out:
/// the smaller method already reports them.
static METHODS: &[Method] = &[
    // IAM permissions on other users.
    m(
        "create-access-key",
        "create an access key for another user",
        &["iam:CreateAccessKey"],
        None,
    ),
    m(
        "create-login-profile",
        "set a console password for a user that has none",
        &["iam:CreateLoginProfile"],
        None,
    ),
    m(
        "update-login-profile",
        "change another user's console password",
        &["iam:UpdateLoginProfile"],
        None,
    ),
    m(
        "add-user-to-group",
        "join a more privileged group",
        &["iam:AddUserToGroup"],
        None,
    ),
    // Permissions on policies.
    m(
        "create-policy-version",
        "rewrite a managed policy attached to oneself",
        &["iam:CreatePolicyVersion"],
        None,
    ),
    m(
        "set-default-policy-version",
        "switch a managed policy to a more permissive version",
        &["iam:SetDefaultPolicyVersion"],
        None,
    ),
    m(
        "attach-user-policy",
        "attach any managed policy to a user",
        &["iam:AttachUserPolicy"],
        None,
    ),
    m(
        "attach-group-policy",
        "attach any managed policy to a group",
        &["iam:AttachGroupPolicy"],
        None,
    ),
    m(
        "attach-role-policy",
        "attach any managed policy to a role",
        &["iam:AttachRolePolicy"],
        None,
    ),
    m(
        "put-user-policy",
        "write an inline policy on a user",
        &["iam:PutUserPolicy"],
        None,
    ),
    m(
        "put-group-policy",
        "write an inline policy on a group",
        &["iam:PutGroupPolicy"],
        None,
    ),
    m(
        "put-role-policy",
        "write an inline policy on a role",
        &["iam:PutRolePolicy"],
        None,
    ),
    // Updating a trust policy: naming oneself in a same-account trust policy is enough to
    // assume the role, so `sts:AssumeRole` is not required.
    m(
        "update-assume-role-policy",
        "make a role trust oneself, then assume it",
        &["iam:UpdateAssumeRolePolicy"],
        None,
    ),
    // iam:PassRole to a service that runs one's code.
    m(
        "pass-role-ec2",
        "launch an instance with a privileged role",
        &["iam:PassRole", "ec2:RunInstances"],
        Some("ec2.amazonaws.com"),
    ),
    m(
        "pass-role-ec2-spot",
        "request a spot instance with a privileged role",
        &["iam:PassRole", "ec2:RequestSpotInstances"],
        Some("ec2.amazonaws.com"),
    ),
    m(
        "pass-role-lambda-invoke",
        "create a function with a privileged role and invoke it",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:InvokeFunction",
        ],
        Some("lambda.amazonaws.com"),
    ),
    m(
        "pass-role-lambda-event-source",
        "create a function with a privileged role and trigger it from a stream",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:CreateEventSourceMapping",
        ],
        Some("lambda.amazonaws.com"),
    ),
    m(
        "pass-role-lambda-permission",
        "create a function with a privileged role and let oneself invoke it",
        &[
            "iam:PassRole",
            "lambda:CreateFunction",
            "lambda:AddPermission",
        ],
        Some("lambda.amazonaws.com"),
    ),
    m(
        "pass-role-glue-dev-endpoint",
        "create a Glue development endpoint with a privileged role",
        &["iam:PassRole", "glue:CreateDevEndpoint"],
        Some("glue.amazonaws.com"),
    ),
    m(
        "pass-role-glue-job",
        "create a Glue job with a privileged role and run it",
        &["iam:PassRole", "glue:CreateJob", "glue:StartJobRun"],
        Some("glue.amazonaws.com"),
    ),
    m(
        "pass-role-glue-job-trigger",
        "create a Glue job with a privileged role and trigger it",
        &["iam:PassRole", "glue:CreateJob", "glue:CreateTrigger"],
        Some("glue.amazonaws.com"),
    ),
    m(
        "pass-role-glue-update-job",
        "give a Glue job a privileged role and run it",
        &["iam:PassRole", "glue:UpdateJob", "glue:StartJobRun"],
        Some("glue.amazonaws.com"),
    ),
    m(
        "pass-role-glue-update-job-trigger",
        "give a Glue job a privileged role and trigger it",
        &["iam:PassRole", "glue:UpdateJob", "glue:CreateTrigger"],
        Some("glue.amazonaws.com"),
    ),
    m(
        "pass-role-cloudformation",
        "create a stack that runs with a privileged role",
        &["iam:PassRole", "cloudformation:CreateStack"],
        Some("cloudformation.amazonaws.com"),
    ),
    m(
        "pass-role-cloudformation-stack-set",
        "create a stack set that runs with a privileged role",
        &[
            "iam:PassRole",
            "cloudformation:CreateStackSet",
            "cloudformation:CreateStackInstances",
        ],
        Some("cloudformation.amazonaws.com"),
    ),
    m(
        "pass-role-cloudformation-update-stack-set",
        "give a stack set a privileged role",
        &["iam:PassRole", "cloudformation:UpdateStackSet"],
        Some("cloudformation.amazonaws.com"),
    ),
    m(
        "pass-role-data-pipeline",
        "create a data pipeline that runs with a privileged role",
        &[
            "iam:PassRole",
            "datapipeline:CreatePipeline",
            "datapipeline:PutPipelineDefinition",
        ],
        Some("datapipeline.amazonaws.com"),
    ),
    m(
        "pass-role-codebuild",
        "create a CodeBuild project with a privileged role and build it",
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuild",
        ],
        Some("codebuild.amazonaws.com"),
    ),
    m(
        "pass-role-codebuild-batch",
        "create a CodeBuild project with a privileged role and run a batch build",
        &[
            "iam:PassRole",
            "codebuild:CreateProject",
            "codebuild:StartBuildBatch",
        ],
        Some("codebuild.amazonaws.com"),
    ),
    m(
        "pass-role-ecs-run-task",
        "register a task definition with a privileged role and run it",
        &["iam:PassRole", "ecs:RegisterTaskDefinition", "ecs:RunTask"],
        Some("ecs-tasks.amazonaws.com"),
    ),
    m(
        "pass-role-ecs-start-task",
        "register a task definition with a privileged role and start it",
        &[
            "iam:PassRole",
            "ecs:RegisterTaskDefinition",
            "ecs:StartTask",
        ],
        Some("ecs-tasks.amazonaws.com"),
    ),
    m(
        "pass-role-ecs-service",
        "register a task definition with a privileged role and create a service",
        &[
            "iam:PassRole",
            "ecs:RegisterTaskDefinition",
            "ecs:CreateService",
        ],
        Some("ecs-tasks.amazonaws.com"),
    ),
    m(
        "pass-role-app-runner",
        "create an App Runner service with a privileged role",
        &["iam:PassRole", "apprunner:CreateService"],
        Some("tasks.apprunner.amazonaws.com"),
    ),
    m(
        "pass-role-sagemaker-notebook",
        "create a notebook instance with a privileged role",
        &["iam:PassRole", "sagemaker:CreateNotebookInstance"],
        Some("sagemaker.amazonaws.com"),
    ),
    m(
        "pass-role-sagemaker-training-job",
        "run a training job with a privileged role",
        &["iam:PassRole", "sagemaker:CreateTrainingJob"],
        Some("sagemaker.amazonaws.com"),
    ),
    m(
        "pass-role-sagemaker-processing-job",
        "run a processing job with a privileged role",
        &["iam:PassRole", "sagemaker:CreateProcessingJob"],
        Some("sagemaker.amazonaws.com"),
    ),
    m(
        "pass-role-bedrock-code-interpreter",
        "create a code interpreter with a privileged role and run code in it",
        &[
            "iam:PassRole",
            "bedrock-agentcore:CreateCodeInterpreter",
            "bedrock-agentcore:StartCodeInterpreterSession",
            "bedrock-agentcore:InvokeCodeInterpreter",
        ],
        Some("bedrock-agentcore.amazonaws.com"),
    ),
    // Using a service that already runs with a role.
    m(
        "update-glue-dev-endpoint",
        "add one's SSH key to an existing Glue development endpoint",
        &["glue:UpdateDevEndpoint"],
        None,
    ),
    m(
        "update-lambda-code",
        "replace the code of a function that has a privileged role",
        &["lambda:UpdateFunctionCode"],
        None,
    ),
    m(
        "cloudformation-change-set",
        "run a change set on a stack that has a privileged role",
        &[
            "cloudformation:CreateChangeSet",
            "cloudformation:ExecuteChangeSet",
        ],
        None,
    ),
    m(
        "ec2-user-data",
        "rewrite an instance's user data and restart it",
        &[
            "ec2:ModifyInstanceAttribute",
            "ec2:StopInstances",
            "ec2:StartInstances",
        ],
        None,
    ),
    m(
        "ec2-launch-template",
        "add a version with one's code to a launch template",
        &[
            "ec2:CreateLaunchTemplateVersion",
            "ec2:ModifyLaunchTemplate",
        ],
        None,
    ),
    m(
        "ec2-instance-connect",
        "push an SSH key to an instance that has a privileged role",
        &["ec2-instance-connect:SendSSHPublicKey"],
        None,
    ),
    m(
        "ecs-execute-command",
        "open a shell in a running task that has a privileged role",
        &["ecs:ExecuteCommand", "ecs:DescribeTasks"],
        None,
    ),
    m(
        "sagemaker-notebook-url",
        "open an existing notebook instance that has a privileged role",
        &["sagemaker:CreatePresignedNotebookInstanceUrl"],
        None,
    ),
    m(
        "sagemaker-notebook-lifecycle",
        "run one's code at the start of a notebook instance",
        &[
            "sagemaker:CreateNotebookInstanceLifecycleConfig",
            "sagemaker:StopNotebookInstance",
            "sagemaker:UpdateNotebookInstance",
            "sagemaker:StartNotebookInstance",
        ],
        None,
    ),
    m(
        "bedrock-code-interpreter-session",
        "run code in an existing code interpreter that has a privileged role",
        &[
            "bedrock-agentcore:StartCodeInterpreterSession",
            "bedrock-agentcore:InvokeCodeInterpreter",
        ],
        None,
    ),
];

/// Actions that only escalate when aimed at another user: on `user/${aws:username}` they are
/// self-service (managing one's own password or keys).
const OTHER_USER_ACTIONS: &[&str] = &[
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
];

const PASSED_TO_SERVICE: &str = "iam:PassedToService";

pub static META: RuleMeta = RuleMeta {
    id: "privilege-escalation",
    category: Category::Security,
    severity: Severity::Error,
    summary: "the policy allows a known IAM privilege-escalation method",
    aa_codes: &[],
    doc: r#"## What it does
Reports each known privilege-escalation method that an identity policy allows, once, at the
element that grants the method's key action (its first action), naming the method and every
action involved (with a label on each). The table is our own, built from Rhino Security Labs'
21 methods (Bishop Fox's five groups) and the pathfinding.cloud paths that Cloudsplaining
lists: policy rewrites (`iam:CreatePolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy`...),
credentials of other users (`iam:CreateAccessKey`...), trust-policy rewrites
(`iam:UpdateAssumeRolePolicy`), `iam:PassRole` to a service that runs one's code
(`ec2:RunInstances`, `lambda:CreateFunction` + `lambda:InvokeFunction`, Glue, CloudFormation,
Data Pipeline, CodeBuild, ECS, SageMaker, App Runner, Bedrock AgentCore) and code injection in
services that already have a role (`lambda:UpdateFunctionCode`, `glue:UpdateDevEndpoint`...).

The whole document is evaluated: a method whose actions are split over several `Allow`
statements counts. An action only counts when:
- its statement has no condition that really narrows it (MFA, tags, source network...);
  for `iam:PassRole`, an `iam:PassedToService` condition counts only when it names another
  service than the one the method needs;
- no unconditioned `Deny` of the document (nor a catch-all "deny without MFA") covers it;
- its resources matter: `iam:CreateAccessKey`, `iam:CreateLoginProfile` and
  `iam:UpdateLoginProfile` on `user/${aws:username}` only are self-service, not escalation;
  `iam:PassRole` counts only on a wildcard that reaches many roles (`*`, `role/*`,
  `role/app-*`): passing one named role only gives what its author chose to give that role;
  other actions count on any resource of the right type (rewriting the policy of one
  named role is still an escalation for whoever can use that role).

`"*"` on `"*"` is reported by `admin-access` instead. A method that needs every action of a
smaller reported method is not reported again.

## Conditions that count
A condition silences this rule only when it is on a key that narrows the escalation: the
principal that escalates (`aws:PrincipalArn`, `aws:PrincipalTag/*`, `aws:userid`,
`aws:username`), MFA for people (`aws:MultiFactorAuthPresent`, `aws:MultiFactorAuthAge`), the
way the request comes (only through another service: `aws:CalledVia`, `aws:CalledViaFirst`,
`aws:CalledViaLast`, `aws:ViaAWSService`), the tags of the resource acted on
(`aws:ResourceTag/*`) and every service key, which AWS evaluates per action and resource: the
role or service passed (`iam:PassedToService`, only when it names another service than the
method needs; `iam:AssociatedResourceArn`), the policy attached (`iam:PolicyARN`), the
permissions boundary required (`iam:PermissionsBoundary`), `iam:ResourceTag/*`,
`ec2:ResourceTag/*`... Transport, time, region, network, request tags and the resource's
account (`aws:SecureTransport`, `aws:CurrentTime`, `aws:TokenIssueTime`, `aws:RequestedRegion`,
`aws:SourceIp`, `aws:RequestTag/*`, `aws:ResourceAccount`) do not stop an escalation.

A condition counts only when it really narrows: `...IfExists` on a key the request may lack,
`ForAllValues` on an absent key, `ForAnyValue` with a negated operator, `Null` alone and
match-all values (`*`, `0.0.0.0/0`) do not.

An empty block (`"Condition": {}`) or an empty operator (`{"StringEquals": {}}`) narrows
nothing: the statement is judged as if it had no condition (`empty-element` reports the empty
block). Only a value polgen cannot see (a CloudFormation intrinsic, a Terraform expression) in
place of the block or of one of these keys' values keeps the rule quiet. A block that can never
hold makes the statement dead: `unsatisfiable-condition` reports it instead.

## Why is this bad?
Each method lets the principal give itself more permissions than the policy shows, up to
administrator access. The policy's apparent limits do not hold.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},
    {"Effect": "Allow", "Action": "ec2:RunInstances", "Resource": "*"}
  ]
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
      "Resource": "arn:aws:iam::111122223333:role/web-instance",
      "Condition": {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    },
    {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "arn:aws:iam::*:user/${aws:username}"}
  ]
}
```

## References
- [Rhino Security Labs: AWS IAM privilege escalation, methods and mitigation](https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/)
- [Bishop Fox: privilege escalation in AWS](https://bishopfox.com/blog/privilege-escalation-in-aws)
- [pathfinding.cloud (Datadog)](https://pathfinding.cloud/)
- [Cloudsplaining: privilege escalation](https://cloudsplaining.readthedocs.io/en/latest/glossary/privilege-escalation/)
"#,
};

/// Whether a resource pattern can only denote the caller itself (`user/${aws:username}`).
fn is_self_user(resource: &str) -> bool {
    let lower = resource.to_ascii_lowercase();
    lower.contains(":user/")
        && lower.ends_with("${aws:username}")
        && !lower.ends_with("*${aws:username}")
}

/// Whether `st`'s conditions leave `action` usable for `method`.
fn conditions_allow(
    st: &Statement,
    action: &str,
    method: &Method,
    catalog: &polgen_catalog::Catalog,
) -> bool {
    match narrowing::judge(st, &narrowing::ESCALATION, catalog) {
        Narrowing::Dead | Narrowing::Unknown(_) => return false,
        Narrowing::No => return true,
        // A statement that can never apply escalates nothing, whatever it names.
        Narrowing::By(_) if narrowing::cannot_judge(st, catalog) => return false,
        Narrowing::By(_) => {}
    }
    let is_pass_role = action.eq_ignore_ascii_case("iam:PassRole");
    for c in narrowing::narrowing_conditions(st, &narrowing::ESCALATION, catalog) {
        if is_pass_role && c.key_is(PASSED_TO_SERVICE) {
            let Some(service) = method.passes_to else {
                continue;
            };
            let kind = c.operator.kind;
            let positive = !kind.negated && kind.family == Family::String;
            let reaches = c.values.iter().any(|v| {
                v.str
                    .as_literal()
                    .is_none_or(|p| glob::matches(p, service, true))
            });
            if positive && !reaches {
                return false;
            }
            continue;
        }
        return false;
    }
    true
}

/// Whether granting `action` on `resource` (a policy `Resource` value; `None` for `NotResource`)
/// is a step of an escalation.
fn resource_matters(
    action: &str,
    resource: Option<&Str>,
    catalog: &polgen_catalog::Catalog,
) -> bool {
    let Some(resource) = resource else {
        return true;
    };
    let Some(pattern) = resource.as_pattern() else {
        // Computed at deploy time: only `iam:PassRole` needs to know the shape.
        return !action.eq_ignore_ascii_case("iam:PassRole");
    };
    if action.eq_ignore_ascii_case("iam:PassRole") {
        if !(is_every_role(pattern) || pattern.contains(['*', '?']) && pattern.contains(":role/")) {
            return false;
        }
    } else if OTHER_USER_ACTIONS
        .iter()
        .any(|a| a.eq_ignore_ascii_case(action))
        && is_self_user(pattern)
    {
        return false;
    }
    if pattern == "*" {
        return true;
    }
    // The resource must be of a type the action acts on (`iam:CreateAccessKey` on a role does nothing).
    catalog.action(action).is_none_or(|a| {
        a.action.resource_types.is_empty() || !a.resource_types_matching_arn(pattern).is_empty()
    })
}

/// The services an `Allow` statement's `Action` list can grant: `None` when it could grant any
/// (`NotAction`, a wildcard or computed service part). Each method action is looked for in
/// every statement; this answers most of those questions without the wildcard matcher (large
/// read-only policies list thousands of actions).
fn granted_services(st: &Statement) -> Option<Vec<&str>> {
    let list = st.action.as_ref()?;
    if list.negated {
        return None;
    }
    let mut services: Vec<&str> = Vec::new();
    for item in &list.items {
        let (service, _) = item.as_literal()?.split_once(':')?;
        if service.contains(['*', '?']) {
            return None;
        }
        if !services.iter().any(|s| s.eq_ignore_ascii_case(service)) {
            services.push(service);
        }
    }
    Some(services)
}

/// Where the document grants `action` for `method`: the granting element and its statement.
/// `services` holds [`granted_services`] for each statement of the document.
fn find_grant<'a>(
    doc: &'a PolicyDocument,
    services: &[Option<Vec<&str>>],
    action: &str,
    method: &Method,
    catalog: &polgen_catalog::Catalog,
) -> Option<(Span, &'a Statement)> {
    let action_service = action.split_once(':').map_or(action, |(s, _)| s);
    for (st, services) in doc.statements.iter().zip(services) {
        if !st.is_allow()
            || services
                .as_ref()
                .is_some_and(|list| !list.iter().any(|s| s.eq_ignore_ascii_case(action_service)))
        {
            continue;
        }
        let Some(span) = common::grant_span(st, action) else {
            continue;
        };
        if common::is_admin_statement(st, catalog) || !conditions_allow(st, action, method, catalog)
        {
            continue;
        }
        let Some(res) = st.resource.as_ref() else {
            continue;
        };
        let granted = if res.negated {
            res.complete
                && resource_matters(action, None, catalog)
                && !common::denied(&doc.statements, action, None)
        } else {
            res.items.iter().any(|r| {
                resource_matters(action, Some(r), catalog)
                    && !common::denied(&doc.statements, action, r.as_pattern())
            })
        };
        if granted {
            return Some((span, st));
        }
    }
    None
}

impl Rule for PrivilegeEscalation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        if ctx.kind() != PolicyKind::Identity {
            return;
        }
        let doc = ctx.doc;
        let services: Vec<Option<Vec<&str>>> =
            doc.statements.iter().map(granted_services).collect();
        let mut found: Vec<(&Method, Vec<(Span, &Statement)>)> = Vec::new();
        for method in METHODS {
            let grants: Option<Vec<(Span, &Statement)>> = method
                .actions
                .iter()
                .map(|a| find_grant(doc, &services, a, method, ctx.catalog))
                .collect();
            if let Some(grants) = grants {
                found.push((method, grants));
            }
        }
        let subsumed = |method: &Method| {
            found.iter().any(|(other, _)| {
                other.actions.len() < method.actions.len()
                    && other
                        .actions
                        .iter()
                        .all(|a| method.actions.iter().any(|b| a.eq_ignore_ascii_case(b)))
            })
        };
        for (method, grants) in &found {
            if subsumed(method) {
                continue;
            }
            let Some(((primary, st), rest)) = grants.split_first() else {
                continue;
            };
            let names: Vec<String> = method.actions.iter().map(|a| a.to_string()).collect();
            let mut d = ctx
                .diagnostic(*primary, format!("privilege escalation through `{}`: {} {} allowed", method.id, common::name_list(&names, 10), if names.len() == 1 { "is" } else { "are" }))
                .with_label(format!("grants `{}`", method.actions.first().copied().unwrap_or_default()))
                .with_note(format!("an attacker can {}", method.how))
                .with_help(if method.passes_to.is_some() {
                    "limit `iam:PassRole` to the ARNs of the roles this principal must pass (with `iam:PassedToService`), or remove one of the actions"
                } else {
                    "limit these actions to the resources this principal must manage, require MFA, or remove them"
                })
                .with_location_path(st.path());
            for ((span, _), action) in rest.iter().zip(method.actions.iter().skip(1)) {
                d = d.with_related(*span, format!("grants `{action}`"));
            }
            ctx.report(d);
        }
    }
}

use crate::util::glob;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn self_user() {
        assert!(is_self_user("arn:aws:iam::*:user/${aws:username}"));
        assert!(is_self_user(
            "arn:aws:iam::111122223333:user/division/${aws:username}"
        ));
        assert!(!is_self_user("arn:aws:iam::*:user/*"));
        assert!(!is_self_user("arn:aws:iam::*:user/*${aws:username}"));
    }

    #[test]
    fn methods_are_well_formed() {
        for m in METHODS {
            assert!(!m.actions.is_empty(), "{}", m.id);
            assert_eq!(
                m.passes_to.is_some(),
                m.actions.contains(&"iam:PassRole"),
                "{}",
                m.id
            );
            for a in m.actions {
                assert!(
                    polgen_catalog::Catalog::get().action(a).is_some(),
                    "{}: unknown action {a}",
                    m.id
                );
            }
        }
    }
}
