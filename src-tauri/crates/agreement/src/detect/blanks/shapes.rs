//! What a blank looks like: runs of `_`, `X`, `x`, `*`; date blanks (`XXXX年XX月XX日`);
//! blanks of spaces or empty brackets; the unit written after a blank (`万元`, `吨`).

use crate::model::FieldKind;
use crate::text::is_cjk;

fn is_blank_char(c: char) -> bool {
    matches!(c, '_' | 'X' | 'x' | '*')
}

/// Length of a run of blank chars at i (X/x only when not part of a Latin word).
pub(super) fn run(n: &[char], i: usize) -> usize {
    let mut j = i;
    while j < n.len() && is_blank_char(n[j]) {
        j += 1;
    }
    let len = j - i;
    if len == 0 {
        return 0;
    }
    let letters = n[i..j].iter().all(|c| matches!(c, 'X' | 'x'));
    if letters {
        let before = i > 0 && n[i - 1].is_ascii_alphabetic();
        let after = n.get(j).is_some_and(|c| c.is_ascii_alphabetic());
        if before || after || len < 2 {
            return 0;
        }
    }
    if n[i..j].iter().all(|&c| c == '*') && len < 2 {
        return 0;
    }
    len
}

pub(super) fn skip_sp(n: &[char], mut j: usize) -> usize {
    while j < n.len() && n[j] == ' ' {
        j += 1;
    }
    j
}

/// `XXXX年XX月XX日`, `20__年__月__日`, `____年__月__日` at i (not a filled date).
pub(super) fn date_blank(n: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if n.get(j) == Some(&'2') && n.get(j + 1) == Some(&'0') {
        j += 2;
    }
    for (k, unit) in ['年', '月', '日'].into_iter().enumerate() {
        let r = run(n, j);
        if r == 0 && !(k == 0 && j > i) {
            return None;
        }
        j = skip_sp(n, j + r);
        if n.get(j) != Some(&unit) {
            return None;
        }
        j += 1;
        if unit != '日' {
            j = skip_sp(n, j);
        }
    }
    Some(j)
}

/// A blank made of spaces or empty brackets: `姓名：      `, `（ ）`, `[ ]`, `【 】`.
/// Returns its end.
pub(super) fn space_blank(n: &[char], i: usize) -> Option<usize> {
    let close = match n[i] {
        '(' => Some(')'),
        '[' => Some(']'),
        '【' => Some('】'),
        _ => None,
    };
    if let Some(close) = close {
        let mut j = i + 1;
        while j < n.len() && n[j] == ' ' && j - i < 12 {
            j += 1;
        }
        return (j > i + 1 && n.get(j) == Some(&close)).then_some(j + 1);
    }
    // three or more spaces after `名称：`
    if n[i] != ' ' || i == 0 || n[i - 1] != ':' {
        return None;
    }
    let mut j = i;
    while j < n.len() && n[j] == ' ' {
        j += 1;
    }
    (j - i >= 3).then_some(j)
}

/// `**县**`: a run of stars ending at `end`, 1–3 ideographs, stars; the end of the
/// second run of stars, else `end`.
pub(super) fn stars_around(n: &[char], end: usize) -> usize {
    let mut k = end;
    while k < n.len() && is_cjk(n[k]) && k - end < 3 {
        k += 1;
    }
    if k > end && run(n, k) >= 2 && n[k] == '*' {
        k + run(n, k)
    } else {
        end
    }
}

/// The kind of a blank by the unit written after it (`unit`: its next two characters):
/// kind, key base and the unit's length (0: no unit).
pub(super) fn kind_by_unit(unit: &str) -> (FieldKind, &'static str, usize) {
    if unit.starts_with("万元") {
        (FieldKind::Money, "amount", 2)
    } else if unit.starts_with('元') {
        (FieldKind::Money, "amount", 1)
    } else if let Some(u) = [
        "万吨", "万户", "万人", "学时", "小时", "吨", "个", "次", "人", "户", "天", "分", "台",
        "起", "项", "名", "场",
    ]
    .iter()
    .find(|u| unit.starts_with(*u))
    {
        (FieldKind::Number, "number", u.chars().count())
    } else {
        (FieldKind::Text, "text", 0)
    }
}
