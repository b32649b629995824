//! Rule metadata: what a rule is, independent of what it checks.

use polgen_diagnostics::{RuleDescriptor, Severity};

/// The family a rule belongs to; selectable by name in configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The policy is broken: IAM rejects it or it does not do what it says.
    Correctness,
    /// The policy works but grants dangerous access.
    Security,
    /// The policy grants more than needed; suggestions to narrow it.
    LeastPrivilege,
    /// Readability and conventions.
    Style,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::LeastPrivilege => "least-privilege",
            Category::Style => "style",
        }
    }
}

/// Everything about a rule except its check. One `static` per rule file.
#[derive(Debug)]
pub struct RuleMeta {
    /// Kebab-case id; never changes once released.
    pub id: &'static str,
    pub category: Category,
    /// Severity before configuration.
    pub severity: Severity,
    /// One sentence: what the rule flags.
    pub summary: &'static str,
    /// Markdown documentation with the sections `## What it does`, `## Why is this bad?`,
    /// `## Example`, `## Use instead` and `## References`. The JSON code blocks of
    /// `Example` must fire the rule and those of `Use instead` must not (a test checks).
    pub doc: &'static str,
    /// IAM Access Analyzer finding codes for the same problem.
    pub aa_codes: &'static [&'static str],
}

impl RuleMeta {
    /// The rule's documentation page (`docs/rules/<id>.md`): a header with the rule's facts,
    /// then [`RuleMeta::doc`]. `polgen explain` prints the same text.
    pub fn page(&self) -> String {
        let mut out = format!(
            "# {}

{}

- Category: {}
- Default severity: {}
",
            self.id,
            capitalize(self.summary),
            self.category.as_str(),
            self.severity.as_str()
        );
        if !self.aa_codes.is_empty() {
            let codes: Vec<String> = self.aa_codes.iter().map(|c| format!("`{c}`")).collect();
            out.push_str(&format!(
                "- IAM Access Analyzer finding codes: {}
",
                codes.join(", ")
            ));
        }
        out.push_str(&format!(
            "- Turn off: `ignore = [\"{}\"]` in `polgen.toml`, or `--ignore {}`\n\n",
            self.id, self.id
        ));
        out.push_str(self.doc.trim_end());
        out.push('\n');
        out
    }

    pub fn descriptor(&self) -> RuleDescriptor {
        RuleDescriptor {
            id: self.id,
            category: self.category.as_str(),
            default_severity: self.severity,
            summary: self.summary,
            doc: self.doc,
            aa_codes: self.aa_codes,
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
        None => String::new(),
    }
}
