//! The score-cell vectors (`score_cells.json`) that the grid's `parseCell` is tested
//! against too: Rust reads a cell exactly as the grid does.

use signdesk_assess::Decimal;
use signdesk_assess::{read_cell, Grade, Item, ItemKind, Scheme, Value};

fn scheme() -> Scheme {
    Scheme {
        grades: ["优秀", "合格"]
            .iter()
            .map(|l| Grade {
                label: l.to_string(),
                coefficient: Decimal::ONE,
            })
            .collect(),
        ..Scheme::default()
    }
}

fn expected(v: &serde_json::Value) -> Option<Option<Value>> {
    let num = |x: &serde_json::Value| -> Decimal {
        x.to_string().parse::<Decimal>().unwrap().normalize()
    };
    match v {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) if s == "empty" => Some(None),
        serde_json::Value::Object(o) => Some(Some(if let Some(p) = o.get("points") {
            Value::Points(num(p))
        } else if let Some(p) = o.get("percent") {
            Value::Percent(num(p))
        } else if let Some(g) = o.get("grade") {
            Value::Grade(g.as_str().unwrap().to_string())
        } else {
            Value::Count(o["count"].as_u64().unwrap() as u32)
        })),
        other => panic!("bad vector {other}"),
    }
}

#[test]
fn rust_reads_every_cell_as_the_shared_vectors_say() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/score_cells.json"),
    )
    .unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    let scheme = scheme();
    let mut checked = 0;
    for (kind, name) in [
        (ItemKind::Part, "part"),
        (ItemKind::Target, "target"),
        (ItemKind::Penalty, "penalty"),
    ] {
        let item = Item {
            key: "k".into(),
            label: "项目".into(),
            kind,
            max: None,
        };
        for case in vectors[name].as_array().unwrap() {
            let cell = case[0].as_str().unwrap();
            let got = read_cell(&scheme, &item, cell).ok().map(|v| {
                v.map(|v| match v {
                    Value::Points(d) => Value::Points(d.normalize()),
                    Value::Percent(d) => Value::Percent(d.normalize()),
                    other => other,
                })
            });
            assert_eq!(got, expected(&case[1]), "{name} {cell:?}");
            checked += 1;
        }
    }
    assert!(checked > 30);
}
