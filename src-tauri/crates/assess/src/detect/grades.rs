//! Grades and their coefficients — what a part scored by grade is worth (the
//! coefficient × the part's points):
//!
//! - 「考核等次按突出、好、较好、一般、差五个等次设置，对应系数分别为1、0.9、0.8、0.7、
//!   0.6」;
//! - 「各项工作按完成情况评定等次：好、较好、一般、差，分别按该项分值的100%、85%、70%、
//!   50%计分」 (percentages: 0.85 …);
//! - 「优秀（系数1.0）、良好（系数0.9）……」 (each with its own).
//!
//! When the names and the coefficients do not pair up, the pairs that do are kept and
//! the rest is a doubt. Score bands without coefficients (「优秀（90分以上）」) are not
//! grades of this kind: they give the reward and pass lines (see `lines`).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::text::{num, re, sentence};
use crate::model::{Grade, Scheme};

/// 「按突出,好、较好、一般五个等次」, 「分为A、B、C三个等级」.
static COUNTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:按|分为|设)\s*([\p{Han}、，,和及\s]{2,40}?)\s*(?:[一二三四五六七八九十两]|\d+)\s*(?:个)?(?:等次|等级|档次|档)",
    )
});
/// 「评定等次：好、较好、一般、差」.
static LISTED: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?:等次|等级|档次)\s*(?:为|分为|分|:)\s*([\p{Han}]{1,4}(?:、[\p{Han}]{1,4})+)")
});
static COEFFICIENTS: LazyLock<Regex> =
    LazyLock::new(|| re(r"系数(?:分别)?(?:为|是|:)?\s*((?:\d+(?:\.\d+)?\s*[、，,/和]?\s*)+)"));
/// 「分别按该项分值的100%、85%、70%、50%计分」.
static PERCENTAGES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:分别|依次)(?:按|乘以|计)[^。；;\n\d]{0,12}?((?:\d+(?:\.\d+)?\s*%\s*[、，,/和]?\s*){2,})",
    )
});
/// 「优秀(系数1.0)」.
static EACH: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(基本合格|不合格|合格|基本称职|不称职|称职|优秀|良好|较好|突出|一般|较差|差|好|先进|不达标|达标)\s*[(:]\s*系数\s*(?:为|:)?\s*(\d+(?:\.\d+)?)",
    )
});

fn values(list: &str, scale: Decimal) -> Vec<Decimal> {
    list.split(['、', '，', ',', '/', '和', ' '])
        .map(|s| s.trim().trim_end_matches(['.', '%']))
        .filter_map(num)
        .map(|v| v / scale)
        .collect()
}

/// Coefficients that pay out a bonus (「绩效奖金按考核等次计发：优秀（系数1.1）……」) are
/// not what a part scored by grade is worth.
fn pays(sentence: &str) -> bool {
    ["奖金", "绩效工资", "工资", "薪酬", "计发", "兑现"]
        .iter()
        .any(|w| sentence.contains(w))
        && !["分值", "得分", "计分"]
            .iter()
            .any(|w| sentence.contains(w))
}

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let each: Vec<Grade> = EACH
        .captures_iter(t)
        .filter(|c| {
            let at = c.get(0).map_or(0, |m| m.start());
            let start = t[..at].rfind(['。', '\n']).map_or(0, |i| i + 1);
            !pays(sentence(t, start))
        })
        .filter_map(|c| {
            Some(Grade {
                label: c[1].to_string(),
                coefficient: num(&c[2])?,
            })
        })
        .collect();
    if each.len() >= 2 {
        scheme.grades = each;
        return;
    }
    let Some((n, at)) = COUNTED
        .captures(t)
        .or_else(|| LISTED.captures(t))
        .and_then(|c| Some((c.get(1)?.as_str().to_string(), c.get(0)?.start())))
    else {
        return;
    };
    // The coefficients are in the sentence that names the grades.
    let s = sentence(t, at);
    if pays(s) {
        return;
    }
    let values = match (COEFFICIENTS.captures(s), PERCENTAGES.captures(s)) {
        (Some(c), _) => values(&c[1], Decimal::ONE),
        (None, Some(c)) => values(&c[1], Decimal::from(100)),
        (None, None) => return,
    };
    let labels: Vec<String> = n
        .split(['、', '，', ',', '和', '及', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if labels.len() != values.len() {
        scheme.doubts.push(format!(
            "等次有 {} 个（{}），系数有 {} 个：请在编辑器中核对",
            labels.len(),
            labels.join("、"),
            values.len()
        ));
    }
    scheme.grades = labels
        .into_iter()
        .zip(values)
        .map(|(label, coefficient)| Grade {
            label,
            coefficient: coefficient.normalize(),
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grades(t: &str) -> Vec<(String, String)> {
        let mut s = Scheme::default();
        find(t, &mut s);
        s.grades
            .into_iter()
            .map(|g| (g.label, g.coefficient.to_string()))
            .collect()
    }

    #[test]
    fn coefficients_as_percentages_or_each_with_its_grade() {
        assert_eq!(
            grades("各项工作按完成情况评定等次:好、较好、一般、差，分别按该项分值的100%、85%、70%、50%计分。"),
            vec![
                ("好".into(), "1".into()),
                ("较好".into(), "0.85".into()),
                ("一般".into(), "0.7".into()),
                ("差".into(), "0.5".into())
            ]
        );
        assert_eq!(
            grades("年终评定:优秀(系数1.0)、良好(系数0.9)、一般(系数0.8)"),
            vec![
                ("优秀".into(), "1.0".into()),
                ("良好".into(), "0.9".into()),
                ("一般".into(), "0.8".into())
            ]
        );
        // Pay coefficients and score bands are not what a part is worth.
        assert!(grades("绩效奖金按考核等次计发:优秀(系数1.1)、良好(系数1.0)。").is_empty());
        assert!(grades("考核结果分为优秀(90分以上)、良好(80–89分)四个等次。").is_empty());
    }
}
