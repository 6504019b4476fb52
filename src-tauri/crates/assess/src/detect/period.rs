//! The assessment period, in the sentence that names it (考核期限, 考核期, 考核周期,
//! 考核时间 …): 「考核期限为2018年1月1日至2018年12月31日」, 「考核期：2027.1.1—2027.12.31」,
//! 「考核期限：2026年1月1日至12月31日」 (the year carried over), 「考核时间：2026年1月—12月」
//! (whole months), 「考核期：2026年度」 / 「2026年全年」 (the calendar year), and the dates
//! in brackets of 「2026—2027学年（2026年9月1日至2027年7月31日）」. A validity period
//! (「有效期自……」) is not an assessment period. A sentence that names a period it does
//! not spell out as dates is a doubt.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use super::text::{re, sentence};
use crate::model::{Period, Scheme};

static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    re(r"考核(?:期限|期间|周期|时间|时段|年度|期)|(?:考核|评分|评定)(?:起止|的)?(?:日期|时间)")
});

/// 「至」, 「—」, 「起至」, 「起，至」.
const TO: &str = r"\s*(?:起\s*[，,]?\s*)?(?:至|到|—|–|-|~)+\s*";

/// 2026年1月1日, 2026.1.1, 2026-01-01, 2026/1/1.
const DATE: &str = r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?";

static DAYS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"{DATE}(?:起)?{TO}(?:(\d{{4}})\s*[年./\-]\s*)?(\d{{1,2}})\s*[月./\-]\s*(\d{{1,2}})\s*日?"
    ))
});
static MONTHS: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月(?:份)?(?:起)?{TO}(?:(\d{{4}})\s*年\s*)?(\d{{1,2}})\s*月"
    ))
});
/// 「2026年度」, 「2026年全年」, a bare 「2026年」 (not 「2026年1……」).
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(\d{4})\s*年\s*(?:度|全年|1\s*-\s*12\s*月|一整年)?(?:$|[^\d\s])"));

fn days_in(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn ymd(y: u32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=days_in(y, m)).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

fn int(c: &Captures, i: usize) -> Option<u32> {
    c.get(i)?.as_str().parse().ok()
}

fn period(from: Option<String>, to: Option<String>) -> Option<Period> {
    let (from, to) = (from?, to?);
    (from <= to).then_some(Period { from, to })
}

/// The period a sentence spells out, most exact form first.
fn read(s: &str) -> Option<Period> {
    if let Some(c) = DAYS.captures(s) {
        let y1 = int(&c, 1)?;
        let y2 = int(&c, 4).unwrap_or(y1);
        return period(
            ymd(y1, int(&c, 2)?, int(&c, 3)?),
            ymd(y2, int(&c, 5)?, int(&c, 6)?),
        );
    }
    if let Some(c) = MONTHS.captures(s) {
        let y1 = int(&c, 1)?;
        let y2 = int(&c, 3).unwrap_or(y1);
        let m2 = int(&c, 4)?;
        return period(
            ymd(y1, int(&c, 2)?, 1),
            (1..=12)
                .contains(&m2)
                .then(|| ymd(y2, m2, days_in(y2, m2)))
                .flatten(),
        );
    }
    let y = YEAR.captures(s).and_then(|c| int(&c, 1))?;
    period(ymd(y, 1, 1), ymd(y, 12, 31))
}

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let mut unread = None;
    for m in ANCHOR.find_iter(t) {
        let s = sentence(t, m.start());
        if let Some(p) = read(s) {
            scheme.period = Some(p);
            return;
        }
        if unread.is_none() && s.chars().any(|c| c.is_ascii_digit()) {
            unread = Some(s.chars().take(40).collect::<String>());
        }
    }
    if let Some(s) = unread {
        scheme
            .doubts
            .push(format!("考核期没有读出起止日期：「{s}」，请在编辑器中填写"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Option<(String, String)> {
        read(s).map(|p| (p.from, p.to))
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.into(), b.into()))
    }

    #[test]
    fn the_forms_of_a_period() {
        assert_eq!(
            p("考核期限为2018年1月1日至2018年12月31日"),
            pair("2018-01-01", "2018-12-31")
        );
        assert_eq!(
            p("考核期:2027.1.1—2027.12.31"),
            pair("2027-01-01", "2027-12-31")
        );
        assert_eq!(
            p("考核期限:2026年1月1日至12月31日"),
            pair("2026-01-01", "2026-12-31")
        );
        assert_eq!(
            p("考核时间:2026年2月—2027年1月"),
            pair("2026-02-01", "2027-01-31")
        );
        assert_eq!(p("考核期:2028年度"), pair("2028-01-01", "2028-12-31"));
        assert_eq!(
            p("考核期限自2027年1月1日起，至2027年12月31日止"),
            pair("2027-01-01", "2027-12-31")
        );
        assert_eq!(p("考核年度:2027年"), pair("2027-01-01", "2027-12-31"));
        assert_eq!(p("考核时间为2027年全年"), pair("2027-01-01", "2027-12-31"));
        assert_eq!(
            p("考核期:2026—2027学年(2026年9月1日至2027年7月31日)"),
            pair("2026-09-01", "2027-07-31")
        );
        // Backwards or impossible dates are not a period.
        assert_eq!(p("考核期限为2018年12月31日至2018年1月1日"), None);
        assert_eq!(p("考核期限为2018年2月30日至2018年3月1日"), None);
    }

    #[test]
    fn a_period_named_but_not_spelled_out_is_a_doubt() {
        let mut s = Scheme::default();
        find("考核期:2026—2027学年。", &mut s);
        assert!(s.period.is_none());
        assert!(s.doubts[0].contains("2026—2027学年"), "{:?}", s.doubts);
        let mut s = Scheme::default();
        find("本责任书有效期自2026年1月1日至2026年12月31日。", &mut s);
        assert!(s.period.is_none() && s.doubts.is_empty());
    }
}
