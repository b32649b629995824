//! IAM's condition operators in one table, read by the parser (which names exist), the linter
//! (what a condition narrows, which key types fit) and the evaluator (what it compares). Names
//! are without `IfExists` and set qualifiers, as in AWS's "IAM JSON policy elements:
//! Condition operators".

/// The type an operator reads its values as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    Ip,
    Arn,
    /// `Null`: whether the key is present.
    Null,
}

/// How one request value is compared with one policy value (before negation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Comparison {
    Equals,
    EqualsIgnoreCase,
    /// With `*` and `?` wildcards (`StringLike`, `ArnLike`). IAM matches wildcards in
    /// `ArnEquals` as well: the evaluator compares both `Arn` operators alike.
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
    /// `Null`: the key's presence.
    Presence,
}

/// One base operator.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct OperatorKind {
    /// IAM's spelling, e.g. `StringNotLike`.
    pub name: &'static str,
    pub family: Family,
    pub comparison: Comparison,
    /// `StringNotEquals`, `NotIpAddress`, ...: true when the comparison fails.
    pub negated: bool,
}

impl OperatorKind {
    /// Positive string or ARN matching (`StringEquals`, `StringEqualsIgnoreCase`, `StringLike`,
    /// `ArnEquals`, `ArnLike`): the operators that can name who or what is allowed.
    pub fn matches_names(&self) -> bool {
        !self.negated && matches!(self.family, Family::String | Family::Arn)
    }
}

const fn op(
    name: &'static str,
    family: Family,
    comparison: Comparison,
    negated: bool,
) -> OperatorKind {
    OperatorKind {
        name,
        family,
        comparison,
        negated,
    }
}

use Comparison::*;
use Family::{Arn, Binary, Bool, Date, Ip, Null, Numeric};

/// Every condition operator IAM knows.
pub const OPERATORS: &[OperatorKind] = &[
    op("StringEquals", Family::String, Equals, false),
    op("StringNotEquals", Family::String, Equals, true),
    op(
        "StringEqualsIgnoreCase",
        Family::String,
        EqualsIgnoreCase,
        false,
    ),
    op(
        "StringNotEqualsIgnoreCase",
        Family::String,
        EqualsIgnoreCase,
        true,
    ),
    op("StringLike", Family::String, Like, false),
    op("StringNotLike", Family::String, Like, true),
    op("NumericEquals", Numeric, Equals, false),
    op("NumericNotEquals", Numeric, Equals, true),
    op("NumericLessThan", Numeric, LessThan, false),
    op("NumericLessThanEquals", Numeric, LessThanEquals, false),
    op("NumericGreaterThan", Numeric, GreaterThan, false),
    op(
        "NumericGreaterThanEquals",
        Numeric,
        GreaterThanEquals,
        false,
    ),
    op("DateEquals", Date, Equals, false),
    op("DateNotEquals", Date, Equals, true),
    op("DateLessThan", Date, LessThan, false),
    op("DateLessThanEquals", Date, LessThanEquals, false),
    op("DateGreaterThan", Date, GreaterThan, false),
    op("DateGreaterThanEquals", Date, GreaterThanEquals, false),
    op("Bool", Bool, Equals, false),
    op("BinaryEquals", Binary, Equals, false),
    op("IpAddress", Ip, Equals, false),
    op("NotIpAddress", Ip, Equals, true),
    op("ArnEquals", Arn, Equals, false),
    op("ArnLike", Arn, Like, false),
    op("ArnNotEquals", Arn, Equals, true),
    op("ArnNotLike", Arn, Like, true),
    op("Null", Null, Presence, false),
];

/// The operator named `base` (any case), without `IfExists` or a set qualifier.
pub fn operator_kind(base: &str) -> Option<&'static OperatorKind> {
    OPERATORS.iter().find(|o| o.name.eq_ignore_ascii_case(base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_negation_reads_from_the_name() {
        for (i, o) in OPERATORS.iter().enumerate() {
            assert!(
                OPERATORS[..i].iter().all(|p| p.name != o.name),
                "{}",
                o.name
            );
            assert_eq!(o.negated, o.name.contains("Not"), "{}", o.name);
        }
        assert_eq!(
            operator_kind("stringlike").map(|o| o.name),
            Some("StringLike")
        );
        assert!(operator_kind("StringSortOf").is_none());
    }
}
