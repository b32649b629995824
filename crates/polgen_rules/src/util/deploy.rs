//! Values known only at deploy time that the catalog can still give a shape: the ARN of a
//! resource declared in the same file (`!GetAtt Queue.Arn`, `aws_sqs_queue.jobs.arn`) has the
//! ARN format of its IAM resource type, so the rules that judge resource types
//! (`resource-mismatch`, ...) can judge it. So has a CloudFormation `Ref` of a resource
//! whose `Ref` returns its ARN (`!Ref Topic` for an `AWS::SNS::Topic`).

use polgen_catalog::Catalog;
use polgen_policy::{Node, Origin, Unknown, Value};

/// Whether `reference` to a resource of type `ty` gives the resource's ARN: CloudFormation
/// `Name.Arn`, Terraform `type.name.arn`, or a CloudFormation `Ref` (a bare logical id) of a
/// type whose `Ref` returns the ARN.
fn is_arn_reference(reference: &str, ty: &str) -> bool {
    match reference.rsplit_once('.') {
        Some((_, attr)) => attr == "Arn" || attr == "arn",
        None => polgen_catalog::cfn_ref::cfn_ref(ty)
            .is_some_and(|r| r.returns == polgen_catalog::cfn_ref::RefKind::Arn),
    }
}

/// What a CloudFormation `Ref` gives that is no ARN (`!Ref Queue`: the queue's URL), for the
/// value `s` of a `Resource`: the reference, the resource type and what `Ref` returns.
pub fn ref_that_is_no_arn(
    s: &polgen_policy::Str,
) -> Option<(&str, &str, &'static polgen_catalog::cfn_ref::RefReturn)> {
    if s.kind != polgen_policy::StrKind::Opaque {
        return None;
    }
    let [part] = s.parts.as_slice() else {
        return None;
    };
    let Origin::Resource { ty } = &part.origin else {
        return None;
    };
    if part.reference.contains('.') {
        return None;
    }
    let returns = polgen_catalog::cfn_ref::cfn_ref(ty)?;
    (returns.returns != polgen_catalog::cfn_ref::RefKind::Arn).then_some((
        part.reference.as_str(),
        ty.as_str(),
        returns,
    ))
}

fn shape(value: &mut Value, catalog: &Catalog) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|n| shape(&mut n.value, catalog)),
        Value::Unknown(Unknown { pattern, parts, .. }) if pattern.is_none() => {
            let [part] = parts.as_slice() else { return };
            let Origin::Resource { ty } = &part.origin else {
                return;
            };
            if is_arn_reference(&part.reference, ty)
                && let Some(arn) = catalog.host_resource_arn_pattern(ty)
            {
                *pattern = Some(arn);
                // The pattern's `*`s are the ARN format's variables, not this part.
                parts.clear();
            }
        }
        _ => {}
    }
}

/// Gives the `Resource` / `NotResource` values of every statement of `root` that are the ARN
/// of a resource of the same file the shape of that resource's ARN. Other elements keep
/// the value unknown: in a condition (`aws:SourceArn`) it names one resource, not a pattern.
pub fn shape_resource_arns(root: &mut Node, catalog: &Catalog) {
    let Value::Object(members) = &mut root.value else {
        return;
    };
    for m in members.iter_mut().filter(|m| m.key == "Statement") {
        let statements: Vec<&mut Node> = match &mut m.value.value {
            Value::Array(items) => items.iter_mut().collect(),
            Value::Object(_) => vec![&mut m.value],
            _ => Vec::new(),
        };
        for st in statements {
            if let Value::Object(fields) = &mut st.value {
                for f in fields
                    .iter_mut()
                    .filter(|f| f.key == "Resource" || f.key == "NotResource")
                {
                    shape(&mut f.value.value, catalog);
                }
            }
        }
    }
}
