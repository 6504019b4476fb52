//! Deductions for counted events, in the clauses no part or target has taken:
//! from a count on (「红线罚单1张及以上的，至少扣3分」) or for each one (「发生一般事故一起
//! 扣20分」, 「受到通报批评一次扣5分」, 「“三违”行为每人次扣2分」, 「发生火灾事故的，每起扣
//! 20分」). What is counted is named without the verb before it (发生, 受到, 被 …) and
//! without who it happens to (「科室发生被盗案件」 counts 被盗案件).
//!
//! A veto (一票否决) cannot be scored: it becomes a doubt, and so does a clause that
//! speaks of points in a way none of the patterns reads.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{num, re};
use crate::model::{Penalty, Scheme};

const UNIT: &str = r"(?:张|次|起|项|人次|人|例|处|台次|辆次|份|条|宗|件)";

/// 「红线1张及以上的，至少扣3分」, 「发生一般事故一起扣20分」, 「顾客意外伤害事件每发生一起
/// 扣10分」.
static PENALTY: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"([\p{{Han}}A-Za-z“”‘’「」、]{{2,24}}?)\s*[，,]?\s*(?:(\d+)\s*{UNIT}及以上的?|(?:每\s*(?:发生|出现|有|查出|查处|受到)?\s*(?:一|1)?|一|1)\s*{UNIT})\s*[，,]?\s*(?:至少|最少)?\s*扣(?:除|减)?\s*(\d+(?:\.\d+)?)\s*分"
    ))
});

/// The count before what is counted: 「每发生1起轻伤事故扣5分」.
static EACH_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"每\s*(?:发生|出现|有|查出|查处|受到|被)?\s*(?:一|1)\s*{UNIT}\s*([\p{{Han}}A-Za-z“”‘’「」]{{2,24}}?)\s*[，,]?\s*(?:的)?\s*(?:扣|扣除|扣减)\s*(\d+(?:\.\d+)?)\s*分"
    ))
});

static SPEAKS_OF_POINTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"[加扣]\s*\d+(?:\.\d+)?\s*分|加分|扣分"));

/// Verbs (and what stands before them) that are not part of what is counted.
const VERBS: &[&str] = &[
    "发生", "出现", "受到", "发现", "查出", "查处", "遭到", "造成",
];

fn what(raw: &str) -> String {
    let mut s = raw.trim_start_matches('、').trim_end_matches('的');
    // 「违章作业被查处的」 counts 违章作业.
    for w in ["被查处", "被查出", "被发现", "被检查发现"] {
        s = s.strip_suffix(w).unwrap_or(s);
    }
    // 「被区级以上政府通报批评」, not 「消防通道被堵塞」 nor 「发生被盗案件」.
    s = s
        .strip_prefix('被')
        .filter(|r| r.chars().count() >= 2)
        .unwrap_or(s);
    for v in VERBS {
        if let Some((_, after)) = s.rsplit_once(v) {
            if after.chars().count() >= 2 {
                s = after;
            }
        }
    }
    s.to_string()
}

pub(super) fn find(clauses: &[&str], used: &[bool], scheme: &mut Scheme) {
    for (i, clause) in clauses.iter().enumerate() {
        if clause.contains("一票否决") || clause.contains("否决项") {
            let short: String = clause.chars().take(40).collect();
            scheme.doubts.push(format!(
                "文本规定了一票否决：「{short}」。考核方案不会自动判定否决，请在评分时据实处理"
            ));
            continue;
        }
        if used[i] {
            continue;
        }
        let mut any = false;
        for c in EACH_BEFORE.captures_iter(clause) {
            if let Some(points) = num(&c[2]) {
                any = true;
                scheme.penalties.push(Penalty {
                    key: format!("penalty{}", scheme.penalties.len() + 1),
                    label: what(&c[1]),
                    from_count: 1,
                    points,
                    each: true,
                });
            }
        }
        let counted_before = any;
        for c in PENALTY.captures_iter(clause).filter(|_| !counted_before) {
            let label = what(&c[1]);
            let from_count = c.get(2).map_or(Some(1), |m| m.as_str().parse().ok());
            if let (Some(from_count), Some(points)) = (from_count, num(&c[3])) {
                any = true;
                scheme.penalties.push(Penalty {
                    key: format!("penalty{}", scheme.penalties.len() + 1),
                    label,
                    from_count,
                    points,
                    each: c.get(2).is_none(),
                });
            }
        }
        if !any
            && SPEAKS_OF_POINTS.is_match(clause)
            && clause.chars().any(|c| c.is_ascii_digit())
            && (clause.contains("考核")
                || clause.contains("加分")
                || clause.contains("扣分")
                || clause.contains('%'))
        {
            let short: String = clause.chars().take(40).collect();
            scheme.doubts.push(format!("未识别的计分规则：「{short}」"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_counted_without_its_verb() {
        assert_eq!(what("科室发生被盗案件"), "被盗案件");
        assert_eq!(what("发生火灾事故的"), "火灾事故");
        assert_eq!(what("被区级以上政府通报批评的"), "区级以上政府通报批评");
        assert_eq!(what("消防通道被堵塞"), "消防通道被堵塞");
        assert_eq!(what("发现户内三违罚单红线"), "户内三违罚单红线");
        assert_eq!(what("违章指挥、违章作业被查处的"), "违章指挥、违章作业");
    }

    #[test]
    fn from_a_count_on_or_for_each_one() {
        let mut s = Scheme::default();
        find(
            &[
                "扣分项:红线1张及以上的，至少扣3分",
                "发生轻伤事故一起扣10分",
                "“三违”行为每人次扣2分",
                "4.年级组发生安全责任事故的，实行一票否决",
                "每发生1起轻伤事故扣5分",
                "顾客意外伤害事件每发生一起扣10分，扣完为止",
            ],
            &[false; 6],
            &mut s,
        );
        let got: Vec<(&str, u32, String, bool)> = s
            .penalties
            .iter()
            .map(|p| (p.label.as_str(), p.from_count, p.points.to_string(), p.each))
            .collect();
        assert_eq!(
            got,
            vec![
                ("红线", 1, "3".into(), false),
                ("轻伤事故", 1, "10".into(), true),
                ("“三违”行为", 1, "2".into(), true),
                ("轻伤事故", 1, "5".into(), true),
                ("顾客意外伤害事件", 1, "10".into(), true)
            ]
        );
        assert!(s.doubts[0].contains("一票否决"), "{:?}", s.doubts);
    }
}
