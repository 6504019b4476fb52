//! Grades and their coefficients: 「考核等次按突出、好、较好、一般、差五个等次设置，对应系数
//! 分别为1、0.9、0.8、0.7、0.6」. When the names and the coefficients do not pair up, the
//! pairs that do are kept and the rest is a doubt.

use regex::Regex;
use rust_decimal::Decimal;

use crate::model::{Grade, Scheme};

pub(super) fn find(t: &str, scheme: &mut Scheme) {
    let names = Regex::new(
        r"(?:按|分为|设)\s*([\p{Han}、，,和及\s]{2,40}?)\s*(?:[一二三四五六七八九十两]|\d+)\s*(?:个)?(?:等次|等级|档次|档)",
    )
    .expect("a valid pattern");
    let coefficients =
        Regex::new(r"系数(?:分别)?(?:为|是|:)?\s*((?:\d+(?:\.\d+)?\s*[、，,/和]?\s*)+)")
            .expect("a valid pattern");
    let (Some(n), Some(c)) = (names.captures(t), coefficients.captures(t)) else {
        return;
    };
    let labels: Vec<String> = n[1]
        .split(['、', '，', ',', '和', '及', ' '])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let values: Vec<Decimal> = c[1]
        .split(['、', '，', ',', '/', '和', ' '])
        .map(|s| s.trim().trim_end_matches('.'))
        .filter_map(|s| s.parse().ok())
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
        .map(|(label, coefficient)| Grade { label, coefficient })
        .collect();
}
