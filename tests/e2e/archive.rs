use std::collections::BTreeMap;

use signdesk_core::signing::{SignRequest, SignatureInput, SignerInput};
use signdesk_e2e::{Result, Session};

/// A PNG of an inked scribble, as the pad exports a signature.
pub(crate) fn signature_png() -> Vec<u8> {
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

pub(crate) fn sign(
    desk: &mut signdesk_core::Desk,
    name: &str,
    no: &str,
    department: &str,
) -> Result<()> {
    let sig = |role: &str| SignatureInput {
        role_key: role.into(),
        signer_name: (role == "director").then(|| "李总监".to_string()),
        png: signature_png(),
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

/// Searches a name in the real app, opens the stored PDF in the preview, voids it with a
/// reason, then exports everything and writes one merged PDF to print.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_a_name_and_open_the_preview() -> Result<()> {
    let data = tempfile::tempdir()?;
    // What a USB scanner types off 张三's paper copy (the QR code's text).
    let scanned: String;
    {
        let mut desk = signdesk_e2e::desk(data.path())?;
        sign(&mut desk, "张三", "E001", "客服部")?;
        sign(&mut desk, "张三丰", "E002", "客服部")?;
        sign(&mut desk, "李四", "E003", "安全科")?;
        let first = desk.agreement(1)?;
        scanned = signdesk_base::ScanCode {
            number: first.number,
            content_sha256: first.content_sha256,
            chain: None,
        }
        .to_text();
    }
    let out = data.path().join("exports");
    std::fs::create_dir_all(&out)?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=archive]").await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('3'))
            .await?;
        let search = s.wait_for("[data-testid=archive-search]").await?;
        // A paper copy scanned into the search box (the scanner ends with Enter) is
        // resolved against the archive, not searched.
        signdesk_e2e::within(
            signdesk_e2e::CALL,
            "scan",
            search.send_keys(&format!("{scanned}\u{E007}")),
        )
        .await?;
        let ok = s.wait_text("[data-testid=scan-ok]", |t| !t.is_empty()).await?;
        assert!(ok.contains("一致"), "{ok}");
        s.screenshot("19-archive-scan").await?;
        search.clear().await?;
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

        // Void it with a reason: kept, marked void, in its history.
        s.click("[data-testid=void-start]").await?;
        s.click("[data-testid=void-confirm]").await?;
        let refused = s.wait_text("[data-testid=archive-error]", |t| !t.is_empty()).await?;
        assert!(refused.contains("原因"), "a void needs a reason: {refused}");
        let reason = s.wait_for("[data-testid=void-reason]").await?;
        signdesk_e2e::within(signdesk_e2e::CALL, "reason", reason.send_keys("工号录错")).await?;
        s.click("[data-testid=void-confirm]").await?;
        s.wait_text("[data-testid=record-status]", |t| t.contains("工号录错")).await?;
        let history = s.text("[data-testid=record-history]").await?;
        assert!(history.contains("签署并归档") && history.contains("作废"), "{history}");
        s.screenshot("22-archive-voided").await?;

        // Export all three for an auditor, then one merged PDF to print.
        s.click("[data-testid=archive-back]").await?;
        let search = s.wait_for("[data-testid=archive-search]").await?;
        search.clear().await?;
        s.client
            .execute(
                "const el = arguments[0]; el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::to_value(&search)?],
            )
            .await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('3')).await?;
        s.click("[data-testid=export-open]").await?;
        let folder = s.wait_for("[data-testid=export-folder]").await?;
        s.wait_for("[data-testid=archive-panel]").await?;
        folder.clear().await?;
        signdesk_e2e::within(
            signdesk_e2e::CALL,
            "folder",
            folder.send_keys(&out.display().to_string()),
        )
        .await?;
        s.click("[data-testid=export-go]").await?;
        s.wait_text("[data-testid=archive-done]", |t| t.contains("已导出")).await?;
        s.click("[data-testid=print-open]").await?;
        s.click("[data-testid=print-pdf]").await?;
        s.wait_text("[data-testid=archive-done]", |t| t.contains("合并 PDF")).await?;
        s.screenshot("23-archive-print").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    // On disk: an export folder with the three PDFs and a manifest, and a merged PDF
    // holding every agreement in its number of copies (一式三份 here).
    let mut pdfs = 0;
    let mut manifest = false;
    let mut merged = None;
    for e in std::fs::read_dir(&out)? {
        let p = e?.path();
        if p.is_dir() {
            for f in walk(&p)? {
                pdfs += usize::from(f.extension().is_some_and(|x| x == "pdf"));
                manifest |= f.file_name().is_some_and(|n| n == "manifest.csv");
            }
        } else if p.extension().is_some_and(|x| x == "pdf") {
            merged = Some(p);
        }
    }
    assert_eq!((pdfs, manifest), (3, true));
    let merged = merged.expect("merged print PDF written");
    let info = std::process::Command::new("pdfinfo")
        .arg(&merged)
        .output()?;
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let desk = signdesk_e2e::desk(data.path())?;
    let all = desk.search(&signdesk_core::dto::SearchFilters::default())?;
    let want: u32 = all
        .hits
        .iter()
        .map(|h| {
            let r = desk.agreement(h.id).expect("record");
            r.pages * r.copies
        })
        .sum();
    assert_eq!(pages, want, "every agreement in its number of copies");
    Ok(())
}

fn walk(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            out.extend(walk(&p)?);
        } else {
            out.push(p);
        }
    }
    Ok(out)
}

const NEW_PASSPHRASE: &str = "换了的口令 e2e 2028";

/// The `*.before-restore-*` files in the data folder.
fn before_restore(data: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut v: Vec<String> = std::fs::read_dir(data)?
        .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|n| n.contains(".before-restore-"))
        .collect();
    v.sort();
    Ok(v)
}

/// Fills in the settings screen's restore card and presses 恢复.
async fn restore_in_settings(
    s: &Session,
    backup: &std::path::Path,
    passphrase: &str,
) -> Result<()> {
    s.click("button[data-route=settings]").await?;
    s.type_into(
        "[data-testid=settings-restore-file]",
        &backup.display().to_string(),
    )
    .await?;
    s.type_into("[data-testid=settings-restore-passphrase]", passphrase)
        .await?;
    s.click("[data-testid=settings-restore]").await
}

/// Backup to a folder and restore from it in the settings screen: an agreement signed
/// after the backup is gone again, the replaced archive is kept beside it, and a wrong
/// passphrase changes nothing. A passphrase change then offers to delete the kept copy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_up_and_restore_from_the_settings() -> Result<()> {
    let data = tempfile::tempdir()?;
    {
        let mut desk = signdesk_e2e::desk(data.path())?;
        sign(&mut desk, "张三", "E001", "客服部")?;
    }
    let usb = data.path().join("usb");
    std::fs::create_dir_all(&usb)?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=settings]").await?;
        // Not in an OS kiosk session: the screen says how to run in one.
        let hint = s
            .wait_text("[data-testid=os-kiosk]", |t| !t.is_empty())
            .await?;
        assert!(
            hint.contains("GNOME Kiosk") && hint.contains("分配的访问权限"),
            "{hint}"
        );
        s.type_into("[data-testid=backup-folder]", &usb.display().to_string())
            .await?;
        s.click("[data-testid=backup]").await?;
        s.wait_text("[data-testid=backup-done]", |t| t.contains("签约台备份"))
            .await?;
        let backup = std::fs::read_dir(&usb)?
            .next()
            .ok_or("no backup file written")??
            .path();

        // Another agreement after the backup (signed behind the app's back, then the
        // connection closed again: a restore needs the archive to itself).
        {
            let mut desk = signdesk_e2e::desk(data.path())?;
            sign(&mut desk, "李四", "E002", "安全科")?;
        }
        s.click("button[data-route=archive]").await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('2'))
            .await?;

        restore_in_settings(&s, &backup, "不对的口令不对的口令").await?;
        s.wait_text("[data-testid=settings-error]", |t| t.contains("口令不正确"))
            .await?;
        s.click("button[data-route=archive]").await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('2'))
            .await?;

        restore_in_settings(&s, &backup, signdesk_e2e::PASSPHRASE).await?;
        s.wait_text("[data-testid=restore-done]", |t| {
            t.contains("恢复 1 份协议")
        })
        .await?;
        s.screenshot("06-settings-restored").await?;
        s.click("button[data-route=archive]").await?;
        s.wait_text("[data-testid=archive-total]", |t| t.contains('1'))
            .await?;
        let kept = before_restore(data.path())?;
        assert!(
            kept.iter()
                .any(|n| n.starts_with("signdesk.db.before-restore-"))
                && kept
                    .iter()
                    .any(|n| n.starts_with("signdesk.key.before-restore-")),
            "the replaced archive and its key file are kept: {kept:?}"
        );

        // A new passphrase: the kept copies still open with the old one, so the
        // settings screen offers to delete them.
        s.click("button[data-route=settings]").await?;
        s.type_into("[data-testid=pass-old]", signdesk_e2e::PASSPHRASE)
            .await?;
        s.type_into("[data-testid=pass-new]", NEW_PASSPHRASE)
            .await?;
        s.type_into("[data-testid=pass-again]", NEW_PASSPHRASE)
            .await?;
        s.click("[data-testid=pass-change]").await?;
        let offer = s
            .wait_text("[data-testid=old-copies]", |t| !t.is_empty())
            .await?;
        assert!(
            offer.contains("旧口令") && offer.contains(&kept[0]),
            "{offer}"
        );
        s.client
            .execute(
                "document.querySelector('[data-testid=old-copies]').scrollIntoView()",
                vec![],
            )
            .await?;
        s.screenshot("07-settings-old-copies").await?;
        s.click("[data-testid=old-copies-delete]").await?;
        s.wait_text("[data-testid=old-copies-deleted]", |t| t.contains('2'))
            .await?;
        assert!(before_restore(data.path())?.is_empty());
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;
    let mut desk = signdesk_core::Desk::open(data.path(), NEW_PASSPHRASE)?;
    assert_eq!(desk.info()?.counts.agreements, 1);
    assert!(desk.verify()?.ok);
    Ok(())
}
