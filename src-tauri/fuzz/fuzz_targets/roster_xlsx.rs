//! Roster import from .xlsx: inputs starting with `PK` are the whole file (zip bombs,
//! `../` entries, broken archives); any other input is a worksheet put into a real
//! .xlsx written by LibreOffice — `xl/worksheets/sheet1.xml`, then after a NUL byte
//! `xl/sharedStrings.xml` — so calamine's sheet reading is reached past the CRC checks.
#![no_main]

mod common;

use std::sync::{Once, OnceLock};

use libfuzzer_sys::fuzz_target;
use signdesk_roster::{parse, MAX_ROWS};

static BASE: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
static HOOK: Once = Once::new();

/// libFuzzer's panic hook aborts on every panic, caught or not. calamine 0.38's
/// unchecked arithmetic on cell positions panics under overflow checks, and
/// `signdesk-roster` catches exactly that as a typed error (see its `xlsx.rs` and the
/// test `xlsx_with_impossible_cell_positions_is_a_typed_error`): let those unwind to
/// it. Any other panic, anywhere, still aborts and is reported.
fn let_calamine_overflows_unwind() {
    HOOK.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_calamine = info
                .location()
                .is_some_and(|l| l.file().contains("/calamine-"));
            let overflow = info
                .payload_as_str()
                .is_some_and(|m| m.contains("with overflow"));
            if !(in_calamine && overflow) {
                abort(info);
            }
        }));
    });
}

fuzz_target!(|data: &[u8]| {
    let_calamine_overflows_unwind();
    if data.starts_with(b"PK") {
        let _ = parse("名单.xlsx", data);
        return;
    }
    let base = BASE.get_or_init(|| {
        common::entries(include_bytes!(
            "../../crates/roster/tests/fixtures/roster_title.xlsx"
        ))
    });
    let (sheet, strings) = common::split_nul(data);
    let mut replace = vec![("xl/worksheets/sheet1.xml", Some(sheet))];
    if let Some(s) = strings {
        replace.push(("xl/sharedStrings.xml", Some(s)));
    }
    let xlsx = common::rezip(base, &replace);
    if let Ok(p) = parse("名单.xlsx", &xlsx) {
        assert!(!p.rows.is_empty() && p.rows.len() <= MAX_ROWS);
        let with_errors = p.rows.iter().filter(|r| !r.errors.is_empty()).count();
        assert_eq!(p.errors_count as usize, with_errors);
    }
});
