//! People who sign. A person keeps one identity across years (matched by employee
//! number), while each agreement keeps its own snapshot of name and department.
//!
//! Pinyin is computed here so that search can find 张三 by `zhangsan` and `zs`.
//! Surnames read differently from the character's common reading (单 shan, 曾 zeng,
//! 解 xie …) are corrected; for search, every reading of a polyphone is indexed
//! (capped), so a user typing either reading finds the person.

use pinyin::{ToPinyin, ToPinyinMulti};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;
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

/// Compound surnames and surnames whose reading differs from the character's
/// most common one. Checked against the start of the name, longest first.
const SURNAMES: &[(&str, &[&str])] = &[
    ("万俟", &["mo", "qi"]),
    ("尉迟", &["yu", "chi"]),
    ("长孙", &["zhang", "sun"]),
    ("单于", &["chan", "yu"]),
    ("单", &["shan"]),
    ("曾", &["zeng"]),
    ("解", &["xie"]),
    ("仇", &["qiu"]),
    ("区", &["ou"]),
    ("朴", &["piao"]),
    ("查", &["zha"]),
    ("翟", &["zhai"]),
    ("乐", &["yue"]),
    ("覃", &["qin"]),
    ("繁", &["po"]),
    ("盖", &["ge"]),
    ("缪", &["miao"]),
    ("召", &["shao"]),
    ("折", &["she"]),
    ("黑", &["he"]),
    ("任", &["ren"]),
    ("员", &["yun"]),
    ("秘", &["bi"]),
    ("种", &["chong"]),
    ("过", &["guo"]),
    ("华", &["hua"]),
    ("纪", &["ji"]),
    ("柏", &["bai"]),
    ("卜", &["bu"]),
    ("沈", &["shen"]),
    ("石", &["shi"]),
    ("重", &["chong"]),
    ("贾", &["jia"]),
    ("薄", &["bo"]),
    ("应", &["ying"]),
    ("燕", &["yan"]),
    ("那", &["na"]),
    ("宁", &["ning"]),
    ("都", &["du"]),
    ("朝", &["chao"]),
];

/// At most this many reading combinations are indexed per name.
const MAX_READINGS: usize = 8;

/// One unit of a name: the readings of a Han character (preferred first), or a
/// lowercased Latin/digit word.
fn units(name: &str) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    let mut rest = name.trim();
    for (surname, readings) in SURNAMES {
        if let Some(tail) = rest.strip_prefix(surname) {
            for (ch, r) in surname.chars().zip(readings.iter()) {
                let mut all = vec![r.to_string()];
                if let Some(multi) = ch.to_pinyin_multi() {
                    for p in multi {
                        let p = plain(p);
                        if !all.contains(&p) {
                            all.push(p);
                        }
                    }
                }
                out.push(all);
            }
            rest = tail;
            break;
        }
    }
    let mut word = String::new();
    for ch in rest.chars() {
        if let Some(p) = ch.to_pinyin() {
            flush(&mut word, &mut out);
            let mut all = vec![plain(p)];
            if let Some(multi) = ch.to_pinyin_multi() {
                for p in multi {
                    let p = plain(p);
                    if !all.contains(&p) {
                        all.push(p);
                    }
                }
            }
            out.push(all);
        } else if ch.is_alphanumeric() {
            word.extend(ch.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn flush(word: &mut String, out: &mut Vec<Vec<String>>) {
    if !word.is_empty() {
        out.push(vec![std::mem::take(word)]);
    }
}

/// `ü` is typed as `v` on Chinese keyboards.
fn plain(p: pinyin::Pinyin) -> String {
    p.plain().replace('ü', "v")
}

fn initial(syllable: &str) -> String {
    // zh/ch/sh are typed as one letter in initials (张 zs, not zhs).
    syllable
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_default()
}

/// The preferred `(full, initials)` pinyin of a name: 张三 → (`zhangsan`, `zs`).
pub fn pinyin_of(name: &str) -> (String, String) {
    let u = units(name);
    let full: String = u.iter().map(|r| r[0].as_str()).collect();
    let initials: String = u.iter().map(|r| initial(&r[0])).collect();
    (full, initials)
}

/// Every `(full, initials)` reading of a name, preferred first, at most
/// [`MAX_READINGS`] (polyphones multiply).
pub fn pinyin_readings(name: &str) -> Vec<(String, String)> {
    let u = units(name);
    let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
    for readings in &u {
        let mut next = Vec::new();
        for c in &combos {
            for r in readings {
                if next.len() >= MAX_READINGS {
                    break;
                }
                let mut c2 = c.clone();
                c2.push(r.as_str());
                next.push(c2);
            }
        }
        combos = next;
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for c in combos {
        let full: String = c.concat();
        let initials: String = c.iter().map(|s| initial(s)).collect();
        if !full.is_empty() && !out.iter().any(|(f, _)| *f == full) {
            out.push((full, initials));
        }
    }
    out
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
        assert!(!r.is_empty() && r.len() <= MAX_READINGS);
    }
}
