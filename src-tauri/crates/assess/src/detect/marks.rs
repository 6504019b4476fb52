//! Full marks and the parts that make them (「年度考核采用百分制，其中安全责任占60分，事故
//! 情况占40分」, 「满分100分：安全责任60分、事故情况40分」), the reward line (「考核分在90分
//! 以上的……给予奖励」) and the pass line (「低于60分为不合格」).

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Part, Scheme};

fn num(s: &str) -> Option<Decimal> {
    s.parse().ok()
}

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let full = Regex::new(r"百分制|满分(?:为)?\s*(\d+)\s*分").expect("a valid pattern");
    let Some(f) = full.captures(t) else {
        lines(t, scheme);
        return;
    };
    scheme.total = f
        .get(1)
        .and_then(|m| num(m.as_str()))
        .or(Some(Decimal::from(100)));
    // The parts are named in the sentence that states the full marks.
    let start = f.get(0).map_or(0, |m| m.start());
    let sentence: String = t[start..]
        .split(['。', '；', ';'])
        .next()
        .unwrap_or_default()
        .to_string();
    let part = Regex::new(
        r"(?:其中|[，,、:])\s*([\p{Han}A-Za-z]{2,12}?)\s*(?:占|计|为|得分)?\s*(\d+(?:\.\d+)?)\s*分",
    )
    .expect("a valid pattern");
    for c in part.captures_iter(&sentence) {
        let label = c[1].trim_start_matches("其中").to_string();
        if label.is_empty() || label.contains("百分") || label.contains("满分") {
            continue;
        }
        if let Some(points) = num(&c[2]) {
            let key = format!("part{}", scheme.parts.len() + 1);
            scheme.parts.push(Part { key, label, points });
        }
    }
    if let Some(total) = scheme.total {
        let sum: Decimal = scheme.parts.iter().map(|p| p.points).sum();
        if !scheme.parts.is_empty() && sum != total {
            scheme.doubts.push(format!(
                "各部分合计 {sum} 分，与满分 {total} 分不一致，请核对"
            ));
        }
    }
    lines(t, scheme);
}

/// The reward and pass lines.
fn lines(t: &str, scheme: &mut Scheme) {
    let reward = Regex::new(
        r"(\d+(?:\.\d+)?)\s*分(?:以上|及以上|\(含\)以上|（含）以上)[^。；]{0,40}?(?:奖励|表彰|奖金)",
    )
    .expect("a valid pattern");
    scheme.reward_line = reward.captures(t).and_then(|c| num(&c[1]));
    let pass = Regex::new(
        r"(?:低于|不足|不满)\s*(\d+(?:\.\d+)?)\s*分[^。；]{0,12}?(?:不合格|不及格)|(\d+(?:\.\d+)?)\s*分(?:以下|以下的)[^。；]{0,12}?(?:不合格|不及格)|(\d+(?:\.\d+)?)\s*分(?:及以上|以上)?为合格",
    )
    .expect("a valid pattern");
    if let Some(c) = pass.captures(t) {
        if let Some(p) = (1..=3).find_map(|i| c.get(i)).and_then(|m| num(m.as_str())) {
            scheme.pass_line = p;
        }
    }
}
