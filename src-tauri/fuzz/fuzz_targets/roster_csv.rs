//! Roster import from CSV: any bytes (UTF-8 with or without BOM, UTF-16, GBK, garbage)
//! as a `.csv` file. A preview that comes out must add up.
#![no_main]

use libfuzzer_sys::fuzz_target;
use signdesk_roster::{parse, MAX_ROWS};

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = parse("名单.csv", data) {
        assert!(!p.rows.is_empty() && p.rows.len() <= MAX_ROWS);
        let with_errors = p.rows.iter().filter(|r| !r.errors.is_empty()).count();
        assert_eq!(p.errors_count as usize, with_errors);
        assert!(p.rows.iter().all(|r| r.line > p.header_line));
        assert!(p.rows.windows(2).all(|w| w[0].line < w[1].line));
    }
});
