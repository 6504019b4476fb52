//! What one `sign` costs end to end through the core, as the CLI and the app call it:
//! checks, blanks, render, seal (PAdES), the transaction that stores the PDF and its
//! rows, the audit entry — on a real encrypted archive on disk. N agreements in a row,
//! each its own signer; the first is reported apart (fonts indexed, memos cold).
//!
//!   cargo run --release -p signdesk-core --example bench_sign [N]

use std::collections::BTreeMap;
use std::time::Instant;

use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};
use signdesk_core::Desk;

fn png(seed: u32) -> Vec<u8> {
    let mut img = image::RgbaImage::new(300, 100);
    for x in 20..280u32 {
        let y = 50.0 + 30.0 * ((x + seed) as f32 / 18.0).sin();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(99), image::Rgba([20, 24, 40, 255]));
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    let dir = tempfile::tempdir().unwrap();
    let mut desk = Desk::create(dir.path(), "宁德新奥燃气有限公司", "测试口令 bench 2027").unwrap();
    let director = png(7);
    let names = [
        "张三",
        "李四",
        "王𠀀䶮",
        "欧阳娜娜",
        "赵堃",
        "陈晓明",
        "林一",
        "黄小燕",
    ];
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("{}{}", names[i % names.len()], i / names.len());
        let req = SignRequest {
            template_id: "kefu-anquan-mubiao-2018".into(),
            version: None,
            signer: SignerInput {
                name,
                employee_no: Some(format!("E{i:04}")),
                department: "客服部".into(),
                position: "坐席".into(),
            },
            year: Some(2027),
            values: BTreeMap::new(),
            signatures: vec![
                SignatureInput {
                    role_key: "employee".into(),
                    signer_name: None,
                    png: png(i as u32),
                    strokes_json: "[]".into(),
                },
                SignatureInput {
                    role_key: "director".into(),
                    signer_name: Some("周总监".into()),
                    png: director.clone(),
                    strokes_json: "[]".into(),
                },
            ],
            device: "基准测试".into(),
        };
        let t = Instant::now();
        desk.sign(&req).unwrap();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let first = times[0];
    let mut rest = times[1..].to_vec();
    rest.sort_by(f64::total_cmp);
    let mean = rest.iter().sum::<f64>() / rest.len().max(1) as f64;
    let median = rest.get(rest.len() / 2).copied().unwrap_or(0.0);
    println!("first sign: {first:.1} ms");
    println!(
        "next {}: mean {mean:.1} ms, median {median:.1} ms, min {:.1} ms, max {:.1} ms",
        rest.len(),
        rest.first().unwrap_or(&0.0),
        rest.last().unwrap_or(&0.0)
    );
}
