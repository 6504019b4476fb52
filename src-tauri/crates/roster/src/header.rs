//! Finding the header row and which column holds what. Rosters come from HR systems,
//! WPS and hand-made sheets: headers are Chinese or English, in any order, sometimes
//! decorated (`姓名*`, `工号（必填）`, `Employee No.`), and sometimes below a title
//! row. A header row is required: guessing columns from data would silently swap a
//! department into a position, which nobody would notice until the PDFs are printed.

use crate::table::{Record, HEADER_SEARCH};
use crate::RosterError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    EmployeeNo,
    Department,
    Position,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Name => "姓名",
            Field::EmployeeNo => "工号",
            Field::Department => "部门",
            Field::Position => "岗位",
        }
    }
}

/// Header texts per field, normalised (see [`normalise`]).
const SYNONYMS: &[(Field, &[&str])] = &[
    (
        Field::Name,
        &[
            "姓名",
            "名字",
            "员工姓名",
            "人员姓名",
            "职工姓名",
            "name",
            "fullname",
            "employeename",
            "staffname",
        ],
    ),
    (
        Field::EmployeeNo,
        &[
            "工号",
            "员工编号",
            "员工号",
            "职工号",
            "职工编号",
            "人员编号",
            "员工工号",
            "employeeno",
            "employeenumber",
            "employeeid",
            "staffno",
            "staffid",
            "empno",
            "empid",
        ],
    ),
    (
        Field::Department,
        &["部门", "所属部门", "部门名称", "科室", "department", "dept"],
    ),
    (
        Field::Position,
        &[
            "岗位",
            "职位",
            "职务",
            "岗位名称",
            "工种",
            "position",
            "title",
            "jobtitle",
            "job",
            "role",
        ],
    ),
];

/// Lower-cased, without spaces, punctuation, `*` marks and bracketed remarks:
/// `工号（必填）` → `工号`, `Employee No.` → `employeeno`.
pub fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for ch in header.chars() {
        match ch {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

/// Which roster field a header names (`工号（必填）` → `EmployeeNo`), if any.
pub fn field_of(header: &str) -> Option<Field> {
    let n = normalise(header);
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&n.as_str()))
        .map(|(f, _)| *f)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// Index of the header record in the table's records.
    pub index: usize,
    pub line: u32,
    pub name: usize,
    pub employee_no: Option<usize>,
    pub department: Option<usize>,
    pub position: Option<usize>,
    /// Header cells not understood (shown, then ignored).
    pub ignored: Vec<String>,
    /// A field named by two columns: the first one is used; saving is refused.
    pub duplicates: Vec<(Field, String)>,
}

/// The first record (among the first few non-blank ones) that names a 姓名 column.
pub fn find(records: &[Record]) -> Result<Columns, RosterError> {
    for (index, rec) in records.iter().take(HEADER_SEARCH).enumerate() {
        let fields: Vec<Option<Field>> = rec.cells.iter().map(|c| field_of(c)).collect();
        if !fields.contains(&Some(Field::Name)) {
            continue;
        }
        let mut cols = Columns {
            index,
            line: rec.line,
            name: 0,
            employee_no: None,
            department: None,
            position: None,
            ignored: Vec::new(),
            duplicates: Vec::new(),
        };
        let mut name = None;
        for (i, f) in fields.iter().enumerate() {
            let slot = match f {
                Some(Field::Name) => &mut name,
                Some(Field::EmployeeNo) => &mut cols.employee_no,
                Some(Field::Department) => &mut cols.department,
                Some(Field::Position) => &mut cols.position,
                None => {
                    let h = rec.cells[i].trim();
                    if !h.is_empty() {
                        cols.ignored.push(h.to_string());
                    }
                    continue;
                }
            };
            if slot.is_some() {
                cols.duplicates
                    .push((f.unwrap_or(Field::Name), rec.cells[i].trim().to_string()));
            } else {
                *slot = Some(i);
            }
        }
        cols.name = name.unwrap_or(0);
        return Ok(cols);
    }
    // No 姓名 anywhere: say what the first row looked like, so the user sees why.
    let found = records
        .first()
        .map(|r| {
            let cells: Vec<&str> = r
                .cells
                .iter()
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
                .take(8)
                .collect();
            format!("（第 {} 行为：{}）", r.line, cells.join("、"))
        })
        .unwrap_or_default();
    Err(RosterError::MissingNameColumn { found })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(line: u32, cells: &[&str]) -> Record {
        Record {
            line,
            cells: cells.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn decorated_headers() {
        assert_eq!(field_of("姓名*"), Some(Field::Name));
        assert_eq!(field_of(" 工号（必填）"), Some(Field::EmployeeNo));
        assert_eq!(field_of("Employee No."), Some(Field::EmployeeNo));
        assert_eq!(field_of("DEPARTMENT"), Some(Field::Department));
        assert_eq!(field_of("职位"), Some(Field::Position));
        assert_eq!(field_of("备注"), None);
    }

    #[test]
    fn any_order_and_title_rows_above() {
        let c = find(&[
            rec(1, &["2027年安全责任书签订名单"]),
            rec(2, &["序号", "岗位", "部门", "姓名", "员工编号"]),
        ])
        .unwrap();
        assert_eq!((c.index, c.line), (1, 2));
        assert_eq!(c.name, 3);
        assert_eq!(c.employee_no, Some(4));
        assert_eq!(c.department, Some(2));
        assert_eq!(c.position, Some(1));
        assert_eq!(c.ignored, vec!["序号".to_string()]);
    }

    #[test]
    fn missing_name_column_names_it_and_shows_the_first_row() {
        let e = find(&[rec(1, &["工号", "部门"]), rec(2, &["1", "x"])]).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.contains("「姓名」") && msg.contains("工号、部门"),
            "{msg}"
        );
    }

    #[test]
    fn two_name_columns_are_reported() {
        let c = find(&[rec(1, &["姓名", "Name"])]).unwrap();
        assert_eq!(c.name, 0);
        assert_eq!(c.duplicates, vec![(Field::Name, "Name".to_string())]);
    }
}
