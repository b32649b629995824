use crate::prelude::*;
use polgen_source::prefix::PrefixIndex;

use crate::util::glob::{covers, literal_head};

/// Flags a statement that another statement of the policy, with the same effect, principal
/// and conditions, already covers.
pub struct RedundantStatement;

pub static META: RuleMeta = RuleMeta {
    id: "redundant-statement",
    category: Category::Style,
    severity: Severity::Info,
    summary: "a statement is entirely covered by another statement with the same effect and conditions",
    aa_codes: &["REDUNDANT_STATEMENT"],
    doc: r#"## What it does
Reports a statement whose every action and resource another statement of the same policy
already covers, with the same `Effect`, the same `Principal` and exactly the same
`Condition`. Two identical statements are reported once, at the second.

## Why is this bad?
The statement changes nothing: removing it leaves the policy's meaning intact. It usually
means a copy was left behind while the policy was edited, so the reader may believe the
covered statement is what grants or denies the access, and it uses up the size quota.

## Example
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
    {"Sid": "ReadReports", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/reports/*"}
  ]
}
```

## Use instead
```json
{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadAll", "Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
    {
      "Sid": "WriteReports",
      "Effect": "Allow",
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::bucket/reports/*"
    }
  ]
}
```

## References
- [Access Analyzer policy check reference: Redundant statement](https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html)
"#,
};

impl Rule for RedundantStatement {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &mut RuleContext<'_>) {
        let shapes: Vec<Option<Shape<'_>>> = ctx.doc.statements.iter().map(Shape::of).collect();
        let candidates = Candidates::new(&shapes);
        for (i, st) in ctx.doc.statements.iter().enumerate() {
            let Some(Some(b)) = shapes.get(i) else {
                continue;
            };
            // In statement order, so the first coverer is the one a full scan finds.
            let coverer = candidates.that_may_cover(b).into_iter().find_map(|j| {
                let a = shapes.get(j)?.as_ref()?;
                if j == i || !a.covers(b) {
                    return None;
                }
                // Equivalent statements: only the later one is redundant.
                (!b.covers(a) || j < i).then_some((j, a))
            });
            let Some((_, a)) = coverer else { continue };
            let cover_st = a.statement;
            let span = st.sid.as_ref().map_or(st.span, |s| s.span);
            let related = cover_st.sid.as_ref().map_or(cover_st.span, |s| s.span);
            let d = ctx
                .diagnostic(span, format!("{} is already covered by {}", st.label(), cover_st.label()))
                .with_label("redundant statement")
                .with_related(related, "this statement covers every action and resource of it, with the same effect and conditions")
                .with_help("remove the redundant statement, or merge the two")
                .with_location_path(st.path());
            ctx.report(d);
        }
    }
}

/// The statements that may cover a statement: each element of a covering statement covers
/// one of the other's, so its literal head is a prefix of that one's head. Indexed by the
/// heads of their `Resource` and of their `Action` entries; a statement is compared only with
/// those whose heads fit (100k statements compared pairwise took hours).
struct Candidates {
    resources: PrefixIndex,
    actions: PrefixIndex,
    count: usize,
}

impl Candidates {
    fn new(shapes: &[Option<Shape<'_>>]) -> Candidates {
        Candidates {
            resources: heads(shapes, |s| s.resource, false),
            actions: heads(shapes, |s| Some(s.action), true),
            count: shapes.len(),
        }
    }

    /// Positions of the statements that may cover `b`, ascending: through the index of the
    /// element of `b` with the fewest candidates; every statement when `b` negates both.
    fn that_may_cover(&self, b: &Shape<'_>) -> Vec<usize> {
        let resource = first_plain(b.resource).map(|r| literal_head(r, false));
        let action = first_plain(Some(b.action)).map(|a| literal_head(a, true));
        match (resource, action) {
            (Some(r), Some(a)) => {
                if self.resources.count_prefixing(&r) <= self.actions.count_prefixing(&a) {
                    self.resources.prefixing(&r)
                } else {
                    self.actions.prefixing(&a)
                }
            }
            (Some(r), None) => self.resources.prefixing(&r),
            (None, Some(a)) => self.actions.prefixing(&a),
            (None, None) => (0..self.count).collect(),
        }
    }
}

/// The heads of the entries of one element (`list`) of every statement, by position. A
/// negated list covers no plain one, so it is never a candidate for one and is left out.
fn heads<'s>(
    shapes: &[Option<Shape<'s>>],
    list: impl Fn(&Shape<'s>) -> Option<&'s StrList>,
    case_insensitive: bool,
) -> PrefixIndex {
    let mut heads = Vec::new();
    for (j, shape) in shapes.iter().enumerate() {
        let Some(items) = shape.as_ref().and_then(&list).filter(|l| !l.negated) else {
            continue;
        };
        heads.extend(
            items
                .items
                .iter()
                .map(|item| (literal_head(&item.value, case_insensitive), j)),
        );
    }
    PrefixIndex::new(heads)
}

/// The first entry of a list that is not negated.
fn first_plain(list: Option<&StrList>) -> Option<&str> {
    list.filter(|l| !l.negated)
        .and_then(|l| l.items.first())
        .map(|item| item.value.as_str())
}

/// What a statement matches, in a form that can be compared; `None` when something in it
/// is not written out in full.
struct Shape<'a> {
    statement: &'a Statement,
    effect: Effect,
    principal: Option<Vec<String>>,
    action: &'a StrList,
    resource: Option<&'a StrList>,
    conditions: Vec<String>,
}

impl<'a> Shape<'a> {
    fn of(st: &'a Statement) -> Option<Shape<'a>> {
        let (effect, _) = st.effect?;
        let action = st.action.as_ref().filter(|l| literal_list(l))?;
        let resource = match &st.resource {
            Some(r) if literal_list(r) => Some(r),
            Some(_) => return None,
            None => None,
        };
        let principal = match &st.principal {
            None => None,
            Some(p) => {
                let mut v = vec![format!(
                    "negated={} everyone={}",
                    p.negated,
                    p.everyone.is_some()
                )];
                for (ty, value) in p.values() {
                    v.push(format!("{}={}", ty.as_str(), value.as_literal()?));
                }
                v.sort();
                Some(v)
            }
        };
        // A `Condition` whose contents were not understood cannot be compared.
        if st.condition_span.is_some() && st.conditions.is_empty() {
            return None;
        }
        let mut conditions = Vec::new();
        for c in &st.conditions {
            let mut values = c
                .values
                .iter()
                .map(|v| v.str.as_literal().map(str::to_string))
                .collect::<Option<Vec<_>>>()?;
            values.sort();
            values.dedup();
            conditions.push(format!(
                "{}|{}|{}",
                c.operator.text.to_ascii_lowercase(),
                c.key.value.to_ascii_lowercase(),
                values.join("\u{0}")
            ));
        }
        conditions.sort();
        Some(Shape {
            statement: st,
            effect,
            principal,
            action,
            resource,
            conditions,
        })
    }

    /// Whether `self` matches every request `other` matches, with the same effect.
    fn covers(&self, other: &Shape<'_>) -> bool {
        self.effect == other.effect
            && self.principal == other.principal
            && self.conditions == other.conditions
            && list_covers(self.action, other.action, true)
            && match (self.resource, other.resource) {
                (Some(a), Some(b)) => list_covers(a, b, false),
                (None, None) => true,
                _ => false,
            }
    }
}

fn literal_list(list: &StrList) -> bool {
    list.complete && !list.items.is_empty() && list.items.iter().all(Str::is_literal)
}

/// Whether the element `a` matches everything the element `b` matches.
fn list_covers(a: &StrList, b: &StrList, case_insensitive: bool) -> bool {
    let covered_by = |general: &[Str], specific: &Str| {
        general
            .iter()
            .any(|g| covers(&g.value, &specific.value, case_insensitive))
    };
    match (a.negated, b.negated) {
        (false, false) => b.items.iter().all(|s| covered_by(&a.items, s)),
        // `NotAction: X` matches all but X: `a` excludes no more than `b` does.
        (true, true) => a.items.iter().all(|s| covered_by(&b.items, s)),
        (false, true) => a.items.iter().any(|g| g.value == "*"),
        (true, false) => false,
    }
}
