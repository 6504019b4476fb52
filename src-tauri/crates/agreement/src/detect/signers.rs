//! From signature-block tokens (`roles.rs`) to the template's roles and their dates:
//! parties and their representatives joined, each role's side (by its words, then by
//! its column, then balanced so an agreement has two sides), and which date line
//! belongs to whom.

use super::roles::{bare_rep, has, representative_of, SigTok, SIGN_WORDS};
use crate::model::{Field, FieldFill, FieldKind, Role, Side, Signs};
use crate::text::cjk_punct;

fn signs_of(label: &str) -> Signs {
    let hand = has(label, &["签字", "签名"]);
    let seal = has(label, &["盖章", "公章", "印章"]);
    if label.contains("签章") || (hand && seal) {
        Signs::Both
    } else if seal {
        Signs::Seal
    } else {
        Signs::Hand
    }
}

/// Side and key base for a label in column `col` of a block with `has_company` role.
fn classify(label: &str, col: usize, has_company: bool) -> (Side, &'static str) {
    use Side::*;
    if label.contains("甲方") {
        return (Organisation, "party_a");
    }
    if label.contains("乙方") {
        return (Signer, "party_b");
    }
    if label.contains("发约人") {
        return (Organisation, "issuer");
    }
    if label.contains("签约人") {
        return (Signer, "signer");
    }
    if label.contains("承诺人") || label.contains("立书人") {
        return (Signer, "pledger");
    }
    if label.contains("员工") {
        return (Signer, "employee");
    }
    if label.contains("总监") {
        return (Organisation, "director");
    }
    if label.contains("经理") {
        return (Organisation, "manager");
    }
    if label.contains("见证人") {
        return (Organisation, "witness");
    }
    if signs_of(label) == Signs::Seal || label.contains("签章") {
        if label.contains("公司") {
            return (Organisation, "company_seal");
        }
        let side = if has_company { Signer } else { Organisation };
        return (side, "dept_seal");
    }
    if label.contains("负责人") {
        return if col == 0 {
            (Organisation, "org_head")
        } else {
            (Signer, "dept_head")
        };
    }
    if label.contains("责任人") {
        return (Signer, "responsible");
    }
    if label.contains("代表") {
        return (Organisation, "representative");
    }
    (Signer, "signer")
}

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
    let mut roles: Vec<Role> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut dates: Vec<Field> = Vec::new();
    let mut role_lines: Vec<Vec<usize>> = Vec::new();
    let mut date_keys: Vec<String> = Vec::new();
    let mut add_date = |key: String, label: String, original: &str, dates: &mut Vec<Field>| {
        if !date_keys.contains(&key) {
            date_keys.push(key.clone());
            dates.push(Field {
                key,
                label,
                kind: FieldKind::Date,
                original: original.to_string(),
                // Resolved with the roles once detection is done (Template::resolve_fills).
                fill: FieldFill::Typed,
            });
        }
    };
    // Parties named on a line of their own (`工业区：____ 企业：____`), waiting for the
    // line of their representatives below; the roles of the previous line, for a
    // representative written under its party (`甲方：` / `法定代表人：`).
    let mut waiting: Vec<(String, usize)> = Vec::new();
    let mut previous: Vec<usize> = Vec::new();
    let mut previous_dated = false;
    for line in lines {
        let mut line_roles = Vec::new();
        let toks: Vec<(&String, usize, &Option<String>)> = line
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
        let new_role = |roles: &mut Vec<Role>, keys: &mut Vec<String>, r: Role| {
            let key = unique(&r.key, keys);
            keys.push(key.clone());
            roles.push(Role { key, ..r });
            roles.len() - 1
        };
        let pending = std::mem::take(&mut waiting);
        let mut merged = false;
        if !pending.is_empty() {
            match &reps {
                Some(reps) if reps.len() == pending.len() => {
                    for ((party, col), ((label, _, _), rep)) in
                        pending.iter().zip(toks.iter().zip(reps))
                    {
                        let label = cjk_punct(label);
                        line_roles.push(new_role(
                            &mut roles,
                            &mut keys,
                            Role {
                                key: party_key(party).into(),
                                label: format!("{party}（{}）", in_paren(&label)),
                                signs: signs_of(&label),
                                side: party_side(party, *col),
                                representative: Some(rep.clone()),
                            },
                        ));
                    }
                    merged = true;
                }
                _ => {
                    let mut own = Vec::new();
                    for (party, col) in &pending {
                        own.push(new_role(&mut roles, &mut keys, bare_party(party, *col)));
                    }
                    role_lines.push(own);
                }
            }
        } else if let Some(reps) = &reps {
            // `甲方：____` then `法定代表人：____` under it: one role, with its representative.
            // `公司（盖章）` then `总经理（签字）` under it: the company, sealed, and its
            // manager's hand.
            let bare = |i: &usize| {
                let r: &Role = &roles[*i];
                r.representative.is_none() && representative_of(&r.label).is_none()
            };
            // Not when the line above had its own date (a chain of signers, each
            // dated), nor a lone `研发中心负责人` under a lone party: a unit's head
            // standing alone signs for that unit.
            let dated_above = previous_dated;
            let lone_unit_head = reps.len() == 1 && !bare_rep(&reps[0]);
            if !previous.is_empty()
                && previous.len() == reps.len()
                && previous.iter().all(bare)
                && !dated_above
                && !lone_unit_head
            {
                for (&ri, ((label, _, _), rep)) in previous.iter().zip(toks.iter().zip(reps)) {
                    let label = cjk_punct(label);
                    let r = &mut roles[ri];
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
                line_roles = previous.clone();
                merged = true;
            }
        }
        if !parties.is_empty() && toks.is_empty() {
            waiting = parties;
        } else {
            // Names beside roles on one line are parties of their own.
            for (party, col) in &parties {
                line_roles.push(new_role(&mut roles, &mut keys, bare_party(party, *col)));
            }
        }
        if !merged {
            for (label, col, representative) in &toks {
                let label = cjk_punct(label);
                let (side, base) = classify(&label, *col, has_company);
                line_roles.push(new_role(
                    &mut roles,
                    &mut keys,
                    Role {
                        key: base.into(),
                        signs: signs_of(&label),
                        label,
                        side,
                        representative: (*representative).clone(),
                    },
                ));
            }
        }
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
        if !line_dates.is_empty() {
            let total = roles.len();
            // Whose dates: the roles on the same line; else the nearest earlier role
            // line with as many columns as there are dates.
            let owners: Option<&Vec<usize>> = if !line_roles.is_empty() {
                (line_roles.len() == line_dates.len()).then_some(&line_roles)
            } else if line_dates.len() > 1 {
                role_lines
                    .iter()
                    .rev()
                    .find(|l| l.len() == line_dates.len())
            } else {
                role_lines.last().filter(|l| l.len() == 1 && total == 1)
            };
            match owners {
                Some(owners) => {
                    for (&ri, orig) in owners.iter().zip(&line_dates) {
                        let r = &roles[ri];
                        let col = owners.iter().position(|&x| x == ri).unwrap_or(0);
                        // a generic label (`负责人`) gets its column's header (`公司`)
                        let header = role_lines
                            .iter()
                            .filter(|l| l.len() == owners.len() && *l != owners)
                            .find_map(|l| l.get(col))
                            .map(|&h| base_label(&roles[h].label).replace("盖章", ""))
                            .filter(|_| r.label.starts_with("负责人"))
                            .unwrap_or_default();
                        let rep = r
                            .representative
                            .as_deref()
                            .filter(|rep| !r.label.contains(rep))
                            .unwrap_or("");
                        let label = format!("{header}{}{rep}日期", base_label(&r.label));
                        add_date(format!("{}_date", r.key), label, orig, &mut dates);
                    }
                }
                None => add_date(
                    "signing_date".into(),
                    "签订日期".into(),
                    line_dates[0],
                    &mut dates,
                ),
            }
        }
        previous = if merged {
            Vec::new()
        } else {
            line_roles.clone()
        };
        previous_dated = line.iter().any(|t| matches!(t, SigTok::Date { .. }));
        let known = merged && role_lines.last() == Some(&line_roles);
        if !line_roles.is_empty() && !known {
            role_lines.push(line_roles);
        }
    }
    for (party, col) in &waiting {
        let r = bare_party(party, *col);
        let key = unique(&r.key, &keys);
        keys.push(key.clone());
        roles.push(Role { key, ..r });
    }
    balance_sides(&mut roles);
    (roles, dates)
}

/// Words that say which side a party is on, with weights: the issuer's (positive) and
/// the responsible party's (negative). 公司 is weak: a park's agreement is signed by
/// companies.
const SIDE_WORDS: [(&str, i32); 27] = [
    ("甲方", 3),
    ("发约", 3),
    ("管委会", 2),
    ("委员会", 2),
    ("政府", 2),
    ("园区", 2),
    ("工业区", 2),
    ("开发区", 2),
    ("集团", 2),
    ("总公司", 2),
    ("局", 1),
    ("公司", 1),
    ("上级", 1),
    ("考核人", 2),
    ("被考核人", -4),
    ("乙方", -3),
    ("签约", -3),
    ("承诺", -3),
    ("员工", -2),
    ("职工", -2),
    ("企业", -2),
    ("责任人", -2),
    ("班组", -1),
    ("车间", -1),
    ("分公司", -2),
    ("项目部", -1),
    ("个人", -2),
];

fn side_score(label: &str) -> i32 {
    SIDE_WORDS
        .iter()
        .filter(|(w, _)| label.contains(w))
        .map(|(_, s)| s)
        .sum()
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

/// A party named only by its name: by its words, else the first column issues.
fn party_side(name: &str, col: usize) -> Side {
    match side_score(name) {
        s if s > 0 => Side::Organisation,
        s if s < 0 => Side::Signer,
        _ if col == 0 => Side::Organisation,
        _ => Side::Signer,
    }
}

fn party_key(name: &str) -> &'static str {
    match name {
        n if n.contains("甲方") => "party_a",
        n if n.contains("乙方") => "party_b",
        n if side_score(n) > 0 => "issuer",
        n if side_score(n) < 0 => "signer",
        _ => "party",
    }
}

/// An agreement binds two sides: when every role came out on one side, the one whose
/// words lean most to the other side moves there (ties: the first issues, the last
/// signs).
fn balance_sides(roles: &mut [Role]) {
    if roles.len() < 2 || roles.iter().any(|r| r.side != roles[0].side) {
        return;
    }
    let scores: Vec<i32> = roles.iter().map(|r| side_score(&r.label)).collect();
    if roles[0].side == Side::Signer {
        let best = (0..roles.len()).max_by_key(|&i| (scores[i], -(i as i32)));
        if let Some(i) = best {
            roles[i].side = Side::Organisation;
        }
    } else {
        let worst = (0..roles.len()).min_by_key(|&i| (scores[i], -(i as i32)));
        if let Some(i) = worst {
            roles[i].side = Side::Signer;
        }
    }
}

/// A role label as it reads inside brackets: `法定代表人（盖章）：` → `法定代表人盖章`.
fn in_paren(label: &str) -> String {
    label
        .trim_end_matches([':', '：', ' '])
        .replace(['(', ')', '（', '）'], "")
}
