//! The year of an agreement (年度): one type, one range, one message.

use std::fmt;

/// A year an agreement can be for: 2000–2100. Safety agreements are signed for the
/// current or next year; the range refuses typing slips (`20277`, `207`) while
/// leaving room for archives imported from the past and plans made ahead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Year(u16);

impl Year {
    pub const FIRST: i32 = 2000;
    pub const LAST: i32 = 2100;

    /// `y` as a year, or why not.
    pub fn new(y: i32) -> Result<Year, YearOutOfRange> {
        if (Year::FIRST..=Year::LAST).contains(&y) {
            Ok(Year(y as u16))
        } else {
            Err(YearOutOfRange(y))
        }
    }

    pub fn get(self) -> i32 {
        i32::from(self.0)
    }
}

/// A year outside [`Year::FIRST`]..=[`Year::LAST`]; displays the Chinese message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearOutOfRange(pub i32);

impl fmt::Display for YearOutOfRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "年度 {} 不合理（应在 {} 至 {} 之间）",
            self.0,
            Year::FIRST,
            Year::LAST
        )
    }
}

impl std::error::Error for YearOutOfRange {}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_range_is_2000_to_2100() {
        assert_eq!(Year::new(2000).unwrap().get(), 2000);
        assert_eq!(Year::new(2100).unwrap().get(), 2100);
        assert_eq!(Year::new(2027).unwrap().to_string(), "2027");
        for bad in [1999, 2101, 0, -1, 20277] {
            let msg = Year::new(bad).unwrap_err().to_string();
            assert!(
                msg.contains(&bad.to_string()) && msg.contains("不合理"),
                "{msg}"
            );
        }
    }
}
