use std::collections::BTreeMap;

use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};
use signdesk_e2e::{Result, Session};

fn scribble() -> Vec<u8> {
    let mut img = image::RgbaImage::new(240, 90);
    for x in 10..230u32 {
        let y = 45.0 + 25.0 * ((x as f32) / 15.0).sin();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(89), image::Rgba([16, 20, 40, 255]));
        }
    }
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

fn sign(desk: &mut signdesk_core::Desk, name: &str, no: &str, department: &str) -> Result<()> {
    let sig = |role: &str| SignatureInput {
        role_key: role.into(),
        signer_name: (role == "director").then(|| "李总监".to_string()),
        png: scribble(),
        strokes_json: String::new(),
    };
    desk.sign(&SignRequest {
        template_id: "kefu-anquan-mubiao-2018".into(),
        version: None,
        signer: SignerInput {
            name: name.into(),
            employee_no: Some(no.into()),
            department: department.into(),
            position: String::new(),
        },
        year: Some(2027),
        values: BTreeMap::new(),
        signatures: vec![sig("employee"), sig("director")],
        device: "e2e".into(),
    })?;
    Ok(())
}

/// Searches a name in the real app and opens the stored PDF in the preview.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_a_name_and_open_the_preview() -> Result<()> {
    let data = tempfile::tempdir()?;
    {
        let mut desk = signdesk_core::Desk::open(data.path())?;
        sign(&mut desk, "张三", "E001", "客服部")?;
        sign(&mut desk, "张三丰", "E002", "客服部")?;
        sign(&mut desk, "李四", "E003", "安全科")?;
    }
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=archive]").await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('3'))
            .await?;
        let search = s.wait_for("[data-testid=archive-search]").await?;
        signdesk_e2e::within(signdesk_e2e::CALL, "type", search.send_keys("李四")).await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('1'))
            .await?;
        let row = s.text("[data-testid=hit]").await?;
        assert!(row.contains("李四") && row.contains("安全科"), "{row}");
        s.screenshot("20-archive-search").await?;

        s.click("[data-testid^=open-]").await?;
        s.wait_text("[data-testid=record-signer]", |t| t == "李四")
            .await?;
        // pdf.js rendered every page of the stored PDF into the preview.
        s.wait_for("[data-testid=pdf-view][data-rendered]").await?;
        let pages = s
            .client
            .find_all(fantoccini::Locator::Css("canvas[data-testid=pdf-page]"))
            .await?;
        assert!(pages.len() >= 2, "pages rendered: {}", pages.len());
        s.screenshot("21-archive-preview").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r
}
