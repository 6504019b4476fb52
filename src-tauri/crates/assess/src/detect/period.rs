//! 「考核期限为2018年1月1日至2018年12月31日」, 「考核期：2027.1.1—2027.12.31」.

use regex::Regex;

use crate::model::Period;

pub(super) fn find(t: &str) -> Option<Period> {
    let date = r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*[月./\-]\s*(\d{1,2})\s*日?";
    let re = Regex::new(&format!(
        r"考核(?:期限|期间|周期|时间|期)[^0-9。；]{{0,6}}{date}\s*(?:至|到|—|–|-|~|起至)+\s*{date}"
    ))
    .expect("a valid pattern");
    let c = re.captures(t)?;
    let ymd = |y: usize| -> Option<String> {
        let (yy, mm, dd): (u32, u32, u32) = (
            c.get(y)?.as_str().parse().ok()?,
            c.get(y + 1)?.as_str().parse().ok()?,
            c.get(y + 2)?.as_str().parse().ok()?,
        );
        ((1..=12).contains(&mm) && (1..=31).contains(&dd))
            .then(|| format!("{yy:04}-{mm:02}-{dd:02}"))
    };
    Some(Period {
        from: ymd(1)?,
        to: ymd(4)?,
    })
}
