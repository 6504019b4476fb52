//! Measured targets: a name, its share of the score, the value to reach and the rule.
//! They come in three shapes:
//!
//! - a clause with a weight (「安检考核基准线，占比30%，每上升或降低一个百分点，加或扣分
//!   2分……」, 「工艺报警处置及时率，占30分，……」, 「出厂水水质综合合格率≥99.5%，占比25%，
//!   ……」), naming one target or several that share it (「a.实际入户安检率、隐患整改率、漏气
//!   隐患整改率各占比5%」);
//! - a listed part whose own clause scores it by percentage points (「“两票”合格率（20分）：
//!   合格率不低于99%，每降低0.5个百分点扣2分」);
//! - a part given its rule in a clause of its own (「……食品安全检查合格率20分……」 and later
//!   「食品安全检查合格率目标值为98%，每提高1个百分点加1分……」).
//!
//! A weighted item with neither a rule nor a value to reach is scored directly: a part
//! (「安全管理基础工作，占比40%，按《评分表》评分」). Each target's value to reach is
//! looked up where the text states it elsewhere when its clause does not
//! (「实际入户安检率≥91%」).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::rules::{rule, stated, Rule};
use super::text::{num, re, strip_enumerator};
use super::Scored;
use crate::model::{Direction, Target};

static WEIGHTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"([^:]*?)[，,\s(]*(各)?\s*(?:占比|权重为?|权重占|所占比例为?|所占权重为?|占)\s*(\d+(?:\.\d+)?)\s*(%|分)\)?",
    )
});

/// 「出厂水水质综合合格率≥99.5%」: the name and the value written after it.
static NAME_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(.*?)\s*(≥|>=|不低于|不少于|达到|达|为|≤|<=|不超过|不高于|控制在|低于)?\s*:?\s*(\d+(?:\.\d+)?)\s*%\s*(以上|以内|以下)?$",
    )
});

type Found = (Decimal, Option<Direction>);

/// The names a weight is given to (each with the value written after it) and the weight.
type Group = (Vec<(String, Option<Found>)>, Decimal);

fn split_value(piece: &str) -> (String, Option<Found>) {
    let Some(c) = NAME_VALUE.captures(piece) else {
        return (piece.to_string(), None);
    };
    let name = c[1].trim().to_string();
    let at_most = c
        .get(2)
        .is_some_and(|m| ["≤", "<=", "不超过", "不高于", "控制在", "低于"].contains(&m.as_str()))
        || c.get(4).is_some_and(|m| m.as_str() != "以上");
    let dir = at_most.then_some(Direction::AtMost);
    match num(&c[3]) {
        Some(v) if name.chars().count() >= 2 => (name, Some((v, dir))),
        _ => (piece.to_string(), None),
    }
}

/// Where the text states `label`'s value to reach: 「实际入户安检率≥91%」,
/// 「一级漏气类隐患整改率为:100%」, 「投诉率不超过2%」. Not where it states its weight, and
/// not inside a longer name: 「二级隐患整改率」, 「一级漏气类隐患整改率」 and 「属用户整改的
/// 隐患整改率」 are not 「隐患整改率」. A name after a plain subject still counts
/// (「管理实体安检考核基准线：≥92%」) when nothing closer was found.
fn baseline(t: &str, label: &str) -> Option<Found> {
    static AFTER: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^[^0-9。；;，,\n]{0,10}?(≥|>=|不低于|不少于|达到|达|为|在|≤|<=|不超过|不高于|低于|控制在)?\s*:?\s*(\d+(?:\.\d+)?)\s*%\s*(以内|以下)?",
        )
    });
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let read = |rest: &str| -> Option<Found> {
        let head: String = rest.chars().take(16).collect();
        if head.contains('占') || head.contains("权重") || head.contains("比例") {
            return None;
        }
        let c = AFTER.captures(rest)?;
        let at_most = c.get(1).is_some_and(|m| {
            ["≤", "<=", "不超过", "不高于", "低于", "控制在"].contains(&m.as_str())
        }) || c.get(3).is_some();
        num(&c[2]).map(|v| (v, at_most.then_some(Direction::AtMost)))
    };
    let mut fallback = None;
    for (i, _) in t.match_indices(label) {
        let rest = &t[i + label.len()..];
        match t[..i].chars().next_back() {
            Some(c) if han(c) => {
                // A qualifier makes it another name (二级…, …类…, …的…).
                if fallback.is_none()
                    && !['级', '类', '的', '属'].contains(&c)
                    && rest.starts_with([':', '≥', '为'])
                {
                    fallback = read(rest);
                }
            }
            _ => {
                if let Some(found) = read(rest) {
                    return Some(found);
                }
            }
        }
    }
    fallback
}

/// The names in 「a.实际入户安检率、隐患整改率、二级隐患整改率及三级隐患整改率」, each with
/// the value written after it, if any: the enumerator and 其中 dropped, split at 、
/// when the weight is each one's (各) or the names are of one kind (all ending alike,
/// 「入户率、整改率」) — 「加氯间、加药间安全检查隐患整改率」 is one name — and at 及/和
/// between two names of one kind, so 「消防器材配备和上岗人员应知应会率」 stays one name.
fn names(text: &str, each: bool) -> Vec<(String, Option<Found>)> {
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || "，,、)".contains(c));
    let text = strip_enumerator(text).trim_start_matches("其中").trim();
    let last = |s: &str| s.chars().next_back();
    let pieces: Vec<(String, Option<Found>)> = text
        .split('、')
        .map(|p| split_value(p.trim()))
        .filter(|(n, _)| !n.is_empty())
        .collect();
    let alike = pieces.windows(2).all(|w| last(&w[0].0) == last(&w[1].0));
    let pieces = if each || alike {
        pieces
    } else {
        vec![split_value(text)]
    };
    let mut out = Vec::new();
    for (piece, value) in pieces {
        let split = ['及', '和'].iter().find_map(|sep| {
            let (a, b) = piece.split_once(*sep)?;
            (a.chars().count() >= 2 && last(a) == last(b))
                .then(|| vec![(a.to_string(), None), (b.to_string(), value)])
        });
        out.extend(split.unwrap_or_else(|| vec![(piece, value)]));
    }
    out.retain(|(l, _)| l.chars().count() >= 2);
    out
}

fn target(label: String, weight: Decimal, found: Option<Found>, r: &Rule) -> Target {
    Target {
        key: String::new(),
        label,
        weight,
        baseline: found.map(|(v, _)| v),
        direction: found
            .and_then(|(_, d)| d)
            .or(r.direction)
            .unwrap_or(Direction::AtLeast),
        per_point: r.per_point.unwrap_or_default(),
        bonus_per_point: r.bonus_per_point,
        bonus_cap: r.bonus_cap,
        deduct_cap: r.deduct_cap,
        floor_zero: r.floor_zero,
    }
}

fn doubt(t: &Target, doubts: &mut Vec<String>) {
    if t.per_point.is_zero() {
        doubts.push(format!(
            "“{}”的扣分规则没有识别出来，请在编辑器中填写",
            t.label
        ));
    }
    if t.baseline.is_none() {
        doubts.push(format!(
            "“{}”的目标值没有找到（可能是相对上一年度的），请在编辑器中填写",
            t.label
        ));
    }
}

/// A part scored by percentage points in `body` becomes a target, named by the part
/// when the part's name already names the measure (「“两票”合格率」 for 「合格率不低于
/// 99%」), otherwise by the measure (「安全教育」 scored by 「学生安全知识知晓率」).
fn measured(t: &str, s: &Scored, body: &str) -> Option<Target> {
    let r = rule(body);
    if !r.is_some() || !body.contains('%') {
        return None;
    }
    let st = stated(body);
    let label = match &st {
        Some(st) if st.name.chars().count() >= 2 && !s.label.ends_with(&st.name) => st.name.clone(),
        _ => s.label.clone(),
    };
    let found = st
        .map(|st| (st.value, st.direction))
        .or_else(|| baseline(t, &label));
    Some(target(label, s.points, found, &r))
}

pub(super) fn find(
    t: &str,
    clauses: &[&str],
    used: &mut [bool],
    scored: &mut Vec<Scored>,
    doubts: &mut Vec<String>,
) {
    // Listed parts with a rule of their own.
    for s in scored.iter_mut().filter(|s| !s.body.is_empty()) {
        let body = s.body.clone();
        s.target = measured(t, s, &body);
    }
    for (i, clause) in clauses.iter().enumerate() {
        if used[i] {
            continue;
        }
        let groups: Vec<Group> = WEIGHTED
            .captures_iter(clause)
            .filter_map(|c| Some((names(&c[1], c.get(2).is_some()), num(&c[3])?)))
            .filter(|(labels, _)| !labels.is_empty())
            .collect();
        if !groups.is_empty() {
            used[i] = true;
            let r = rule(clause);
            // A value stated in the clause itself (「权重30%，目标值99%」) is the one target's
            // when the clause names one.
            let own = (groups.len() == 1 && groups[0].0.len() == 1)
                .then(|| stated(&WEIGHTED.replace_all(clause, "，")))
                .flatten()
                .map(|st| (st.value, st.direction));
            for (labels, weight) in groups {
                for (label, inline) in labels {
                    let found = inline.or(own).or_else(|| baseline(t, &label));
                    let mut s = Scored {
                        clause: i,
                        label: label.clone(),
                        points: weight,
                        body: String::new(),
                        listed: false,
                        target: None,
                    };
                    if r.is_some() || found.is_some() {
                        s.target = Some(target(label, weight, found, &r));
                    }
                    scored.push(s);
                }
            }
            continue;
        }
        // A rule in a clause of its own, for a part named earlier.
        let r = rule(clause);
        if !r.is_some() || !clause.contains('%') {
            continue;
        }
        used[i] = true;
        let item = strip_enumerator(clause);
        let owner = scored.iter_mut().find(|s| {
            s.target.is_none()
                && (item.starts_with(&s.label)
                    || stated(item).is_some_and(|st| st.name.ends_with(&s.label)))
        });
        match owner {
            Some(s) => {
                s.target = measured(t, s, item);
            }
            None => {
                let short: String = item.chars().take(40).collect();
                doubts.push(format!(
                    "「{short}」有按百分点计分的规则，但没有找到它的分值（权重），请在编辑器中添加"
                ));
            }
        }
    }
    for s in scored.iter() {
        if let Some(target) = &s.target {
            doubt(target, doubts);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: Vec<(String, Option<Found>)>) -> Vec<String> {
        v.into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn names_split_at_commas_and_between_rates() {
        assert_eq!(
            labels(names(
                "B.技术手段完成率、二级隐患整改率及三级隐患整改率",
                true
            )),
            vec!["技术手段完成率", "二级隐患整改率", "三级隐患整改率"]
        );
        assert_eq!(
            labels(names("，100米高层报警器安装", false)),
            vec!["100米高层报警器安装"]
        );
        assert_eq!(
            labels(names("其中消防器材配备和上岗人员应知应会率", false)),
            vec!["消防器材配备和上岗人员应知应会率"]
        );
        assert_eq!(
            labels(names("3.加氯间、加药间安全检查隐患整改率100%", false)),
            vec!["加氯间、加药间安全检查隐患整改率"]
        );
    }

    #[test]
    fn a_value_written_after_the_name() {
        let v = names("1.出厂水水质综合合格率≥99.5%", false);
        assert_eq!(v[0].0, "出厂水水质综合合格率");
        assert_eq!(v[0].1, Some(("99.5".parse().unwrap(), None)));
        let v = names("故障停电率控制在0.3%以内", false);
        assert_eq!(v[0].1.and_then(|f| f.1), Some(Direction::AtMost));
    }
}
