//! CSV as Excel and WPS write it (RFC 4180: quoted cells may hold the delimiter,
//! doubled quotes and line breaks), with the delimiter guessed from the first lines:
//! comma, tab (Excel's "Unicode text") or semicolon (European locales).
//!
//! Hand-written rather than a dependency because we also need each record's starting
//! line number for the preview, a cap on cells, and early stop at the row limit.

use crate::decode::decode;
use crate::table::{Record, Table, HEADER_SEARCH, MAX_CELLS};
use crate::{RosterError, MAX_ROWS};

pub fn read(bytes: &[u8]) -> Result<Table, RosterError> {
    let (text, encoding) = decode(bytes);
    if text.trim().is_empty() {
        return Err(RosterError::Empty);
    }
    let delim = guess_delimiter(&text);
    let mut table = Table {
        encoding: encoding.to_string(),
        ..Table::default()
    };
    let limit = MAX_ROWS + HEADER_SEARCH + 1;
    let mut non_blank = 0usize;
    let unterminated = split(&text, delim, |rec| {
        if rec.is_blank() {
            return Ok(());
        }
        non_blank += 1;
        if non_blank > limit {
            return Err(RosterError::TooManyRows);
        }
        table.records.push(rec);
        Ok(())
    })?;
    if let Some(line) = unterminated {
        table.problems.push((
            signdesk_base::RosterIssueKind::UnterminatedQuote,
            format!("第 {line} 行的引号没有闭合，之后的内容都被读进了同一格；请检查该行"),
        ));
    }
    Ok(table)
}

fn guess_delimiter(text: &str) -> char {
    let head: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(HEADER_SEARCH)
        .collect();
    let count = |d: char| head.iter().map(|l| l.matches(d).count()).sum::<usize>();
    let (comma, tab, semi) = (count(','), count('\t'), count(';'));
    if tab > comma && tab >= semi {
        '\t'
    } else if semi > comma && semi > tab {
        ';'
    } else {
        ','
    }
}

/// Splits `text` into records, calling `emit` for each. Returns the line of an
/// unterminated quoted cell, if any.
fn split(
    text: &str,
    delim: char,
    mut emit: impl FnMut(Record) -> Result<(), RosterError>,
) -> Result<Option<u32>, RosterError> {
    let mut line: u32 = 1;
    let mut start_line: u32 = 1;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut in_quotes = false;
    let mut quote_line = 0;
    // A quote opens a quoted cell only at the start of the cell.
    let mut at_cell_start = true;
    let mut chars = text.chars().peekable();
    let push_cell = |cells: &mut Vec<String>, cell: &mut String| {
        let c = std::mem::take(cell);
        if cells.len() < MAX_CELLS {
            cells.push(c);
        }
    };
    while let Some(ch) = chars.next() {
        if in_quotes {
            match ch {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line = line.saturating_add(1);
                    cell.push('\n');
                }
                _ => cell.push(ch),
            }
            continue;
        }
        match ch {
            '"' if at_cell_start => {
                in_quotes = true;
                quote_line = line;
                at_cell_start = false;
            }
            c if c == delim => {
                push_cell(&mut cells, &mut cell);
                at_cell_start = true;
            }
            '\r' | '\n' => {
                if ch == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                push_cell(&mut cells, &mut cell);
                emit(Record {
                    line: start_line,
                    cells: std::mem::take(&mut cells),
                })?;
                line = line.saturating_add(1);
                start_line = line;
                at_cell_start = true;
            }
            // Spaces before an opening quote (`a, "b"`) keep the quote special.
            ' ' | '\u{3000}' if at_cell_start && cell.trim().is_empty() => cell.push(ch),
            _ => {
                cell.push(ch);
                at_cell_start = false;
            }
        }
    }
    push_cell(&mut cells, &mut cell);
    emit(Record {
        line: start_line,
        cells,
    })?;
    Ok(in_quotes.then_some(quote_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Vec<(u32, Vec<String>)> {
        read(text.as_bytes())
            .unwrap()
            .records
            .into_iter()
            .map(|r| (r.line, r.cells))
            .collect()
    }

    fn v(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn quoted_cells_keep_commas_quotes_and_line_breaks() {
        let r = records("姓名,岗位\n\"张三\",\"班长,兼\"\"安全员\"\"\"\n\"李\n四\",x\r\n王五,y");
        assert_eq!(
            r,
            vec![
                (1, v(&["姓名", "岗位"])),
                (2, v(&["张三", "班长,兼\"安全员\""])),
                (3, v(&["李\n四", "x"])),
                (5, v(&["王五", "y"])),
            ]
        );
    }

    #[test]
    fn blank_lines_are_skipped_but_counted() {
        let r = records("姓名\n\n , \n张三\n");
        assert_eq!(r, vec![(1, v(&["姓名"])), (4, v(&["张三"]))]);
    }

    #[test]
    fn tab_and_semicolon_delimiters() {
        assert_eq!(records("姓名\t工号\n张三\t1")[1].1, v(&["张三", "1"]));
        assert_eq!(records("姓名;工号\n张三;1")[1].1, v(&["张三", "1"]));
    }

    #[test]
    fn unterminated_quote_is_a_file_problem() {
        let t = read("姓名\n\"张三\n李四\n".as_bytes()).unwrap();
        assert_eq!(t.problems[0].0, "unterminated_quote");
        assert!(t.problems[0].1.contains("第 2 行"));
    }

    #[test]
    fn cells_are_capped() {
        let line = ",".repeat(10_000);
        assert_eq!(records(&format!("姓名{line}"))[0].1.len(), MAX_CELLS);
    }
}
