//! Shared by the core tests: signature images and a signing request for the built-in
//! template with two hand-signed roles (employee, director).
#![allow(dead_code)]

use std::collections::BTreeMap;

use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};

pub const TEMPLATE: &str = "kefu-anquan-mubiao-2018";
/// The organiser passphrase of every test archive.
pub const PASSPHRASE: &str = "测试口令 core 2027";

/// The archive in `dir`: created (encrypted) on first use, opened afterwards.
pub fn desk(dir: &std::path::Path) -> signdesk_core::Desk {
    match signdesk_core::Desk::folder_state(dir) {
        signdesk_core::FolderState::Empty => {
            signdesk_core::Desk::create(dir, "宁德新奥燃气有限公司", PASSPHRASE).unwrap()
        }
        _ => signdesk_core::Desk::open(dir, PASSPHRASE).unwrap(),
    }
}

/// A transparent PNG with a wavy stroke, or nothing at all (`ink` false).
pub fn png(ink: bool) -> Vec<u8> {
    let mut img = image::RgbaImage::new(300, 100);
    if ink {
        for x in 20..280u32 {
            let y = 50.0 + 30.0 * ((x as f32) / 18.0).sin();
            for dy in 0..4 {
                img.put_pixel(x, (y as u32 + dy).min(99), image::Rgba([20, 24, 40, 255]));
            }
        }
    }
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// `name` signs [`TEMPLATE`] with `employee_png`; 周总监 signs for the director.
pub fn request(name: &str, employee_png: Vec<u8>) -> SignRequest {
    SignRequest {
        template_id: TEMPLATE.into(),
        version: None,
        signer: SignerInput {
            name: name.into(),
            employee_no: None,
            department: "客服部".into(),
            position: String::new(),
        },
        year: Some(2027),
        values: BTreeMap::new(),
        signatures: vec![
            SignatureInput {
                role_key: "employee".into(),
                signer_name: None,
                png: employee_png,
                strokes_json: String::new(),
            },
            SignatureInput {
                role_key: "director".into(),
                signer_name: Some("周总监".into()),
                png: png(true),
                strokes_json: String::new(),
            },
        ],
        device: "测试".into(),
    }
}

/// A ceremony of 2027 for [`TEMPLATE`], 周总监 countersigning (`"adopt"` or `"each"`).
#[allow(dead_code)] // not every test binary opens a ceremony
pub fn ceremony_input(countersign: &str) -> signdesk_core::ceremony::CeremonyInput {
    signdesk_core::ceremony::CeremonyInput {
        template_id: TEMPLATE.into(),
        version: None,
        year: 2027,
        title: None,
        values: Default::default(),
        bindings: Default::default(),
        org_signers: [("director".to_string(), "周总监".to_string())].into(),
        countersign: countersign.parse().expect("adopt or each"),
    }
}
