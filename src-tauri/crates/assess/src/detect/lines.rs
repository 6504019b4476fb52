//! The reward line and the pass line, stated outright (「考核分在90分以上的……给予奖励」,
//! 「低于60分为不合格」, 「得分不足60分的为不合格」) or through the bands of a grade table
//! (「考核结果分为优秀（90分以上）、良好（80–89分）、合格（60–79分）、不合格（60分以下）」,
//! 「得分90分以上为优秀，80分至89分为良好……60分以下为不合格」). The top band's line is the
//! reward line when the text rewards that band (「评为优秀的……给予奖励」); when it does
//! not say, the line is still taken, with a doubt.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::text::{num, re};
use crate::model::Scheme;

const REWARD: &str = r"奖励|表彰|表扬|奖金|嘉奖|先进|安全奖|奖";

static REWARD_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:(\d+(?:\.\d+)?)\s*分\s*(?:\(含\)\s*)?(?:及以上|以上)\s*(?:\(含(?:\d+(?:\.\d+)?分)?\))?|(?:达到|不低于|≥|>=)\s*(\d+(?:\.\d+)?)\s*分)[^。；;\n]{{0,40}}?(?:{REWARD})"
    ))
});

static PASS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?:低于|不足|不满|未达到|未达|小于|<)\s*(\d+(?:\.\d+)?)\s*分[^。；;\n]{0,12}?(?:不合格|不及格|不达标|不称职)|(\d+(?:\.\d+)?)\s*分\s*(?:\(不含\))?以下(?:的)?[^。；;\n]{0,12}?(?:不合格|不及格|不达标|不称职)",
    )
});

const GRADE: &str = r"[“「]?(基本合格|不合格|合格|不及格|及格|优秀|良好|较好|基本称职|不称职|称职|一般|较差|差|好|先进|不达标|达标|[A-Ea-e一二三四五甲乙丙丁]\s*[级等档])";

/// 「优秀(90分以上)」, 「良好(80–89分)」, 「不合格(60分以下)」.
static BAND_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{GRADE}\s*[(:]\s*(?:得分)?\s*(\d+(?:\.\d+)?)\s*分?\s*(?:(\(含\)\s*以上|及以上|以上)|[-–—~至到]\s*(\d+(?:\.\d+)?)\s*分?|(以下|\(不含\)以下))"
    ))
});

/// 「90分以上为优秀」, 「80分至89分为良好」, 「60分以下为不合格」, 「85分及以上的为优秀」.
static BAND_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(\d+(?:\.\d+)?)\s*分\s*(?:(\(含\)\s*以上|及以上|以上)|[-–—~至到]\s*(\d+(?:\.\d+)?)\s*分|(以下|\(不含\)以下))?\s*(?:的)?\s*(?:为|评为|定为|确定为|属于)\s*{GRADE}"
    ))
});

#[derive(Debug)]
struct Band {
    grade: String,
    /// From this score (「90分以上」, 「80–89分」).
    from: Option<Decimal>,
    /// Below this score (「60分以下」).
    below: Option<Decimal>,
}

fn bands(t: &str) -> Vec<Band> {
    let mut out = Vec::new();
    for c in BAND_AFTER.captures_iter(t) {
        let v = num(&c[2]);
        let below = c.get(5).is_some();
        out.push(Band {
            grade: c[1].to_string(),
            from: (!below).then_some(v).flatten(),
            below: below.then_some(v).flatten(),
        });
    }
    for c in BAND_BEFORE.captures_iter(t) {
        let v = num(&c[1]);
        let below = c.get(4).is_some();
        out.push(Band {
            grade: c[5].to_string(),
            from: (!below).then_some(v).flatten(),
            below: below.then_some(v).flatten(),
        });
    }
    out
}

fn failing(grade: &str) -> bool {
    ["不合格", "不及格", "不达标", "不称职", "较差", "差"].contains(&grade)
}

fn passing(grade: &str) -> bool {
    ["合格", "及格", "达标", "称职"].contains(&grade)
}

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let bands = bands(t);
    scheme.reward_line = REWARD_LINE
        .captures(t)
        .and_then(|c| c.get(1).or(c.get(2)))
        .and_then(|m| num(m.as_str()));
    if scheme.reward_line.is_none() {
        // The top band, when it is a band of merit (not merely 合格).
        let top = bands
            .iter()
            .filter(|b| b.below.is_none() && !failing(&b.grade) && !passing(&b.grade))
            .filter_map(|b| b.from.map(|f| (f, b)))
            .max_by_key(|(f, _)| *f);
        if let Some((line, band)) = top {
            scheme.reward_line = Some(line);
            let tied = re(&format!(
                r"{}[”」]?(?:的|者)?[^。；;\n]{{0,30}}?(?:{REWARD})",
                regex::escape(&band.grade)
            ));
            if !tied.is_match(t) {
                scheme.doubts.push(format!(
                    "文本只写了“{}”为 {} 分及以上，没有写明奖励；已按奖励线 {} 分记录，请核对",
                    band.grade, line, line
                ));
            }
        }
    }
    let stated = PASS_LINE
        .captures(t)
        .and_then(|c| c.get(1).or(c.get(2)).and_then(|m| num(m.as_str())));
    let from_bands = || {
        // The failing band: named so (不合格), or the band below a score (「60分以下为D级」).
        bands
            .iter()
            .find(|b| failing(&b.grade) && b.below.is_some())
            .or_else(|| bands.iter().find(|b| b.below.is_some()))
            .and_then(|b| b.below)
            .or_else(|| {
                bands
                    .iter()
                    .filter(|b| passing(&b.grade))
                    .find_map(|b| b.from)
            })
    };
    if let Some(p) = stated.or_else(from_bands) {
        scheme.pass_line = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(t: &str) -> (Option<String>, String, usize) {
        let mut s = Scheme {
            pass_line: Decimal::from(60),
            ..Scheme::default()
        };
        find(t, &mut s);
        (
            s.reward_line.map(|d| d.to_string()),
            s.pass_line.to_string(),
            s.doubts.len(),
        )
    }

    #[test]
    fn lines_stated_outright() {
        assert_eq!(
            lines("考核分在90分以上的部分优秀员工给予奖励。低于70分的为不合格。"),
            (Some("90".into()), "70".into(), 0)
        );
        assert_eq!(
            lines("年度得分80分以上(含80分)的班组，评为安全班组并给予班组长奖励"),
            (Some("80".into()), "60".into(), 0)
        );
    }

    #[test]
    fn lines_from_a_grade_table() {
        assert_eq!(
            lines("考核结果分为优秀(90分以上)、良好(80–89分)、合格(60–79分)、不合格(60分以下)。评为优秀的项目部给予表扬。"),
            (Some("90".into()), "60".into(), 0)
        );
        assert_eq!(
            lines("得分90分以上为优秀，80分至89分为良好，65分至79分为合格。"),
            (Some("90".into()), "65".into(), 1)
        );
        assert_eq!(
            lines("得分90分及以上为A级，80—89分为B级，70—79分为C级，70分以下为D级。A级的门店给予奖励。"),
            (Some("90".into()), "70".into(), 0)
        );
        assert_eq!(
            lines("年度考核分数达到95分的，予以奖励。考核分<70分的为不合格。"),
            (Some("95".into()), "70".into(), 0)
        );
    }
}
