//! Cleaning and checking one row, then the checks across rows.
//!
//! Cleaning is what a careful clerk would do silently: trim spaces (full-width ones
//! too), drop the padding people put inside two-character names so they line up with
//! three-character ones (`张　三` → `张三`), and turn full-width digits and letters in
//! employee numbers into ASCII (`１００１` → `1001`), since IME input produces them.
//! Anything that could change who a person *is* is not cleaned but reported:
//! invisible control or text-direction characters (a right-to-left override can make
//! a name display as someone else's), undecodable bytes, over-long fields, missing
//! names, and employee numbers used twice.

use std::collections::HashMap;

use serde::Serialize;
use signdesk_base::text;

use crate::header::Field;

/// The limits every front door shares (`signdesk_base::name`): a name that imports
/// also signs at the kiosk.
pub const MAX_NAME_CHARS: usize = signdesk_base::name::NAME_MAX_CHARS;
pub const MAX_EMPLOYEE_NO_CHARS: usize = 32;
pub const MAX_TEXT_CHARS: usize = signdesk_base::name::SHORT_TEXT_MAX_CHARS;

/// The one closed set of roster problems (`signdesk_base::RosterIssueKind`), by the
/// name it had here.
pub use signdesk_base::RosterIssueKind as RowErrorKind;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub kind: RowErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RosterRow {
    /// Line (CSV) or row (Excel) number as the user's program shows it.
    pub line: u32,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
    pub errors: Vec<RowError>,
}

/// Trims, and collapses inner runs of spaces to one. Control characters are kept
/// (and reported) rather than collapsed away.
pub fn clean_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // NFC, as every name is stored (signdesk_base::text).
    for ch in signdesk_base::text::nfc(s.trim()).chars() {
        if ch.is_whitespace() && !ch.is_control() {
            pending_space = true;
        } else {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(ch);
        }
    }
    out
}

use signdesk_base::text::is_han;

/// `张　三` → `张三`; `Anna  Smith` → `Anna Smith`; `李 Lee` stays.
pub fn clean_name(s: &str) -> String {
    let t = clean_text(s);
    if t.contains(' ') && t.chars().all(|c| c == ' ' || is_han(c)) {
        t.replace(' ', "")
    } else {
        t
    }
}

/// Full-width ASCII (`１００１`, `Ａ０１`) to ASCII, then [`clean_text`].
pub fn clean_employee_no(s: &str) -> String {
    let half: String = s
        .chars()
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    clean_text(&half)
}

/// A cleaned row with its own checks done (cross-row checks come later).
pub fn row(line: u32, cells: [(Field, String); 4]) -> RosterRow {
    let mut errors = Vec::new();
    let [(_, name), (_, no), (_, department), (_, position)] = cells;
    let name = clean_name(&name);
    let no = clean_employee_no(&no);
    let department = clean_text(&department);
    let position = clean_text(&position);
    if name.is_empty() {
        errors.push(RowError {
            kind: RowErrorKind::MissingName,
            message: "缺少姓名".into(),
        });
    }
    let fields = [
        (Field::Name, &name, MAX_NAME_CHARS),
        (Field::EmployeeNo, &no, MAX_EMPLOYEE_NO_CHARS),
        (Field::Department, &department, MAX_TEXT_CHARS),
        (Field::Position, &position, MAX_TEXT_CHARS),
    ];
    for (field, value, max) in fields {
        let label = field.label();
        if value.contains('\u{FFFD}') {
            errors.push(RowError {
                kind: RowErrorKind::BadEncoding,
                message: format!(
                    "{label}中有无法识别的字符（乱码），请确认文件编码或在 Excel 中另存为 UTF-8 CSV"
                ),
            });
        }
        // Invisible or direction characters are never legitimate in a roster: the one
        // rule of `signdesk_base::text`, shared with names typed at signing and search.
        if let Some(c) = text::first_hidden(value) {
            errors.push(RowError {
                kind: RowErrorKind::BadCharacters,
                message: format!(
                    "{label}中含有不可见的{}，请删除后重新导入",
                    text::describe(c)
                ),
            });
        }
        let n = value.chars().count();
        if n > max {
            errors.push(RowError {
                kind: RowErrorKind::TooLong,
                message: format!("{label}过长（{n} 个字符，最多 {max} 个）"),
            });
        }
    }
    RosterRow {
        line,
        name,
        employee_no: (!no.is_empty()).then_some(no),
        department,
        position,
        errors,
    }
}

/// Flags every row that shares an employee number (compared without case) with
/// another, naming the other lines; likewise rows without a number that share name
/// and department, since saving would merge them into one person.
pub fn cross_row(rows: &mut [RosterRow]) {
    let mut by_no: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_person: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        match &r.employee_no {
            Some(no) => by_no.entry(no.to_lowercase()).or_default().push(i),
            None if !r.name.is_empty() => by_person
                .entry((r.name.as_str(), r.department.as_str()))
                .or_default()
                .push(i),
            None => {}
        }
    }
    let mut flags: Vec<(usize, RowError)> = Vec::new();
    let others = |group: &[usize], me: usize| -> String {
        group
            .iter()
            .filter(|&&j| j != me)
            .map(|&j| rows[j].line.to_string())
            .collect::<Vec<_>>()
            .join("、")
    };
    for group in by_no.values().filter(|g| g.len() > 1) {
        for &i in group {
            let no = rows[i].employee_no.as_deref().unwrap_or_default();
            flags.push((
                i,
                RowError {
                    kind: RowErrorKind::DuplicateEmployeeNo,
                    message: format!("工号 {no} 与第 {} 行重复", others(group, i)),
                },
            ));
        }
    }
    for group in by_person.values().filter(|g| g.len() > 1) {
        for &i in group {
            flags.push((
                i,
                RowError {
                    kind: RowErrorKind::DuplicatePerson,
                    message: format!(
                        "与第 {} 行姓名、部门相同且都没有工号，无法区分；请填写工号",
                        others(group, i)
                    ),
                },
            ));
        }
    }
    flags.sort_by_key(|(i, _)| *i);
    for (i, e) in flags {
        rows[i].errors.push(e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mk(line: u32, name: &str, no: &str) -> RosterRow {
        row(
            line,
            [
                (Field::Name, name.into()),
                (Field::EmployeeNo, no.into()),
                (Field::Department, String::new()),
                (Field::Position, String::new()),
            ],
        )
    }

    fn kinds(r: &RosterRow) -> Vec<RowErrorKind> {
        r.errors.iter().map(|e| e.kind).collect()
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean_name("\u{3000}张\u{3000}三 "), "张三");
        assert_eq!(clean_name("Anna \u{a0} Smith"), "Anna Smith");
        assert_eq!(clean_name("李 Lee"), "李 Lee");
        assert_eq!(clean_employee_no(" １００１ "), "1001");
        assert_eq!(clean_employee_no("Ａ－０１"), "A-01");
        assert_eq!(clean_text("  安全  环保部 "), "安全 环保部");
    }

    #[test]
    fn single_row_errors() {
        assert_eq!(
            kinds(&mk(2, " \u{3000}", "1")),
            vec![RowErrorKind::MissingName]
        );
        let r = mk(2, "张\u{202E}三", "1");
        assert_eq!(kinds(&r), vec![RowErrorKind::BadCharacters]);
        assert!(r.errors[0].message.contains("U+202E"), "{:?}", r.errors);
        assert_eq!(
            kinds(&mk(2, "张\u{2067}三", "")),
            vec![RowErrorKind::BadCharacters]
        );
        assert_eq!(
            kinds(&mk(2, "李\n四", "")),
            vec![RowErrorKind::BadCharacters]
        );
        assert_eq!(
            kinds(&mk(2, "张\u{1}三", "")),
            vec![RowErrorKind::BadCharacters]
        );
        assert_eq!(
            kinds(&mk(2, "张\u{FFFD}", "")),
            vec![RowErrorKind::BadEncoding]
        );
        // The limit signing has too (signdesk_base::name): 41 is refused here.
        let long = mk(2, &"张".repeat(MAX_NAME_CHARS + 1), "");
        assert_eq!(kinds(&long), vec![RowErrorKind::TooLong]);
        assert!(long.errors[0].message.contains("41"));
        assert_eq!(
            kinds(&mk(2, "张三", &"1".repeat(33))),
            vec![RowErrorKind::TooLong]
        );
        assert!(mk(2, &"张".repeat(MAX_NAME_CHARS), "").errors.is_empty());
    }

    #[test]
    fn duplicates_flag_every_row_and_name_the_others() {
        let mut rows = vec![
            mk(2, "甲", "1001"),
            mk(3, "乙", "1002"),
            mk(5, "丙", "１００１"),
        ];
        cross_row(&mut rows);
        assert_eq!(rows[0].errors[0].message, "工号 1001 与第 5 行重复");
        assert!(rows[1].errors.is_empty());
        assert_eq!(rows[2].errors[0].message, "工号 1001 与第 2 行重复");
    }

    #[test]
    fn same_name_without_numbers_is_ambiguous() {
        let mut rows = vec![mk(2, "张伟", ""), mk(3, "张伟", ""), mk(4, "张伟", "7")];
        cross_row(&mut rows);
        assert_eq!(kinds(&rows[0]), vec![RowErrorKind::DuplicatePerson]);
        assert_eq!(kinds(&rows[1]), vec![RowErrorKind::DuplicatePerson]);
        assert!(rows[2].errors.is_empty());
    }
}
