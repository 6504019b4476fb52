//! People who sign. A person keeps one identity across years (matched by employee
//! number), while each agreement keeps its own snapshot of name and department.
//!
//! Pinyin is computed here so that search can find 张三 by `zhangsan` and `zs`.
//! Surnames read differently from the character's common reading (单 shan, 曾 zeng,
//! 解 xie …) are corrected; for search, every reading of a polyphone is indexed
//! (capped), so a user typing either reading finds the person.

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
use signdesk_base::reading::pinyin_of;
pub use signdesk_base::reading::pinyin_readings;
use signdesk_base::{ErrorKind, Job, WorkStage};

use crate::{now, ArchiveError};

/// Who signs an agreement: someone already in the archive, or a new person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PersonRef {
    Existing(i64),
    New(NewPerson),
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewPerson {
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
    pub pinyin: String,
    pub initials: String,
}

/// Finds or creates the person: by employee number when there is one (then their
/// name, department and position are brought up to date), else by name and
/// department among people without a number.
pub fn upsert(conn: &Connection, p: &NewPerson) -> Result<i64, ArchiveError> {
    let name = p.name.trim();
    let employee_no = p
        .employee_no
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let (py, ini) = pinyin_of(name);
    if let Some(no) = employee_no {
        let existing: Option<i64> = conn
            .query_row("SELECT id FROM people WHERE employee_no = ?1", [no], |r| {
                r.get(0)
            })
            .optional()?;
        if let Some(id) = existing {
            conn.execute(
                "UPDATE people SET name = ?2, department = ?3, position = ?4, pinyin = ?5,
                 initials = ?6 WHERE id = ?1",
                params![id, name, p.department, p.position, py, ini],
            )?;
            return Ok(id);
        }
    } else {
        let existing: Option<i64> = conn
            .query_row(
                "SELECT id FROM people WHERE name = ?1 AND department = ?2 AND employee_no IS NULL
                 ORDER BY id LIMIT 1",
                params![name, p.department],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            return Ok(id);
        }
    }
    conn.execute(
        "INSERT INTO people(name, employee_no, department, position, pinyin, initials, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![name, employee_no, p.department, p.position, py, ini, now()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// What saving a roster did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct RosterSaved {
    /// Rows saved (each found or created one person).
    pub saved: u32,
    /// People who were not in the archive before.
    pub created: u32,
    /// The people saved, in roster order.
    #[serde(skip)]
    pub ids: Vec<i64>,
}

/// Saves a whole checked roster with [`upsert`]: taking a `Transaction` makes the
/// caller commit all rows or none (an error on any row, or 取消 on `job` between two
/// rows, leaves nothing behind). Each person is a step of `job` (stage `Store`).
pub fn upsert_all(
    tx: &Transaction<'_>,
    people: &[NewPerson],
    job: &Job,
) -> Result<RosterSaved, ArchiveError> {
    let count = || -> Result<i64, ArchiveError> {
        Ok(tx.query_row("SELECT count(*) FROM people", [], |r| r.get(0))?)
    };
    let before = count()?;
    let total = people.len() as u64;
    let mut ids = Vec::with_capacity(people.len());
    for (i, p) in people.iter().enumerate() {
        job.step(WorkStage::Store, i as u64, total, &p.name)?;
        ids.push(upsert(tx, p)?);
    }
    job.step(WorkStage::Store, total, total, "")?;
    Ok(RosterSaved {
        saved: people.len() as u32,
        created: (count()? - before) as u32,
        ids,
    })
}

/// Corrects a person by hand. Their archived agreements keep the name and department
/// they were signed with; only future signings use the new details.
pub fn update(conn: &Connection, id: i64, p: &NewPerson) -> Result<(), ArchiveError> {
    let name = p.name.trim();
    let employee_no = p
        .employee_no
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    if let Some(no) = employee_no {
        let other: Option<String> = conn
            .query_row(
                "SELECT name FROM people WHERE employee_no = ?1 AND id <> ?2",
                params![no, id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(ArchiveError::invalid(
                ErrorKind::DuplicateEmployeeNo,
                format!("工号 {no} 已属于{other}"),
            ));
        }
    }
    let (py, ini) = pinyin_of(name);
    let n = conn.execute(
        "UPDATE people SET name = ?2, employee_no = ?3, department = ?4, position = ?5,
         pinyin = ?6, initials = ?7 WHERE id = ?1",
        params![
            id,
            name,
            employee_no,
            p.department.trim(),
            p.position.trim(),
            py,
            ini
        ],
    )?;
    if n == 0 {
        return Err(ArchiveError::NotFound {
            what: "人员",
            id: id.to_string(),
        });
    }
    Ok(())
}

/// Everyone in the archive, by department then name.
pub fn list(conn: &Connection) -> Result<Vec<PersonRow>, ArchiveError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {PERSON_COLUMNS} FROM people p ORDER BY p.department, p.pinyin, p.id"
    ))?;
    let rows = stmt.query_map([], person_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn get(conn: &Connection, id: i64) -> Result<PersonRow, ArchiveError> {
    conn.query_row(
        &format!("SELECT {PERSON_COLUMNS} FROM people p WHERE p.id = ?1"),
        [id],
        person_row,
    )
    .optional()?
    .ok_or_else(|| ArchiveError::NotFound {
        what: "人员",
        id: id.to_string(),
    })
}

/// The columns [`person_row`] reads, for any query over `people p`.
pub(crate) const PERSON_COLUMNS: &str =
    "p.id, p.name, p.employee_no, p.department, p.position, p.pinyin, p.initials";

/// A [`PersonRow`] from the first seven columns ([`PERSON_COLUMNS`]).
pub(crate) fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRow> {
    Ok(PersonRow {
        id: r.get(0)?,
        name: r.get(1)?,
        employee_no: r.get(2)?,
        department: r.get(3)?,
        position: r.get(4)?,
        pinyin: r.get(5)?,
        initials: r.get(6)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names() {
        assert_eq!(pinyin_of("张三"), ("zhangsan".into(), "zs".into()));
        assert_eq!(pinyin_of("张三丰"), ("zhangsanfeng".into(), "zsf".into()));
        assert_eq!(pinyin_of("吕布"), ("lvbu".into(), "lb".into()));
    }

    #[test]
    fn surname_readings() {
        assert_eq!(pinyin_of("单雄信").0, "shanxiongxin");
        assert_eq!(pinyin_of("曾国藩").0, "zengguofan");
        assert_eq!(pinyin_of("解缙").0, "xiejin");
        assert_eq!(pinyin_of("尉迟恭"), ("yuchigong".into(), "ycg".into()));
        // The other reading is indexed too.
        assert!(pinyin_readings("单雄信")
            .iter()
            .any(|(f, _)| f == "danxiongxin"));
    }

    #[test]
    fn non_han_names() {
        assert_eq!(pinyin_of("Anna Smith"), ("annasmith".into(), "as".into()));
        assert_eq!(pinyin_of("阿依古丽·买买提").1, "ayglmmt");
        assert_eq!(pinyin_of("李 Lee").0, "lilee");
        assert_eq!(pinyin_of(""), (String::new(), String::new()));
    }

    #[test]
    fn readings_are_capped() {
        let r = pinyin_readings("行长还长还行");
        assert!(!r.is_empty() && r.len() <= signdesk_base::reading::MAX_READINGS);
    }
}
