//! Many agreements from one table (`signdesk-cli sign --batch FILE.csv`): a header row
//! with 姓名 (and 工号, 部门, 岗位 when there), one column per role key holding the
//! signature PNG's path, `name:ROLE` columns for who signs an organisation role, and
//! `field:KEY` columns for blanks. Every row is checked — exactly as signing checks it
//! — before the first is signed; then each row is signed in its own transaction. The
//! passphrase is derived once for the whole table, not once per process.

use std::collections::BTreeMap;

use signdesk_base::ErrorKind;
use signdesk_roster::{header_field, table::Record, Field};

use crate::signing::{LoadedVersion, SignRequest, SignerInput};
use crate::{CoreError, Desk};

/// One row of the table: who signs, the blanks, and the signature files by role key
/// (paths as written in the cell; the front end reads them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    /// The line (CSV) or row (Excel) the person sees in their own program.
    pub line: u32,
    pub signer: SignerInput,
    pub values: BTreeMap<String, String>,
    pub signature_files: BTreeMap<String, String>,
    /// Who signs an organisation role (`name:ROLE` columns).
    pub signed_by: BTreeMap<String, String>,
}

/// What a column of the table holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    Person(Field),
    Blank(String),
    SignedBy(String),
    Signature(String),
}

fn bad(message: String) -> CoreError {
    CoreError::invalid(ErrorKind::BadArgument, message)
}

fn columns(header: &Record) -> Result<Vec<Option<Column>>, CoreError> {
    let mut out = Vec::with_capacity(header.cells.len());
    let mut seen = std::collections::BTreeSet::new();
    for cell in &header.cells {
        let h = cell.trim();
        let col = if h.is_empty() {
            None
        } else if let Some(key) = h.strip_prefix("field:") {
            Some(Column::Blank(key.trim().to_string()))
        } else if let Some(key) = h.strip_prefix("name:") {
            Some(Column::SignedBy(key.trim().to_string()))
        } else if let Some(f) = header_field(h) {
            Some(Column::Person(f))
        } else {
            Some(Column::Signature(h.to_string()))
        };
        if let Some(c) = &col {
            if !seen.insert(format!("{c:?}")) {
                return Err(bad(format!("批量签署表的表头“{h}”出现了两次")));
            }
        }
        out.push(col);
    }
    if !out.contains(&Some(Column::Person(Field::Name))) {
        return Err(bad(
            "批量签署表缺少“姓名”列（第一行为表头：姓名、工号、部门、各签署角色的签名图片列、field:空白项）"
                .into(),
        ));
    }
    Ok(out)
}

/// Reads the table (CSV in UTF-8 or GBK, or .xlsx, with a roster's limits) into rows.
/// The first non-blank line is the header; blank lines are skipped.
pub fn read_batch(file_name: &str, bytes: &[u8]) -> Result<Vec<BatchRow>, CoreError> {
    let table = signdesk_roster::read_table(file_name, bytes).map_err(CoreError::from)?;
    let mut records = table.records.into_iter().filter(|r| !r.is_blank());
    let header = records
        .next()
        .ok_or_else(|| bad("批量签署表是空的".into()))?;
    let cols = columns(&header)?;
    let mut rows = Vec::new();
    for rec in records {
        let mut row = BatchRow {
            line: rec.line,
            signer: SignerInput {
                name: String::new(),
                employee_no: None,
                department: String::new(),
                position: String::new(),
            },
            values: BTreeMap::new(),
            signature_files: BTreeMap::new(),
            signed_by: BTreeMap::new(),
        };
        for (col, cell) in cols.iter().zip(rec.cells.iter()) {
            let v = cell.trim().to_string();
            match col {
                None => {}
                Some(Column::Person(Field::Name)) => row.signer.name = v,
                Some(Column::Person(Field::EmployeeNo)) => {
                    row.signer.employee_no = Some(v).filter(|v| !v.is_empty())
                }
                Some(Column::Person(Field::Department)) => row.signer.department = v,
                Some(Column::Person(Field::Position)) => row.signer.position = v,
                Some(Column::Blank(k)) if !v.is_empty() => {
                    row.values.insert(k.clone(), v);
                }
                Some(Column::SignedBy(k)) if !v.is_empty() => {
                    row.signed_by.insert(k.clone(), v);
                }
                Some(Column::Signature(k)) if !v.is_empty() => {
                    row.signature_files.insert(k.clone(), v);
                }
                Some(_) => {}
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(bad("批量签署表只有表头，没有要签署的人".into()));
    }
    Ok(rows)
}

impl Desk {
    /// Every check signing makes on `req` — the template version, each signature
    /// image, the blanks, the name — without rendering or storing anything.
    pub fn check_sign(&self, req: &SignRequest) -> Result<(), CoreError> {
        self.guard()?;
        let version = LoadedVersion::load(self.archive.read(), &req.template_id, req.version)?;
        self.check_prepared(&self.request_signing(req, &version)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_becomes_rows_by_its_header() {
        let csv = "姓名,工号,部门,employee,director,name:director,field:post\n\
                   张三,E001,客服部,sig/zs.png,sig/boss.png,周总监,坐席\n\
                   ,,,,,,\n\
                   李四,,安全科,sig/ls.png,sig/boss.png,周总监,\n";
        let rows = read_batch("批量.csv", csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].signer.name, "张三");
        assert_eq!(rows[0].signer.employee_no.as_deref(), Some("E001"));
        assert_eq!(rows[0].signature_files["employee"], "sig/zs.png");
        assert_eq!(rows[0].signed_by["director"], "周总监");
        assert_eq!(rows[0].values["post"], "坐席");
        assert_eq!(rows[1].line, 4);
        assert_eq!(rows[1].signer.employee_no, None);
        assert!(rows[1].values.is_empty(), "an empty cell is no value");
    }

    #[test]
    fn a_table_without_names_or_rows_is_refused_in_chinese() {
        let e = read_batch("a.csv", "工号,employee\nE1,a.png\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("姓名"), "{e}");
        let e = read_batch("a.csv", "姓名,employee\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("没有要签署的人"), "{e}");
        let e = read_batch("a.csv", "姓名,employee,employee\n张三,a,b\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("两次"), "{e}");
    }
}
