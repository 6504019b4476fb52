//! Matching a row to one of the year's signed, not voided agreements: by 工号 when
//! the row has one, else by 姓名 when exactly one person has that name.

use std::collections::{BTreeSet, HashMap};

use signdesk_archive::assessments::Candidate;

/// The year's agreements by 工号 and by 姓名, to match rows without a scan per row.
pub(super) struct Index<'a> {
    by_no: HashMap<&'a str, Vec<&'a Candidate>>,
    by_name: HashMap<&'a str, Vec<&'a Candidate>>,
}

impl<'a> Index<'a> {
    pub fn new(candidates: &'a [Candidate]) -> Index<'a> {
        let mut ix = Index {
            by_no: HashMap::new(),
            by_name: HashMap::new(),
        };
        for c in candidates {
            if let Some(no) = c.employee_no.as_deref() {
                ix.by_no.entry(no).or_default().push(c);
            }
            ix.by_name
                .entry(c.signer_name.as_str())
                .or_default()
                .push(c);
        }
        ix
    }

    /// Which agreement a row means; `Err((true, why))` when it names nobody,
    /// `Err((false, why))` when it is wrong.
    pub fn find(
        &self,
        name: &str,
        employee_no: &str,
        year: i32,
    ) -> Result<&'a Candidate, (bool, String)> {
        let unmatched = |m: String| Err((true, m));
        let wrong = |m: String| Err((false, m));
        let found: &[&Candidate] = if !employee_no.is_empty() {
            let Some(by_no) = self.by_no.get(employee_no) else {
                return unmatched(format!("工号 {employee_no} 在 {year} 年没有已签署的协议"));
            };
            if !name.is_empty() && by_no[0].signer_name != name {
                return wrong(format!(
                    "工号 {employee_no} 是“{}”的，不是“{name}”",
                    by_no[0].signer_name
                ));
            }
            by_no
        } else if !name.is_empty() {
            let Some(by_name) = self.by_name.get(name) else {
                return unmatched(format!("“{name}”在 {year} 年没有已签署的协议"));
            };
            let people: BTreeSet<_> = by_name.iter().map(|c| c.employee_no.clone()).collect();
            if people.len() > 1 {
                return wrong(format!("“{name}”有 {} 人同名，请填写工号", people.len()));
            }
            by_name
        } else {
            return wrong("姓名和工号都是空的".into());
        };
        if found.len() > 1 {
            let numbers: Vec<&str> = found.iter().map(|c| c.number.as_str()).collect();
            return wrong(format!(
                "{} 在 {year} 年有 {} 份协议（{}），请指定模板",
                found[0].signer_name,
                found.len(),
                numbers.join("、")
            ));
        }
        Ok(found[0])
    }
}
