//! A small RFC 4180 reader for query results: comma-separated, fields optionally in double
//! quotes, a quote inside a quoted field doubled, line breaks allowed inside quotes (JSON
//! request parameters carry commas and quotes). Each record says the line it starts on.

/// One record and the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: usize,
    pub fields: Vec<String>,
}

/// A record that is not valid CSV, with the line it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Every record of `text`; a broken record is an error and reading goes on at the next line.
pub fn records(text: &str) -> Vec<Result<Record, CsvError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut line = 1usize;
    while chars.peek().is_some() {
        let start_line = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut error: Option<String> = None;
        // Parse one record: up to an unquoted line break or the end.
        loop {
            let Some((_, c)) = chars.next() else {
                fields.push(std::mem::take(&mut field));
                break;
            };
            match c {
                '"' if field.is_empty() => {
                    // A quoted field: to the closing quote.
                    let mut closed = false;
                    while let Some((_, q)) = chars.next() {
                        if q == '\n' {
                            line += 1;
                        }
                        if q == '"' {
                            if chars.peek().is_some_and(|(_, n)| *n == '"') {
                                chars.next();
                                field.push('"');
                            } else {
                                closed = true;
                                break;
                            }
                        } else {
                            field.push(q);
                        }
                    }
                    if !closed {
                        error = Some("a quoted field is not closed".to_owned());
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    match chars.peek().map(|(_, n)| *n) {
                        None | Some(',') | Some('\n') | Some('\r') => {}
                        Some(other) => {
                            error = Some(format!(
                                "`{other}` after a closing quote (a quote inside a field must be doubled)"
                            ));
                            // Skip the rest of the line.
                            for (_, r) in chars.by_ref() {
                                if r == '\n' {
                                    line += 1;
                                    break;
                                }
                            }
                            break;
                        }
                    }
                }
                ',' => fields.push(std::mem::take(&mut field)),
                '\r' if chars.peek().is_some_and(|(_, n)| *n == '\n') => {}
                '\n' => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                other => field.push(other),
            }
        }
        match error {
            Some(message) => out.push(Err(CsvError {
                line: start_line,
                message,
            })),
            // Blank lines are no records.
            None if fields.len() == 1 && fields.first().is_some_and(String::is_empty) => {}
            None => out.push(Ok(Record {
                line: start_line,
                fields,
            })),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Vec<(usize, Vec<String>)> {
        records(text)
            .into_iter()
            .map(|r| {
                let r = r.expect("test input is valid");
                (r.line, r.fields)
            })
            .collect()
    }

    #[test]
    fn quoted_fields_with_json_commas_quotes_and_line_breaks() {
        let text = "\"a\",\"b\"\r\n\"{\"\"k\"\":\"\"v,w\"\"}\",plain\n\n\"x\ny\",\"\"\n";
        assert_eq!(
            ok(text),
            [
                (1, vec!["a".to_owned(), "b".to_owned()]),
                (2, vec![r#"{"k":"v,w"}"#.to_owned(), "plain".to_owned()]),
                (4, vec!["x\ny".to_owned(), String::new()]),
            ]
        );
        assert_eq!(ok("a,b"), [(1, vec!["a".to_owned(), "b".to_owned()])]);
    }

    #[test]
    fn a_broken_record_names_its_line_and_the_next_is_read() {
        let out = records("h\n\"bad\"x,1\nfine\n\"open");
        assert_eq!(
            out[0],
            Ok(Record {
                line: 1,
                fields: vec!["h".to_owned()]
            })
        );
        let err = out[1].clone().expect_err("must fail");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("doubled"), "{}", err.message);
        assert_eq!(
            out[2],
            Ok(Record {
                line: 3,
                fields: vec!["fine".to_owned()]
            })
        );
        assert_eq!(out[3].clone().expect_err("must fail").line, 4);
    }
}
