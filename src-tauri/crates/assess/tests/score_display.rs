//! The display vectors (`score_display.json`) that the window's `ui/src/lib/points.ts`
//! is tested against too (`ui/tests/points.test.ts`): points are written the same way
//! on the result page, on the command line and in the window.

use std::str::FromStr;

use signdesk_assess::display::{mean, points, Sign};
use signdesk_assess::{Decimal, Line};

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/score_display.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn text(v: &serde_json::Value) -> &str {
    v.as_str().unwrap()
}

#[test]
fn points_are_written_as_the_shared_table_says() {
    let cases = vectors()["points"].as_array().unwrap().clone();
    assert!(cases.len() > 10);
    for c in &cases {
        let d = Decimal::from_str(text(&c[0])).unwrap();
        let sign = match text(&c[1]) {
            "minus" => Sign::Minus,
            "both" => Sign::Both,
            other => panic!("sign {other}"),
        };
        assert_eq!(
            (text(&c[0]), points(d, sign).as_str()),
            (text(&c[0]), text(&c[2]))
        );
    }
}

#[test]
fn lines_sign_only_the_adjustment_either_way() {
    for c in vectors()["lines"].as_array().unwrap() {
        let l = Line {
            key: text(&c[0]).into(),
            label: String::new(),
            points: Decimal::from_str(text(&c[1])).unwrap(),
            rule: String::new(),
        };
        assert_eq!(
            (text(&c[0]), l.shown_points().as_str()),
            (text(&c[0]), text(&c[2]))
        );
    }
}

#[test]
fn means_are_points_to_two_places() {
    for c in vectors()["means"].as_array().unwrap() {
        let m = c[0].as_f64().unwrap();
        assert_eq!(mean(m), text(&c[1]), "{m}");
    }
}
