//! Dates as an agreement prints them.

use chrono::Datelike;

/// The Chinese date as printed: 2027年1月15日 (no leading zeros, as written by hand).
pub fn chinese_date(d: chrono::NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_leading_zeros() {
        let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(chinese_date(d), "2027年1月5日");
    }
}
