//! From signature-block tokens (`roles/`) to the template's roles and their dates:
//! parties and their representatives joined, each role's side and key (`sides.rs`: by
//! its words, then by its column, then balanced so an agreement has two sides), and
//! which date line belongs to whom.

use super::roles::{bare_rep, has, representative_of, SigTok, SIGN_WORDS};
use super::sides::{balance_sides, classify, party_key, party_side, signs_of};
use crate::model::{Field, FieldFill, FieldKind, Role, Signs};
use crate::text::cjk_punct;

fn unique(base: &str, taken: &[String]) -> String {
    if !taken.iter().any(|k| k == base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}_{i}"))
        .find(|k| !taken.iter().any(|t| t == k))
        .unwrap_or_else(|| base.to_string())
}

/// The label without `（签字）`-style suffixes and colons, for date labels.
fn base_label(label: &str) -> String {
    let mut s = label.to_string();
    for p in [
        "（签字）",
        "（盖章）",
        "（签名）",
        "（签章）",
        "（签字盖章）",
    ] {
        s = s.replace(p, "");
    }
    s.trim_end_matches([':', '：']).to_string()
}

/// Builds roles and their date fields from the signature lines, in order.
pub(crate) fn build(lines: &[Vec<SigTok>]) -> (Vec<Role>, Vec<Field>) {
    let has_company = lines
        .iter()
        .flatten()
        .any(|t| matches!(t, SigTok::Role { label, .. } if label.contains("公司")));
    let mut block = SigBlock {
        has_company,
        ..SigBlock::default()
    };
    for line in lines {
        block.line(line);
    }
    for (party, col) in std::mem::take(&mut block.waiting) {
        block.new_role(bare_party(&party, col));
    }
    balance_sides(&mut block.roles);
    (block.roles, block.dates)
}

/// A signature block read line by line: the roles and dates so far, and what the
/// next line may join.
#[derive(Default)]
struct SigBlock {
    has_company: bool,
    roles: Vec<Role>,
    keys: Vec<String>,
    dates: Vec<Field>,
    date_keys: Vec<String>,
    /// The roles of each line that has some (indices into `roles`), in order.
    role_lines: Vec<Vec<usize>>,
    /// Parties named on a line of their own (`工业区：____ 企业：____`), waiting for the
    /// line of their representatives below.
    waiting: Vec<(String, usize)>,
    /// The roles of the previous line, for a representative written under its party
    /// (`甲方：` / `法定代表人：`), and whether that line had a date.
    previous: Vec<usize>,
    previous_dated: bool,
}

/// A role token of a line: its label, column and representative.
type RoleTok<'l> = (&'l String, usize, &'l Option<String>);

impl SigBlock {
    /// Adds a role under a key of its own; returns its index.
    fn new_role(&mut self, r: Role) -> usize {
        let key = unique(&r.key, &self.keys);
        self.keys.push(key.clone());
        self.roles.push(Role { key, ..r });
        self.roles.len() - 1
    }

    fn add_date(&mut self, key: String, label: String, original: &str) {
        if !self.date_keys.contains(&key) {
            self.date_keys.push(key.clone());
            self.dates.push(Field {
                key,
                label,
                kind: FieldKind::Date,
                original: original.to_string(),
                // Resolved with the roles once detection is done (Template::resolve_fills).
                fill: FieldFill::Typed,
            });
        }
    }

    fn line(&mut self, line: &[SigTok]) {
        let mut line_roles = Vec::new();
        let toks: Vec<RoleTok> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Role {
                    label,
                    col,
                    representative,
                } => Some((label, *col, representative)),
                _ => None,
            })
            .collect();
        let parties: Vec<(String, usize)> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Label { name, col, .. } => Some((name.clone(), *col)),
                _ => None,
            })
            .collect();
        // This line only names representatives: whose?
        let reps: Option<Vec<String>> = (!toks.is_empty())
            .then(|| {
                toks.iter()
                    .map(|(l, _, r)| (*r).clone().or_else(|| representative_of(l)))
                    .collect()
            })
            .flatten();
        let pending = std::mem::take(&mut self.waiting);
        let merged = if !pending.is_empty() {
            self.join_waiting(&pending, &toks, reps.as_deref(), &mut line_roles)
        } else if let Some(reps) = &reps {
            self.join_previous(&toks, reps, &mut line_roles)
        } else {
            false
        };
        if !parties.is_empty() && toks.is_empty() {
            self.waiting = parties;
        } else {
            // Names beside roles on one line are parties of their own.
            for (party, col) in &parties {
                line_roles.push(self.new_role(bare_party(party, *col)));
            }
        }
        if !merged {
            for (label, col, representative) in &toks {
                let label = cjk_punct(label);
                let (side, base) = classify(&label, *col, self.has_company);
                line_roles.push(self.new_role(Role {
                    key: base.into(),
                    signs: signs_of(&label),
                    label,
                    side,
                    representative: (*representative).clone(),
                }));
            }
        }
        self.assign_dates(line, &line_roles);
        self.previous = if merged {
            Vec::new()
        } else {
            line_roles.clone()
        };
        self.previous_dated = line.iter().any(|t| matches!(t, SigTok::Date { .. }));
        let known = merged && self.role_lines.last() == Some(&line_roles);
        if !line_roles.is_empty() && !known {
            self.role_lines.push(line_roles);
        }
    }

    /// Parties waiting from the line above and this line's representatives, one each:
    /// one role per party, with its representative (true). Otherwise the parties
    /// become roles of their own line (false).
    fn join_waiting(
        &mut self,
        pending: &[(String, usize)],
        toks: &[RoleTok],
        reps: Option<&[String]>,
        line_roles: &mut Vec<usize>,
    ) -> bool {
        match reps {
            Some(reps) if reps.len() == pending.len() => {
                for ((party, col), ((label, _, _), rep)) in
                    pending.iter().zip(toks.iter().zip(reps))
                {
                    let label = cjk_punct(label);
                    line_roles.push(self.new_role(Role {
                        key: party_key(party).into(),
                        label: format!("{party}（{}）", in_paren(&label)),
                        signs: signs_of(&label),
                        side: party_side(party, *col),
                        representative: Some(rep.clone()),
                    }));
                }
                true
            }
            _ => {
                let mut own = Vec::new();
                for (party, col) in pending {
                    own.push(self.new_role(bare_party(party, *col)));
                }
                self.role_lines.push(own);
                false
            }
        }
    }

    /// `甲方：____` then `法定代表人：____` under it: one role, with its representative.
    /// `公司（盖章）` then `总经理（签字）` under it: the company, sealed, and its
    /// manager's hand. True when this line's representatives joined the roles above.
    fn join_previous(
        &mut self,
        toks: &[RoleTok],
        reps: &[String],
        line_roles: &mut Vec<usize>,
    ) -> bool {
        let bare = |i: &usize| {
            let r: &Role = &self.roles[*i];
            r.representative.is_none() && representative_of(&r.label).is_none()
        };
        // Not when the line above had its own date (a chain of signers, each
        // dated), nor a lone `研发中心负责人` under a lone party: a unit's head
        // standing alone signs for that unit.
        let dated_above = self.previous_dated;
        let lone_unit_head = reps.len() == 1 && !bare_rep(&reps[0]);
        if !(!self.previous.is_empty()
            && self.previous.len() == reps.len()
            && self.previous.iter().all(bare)
            && !dated_above
            && !lone_unit_head)
        {
            return false;
        }
        for (&ri, ((label, _, _), rep)) in self.previous.iter().zip(toks.iter().zip(reps)) {
            let label = cjk_punct(label);
            let r = &mut self.roles[ri];
            let party_signs = has(&r.label, &SIGN_WORDS).then_some(r.signs);
            r.signs = match (party_signs, signs_of(&label)) {
                (None, own) => own,
                (Some(a), b) if a == b => a,
                _ => Signs::Both,
            };
            if party_signs.is_none() {
                r.label = format!("{}（{}）", base_label(&r.label), in_paren(&label));
            }
            r.representative = Some(rep.clone());
        }
        *line_roles = self.previous.clone();
        true
    }

    /// The date blanks of a line: whose they are — the roles on the same line; else
    /// the nearest earlier role line with as many columns as there are dates — or the
    /// whole block's signing date.
    fn assign_dates(&mut self, line: &[SigTok], line_roles: &[usize]) {
        let line_dates: Vec<&String> = line
            .iter()
            .filter_map(|t| match t {
                SigTok::Date {
                    original,
                    filled: false,
                } => Some(original),
                _ => None,
            })
            .collect();
        if line_dates.is_empty() {
            return;
        }
        let total = self.roles.len();
        let owners: Option<Vec<usize>> = if !line_roles.is_empty() {
            (line_roles.len() == line_dates.len()).then(|| line_roles.to_vec())
        } else if line_dates.len() > 1 {
            self.role_lines
                .iter()
                .rev()
                .find(|l| l.len() == line_dates.len())
                .cloned()
        } else {
            self.role_lines
                .last()
                .filter(|l| l.len() == 1 && total == 1)
                .cloned()
        };
        match owners {
            Some(owners) => {
                for (&ri, orig) in owners.iter().zip(&line_dates) {
                    let label = self.date_label(&owners, ri);
                    let key = format!("{}_date", self.roles[ri].key);
                    self.add_date(key, label, orig);
                }
            }
            None => self.add_date("signing_date".into(), "签订日期".into(), line_dates[0]),
        }
    }

    /// The label of role `ri`'s date, one of the roles `owners` dated on one line.
    fn date_label(&self, owners: &[usize], ri: usize) -> String {
        let r = &self.roles[ri];
        let col = owners.iter().position(|&x| x == ri).unwrap_or(0);
        // a generic label (`负责人`) gets its column's header (`公司`)
        let header = self
            .role_lines
            .iter()
            .filter(|l| l.len() == owners.len() && l.as_slice() != owners)
            .find_map(|l| l.get(col))
            .map(|&h| base_label(&self.roles[h].label).replace("盖章", ""))
            .filter(|_| r.label.starts_with("负责人"))
            .unwrap_or_default();
        let rep = r
            .representative
            .as_deref()
            .filter(|rep| !r.label.contains(rep))
            .unwrap_or("");
        format!("{header}{}{rep}日期", base_label(&r.label))
    }
}

/// A party named on its own (`工业区：____`), signing by hand; its key is made unique
/// by the caller.
fn bare_party(name: &str, col: usize) -> Role {
    Role {
        key: party_key(name).into(),
        label: name.to_string(),
        signs: Signs::Hand,
        side: party_side(name, col),
        representative: None,
    }
}

/// A role label as it reads inside brackets: `法定代表人（盖章）：` → `法定代表人盖章`.
fn in_paren(label: &str) -> String {
    label
        .trim_end_matches([':', '：', ' '])
        .replace(['(', ')', '（', '）'], "")
}
