//! Targets and penalties: 「安检考核基准线，占比30%，每上升或降低一个百分点，加或扣分2分，加分
//! 最高不超过5分，扣分扣完为止」, 「实际入户安检率、隐患整改率各占比5%，……未达成，每低于一个
//! 百分点扣1分，扣完为止」, 「红线罚单1张及以上的，至少扣3分」.
//!
//! The text is cut into clauses (at 。；; and at enumerators such as `2.` `a.` `B、`);
//! a clause with a weight (占比/权重 N%) names one or more targets and the rule they
//! share. Each target's baseline is looked up where the text states it elsewhere
//! (「实际入户安检率≥91%」). A clause that speaks of points but yields no rule is a doubt.

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Direction, Penalty, Scheme, Target};

fn num(s: &str) -> Option<Decimal> {
    s.parse().ok()
}

/// The text cut at sentence ends and enumerators.
fn clauses(t: &str) -> Vec<&str> {
    let enumerator = Regex::new(r"(?:^|[^0-9.])((?:\d{1,2}|[A-Za-z])[.、])\s*[\p{Han}]")
        .expect("a valid pattern");
    let mut cuts: Vec<usize> = enumerator
        .captures_iter(t)
        .filter_map(|c| c.get(1).map(|m| m.start()))
        .collect();
    cuts.extend(t.match_indices(['。', '；', ';']).map(|(i, s)| i + s.len()));
    cuts.push(0);
    cuts.push(t.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| t[w[0]..w[1]].trim_matches(|c: char| c.is_whitespace() || "。；;".contains(c)))
        .filter(|c| !c.is_empty())
        .collect()
}

struct Rule {
    per_point: Option<Decimal>,
    bonus_per_point: Option<Decimal>,
    bonus_cap: Option<Decimal>,
    floor_zero: bool,
    direction: Direction,
}

fn rule(clause: &str) -> Rule {
    let per = Regex::new(
        r"每\s*(上升或降低|降低或上升|提高或降低|增减|低于|下降|降低|少|减少|未达|超出|超过|高于|上升|增加)?\s*(?:一个|1个|1)\s*百分点[，,]?\s*(加或扣分?|扣或加分?|扣分?|减)\s*(\d+(?:\.\d+)?)\s*分",
    )
    .expect("a valid pattern");
    let cap = Regex::new(
        r"加分\s*(?:最高|最多)?\s*(?:不超过|不得超过|不超|上限为?)\s*(\d+(?:\.\d+)?)\s*分",
    )
    .expect("a valid pattern");
    let mut r = Rule {
        per_point: None,
        bonus_per_point: None,
        bonus_cap: cap.captures(clause).and_then(|c| num(&c[1])),
        floor_zero: [
            "扣完为止",
            "扣至0分",
            "扣至零分",
            "最低0分",
            "最低为0分",
            "扣完即止",
        ]
        .iter()
        .any(|w| clause.contains(w)),
        direction: Direction::AtLeast,
    };
    if let Some(c) = per.captures(clause) {
        let points = num(&c[3]);
        let both = c[2].contains('加')
            || c.get(1)
                .is_some_and(|m| m.as_str().contains('或') || m.as_str() == "增减");
        r.per_point = points;
        if both {
            r.bonus_per_point = points;
        }
        if c.get(1)
            .is_some_and(|m| ["超出", "超过", "高于"].contains(&m.as_str()))
            && !both
        {
            r.direction = Direction::AtMost;
        }
    }
    r
}

/// Where the text states `label`'s value to reach: 「实际入户安检率≥91%」,
/// 「一级漏气类隐患整改率为:100%」, 「投诉率不超过2%」. Not where it states its weight, and
/// not inside a longer name: 「二级隐患整改率」, 「一级漏气类隐患整改率」 and 「属用户整改的
/// 隐患整改率」 are not 「隐患整改率」. A name after a plain subject still counts
/// (「管理实体安检考核基准线：≥92%」) when nothing closer was found.
fn baseline(t: &str, label: &str) -> Option<(Decimal, Option<Direction>)> {
    let after = Regex::new(
        r"^[^0-9。；;，,]{0,10}?(≥|>=|不低于|不少于|达到|达|为|在|≤|<=|不超过|不高于|低于|控制在)?\s*:?\s*(\d+(?:\.\d+)?)\s*%",
    )
    .expect("a valid pattern");
    let han = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c);
    let read = |rest: &str| -> Option<(Decimal, Option<Direction>)> {
        let head: String = rest.chars().take(16).collect();
        if head.contains('占') || head.contains("权重") || head.contains("比例") {
            return None;
        }
        let c = after.captures(rest)?;
        let dir = c.get(1).map(|m| m.as_str()).and_then(|w| {
            ["≤", "<=", "不超过", "不高于", "低于", "控制在"]
                .contains(&w)
                .then_some(Direction::AtMost)
        });
        num(&c[2]).map(|v| (v, dir))
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

/// The names in 「a.实际入户安检率、隐患整改率、二级隐患整改率及三级隐患整改率」: the
/// enumerator and 其中 dropped, split at 、 and at 及/和 between two names of the same
/// kind (both ending in 率), so 「消防器材配备和上岗人员应知应会率」 stays one name.
fn names(text: &str) -> Vec<String> {
    let lead = Regex::new(r"^[\s，,、]*(?:(?:\d{1,2}|[A-Za-z])[.、]\s*)?(?:其中)?")
        .expect("a valid pattern");
    let text = lead.replace(text, "");
    let mut out = Vec::new();
    for piece in text.split('、').map(str::trim) {
        let split = ['及', '和'].iter().find_map(|sep| {
            let (a, b) = piece.split_once(*sep)?;
            let last = |s: &str| s.chars().next_back();
            (a.chars().count() >= 2 && last(a) == last(b))
                .then(|| vec![a.to_string(), b.to_string()])
        });
        out.extend(split.unwrap_or_else(|| vec![piece.to_string()]));
    }
    out.retain(|l| l.chars().count() >= 2);
    out
}

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let weighted =
        Regex::new(r"([^:：]*?)[，,\s]*(各)?\s*(?:占比|权重为?|所占比例为?)\s*(\d+(?:\.\d+)?)\s*%")
            .expect("a valid pattern");
    let penalty = Regex::new(
        r"([\p{Han}A-Za-z]{2,10}?)\s*(\d+)\s*(?:张|次|起|项|人次)及以上的?[，,]?\s*(?:至少|最少)?\s*扣\s*(\d+(?:\.\d+)?)\s*分",
    )
    .expect("a valid pattern");
    let speaks_of_points =
        Regex::new(r"[加扣]\s*\d+(?:\.\d+)?\s*分|加分|扣分").expect("a valid pattern");
    for clause in clauses(t) {
        let groups: Vec<(Vec<String>, Decimal)> = weighted
            .captures_iter(clause)
            .filter_map(|c| {
                let labels = names(&c[1]);
                Some((labels, num(&c[3])?))
            })
            .filter(|(labels, _)| !labels.is_empty())
            .collect();
        if !groups.is_empty() {
            let r = rule(clause);
            for (labels, weight) in groups {
                for label in labels {
                    let found = baseline(t, &label);
                    if r.per_point.is_none() {
                        scheme
                            .doubts
                            .push(format!("“{label}”的扣分规则没有识别出来，请在编辑器中填写"));
                    }
                    if found.is_none() {
                        scheme.doubts.push(format!(
                            "“{label}”的目标值没有找到（可能是相对上一年度的），请在编辑器中填写"
                        ));
                    }
                    let key = format!("target{}", scheme.targets.len() + 1);
                    scheme.targets.push(Target {
                        key,
                        weight,
                        baseline: found.map(|(v, _)| v),
                        direction: found.and_then(|(_, d)| d).unwrap_or(r.direction),
                        per_point: r.per_point.unwrap_or_default(),
                        bonus_per_point: r.bonus_per_point,
                        bonus_cap: r.bonus_cap,
                        floor_zero: r.floor_zero,
                        label,
                    });
                }
            }
            continue;
        }
        let mut any = false;
        for c in penalty.captures_iter(clause) {
            let label = c[1]
                .trim_start_matches(|ch: char| ch.is_ascii_alphanumeric() || ".、 ".contains(ch))
                .trim_start_matches("发现")
                .trim_start_matches("出现")
                .to_string();
            if let (Ok(from_count), Some(points)) = (c[2].parse(), num(&c[3])) {
                any = true;
                let key = format!("penalty{}", scheme.penalties.len() + 1);
                scheme.penalties.push(Penalty {
                    key,
                    label,
                    from_count,
                    points,
                });
            }
        }
        if !any
            && speaks_of_points.is_match(clause)
            && !clause.contains("百分制")
            && !clause.contains("满分")
            && (clause.contains("考核")
                || clause.contains("加分")
                || clause.contains("扣分")
                || clause.contains('%'))
        {
            let short: String = clause.chars().take(40).collect();
            scheme.doubts.push(format!("未识别的计分规则：「{short}」"));
        }
    }
    if !scheme.targets.is_empty() {
        let sum: Decimal = scheme.targets.iter().map(|t| t.weight).sum();
        if sum != Decimal::from(100) {
            scheme
                .doubts
                .push(format!("各指标占比合计 {sum}%，不是 100%，请核对"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_commas_and_between_rates() {
        assert_eq!(
            names("B.技术手段完成率、二级隐患整改率及三级隐患整改率"),
            vec!["技术手段完成率", "二级隐患整改率", "三级隐患整改率"]
        );
        assert_eq!(names("，100米高层报警器安装"), vec!["100米高层报警器安装"]);
        assert_eq!(
            names("其中消防器材配备和上岗人员应知应会率"),
            vec!["消防器材配备和上岗人员应知应会率"]
        );
    }

    #[test]
    fn clauses_are_cut_at_enumerators_but_not_at_decimals() {
        let c = clauses(
            "1.安检率，占比30%；a.入户率、整改率各占比5%，系数0.9加2分2.立管专项治理，占比10%。",
        );
        assert_eq!(
            c,
            vec![
                "1.安检率，占比30%",
                "a.入户率、整改率各占比5%，系数0.9加2分",
                "2.立管专项治理，占比10%"
            ]
        );
    }
}
