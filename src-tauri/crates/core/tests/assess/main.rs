//! The year's assessment on a real archive: the scheme of the built-in 2018 agreement
//! (安全责任 60 + 事故情况 40, reward line 90), results entered and imported, a
//! correction that keeps the history, the report, the result page, and `verify`
//! naming a score changed behind the app's back.
//!
//! - `scheme.rs` — the scheme a template carries, also for versions stored before
//!   schemes existed;
//! - `results.rs` — results entered, scored, corrected with a reason, verified;
//! - `import.rs` — results from a CSV or .xlsx, saved whole or not at all;
//! - `acknowledge.rs` — the sealed result page and the person's acknowledgement, in
//!   the app and at the kiosk.

#[path = "../common/mod.rs"]
mod common;

mod acknowledge;
mod import;
mod results;
mod scheme;

use std::collections::BTreeMap;
use std::str::FromStr;

use common::{png, request};
use signdesk_core::assess::AssessInput;
use signdesk_core::assessment::{Decimal, Value};
use signdesk_core::Desk;

/// An exact decimal from its text.
pub fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Signs the built-in agreement for a person; its number.
pub fn sign(desk: &mut Desk, name: &str, no: &str, dept: &str) -> String {
    let mut r = request(name, png(true));
    r.signer.employee_no = Some(no.into());
    r.signer.department = dept.into();
    desk.sign(&r).unwrap().number
}

/// The built-in scheme's two parts as typed in the grid.
pub fn input(number: &str, duty: &str, accidents: &str) -> AssessInput {
    AssessInput {
        number: number.into(),
        values: BTreeMap::from([
            ("part1".to_string(), Value::Points(d(duty))),
            ("part2".to_string(), Value::Points(d(accidents))),
        ]),
        adjustment: None,
        reason: String::new(),
    }
}

/// A PDF's text as poppler's pdftotext lays it out.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.pdf");
    std::fs::write(&p, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&p)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}
