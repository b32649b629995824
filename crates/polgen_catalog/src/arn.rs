//! Could a policy `Resource` ARN denote a resource of some type? That is: is the intersection
//! of two patterns non-empty?
//!
//! - The policy side has IAM wildcards (`*` any run, `?` one character) and policy variables
//!   (`${aws:username}`), which may take any value and so behave like `*`. The escapes
//!   `${*}`, `${?}` and `${$}` stand for the literal characters.
//! - The catalog side is an ARN format such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`:
//!   each `${Placeholder}` is one or more characters, and a literal `*` (a few formats have one)
//!   is any run.
//!
//! Both are compiled to sequences of tokens (one character of a class, or any run of a class)
//! and a product automaton is explored with a DP over both positions: O(n·m), no regex, and
//! exact for these languages.
//!
//! What a placeholder may contain decides whether `arn:aws:s3:::bucket/key` is a bucket. The
//! rules, chosen so that real ARNs land on the right types:
//!
//! 1. In the first five fields (partition, service, region, account) a placeholder never
//!    contains `:`.
//! 2. In the resource part, a placeholder contains no `/` when a literal `/` follows it later in
//!    the format, and no `:` when a literal `:` follows it later: such a placeholder is one
//!    segment (`${BucketName}` in `${BucketName}/${ObjectName}`, `${LogGroupName}` in
//!    `log-group:${LogGroupName}:log-stream:${LogStreamName}`).
//! 3. A placeholder in the first segment of the resource part (no literal `/` or `:` before it
//!    in the resource part) contains neither `/` nor `:`: a bare name such as an S3 bucket, an
//!    SNS topic or an SQS queue.
//! 4. Any other placeholder, in particular the last one after a literal `/` or `:`, may contain
//!    anything: role paths (`role/${RoleNameWithPath}`), object keys, log group names
//!    (`/aws/lambda/x`, and the `:*` that follows them in policies), qualified Lambda functions
//!    (`function:${FunctionName}` matches `function:f:alias`).
//!
//! So `arn:aws:s3:::bucket` is a bucket and not an object, `arn:aws:s3:::bucket/a/b` an object
//! and not a bucket, and `arn:aws:s3:::bucket*` could be either.

/// Delimiters a class may exclude.
const COLON: u8 = 1;
const SLASH: u8 = 2;

/// A set of characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// Exactly this character.
    Lit(char),
    /// Any character except the delimiters in the mask (0 = any character at all).
    Except(u8),
}

impl Class {
    fn excludes(mask: u8, c: char) -> bool {
        (mask & COLON != 0 && c == ':') || (mask & SLASH != 0 && c == '/')
    }

    /// True when some character belongs to both classes.
    fn meets(self, other: Class) -> bool {
        match (self, other) {
            (Class::Lit(a), Class::Lit(b)) => a == b,
            (Class::Lit(c), Class::Except(mask)) | (Class::Except(mask), Class::Lit(c)) => {
                !Class::excludes(mask, c)
            }
            // Infinitely many characters are neither `:` nor `/`.
            (Class::Except(_), Class::Except(_)) => true,
        }
    }
}

/// One step of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// Exactly one character of the class.
    One(Class),
    /// Zero or more characters of the class.
    Many(Class),
}

impl Tok {
    fn class(self) -> Class {
        match self {
            Tok::One(c) | Tok::Many(c) => c,
        }
    }
}

const ANY: Class = Class::Except(0);

/// One piece of a policy resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PolicyPiece {
    Char(char),
    /// `*` or a policy variable: any run.
    Star,
    /// `?`: any one character.
    One,
}

fn policy_pieces(pattern: &str) -> Vec<PolicyPiece> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(c) = rest.chars().next() {
        if let Some(var) = rest.strip_prefix("${")
            && let Some(end) = var.find('}')
        {
            out.push(match &var[..end] {
                "*" => PolicyPiece::Char('*'),
                "?" => PolicyPiece::Char('?'),
                "$" => PolicyPiece::Char('$'),
                _ => PolicyPiece::Star,
            });
            rest = &var[end + 1..];
            continue;
        }
        out.push(match c {
            '*' => PolicyPiece::Star,
            '?' => PolicyPiece::One,
            c => PolicyPiece::Char(c),
        });
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Index of the first piece after the fifth literal colon (the resource part), if any.
fn resource_start<T: PartialEq>(pieces: &[T], colon: &T) -> Option<usize> {
    pieces
        .iter()
        .enumerate()
        .filter(|(_, p)| *p == colon)
        .nth(4)
        .map(|(i, _)| i + 1)
}

/// Compiles a policy resource. Wildcards and variables in the first five fields stay inside
/// their field (`arn:aws:ec2:*:*:instance/*` names instances, not VPCs whose ids would contain
/// `:instance/`), except a final `*` that ends the pattern early (`arn:aws:s3:*`), which covers
/// the rest of the ARN. In the resource part they match anything.
fn compile_policy(pieces: &[PolicyPiece]) -> Vec<Tok> {
    let start = resource_start(pieces, &PolicyPiece::Char(':'));
    let last = pieces.len().saturating_sub(1);
    pieces
        .iter()
        .enumerate()
        .map(|(i, piece)| {
            let in_fields = start.is_none_or(|s| i < s) && !(start.is_none() && i == last);
            let run = if in_fields { Class::Except(COLON) } else { ANY };
            match *piece {
                PolicyPiece::Char(c) => Tok::One(Class::Lit(c)),
                PolicyPiece::Star => Tok::Many(run),
                PolicyPiece::One => Tok::One(run),
            }
        })
        .collect()
}

/// One piece of an ARN format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FormatPiece {
    Char(char),
    Placeholder,
}

fn format_pieces(format: &str) -> Vec<FormatPiece> {
    let mut out = Vec::with_capacity(format.len());
    let mut rest = format;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            out.push(FormatPiece::Placeholder);
            rest = &after[end + 1..];
            continue;
        }
        out.push(FormatPiece::Char(c));
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Compiles an ARN format following the placeholder rules in the module documentation.
fn compile_format(pieces: &[FormatPiece]) -> Vec<Tok> {
    let resource_start = resource_start(pieces, &FormatPiece::Char(':')).unwrap_or(pieces.len());
    let mut toks = Vec::with_capacity(pieces.len() + 8);
    for (i, piece) in pieces.iter().enumerate() {
        let in_resource = i >= resource_start;
        match *piece {
            FormatPiece::Char('*') if in_resource => toks.push(Tok::Many(ANY)),
            FormatPiece::Char('*') => toks.push(Tok::Many(Class::Except(COLON))),
            FormatPiece::Char(c) => toks.push(Tok::One(Class::Lit(c))),
            FormatPiece::Placeholder => {
                let mask = if in_resource {
                    let before = pieces.get(resource_start..i).unwrap_or(&[]);
                    let after = pieces.get(i + 1..).unwrap_or(&[]);
                    let has = |part: &[FormatPiece], c: char| part.contains(&FormatPiece::Char(c));
                    let mut mask = 0;
                    if has(after, '/') {
                        mask |= SLASH;
                    }
                    if has(after, ':') {
                        mask |= COLON;
                    }
                    if !has(before, '/') && !has(before, ':') {
                        mask |= SLASH | COLON;
                    }
                    mask
                } else {
                    COLON
                };
                toks.push(Tok::One(Class::Except(mask)));
                toks.push(Tok::Many(Class::Except(mask)));
            }
        }
    }
    toks
}

/// True when the languages of the two token sequences intersect.
fn intersects(a: &[Tok], b: &[Tok]) -> bool {
    let m = b.len();
    // `cur[j]`: state (i, j) reachable; `next[j]`: state (i + 1, j) reachable.
    let mut cur = vec![false; m + 1];
    let mut next = vec![false; m + 1];
    if let Some(first) = cur.first_mut() {
        *first = true;
    }
    for i in 0..=a.len() {
        next.fill(false);
        let ta = a.get(i).copied();
        for j in 0..=m {
            if !cur.get(j).copied().unwrap_or(false) {
                continue;
            }
            let tb = b.get(j).copied();
            // Skip an empty run on either side.
            if matches!(ta, Some(Tok::Many(_))) {
                set(&mut next, j);
            }
            if matches!(tb, Some(Tok::Many(_))) {
                set(&mut cur, j + 1);
            }
            // Consume one character that both sides accept.
            if let (Some(ta), Some(tb)) = (ta, tb)
                && ta.class().meets(tb.class())
            {
                match (ta, tb) {
                    (Tok::One(_), Tok::One(_)) => set(&mut next, j + 1),
                    (Tok::One(_), Tok::Many(_)) => set(&mut next, j),
                    (Tok::Many(_), Tok::One(_)) => set(&mut cur, j + 1),
                    (Tok::Many(_), Tok::Many(_)) => {}
                }
            }
        }
        if i == a.len() {
            return cur.get(m).copied().unwrap_or(false);
        }
        std::mem::swap(&mut cur, &mut next);
    }
    false
}

fn set(row: &mut [bool], j: usize) {
    if let Some(cell) = row.get_mut(j) {
        *cell = true;
    }
}

/// True when some concrete ARN matches both `pattern` (a policy `Resource` value: IAM
/// wildcards `*` and `?`, policy variables `${...}` which behave like `*`) and `arn_format`
/// (a catalog ARN format with `${Partition}`, `${Region}`, `${Account}`, ... placeholders).
/// See the module documentation for what a placeholder may contain.
pub fn arn_matches(pattern: &str, arn_format: &str) -> bool {
    // Cheap rejection: two different literal service fields never meet.
    if let (Some(a), Some(b)) = (
        literal_arn_service(pattern),
        literal_arn_service(arn_format),
    ) && a != b
    {
        return false;
    }
    let policy = policy_pieces(pattern);
    let format = format_pieces(arn_format);
    if resource_heads_differ(&policy, &format) {
        return false;
    }
    intersects(&compile_policy(&policy), &compile_format(&format))
}

/// Cheap rejection: when both sides have a resource part (five literal colons before it, and
/// nothing in the fields can produce a colon), their literal beginnings must agree
/// (`instance/` never meets `vpc/`).
fn resource_heads_differ(policy: &[PolicyPiece], format: &[FormatPiece]) -> bool {
    let (Some(p), Some(f)) = (
        resource_start(policy, &PolicyPiece::Char(':')),
        resource_start(format, &FormatPiece::Char(':')),
    ) else {
        return false;
    };
    let policy_head = policy
        .get(p..)
        .unwrap_or(&[])
        .iter()
        .map_while(|piece| match piece {
            PolicyPiece::Char(c) => Some(*c),
            _ => None,
        });
    let format_head = format
        .get(f..)
        .unwrap_or(&[])
        .iter()
        .map_while(|piece| match piece {
            FormatPiece::Char('*') => None,
            FormatPiece::Char(c) => Some(*c),
            FormatPiece::Placeholder => None,
        });
    policy_head.zip(format_head).any(|(a, b)| a != b)
}

/// The service field (third field) of an ARN or ARN pattern, when it is a literal: `s3` for
/// `arn:aws:s3:::b`; `None` for `arn:aws:*:...`, `*`, variables, or text that is not an ARN.
pub fn literal_arn_service(pattern: &str) -> Option<&str> {
    let mut fields = pattern.splitn(4, ':');
    let (arn, _partition, service) = (fields.next()?, fields.next()?, fields.next()?);
    fields.next()?;
    let literal = |s: &str| !s.is_empty() && !s.contains(['*', '?', '$']);
    (arn == "arn" && literal(service)).then_some(service)
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const ACCESS_POINT: &str =
        "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";
    const USER: &str = "arn:${Partition}:iam::${Account}:user/${UserNameWithPath}";
    const LOG_GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
    const LOG_STREAM: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    const FUNCTION: &str = "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}";
    const TOPIC: &str = "arn:${Partition}:sns:${Region}:${Account}:${TopicName}";
    const DMS_ENDPOINT: &str = "arn:${Partition}:dms:${Region}:${Account}:endpoint:*";

    #[test]
    fn s3_buckets_and_objects() {
        assert!(arn_matches("arn:aws:s3:::bucket", BUCKET));
        assert!(!arn_matches("arn:aws:s3:::bucket", OBJECT));
        assert!(arn_matches("arn:aws:s3:::bucket/key/with/slashes", OBJECT));
        assert!(!arn_matches("arn:aws:s3:::bucket/key/with/slashes", BUCKET));
        assert!(arn_matches("arn:aws:s3:::bucket*", BUCKET));
        assert!(arn_matches("arn:aws:s3:::bucket*", OBJECT));
        assert!(arn_matches("arn:aws:s3:::bucket/*", OBJECT));
        assert!(!arn_matches("arn:aws:s3:::bucket/*", BUCKET));
        assert!(arn_matches("arn:aws:s3:::*", BUCKET));
        assert!(arn_matches("arn:aws:s3:::*/*", OBJECT));
        assert!(!arn_matches("arn:aws:s3:::*/*", BUCKET));
        assert!(
            !arn_matches("arn:aws:s3:::*", ACCESS_POINT),
            "region and account are empty"
        );
        assert!(arn_matches("arn:aws:s3:*:*:accesspoint/*", ACCESS_POINT));
        assert!(arn_matches("arn:aws-cn:s3:::b", BUCKET));
        assert!(!arn_matches("arn:aws:s3:::", BUCKET), "a bucket has a name");
        assert!(!arn_matches("arn:aws:sqs:::bucket", BUCKET));
    }

    #[test]
    fn iam_paths() {
        assert!(arn_matches(
            "arn:aws:iam::123456789012:role/path/name",
            ROLE
        ));
        assert!(arn_matches("arn:aws:iam::123456789012:role/name", ROLE));
        assert!(!arn_matches(
            "arn:aws:iam::123456789012:role/path/name",
            USER
        ));
        assert!(arn_matches("arn:aws:iam::*:role/aws-service-role/*", ROLE));
        assert!(arn_matches(
            "arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}",
            USER
        ));
        assert!(!arn_matches(
            "arn:aws:iam:us-east-1:123456789012:role/x",
            ROLE
        ));
    }

    #[test]
    fn log_groups_and_streams() {
        let arn = "arn:aws:logs:us-east-1:123:log-group:/aws/lambda/x:*";
        assert!(arn_matches(arn, LOG_GROUP));
        assert!(arn_matches(arn, LOG_STREAM));
        assert!(arn_matches(
            "arn:aws:logs:us-east-1:123:log-group:/aws/lambda/x",
            LOG_GROUP
        ));
        assert!(!arn_matches(
            "arn:aws:logs:us-east-1:123:log-group:/aws/lambda/x",
            LOG_STREAM
        ));
        assert!(arn_matches(
            "arn:aws:logs:*:*:log-group:/aws/lambda/*:log-stream:*",
            LOG_STREAM
        ));
    }

    #[test]
    fn lambda_functions() {
        assert!(arn_matches(
            "arn:aws:lambda:us-east-1:123:function:f",
            FUNCTION
        ));
        assert!(arn_matches(
            "arn:aws:lambda:us-east-1:123:function:f:alias",
            FUNCTION
        ));
        assert!(arn_matches("arn:aws:lambda:*:*:function:*", FUNCTION));
        assert!(!arn_matches(
            "arn:aws:lambda:us-east-1:123:layer:f",
            FUNCTION
        ));
    }

    #[test]
    fn bare_names_and_literal_stars() {
        assert!(arn_matches("arn:aws:sns:us-east-1:123:topic", TOPIC));
        assert!(!arn_matches("arn:aws:sns:us-east-1:123:topic/x", TOPIC));
        assert!(arn_matches("arn:aws:sns:*:*:*", TOPIC));
        assert!(arn_matches(
            "arn:aws:dms:us-east-1:123:endpoint:ABC",
            DMS_ENDPOINT
        ));
        assert!(arn_matches(
            "arn:aws:dms:us-east-1:123:endpoint:*",
            DMS_ENDPOINT
        ));
        assert!(!arn_matches(
            "arn:aws:dms:us-east-1:123:task:ABC",
            DMS_ENDPOINT
        ));
    }

    #[test]
    fn wildcards_and_variables() {
        assert!(arn_matches("*", BUCKET));
        assert!(arn_matches("arn:*", ROLE));
        assert!(arn_matches("arn:aws:*", OBJECT));
        assert!(arn_matches("arn:aws:s3:::b?cket", BUCKET));
        assert!(arn_matches("arn:aws:s3:::${aws:username}/*", OBJECT));
        assert!(arn_matches("arn:${AWS::Partition}:s3:::b", BUCKET));
        // `${*}` is a literal star: it cannot be part of a bucket format's literal text.
        assert!(arn_matches("arn:aws:s3:::a${*}b", BUCKET));
        assert!(!arn_matches("arn:aws:s3:::a${*}b", "arn:aws:s3:::ab"));
        assert!(arn_matches("arn:aws:s3:::a${*}b", "arn:aws:s3:::a*b"));
    }

    #[test]
    fn field_wildcards_stay_in_their_field() {
        const VPC: &str = "arn:${Partition}:ec2:${Region}:${Account}:vpc/${VpcId}";
        const INSTANCE: &str = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";
        assert!(arn_matches("arn:aws:ec2:*:*:instance/*", INSTANCE));
        assert!(!arn_matches("arn:aws:ec2:*:*:instance/*", VPC));
        assert!(!arn_matches(
            "arn:aws:ec2:*:${aws:PrincipalAccount}:instance/*",
            VPC
        ));
        assert!(
            arn_matches("arn:aws:ec2:*", VPC),
            "a final star covers the rest"
        );
        assert!(arn_matches("arn:aws:ec2:us-east-1:*", VPC));
        assert!(arn_matches("arn:aws:ec2:*:*:*", VPC));
        assert!(arn_matches("arn:aws:ec2:*:*:*/vpc-1", VPC));
        assert!(!arn_matches("arn:aws:ec2:*:*:vpc:vpc-1", VPC));
    }

    #[test]
    fn literal_service() {
        assert_eq!(literal_arn_service("arn:aws:s3:::b"), Some("s3"));
        assert_eq!(literal_arn_service("arn:aws:*:::b"), None);
        assert_eq!(literal_arn_service("arn:aws:s3"), None);
        assert_eq!(literal_arn_service("*"), None);
    }
}
