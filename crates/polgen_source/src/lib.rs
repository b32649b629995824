//! Source files, byte spans and 1-based line/column positions.
//!
//! Every node polgen reports on carries a [`Span`]: a byte range into the text of the
//! [`SourceFile`] it came from. Positions shown to users are computed from spans on demand
//! through the file's line index, so parsers never have to track lines themselves.

use std::fmt;
use std::sync::Arc;

/// A half-open byte range `start..end` into a source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub const fn new(start: u32, end: u32) -> Self {
        Self { start, end }
    }

    /// A span from `usize` offsets; offsets beyond `u32::MAX` saturate (files that large
    /// are rejected before parsing).
    pub fn from_range(range: std::ops::Range<usize>) -> Self {
        let clamp = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        Self::new(clamp(range.start), clamp(range.end))
    }

    pub const fn empty_at(offset: u32) -> Self {
        Self::new(offset, offset)
    }

    pub fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A value together with the span of the source text it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, which is what editors
/// and SARIF consumers expect for the text polgen reads (policies are overwhelmingly ASCII).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A source file: its display name, its text and an index of line starts.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: Arc<str>,
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(u32::try_from(i + 1).unwrap_or(u32::MAX));
            }
        }
        Self {
            name: name.into(),
            text,
            line_starts,
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    /// The text under `span`, or `""` if the span is out of range or not on char boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// 1-based line and column of a byte offset (clamped to the text).
    pub fn line_col(&self, offset: u32) -> LineCol {
        let offset = offset.min(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        let line_index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let line_start = self.line_starts.get(line_index).copied().unwrap_or(0);
        let mut end = offset as usize;
        while end > line_start as usize && !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self
            .text
            .get(line_start as usize..end)
            .map_or(0, |s| s.chars().count());
        LineCol {
            line: u32::try_from(line_index + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }

    /// Start and end positions of a span. The end is the position just after the last
    /// character, as in SARIF's `endColumn`.
    pub fn span_positions(&self, span: Span) -> (LineCol, LineCol) {
        (self.line_col(span.start), self.line_col(span.end))
    }

    /// The full text of the 1-based line `line`, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        let Some(&start) = self.line_starts.get((line as usize).wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text.len(), |&e| e as usize);
        self.text
            .get(start as usize..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let f = SourceFile::new("a.json", "{\n  \"a\": 1\n}\n");
        assert_eq!(f.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(f.line_col(4), LineCol { line: 2, column: 3 });
        assert_eq!(f.line_col(11), LineCol { line: 3, column: 1 });
        assert_eq!(f.line_text(2), "  \"a\": 1");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a.json", "\"é\": \"x\"");
        // `"é": ` is 5 characters but 6 bytes; the `"x"` starts at byte 6.
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 6 });
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = SourceFile::new("a", "ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
        assert_eq!(f.line_text(7), "");
    }
}
