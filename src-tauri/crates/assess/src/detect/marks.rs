//! Full marks and the parts that make them, in each of the ways a scheme lists them:
//!
//! - in the sentence that states the full marks (「年度考核采用百分制，其中安全责任占60分，
//!   事故情况占40分」, 「考核满分为100分：安全管理得分40分、……」) or in the one after it
//!   (「考核满分100分。各项分值：消防安全25分，……」);
//! - as names and points given in parallel (「设消防安全管理、治安秩序管理……四项，分值
//!   分别为30分、25分……」);
//! - as list items or table rows (「1.安全管理资料（15分）」, 「（1）库区消防安全    25分」),
//!   whose own clause may go on with how the item is scored (its *body*: 「（2）安全教育
//!   （30分）：学生安全知识知晓率不低于95%，每降低1个百分点扣2分」 — which makes it a
//!   measured target, see `targets`).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::text::{enumerator, num, re, strip_enumerator};
use super::Scored;

/// 「百分制」, 「满分100分」, 「总分为100分」, 「按100分计」, 「实行100分制」.
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"百分制|(?:满分|总分|总分值)\s*(?:为|是|:)?\s*(\d+(?:\.\d+)?)\s*分|按\s*(\d+(?:\.\d+)?)\s*分\s*(?:制\s*)?计|(\d+(?:\.\d+)?)\s*分制",
    )
});

/// 「安全责任占60分」, 「、消防安全25分」, 「安全管理得分40分」.
static INLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:^|其中|[，,、:)])\s*([\p{Han}A-Za-z“”‘’「」]{2,24}?)\s*(?:占|计|为|得分)?\s*\(?\s*(\d+(?:\.\d+)?)\s*分",
    )
});

/// 「设A、B、C、D四项，分值分别为30分、25分、25分、20分」.
static PARALLEL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:设|包括|分为|含|由)\s*([\p{Han}“”、和及与]{2,80}?)\s*(?:[一二三四五六七八九十两\d]{1,2}\s*(?:项|个方面|个部分|部分|类|块))?\s*[，,]?\s*(?:其)?(?:分值|分数|各项分值|满分)?\s*(?:分别为|分别是|依次为|分别占)\s*((?:\d+(?:\.\d+)?\s*分?\s*[、，,和及]?\s*)+)",
    )
});

/// A list item or table row: 「安全管理资料(15分)」 (maybe followed by its body),
/// 「叉车及装卸作业安全    35分」 (the whole clause).
/// The value to reach may stand between the name and the points: 「安全培训计划完成率≥95%
/// (10分)」; it is then the start of the body.
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^([\p{Han}A-Za-z“”‘’「」、]{2,20}?)\s*((?:≥|>=|≤|<=|不低于|不少于|不高于|不超过|达到|控制在)?\s*\d+(?:\.\d+)?\s*%\s*(?:以上|以内|以下)?)?\s*(?:\(\s*(\d+(?:\.\d+)?)\s*分\s*\)|(\d+(?:\.\d+)?)\s*分$)",
    )
});

/// Words that make a name with points something other than a part: a deduction, a
/// line, the full marks themselves.
const NOT_A_PART: &[&str] = &[
    "扣", "加分", "每", "以上", "以下", "不足", "低于", "满分", "总分", "百分", "合计", "得分",
    "奖", "罚", "分别",
];

fn is_part_label(label: &str) -> bool {
    !NOT_A_PART.iter().any(|w| label.contains(w))
}

/// What may follow a part's points: not a line (「90分以上」, 「60分以下」, 「80分至89分」).
fn ends_a_part(rest: &str) -> bool {
    ![
        "以上",
        "以下",
        "及以上",
        "以内",
        "为",
        "至",
        "-",
        "—",
        "–",
        "~",
        "的",
        "(含",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
}

/// A part's name without the words that introduce the list: 「考核得分由基础管理」 is
/// 「基础管理」, 「分日常检查」 and 「和年终检查」 (「分日常检查（50分）和年终检查（50分）」)
/// are 「日常检查」 and 「年终检查」.
fn part_name(raw: &str) -> String {
    let mut s = raw;
    for w in ["其中", "由", "包括", "包含", "分为", "分成"] {
        if let Some((_, after)) = s.rsplit_once(w) {
            s = after;
        }
    }
    for (w, rest) in [
        ("和", 2),
        ("及", 2),
        ("与", 2),
        ("分", 4),
        ("设", 4),
        ("含", 4),
    ] {
        if let Some(after) = s.strip_prefix(w).filter(|a| a.chars().count() >= rest) {
            s = after;
        }
    }
    s.to_string()
}

fn inline(fragment: &str) -> Vec<(String, Decimal)> {
    INLINE
        .captures_iter(fragment)
        .filter(|c| c.get(0).is_some_and(|m| ends_a_part(&fragment[m.end()..])))
        .filter_map(|c| {
            let label = part_name(&c[1]);
            (label.chars().count() >= 2 && is_part_label(&label)).then_some((label, num(&c[2])?))
        })
        .collect()
}

/// Names and points in parallel; `Err` with a doubt when they do not pair up.
fn parallel(fragment: &str) -> Option<Result<Vec<(String, Decimal)>, String>> {
    let c = PARALLEL.captures(fragment)?;
    let values: Vec<Decimal> = c[2]
        .split(['、', '，', ',', '和', '及'])
        .filter_map(|v| num(v.trim().trim_end_matches('分')))
        .collect();
    let mut names: Vec<String> = c[1].split('、').map(str::to_string).collect();
    if names.len() + 1 == values.len() {
        if let Some(last) = names.pop() {
            match last.rsplit_once(['和', '及', '与']) {
                Some((a, b)) => names.extend([a.to_string(), b.to_string()]),
                None => names.push(last),
            }
        }
    }
    if names.len() != values.len() || values.len() < 2 {
        return Some(Err(format!(
            "考核项目有 {} 个（{}），分值有 {} 个：请在编辑器中核对",
            names.len(),
            names.join("、"),
            values.len()
        )));
    }
    Some(Ok(names.into_iter().zip(values).collect()))
}

fn part(clause: usize, label: String, points: Decimal) -> Scored {
    Scored {
        clause,
        label,
        points,
        body: String::new(),
        listed: false,
        target: None,
    }
}

/// The full marks, and the parts stated with them; the clauses read are marked used.
pub(super) fn find(
    clauses: &[&str],
    used: &mut [bool],
    doubts: &mut Vec<String>,
) -> (Option<Decimal>, Vec<Scored>) {
    let mut found = Vec::new();
    let mut total = None;
    for (i, clause) in clauses.iter().enumerate() {
        let Some(m) = TOTAL.captures(clause) else {
            continue;
        };
        total = (1..=3)
            .find_map(|k| m.get(k))
            .and_then(|v| num(v.as_str()))
            .or(Some(Decimal::from(100)));
        used[i] = true;
        // In the same sentence (before or after the full marks), or in the one or two
        // after it when they only list parts.
        let rest = TOTAL.replace(clause, "，");
        for (j, fragment) in std::iter::once((i, rest.as_ref()))
            .chain((i + 1..clauses.len().min(i + 3)).map(|j| (j, clauses[j])))
        {
            if j != i && (used[j] || enumerator(fragment).is_some()) {
                break;
            }
            let parts = match parallel(fragment) {
                Some(Ok(parts)) => parts,
                Some(Err(doubt)) => {
                    doubts.push(doubt);
                    Vec::new()
                }
                None => inline(fragment),
            };
            if parts.is_empty() || (j != i && parts.len() < 2) {
                if j == i {
                    continue;
                }
                break;
            }
            used[j] = true;
            found.extend(parts.into_iter().map(|(l, p)| part(j, l, p)));
            break;
        }
        break;
    }
    for (i, clause) in clauses.iter().enumerate() {
        if used[i] {
            continue;
        }
        let item = strip_enumerator(clause);
        let Some(c) = LISTED.captures(item) else {
            continue;
        };
        let label = c[1].trim_matches('、').to_string();
        let Some(points) = c.get(3).or(c.get(4)).and_then(|m| num(m.as_str())) else {
            continue;
        };
        if !is_part_label(&label) {
            continue;
        }
        let value = c.get(2).map_or("", |m| m.as_str());
        let rest = c.get(0).map_or("", |m| &item[m.end()..]);
        let rest = rest.trim_start_matches(|c: char| c.is_whitespace() || ":，,".contains(c));
        used[i] = true;
        found.push(Scored {
            body: match value {
                "" => rest.to_string(),
                v => format!("{label}{v}，{rest}"),
            },
            listed: true,
            ..part(i, label, points)
        });
    }
    (total, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[(String, Decimal)]) -> Vec<(&str, String)> {
        v.iter().map(|(l, p)| (l.as_str(), p.to_string())).collect()
    }

    #[test]
    fn parts_in_a_sentence_but_not_lines() {
        assert_eq!(
            labels(&inline(
                "，其中安全责任占60分，事故情况占40分，90分以上为优秀"
            )),
            vec![("安全责任", "60".into()), ("事故情况", "40".into())]
        );
        assert_eq!(
            labels(&inline(
                "考核得分由基础管理(40分)、现场管理(30分)三部分组成，"
            )),
            vec![("基础管理", "40".into()), ("现场管理", "30".into())]
        );
        assert_eq!(
            labels(&inline(
                "考核采取百分制，分日常检查(50分)和年终检查(50分)两部分"
            )),
            vec![("日常检查", "50".into()), ("年终检查", "50".into())]
        );
        assert_eq!(
            labels(&inline(",包括:安全生产责任制落实(25分)")),
            vec![("安全生产责任制落实", "25".into())]
        );
        assert_eq!(
            labels(&inline(":安全管理得分40分、隐患治理得分30分")),
            vec![("安全管理", "40".into()), ("隐患治理", "30".into())]
        );
    }

    #[test]
    fn parts_in_parallel() {
        let p = parallel("考核实行百分制，设消防、治安和装修三项，分值分别为40分、30分、30分");
        assert_eq!(
            labels(&p.unwrap().unwrap()),
            vec![
                ("消防", "40".into()),
                ("治安", "30".into()),
                ("装修", "30".into())
            ]
        );
        assert!(parallel("设消防、治安两项，分值分别为40分、30分、30分")
            .unwrap()
            .is_err());
    }

    #[test]
    fn list_items_and_table_rows() {
        let clauses = [
            "1.安全管理资料(15分)",
            "(2)库区消防安全    25分",
            "(3)安全教育(30分):知晓率不低于95%",
            "3.安全培训计划完成率≥95%(10分)，每降低1%扣1分",
            "2.科室发生被盗案件一起扣5分",
            "考核得分90分",
        ];
        let mut used = vec![false; clauses.len()];
        let (total, found) = find(&clauses, &mut used, &mut Vec::new());
        assert_eq!(total, None);
        let got: Vec<(&str, String, &str)> = found
            .iter()
            .map(|s| (s.label.as_str(), s.points.to_string(), s.body.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("安全管理资料", "15".into(), ""),
                ("库区消防安全", "25".into(), ""),
                ("安全教育", "30".into(), "知晓率不低于95%"),
                (
                    "安全培训计划完成率",
                    "10".into(),
                    "安全培训计划完成率≥95%，每降低1%扣1分"
                )
            ]
        );
    }
}
