//! One test per rule of evaluation. The policies and requests are those of AWS's IAM User Guide
//! pages named in each test ("Policy evaluation logic", "NotAction", "NotResource", "Condition
//! operators", "Single-valued vs. multivalued context keys", "Policy variables"), reworded
//! where the page only describes the case.

use polgen_eval::{Context, Decision, Request, evaluate};
use polgen_policy::PolicyDocument;

fn policy(text: &str) -> PolicyDocument {
    polgen_policy::parse_policy(text, None)
        .expect("test input is valid")
        .document
}

fn statements(list: &str) -> PolicyDocument {
    policy(&format!(
        r#"{{"Version":"2012-10-17","Statement":[{list}]}}"#
    ))
}

fn decide(p: &PolicyDocument, action: &str, resource: &str, context: &Context) -> Decision {
    evaluate(&[p], &Request::new(action, resource).with_context(context)).decision
}

/// Allows `s3:GetObject` on anything when `condition` holds: the condition decides alone.
fn guarded(condition: &str) -> PolicyDocument {
    statements(&format!(
        r#"{{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{condition}}}"#
    ))
}

fn holds(condition: &str, context: &Context) -> Decision {
    decide(
        &guarded(condition),
        "s3:GetObject",
        "arn:aws:s3:::b/k",
        context,
    )
}

const ALLOW: Decision = Decision::Allow;
const IMPLICIT: Decision = Decision::ImplicitDeny;
const DEPENDS: Decision = Decision::DependsOnConditions;

#[test]
fn explicit_deny_wins_and_nothing_else_is_allowed() {
    // "The difference between explicit and implicit denies": AllowGetList and DenyReports.
    let p = statements(
        r#"{"Sid":"AllowGetList","Effect":"Allow","Action":["iam:Get*","iam:List*"],"Resource":"*"},
           {"Sid":"DenyReports","Effect":"Deny","Action":"iam:*Report","Resource":"*"}"#,
    );
    let none = Context::new();
    assert_eq!(decide(&p, "iam:GetUser", "*", &none), ALLOW);
    assert_eq!(decide(&p, "iam:CreatePolicy", "*", &none), IMPLICIT);
    assert_eq!(
        decide(&p, "iam:GetOrganizationsAccessReport", "*", &none),
        Decision::ExplicitDeny
    );
    // Another policy granting a report does not override the deny.
    let other =
        statements(r#"{"Effect":"Allow","Action":"iam:GenerateCredentialReport","Resource":"*"}"#);
    let e = evaluate(
        &[&p, &other],
        &Request::new("iam:GenerateCredentialReport", "*"),
    );
    assert_eq!(e.decision, Decision::ExplicitDeny);
    assert_eq!(e.allowed_by.len(), 1);
    assert_eq!((e.denied_by[0].policy, e.denied_by[0].statement), (0, 1));
}

#[test]
fn not_action_with_allow_is_scoped_by_the_resource() {
    // "NotAction": every S3 action but DeleteBucket, on S3 resources only.
    let p = statements(
        r#"{"Effect":"Allow","NotAction":"s3:DeleteBucket","Resource":"arn:aws:s3:::*"}"#,
    );
    let none = Context::new();
    assert_eq!(decide(&p, "s3:GetObject", "arn:aws:s3:::b/k", &none), ALLOW);
    assert_eq!(
        decide(&p, "s3:DeleteBucket", "arn:aws:s3:::b", &none),
        IMPLICIT
    );
    // ListAllMyBuckets needs the `*` resource; IAM actions are not on S3 resources.
    assert_eq!(decide(&p, "s3:ListAllMyBuckets", "*", &none), IMPLICIT);
    assert_eq!(
        decide(&p, "iam:GetUser", "arn:aws:iam::111122223333:user/a", &none),
        IMPLICIT
    );
}

#[test]
fn not_action_with_deny_unless_mfa() {
    // "NotAction": deny everything outside IAM when not signed in with MFA (BoolIfExists).
    let p = statements(
        r#"{"Effect":"Allow","Action":"*","Resource":"*"},
           {"Effect":"Deny","NotAction":"iam:*","Resource":"*",
            "Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}"#,
    );
    let long_term_keys = Context::new().complete();
    assert_eq!(
        decide(&p, "ec2:DescribeInstances", "*", &long_term_keys),
        Decision::ExplicitDeny,
        "IfExists on an absent key holds"
    );
    assert_eq!(decide(&p, "iam:ListUsers", "*", &long_term_keys), ALLOW);
    let mfa = Context::new().with("aws:MultiFactorAuthPresent", "true");
    assert_eq!(decide(&p, "ec2:DescribeInstances", "*", &mfa), ALLOW);
    // A context that does not say: the deny may apply.
    let e = evaluate(&[&p], &Request::new("ec2:DescribeInstances", "*"));
    assert_eq!(e.decision, DEPENDS);
    assert!(e.undecided[0].reason.contains("aws:MultiFactorAuthPresent"));
    assert!(
        e.describe().contains("a Deny may apply"),
        "{}",
        e.describe()
    );
}

#[test]
fn not_resource_excludes_the_listed_resources() {
    // "NotResource": all of S3 except the payroll folder of HRBucket.
    let p = statements(
        r#"{"Effect":"Allow","Action":"s3:*",
            "NotResource":["arn:aws:s3:::HRBucket/Payroll","arn:aws:s3:::HRBucket/Payroll/*"]}"#,
    );
    let none = Context::new();
    assert_eq!(
        decide(
            &p,
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Payroll/jan.csv",
            &none
        ),
        IMPLICIT
    );
    assert_eq!(
        decide(
            &p,
            "s3:GetObject",
            "arn:aws:s3:::HRBucket/Other/jan.csv",
            &none
        ),
        ALLOW
    );
    // With Deny, NotResource denies everything else.
    let d = statements(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
           {"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::ok/*"}"#,
    );
    assert_eq!(
        decide(&d, "s3:GetObject", "arn:aws:s3:::ok/k", &none),
        ALLOW
    );
    assert_eq!(
        decide(&d, "s3:GetObject", "arn:aws:s3:::other/k", &none),
        Decision::ExplicitDeny
    );
}

#[test]
fn actions_ignore_case_resources_do_not() {
    // "IAM JSON policy elements: Action": action names are case-insensitive; ARNs are not.
    let p = statements(r#"{"Effect":"Allow","Action":"S3:get*","Resource":"arn:aws:s3:::b/*"}"#);
    let none = Context::new();
    assert_eq!(decide(&p, "s3:GetObject", "arn:aws:s3:::b/k", &none), ALLOW);
    assert_eq!(
        decide(&p, "s3:GetObject", "arn:aws:s3:::B/k", &none),
        IMPLICIT
    );
    let q =
        statements(r#"{"Effect":"Allow","Action":"s3:Get?bject","Resource":"arn:aws:s3:::b/?"}"#);
    assert_eq!(decide(&q, "s3:GetObject", "arn:aws:s3:::b/k", &none), ALLOW);
    assert_eq!(
        decide(&q, "s3:GetObject", "arn:aws:s3:::b/kk", &none),
        IMPLICIT
    );
}

#[test]
fn policy_variables_in_resources() {
    // "Policy variables": a home folder per user.
    let p = statements(
        r#"{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::amzn-s3-demo-bucket/home/${aws:username}/*"}"#,
    );
    let alice = Context::new().with("aws:username", "alice");
    let arn = "arn:aws:s3:::amzn-s3-demo-bucket/home/alice/f";
    assert_eq!(decide(&p, "s3:GetObject", arn, &alice), ALLOW);
    let bob = Context::new().with("aws:username", "bob");
    assert_eq!(decide(&p, "s3:GetObject", arn, &bob), IMPLICIT);
    // Unknown user: undecidable, never `*`.
    assert_eq!(decide(&p, "s3:GetObject", arn, &Context::new()), DEPENDS);
}

#[test]
fn string_operators() {
    let tag = r#"{"StringEquals":{"aws:PrincipalTag/job-category":"iamuser-admin"}}"#;
    let admin = Context::new().with("aws:PrincipalTag/job-category", "iamuser-admin");
    let other = Context::new().with("aws:PrincipalTag/job-category", "IAMUSER-ADMIN");
    assert_eq!(holds(tag, &admin), ALLOW);
    assert_eq!(
        holds(tag, &other),
        IMPLICIT,
        "StringEquals is case-sensitive"
    );
    // Condition keys are case-insensitive.
    let upper_key = Context::new().with("AWS:PRINCIPALTAG/JOB-CATEGORY", "iamuser-admin");
    assert_eq!(holds(tag, &upper_key), ALLOW);
    let ic = r#"{"StringEqualsIgnoreCase":{"aws:PrincipalTag/job-category":"iamuser-admin"}}"#;
    assert_eq!(holds(ic, &other), ALLOW);
    let not = r#"{"StringNotEquals":{"aws:PrincipalTag/job-category":["a","b"]}}"#;
    assert_eq!(holds(not, &admin), ALLOW);
    assert_eq!(
        holds(
            not,
            &Context::new().with("aws:PrincipalTag/job-category", "b")
        ),
        IMPLICIT
    );
    // "Condition operators": a negated operator on an absent key holds.
    assert_eq!(holds(not, &Context::new().complete()), ALLOW);
    let nic = r#"{"StringNotEqualsIgnoreCase":{"k":"A"}}"#;
    assert_eq!(holds(nic, &Context::new().with("k", "a")), IMPLICIT);
}

#[test]
fn string_like_with_wildcards_and_variables() {
    // "Policy variables": ListBucket on the user's own prefix.
    let c = r#"{"StringLike":{"s3:prefix":["","home/","home/${aws:username}/*"]}}"#;
    let ctx = |prefix: &str| {
        Context::new()
            .with("aws:username", "alice")
            .with("s3:prefix", prefix)
    };
    assert_eq!(holds(c, &ctx("home/alice/docs")), ALLOW);
    assert_eq!(holds(c, &ctx("")), ALLOW);
    assert_eq!(holds(c, &ctx("home/bob/docs")), IMPLICIT);
    let q = r#"{"StringLike":{"k":"v?"}}"#;
    assert_eq!(holds(q, &Context::new().with("k", "v1")), ALLOW);
    assert_eq!(holds(q, &Context::new().with("k", "V1")), IMPLICIT);
    let not = r#"{"StringNotLike":{"k":"tmp-*"}}"#;
    assert_eq!(holds(not, &Context::new().with("k", "tmp-1")), IMPLICIT);
    assert_eq!(holds(not, &Context::new().with("k", "prod")), ALLOW);
}

#[test]
fn numeric_operators() {
    // "Condition operators": at most 10 keys per ListBucket.
    let c = r#"{"NumericLessThanEquals":{"s3:max-keys":"10"}}"#;
    assert_eq!(holds(c, &Context::new().with("s3:max-keys", "10")), ALLOW);
    assert_eq!(
        holds(c, &Context::new().with("s3:max-keys", "11")),
        IMPLICIT
    );
    assert_eq!(
        holds(c, &Context::new().with("s3:max-keys", "many")),
        DEPENDS
    );
    let cases = [
        ("NumericEquals", "5", ALLOW),
        ("NumericNotEquals", "5", IMPLICIT),
        ("NumericLessThan", "5", IMPLICIT),
        ("NumericGreaterThan", "4.5", ALLOW),
        ("NumericGreaterThanEquals", "5", ALLOW),
    ];
    for (op, value, want) in cases {
        let c = format!(r#"{{"{op}":{{"k":"{value}"}}}}"#);
        assert_eq!(
            holds(&c, &Context::new().with("k", "5")),
            want,
            "{op} {value}"
        );
    }
}

#[test]
fn date_operators() {
    // "Condition operators": temporary credentials issued after a date.
    let c = r#"{"DateGreaterThan":{"aws:TokenIssueTime":"2020-01-01T00:00:01Z"}}"#;
    let issued = |t: &str| Context::new().with("aws:TokenIssueTime", t);
    assert_eq!(holds(c, &issued("2024-05-01T12:00:00Z")), ALLOW);
    assert_eq!(holds(c, &issued("2019-12-31T23:59:59Z")), IMPLICIT);
    // Epoch seconds and offsets compare as instants.
    assert_eq!(holds(c, &issued("1714564800")), ALLOW);
    let eq = r#"{"DateEquals":{"aws:CurrentTime":"2024-05-01T12:00:00Z"}}"#;
    assert_eq!(
        holds(
            eq,
            &Context::new().with("aws:CurrentTime", "2024-05-01T14:00:00+02:00")
        ),
        ALLOW
    );
    let lt = r#"{"DateLessThan":{"aws:CurrentTime":"2024-01-01"}}"#;
    assert_eq!(
        holds(
            lt,
            &Context::new().with("aws:CurrentTime", "2023-12-31T23:59:59Z")
        ),
        ALLOW
    );
    let ne = r#"{"DateNotEquals":{"aws:CurrentTime":"2024-01-01"}}"#;
    assert_eq!(
        holds(
            ne,
            &Context::new().with("aws:CurrentTime", "2024-01-01T00:00:00Z")
        ),
        IMPLICIT
    );
    assert_eq!(
        holds(lt, &Context::new().with("aws:CurrentTime", "soon")),
        DEPENDS
    );
}

#[test]
fn bool_and_binary() {
    // "Condition operators": requests over TLS only.
    let c = r#"{"Bool":{"aws:SecureTransport":"true"}}"#;
    assert_eq!(
        holds(c, &Context::new().with("aws:SecureTransport", "true")),
        ALLOW
    );
    assert_eq!(
        holds(c, &Context::new().with("aws:SecureTransport", "TRUE")),
        ALLOW
    );
    assert_eq!(
        holds(c, &Context::new().with("aws:SecureTransport", "false")),
        IMPLICIT
    );
    let json_bool = r#"{"Bool":{"aws:SecureTransport":true}}"#;
    assert_eq!(
        holds(
            json_bool,
            &Context::new().with("aws:SecureTransport", "true")
        ),
        ALLOW
    );
    let b = r#"{"BinaryEquals":{"key":"QmluYXJ5VmFsdWVJbkJhc2U2NA=="}}"#;
    assert_eq!(
        holds(
            b,
            &Context::new().with("key", "QmluYXJ5VmFsdWVJbkJhc2U2NA==")
        ),
        ALLOW
    );
    assert_eq!(holds(b, &Context::new().with("key", "other")), IMPLICIT);
}

#[test]
fn ip_address_operators() {
    // "Condition operators": IPv4 and IPv6 ranges.
    let c = r#"{"IpAddress":{"aws:SourceIp":["203.0.113.0/24","2001:DB8:1234:5678::/64"]}}"#;
    let from = |ip: &str| Context::new().with("aws:SourceIp", ip);
    assert_eq!(holds(c, &from("203.0.113.9")), ALLOW);
    assert_eq!(holds(c, &from("2001:db8:1234:5678::1")), ALLOW);
    assert_eq!(holds(c, &from("198.51.100.1")), IMPLICIT);
    let not = r#"{"NotIpAddress":{"aws:SourceIp":"203.0.113.0/24"}}"#;
    assert_eq!(holds(not, &from("203.0.113.9")), IMPLICIT);
    assert_eq!(holds(not, &from("198.51.100.1")), ALLOW);
    assert_eq!(holds(not, &from("vpce-1a2b3c4d")), DEPENDS);
}

#[test]
fn arn_operators_compare_field_by_field() {
    // "Condition operators": an SNS topic that only a given trail may publish to.
    let c = r#"{"ArnLike":{"aws:SourceArn":"arn:aws:cloudtrail:*:111122223333:trail/*"}}"#;
    let src = |arn: &str| Context::new().with("aws:SourceArn", arn);
    assert_eq!(
        holds(
            c,
            &src("arn:aws:cloudtrail:eu-west-1:111122223333:trail/main")
        ),
        ALLOW
    );
    assert_eq!(
        holds(
            c,
            &src("arn:aws:cloudtrail:eu-west-1:444455556666:trail/main")
        ),
        IMPLICIT
    );
    let eq = r#"{"ArnEquals":{"aws:SourceArn":"arn:aws:sns:eu-west-1:111122223333:topic"}}"#;
    assert_eq!(
        holds(eq, &src("arn:aws:sns:eu-west-1:111122223333:topic")),
        ALLOW
    );
    let not = r#"{"ArnNotLike":{"aws:SourceArn":"arn:aws:s3:::bad-*"}}"#;
    assert_eq!(holds(not, &src("arn:aws:s3:::bad-bucket")), IMPLICIT);
    assert_eq!(holds(not, &src("arn:aws:s3:::good")), ALLOW);
}

#[test]
fn null_checks_presence() {
    // "Condition operators": allow only with long-term credentials (no TokenIssueTime).
    let c = r#"{"Null":{"aws:TokenIssueTime":"true"}}"#;
    assert_eq!(holds(c, &Context::new().complete()), ALLOW);
    assert_eq!(
        holds(
            c,
            &Context::new().with("aws:TokenIssueTime", "2024-05-01T00:00:00Z")
        ),
        IMPLICIT
    );
    assert_eq!(
        holds(c, &Context::new()),
        DEPENDS,
        "a partial context does not say"
    );
    let f = r#"{"Null":{"aws:TokenIssueTime":"false"}}"#;
    assert_eq!(holds(f, &Context::new().complete()), IMPLICIT);
}

#[test]
fn if_exists_and_absent_keys() {
    // "Condition operators": instance types restricted only when the request names one.
    let c = r#"{"StringLikeIfExists":{"ec2:InstanceType":["t1.*","t2.*","m3.*"]}}"#;
    assert_eq!(holds(c, &Context::new().complete()), ALLOW);
    assert_eq!(
        holds(c, &Context::new().with("ec2:InstanceType", "t2.micro")),
        ALLOW
    );
    assert_eq!(
        holds(c, &Context::new().with("ec2:InstanceType", "c5.large")),
        IMPLICIT
    );
    assert_eq!(holds(c, &Context::new()), DEPENDS);
    // Without IfExists an absent key fails a positive operator.
    let plain = r#"{"StringLike":{"ec2:InstanceType":"t2.*"}}"#;
    assert_eq!(holds(plain, &Context::new().complete()), IMPLICIT);
}

#[test]
fn set_operators_on_multivalued_keys() {
    // "Single-valued vs. multivalued context keys": aws:TagKeys.
    let all = r#"{"ForAllValues:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}"#;
    let keys = |k: &[&str]| Context::new().with_values("aws:TagKeys", k);
    assert_eq!(holds(all, &keys(&["environment"])), ALLOW);
    assert_eq!(holds(all, &keys(&["environment", "cost-center"])), ALLOW);
    assert_eq!(holds(all, &keys(&["environment", "dept"])), IMPLICIT);
    // An empty set, or no key at all, satisfies ForAllValues.
    assert_eq!(holds(all, &keys(&[])), ALLOW);
    assert_eq!(holds(all, &Context::new().complete()), ALLOW);
    let any = r#"{"ForAnyValue:StringEquals":{"aws:TagKeys":["environment","cost-center"]}}"#;
    assert_eq!(holds(any, &keys(&["dept", "cost-center"])), ALLOW);
    assert_eq!(holds(any, &keys(&["dept"])), IMPLICIT);
    assert_eq!(holds(any, &keys(&[])), IMPLICIT);
    assert_eq!(holds(any, &Context::new().complete()), IMPLICIT);
    // A single-valued operator on several values is not guessed.
    let plain = r#"{"StringEquals":{"aws:TagKeys":"environment"}}"#;
    assert_eq!(holds(plain, &keys(&["environment", "dept"])), DEPENDS);
    // ForAllValues with a negated operator: no value may be in the list.
    let none_of = r#"{"ForAllValues:StringNotLike":{"aws:TagKeys":"aws:*"}}"#;
    assert_eq!(holds(none_of, &keys(&["env", "team"])), ALLOW);
    assert_eq!(holds(none_of, &keys(&["env", "aws:x"])), IMPLICIT);
}

#[test]
fn condition_entries_and_values_combine() {
    // "Creating a condition with multiple keys or values": keys AND, values OR.
    let c =
        r#"{"StringEquals":{"aws:PrincipalTag/team":["a","b"],"aws:RequestedRegion":"eu-west-1"}}"#;
    let ctx = |team: &str, region: &str| {
        Context::new()
            .with("aws:PrincipalTag/team", team)
            .with("aws:RequestedRegion", region)
    };
    assert_eq!(holds(c, &ctx("b", "eu-west-1")), ALLOW);
    assert_eq!(holds(c, &ctx("c", "eu-west-1")), IMPLICIT);
    assert_eq!(holds(c, &ctx("a", "us-east-1")), IMPLICIT);
    // One entry false decides even when another is unknown.
    let partial = Context::new().with("aws:PrincipalTag/team", "c");
    assert_eq!(holds(c, &partial), IMPLICIT);
}

#[test]
fn what_cannot_be_evaluated_is_reported() {
    let unknown_op = r#"{"StringSortOf":{"k":"v"}}"#;
    let e = evaluate(
        &[&guarded(unknown_op)],
        &Request::new("s3:GetObject", "arn:aws:s3:::b/k")
            .with_context(&Context::new().with("k", "v")),
    );
    assert_eq!(e.decision, DEPENDS);
    assert!(e.undecided[0].reason.contains("`StringSortOf`"), "{e:?}");
    // Beside a readable entry, the unreadable one is not dropped in silence.
    let mixed = r#"{"StringSortOf":{"k":"v"},"StringEquals":{"k":"v"}}"#;
    assert_eq!(holds(mixed, &Context::new().with("k", "v")), DEPENDS);
    // An allow under an undecided condition next to a plain allow: allowed.
    let p = statements(
        r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}},
           {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
    );
    let e = evaluate(&[&p], &Request::new("s3:GetObject", "arn:aws:s3:::b/k"));
    assert_eq!(e.decision, ALLOW);
    assert!(e.undecided.is_empty());
    let e = evaluate(&[&p], &Request::new("s3:GetObject", "arn:aws:s3:::c/k"));
    assert_eq!(e.decision, DEPENDS);
    assert_eq!(
        e.describe(),
        "allowed only under conditions: the context has no `aws:SecureTransport` (`Bool`)"
    );
}
