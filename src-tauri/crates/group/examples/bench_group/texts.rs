//! Signed texts as a desk would send them: the built-in template's text (the clauses,
//! the same in every agreement of a template version; each later version edits one
//! line) and the lines holding what was filled in for the person.

use std::collections::HashMap;

use crate::gen::Person;

/// The clauses of a built-in template in a version.
pub fn clauses(slug: &str, version: i32) -> Vec<String> {
    let text = signdesk_agreement::builtin::SOURCES
        .iter()
        .find(|(id, _)| *id == slug)
        .map(|(_, t)| *t)
        .unwrap_or_else(|| panic!("no built-in template {slug}"));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    if version > 1 {
        if let Some(l) = lines.iter_mut().find(|l| l.chars().count() > 20) {
            l.push_str(&format!("（第{version}版修订）"));
        }
    }
    lines
}

/// The lines of the text holding the person's filled blanks.
pub fn filled(p: &Person, signed_at: &str) -> [String; 3] {
    [
        format!("乙方（责任人）：{}　部门：{}", p.name, p.department),
        format!("工号：{}", p.employee_no.as_deref().unwrap_or("")),
        format!("签订日期：{}", &signed_at[..10]),
    ]
}

/// A site's distinct lines; agreements hold indexes into them.
#[derive(Default)]
pub struct Lines {
    pub lines: Vec<String>,
    /// Each line's pairs as ingest computes them, joined by U+001F.
    pub pairs: Vec<String>,
    index: HashMap<String, u32>,
}

impl Lines {
    pub fn ids(&mut self, lines: impl IntoIterator<Item = String>, filled: &[&str]) -> Vec<u32> {
        lines
            .into_iter()
            .map(|l| match self.index.get(&l) {
                Some(&i) => i,
                None => {
                    let i = self.lines.len() as u32;
                    self.index.insert(l.clone(), i);
                    self.pairs
                        .push(signdesk_group::grams::line_pairs(&l, filled).join("\u{1f}"));
                    self.lines.push(l);
                    i
                }
            })
            .collect()
    }
}
