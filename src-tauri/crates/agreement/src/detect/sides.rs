//! Which side a role is on, the key it gets and how it signs, from its words: by its
//! words, then by its column, then balanced so an agreement has two sides.

use super::roles::has;
use crate::model::{Role, Side, Signs};

pub(super) fn signs_of(label: &str) -> Signs {
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
pub(super) fn classify(label: &str, col: usize, has_company: bool) -> (Side, &'static str) {
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

/// A party named only by its name: by its words, else the first column issues.
pub(super) fn party_side(name: &str, col: usize) -> Side {
    match side_score(name) {
        s if s > 0 => Side::Organisation,
        s if s < 0 => Side::Signer,
        _ if col == 0 => Side::Organisation,
        _ => Side::Signer,
    }
}

pub(super) fn party_key(name: &str) -> &'static str {
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
pub(super) fn balance_sides(roles: &mut [Role]) {
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
