//! Source files, byte spans and 1-based line/column positions.
//!
//! Every node polgen reports on carries a [`Span`]: a byte range into the text of the
//! [`SourceFile`] it came from. Positions shown to users are computed from spans on demand
//! through the file's line index, so parsers never have to track lines themselves.

pub mod hash;
pub mod prefix;
pub mod quote;
pub mod read;
pub mod text;

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
    /// For a text that is not all ASCII: how many characters come before each block of
    /// [`CHAR_BLOCK`] bytes, so that a column is counted over one block at most, not over
    /// the whole line (a policy written on one line of megabytes has thousands of findings).
    chars_before_block: Option<Vec<u32>>,
}

/// The block size of [`SourceFile::chars_before_block`].
const CHAR_BLOCK: usize = 4096;

/// Whether `b` starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b & 0xC0) != 0x80
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
        let chars_before_block = (!text.is_ascii()).then(|| {
            let mut before = 0u32;
            text.as_bytes()
                .chunks(CHAR_BLOCK)
                .map(|block| {
                    let at = before;
                    before += block.iter().filter(|b| starts_char(b)).count() as u32;
                    at
                })
                .collect()
        });
        Self {
            name: name.into(),
            text,
            line_starts,
            chars_before_block,
        }
    }

    /// How many characters come before byte `offset` (a char boundary, within the text).
    fn chars_before(&self, offset: usize) -> usize {
        let Some(blocks) = &self.chars_before_block else {
            return offset;
        };
        let block = offset / CHAR_BLOCK;
        let counted = blocks.get(block).copied().unwrap_or(0) as usize;
        counted
            + self.text.as_bytes()[block * CHAR_BLOCK..offset]
                .iter()
                .filter(|b| starts_char(b))
                .count()
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
            .chars_before(end)
            .saturating_sub(self.chars_before(line_start as usize));
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

/// Maps offsets in a text decoded from the host file (an escaped string, a template with
/// its indentation removed) back to offsets in the host file.
///
/// The decoded text is cut into runs copied verbatim from the host; each run is recorded
/// as an anchor `(decoded offset, host offset)`. An offset maps through the last anchor at
/// or before it; an escape such as `\"` (two host bytes, one decoded byte) starts a new run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    anchors: Vec<(u32, u32)>,
    /// The host offset of the end of the decoded text.
    host_end: u32,
}

impl OffsetMap {
    /// A map for text copied verbatim from the host starting at `host_start`.
    pub fn verbatim(host_start: u32, len: u32) -> Self {
        Self {
            anchors: vec![(0, host_start)],
            host_end: host_start.saturating_add(len),
        }
    }

    pub fn new() -> Self {
        Self::default()
    }

    /// Records that decoded offset `decoded` comes from host offset `host`. Anchors must be
    /// pushed in increasing order of `decoded`.
    pub fn push(&mut self, decoded: u32, host: u32) {
        if let Some(last) = self.anchors.last_mut()
            && last.0 == decoded
        {
            *last = (decoded, host);
            return;
        }
        self.anchors.push((decoded, host));
    }

    /// Sets the host offset where the decoded text ends.
    pub fn set_host_end(&mut self, host_end: u32) {
        self.host_end = host_end;
    }

    /// The host offset of decoded offset `offset`.
    pub fn map(&self, offset: u32) -> u32 {
        let i = self.anchors.partition_point(|a| a.0 <= offset);
        match i.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(&(decoded, host)) => host
                .saturating_add(offset - decoded)
                .min(self.host_end.max(host)),
            None => self.anchors.first().map_or(0, |a| a.1),
        }
    }

    pub fn map_span(&self, span: Span) -> Span {
        let start = self.map(span.start);
        let exact = self
            .anchors
            .binary_search_by_key(&span.end, |a| a.0)
            .ok()
            .and_then(|i| self.anchors.get(i));
        let end = if let Some(&(_, host)) = exact.filter(|_| span.end > span.start) {
            // The next run starts right after the span: end where it starts, so a span
            // ending with an escape covers the whole escape.
            host.max(start)
        } else if span.end > span.start {
            // Map the last byte, then step past it, so a span never swallows a following escape.
            self.map(span.end - 1).saturating_add(1).max(start)
        } else {
            start
        };
        Span::new(start, end)
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
    fn columns_on_long_lines_with_multibyte_characters_count_like_a_scan() {
        // Lines that cross many blocks, with characters of 1 to 4 bytes on every side.
        let line: String = "aé€😀".repeat(3000);
        let text = format!("{line}\n{line}\n");
        let f = SourceFile::new("long.json", text.clone());
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
            let expected = text[line_start..offset].chars().count() + 1;
            assert_eq!(
                f.line_col(offset as u32).column as usize,
                expected,
                "{offset}"
            );
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let f = SourceFile::new("a.json", "\"é\": \"x\"");
        // `"é": ` is 5 characters but 6 bytes; the `"x"` starts at byte 6.
        assert_eq!(f.line_col(6), LineCol { line: 1, column: 6 });
    }

    #[test]
    fn offset_map_follows_escapes() {
        // Host `"{\"a\": 1}"` at offset 10 decodes to `{"a": 1}`.
        let mut m = OffsetMap::new();
        m.push(0, 11); // `{`
        m.push(1, 13); // `"` from `\"`
        m.push(2, 14); // `a`
        m.push(3, 16); // `"` from `\"`
        m.push(4, 17);
        m.set_host_end(22);
        assert_eq!(m.map_span(Span::new(1, 4)), Span::new(13, 17));
        assert_eq!(m.map(7), 20);
        assert_eq!(
            OffsetMap::verbatim(5, 3).map_span(Span::new(1, 2)),
            Span::new(6, 7)
        );
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        let f = SourceFile::new("a", "ab");
        assert_eq!(f.line_col(99), LineCol { line: 1, column: 3 });
        assert_eq!(f.line_text(7), "");
    }
}
