//! The year's end in the real app: a ceremony of three signed agreements → the results
//! imported from an .xlsx written by LibreOffice Calc (checked, then saved) → one
//! result corrected by hand with its reason → the report screen shows the counts and
//! exports an .xlsx through the system's save dialog, read back here with calamine →
//! one person acknowledges their result at the kiosk with their signature.

use std::collections::BTreeMap;
use std::time::Duration;

use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::signing::SignatureInput;
use signdesk_e2e::{within, Result, Session, CALL};

use crate::archive::signature_png;
use crate::kiosk::{dialog, xdotool};
use crate::signing::scribble;

/// A ceremony of three, everyone signed (through the core, as the ceremony tests
/// already drive signing through the app); returns its id and the numbers by name.
fn signed_ceremony(data: &std::path::Path) -> Result<(i64, BTreeMap<String, String>)> {
    let mut desk = signdesk_e2e::desk(data)?;
    let c = desk.ceremony_create(&CeremonyInput {
        template_id: "kefu-anquan-mubiao-2018".into(),
        version: None,
        year: 2027,
        title: None,
        values: BTreeMap::new(),
        bindings: BTreeMap::new(),
        org_signers: [("director".to_string(), "周总监".to_string())].into(),
        countersign: "adopt".parse()?,
    })?;
    let sig = |role: &str| SignatureInput {
        role_key: role.into(),
        signer_name: None,
        png: signature_png(),
        strokes_json: String::new(),
    };
    desk.ceremony_adopt_signature(c.id, &sig("director"))?;
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n欧阳娜娜,E003,客服部\n";
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        roster.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )?;
    let mut numbers = BTreeMap::new();
    for p in desk.ceremony(c.id)?.roster {
        let done = desk.ceremony_sign(c.id, p.person_id, &[sig("employee")], "e2e")?;
        let number = done.outcome.ok_or("signed without an outcome")?.number;
        numbers.insert(p.name, number);
    }
    Ok((c.id, numbers))
}

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/assessment-2027.xlsx")
}

/// Sets a file on an `<input type=file>` the way a user choosing it would.
async fn choose_file(s: &Session, css: &str, path: &std::path::Path) -> Result<()> {
    let input = s.wait_for(css).await?;
    within(
        CALL,
        "choose file",
        input.send_keys(&path.display().to_string()),
    )
    .await?;
    Ok(())
}

/// Types a full path into the system's save dialog (GTK here) and saves.
async fn save_dialog(s: &Session, title: &str, path: &std::path::Path) -> Result<()> {
    dialog(&s.display, title).await?;
    // The name field has the focus and the suggested name: replace it with the path.
    xdotool(&s.display, &["key", "ctrl+a"])?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(
        &s.display,
        &["type", "--delay", "20", &path.display().to_string()],
    )?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    xdotool(&s.display, &["key", "Return"])?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_imported_corrected_reported_exported_and_acknowledged() -> Result<()> {
    let data = tempfile::tempdir()?;
    let (ceremony, numbers) = signed_ceremony(data.path())?;
    let usb = data.path().join("usb-stick");
    std::fs::create_dir_all(&usb)?;
    // ASCII: xdotool types it into the dialog key by key.
    let exported = usb.join("report-2027.xlsx");
    let s = Session::start_locked_with_wm(data.path()).await?;
    let r = async {
        s.unlock(signdesk_e2e::PASSPHRASE).await?;
        s.click("button[data-route=assessment]").await?;
        let select = s.wait_for("[data-testid=assess-ceremony]").await?;
        s.wait_for(&format!(
            "[data-testid=assess-ceremony] option[value='{ceremony}']"
        ))
        .await?;
        within(
            CALL,
            "pick ceremony",
            s.client.execute(
                "arguments[0].value = arguments[1];
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&select)?, ceremony.to_string().into()],
            ),
        )
        .await?;
        s.wait_for("[data-testid=assess-grid]").await?;
        let zhang = &numbers["张三"];
        let li = &numbers["李四"];
        let ouyang = &numbers["欧阳娜娜"];
        s.wait_for(&format!("[data-testid=assess-cell-{zhang}-part1]"))
            .await?;

        // Import: checked first (nothing saved), then saved.
        choose_file(&s, "[data-testid=assess-import-file]", &fixture()).await?;
        s.wait_text("[data-testid=assess-import-result]", |t| t.contains('3'))
            .await?;
        s.screenshot("70-assess-import-checked").await?;
        s.click("[data-testid=assess-import-save]:not([disabled])")
            .await?;
        for (n, want) in [(zhang, "95"), (li, "58"), (ouyang, "96.5")] {
            s.wait_text(&format!("[data-testid=assess-score-{n}]"), |t| {
                t.contains(want)
            })
            .await?;
        }
        // The rule behind the points, on hover.
        let score = s
            .wait_for(&format!("[data-testid=assess-score-{zhang}]"))
            .await?;
        let hover = score.attr("title").await?.unwrap_or_default();
        assert!(
            hover.contains("安全责任") && hover.contains("55"),
            "{hover}"
        );

        // One correction by hand: 李四's 安全责任 50 → 52, with a reason.
        let cell = s
            .wait_for(&format!("[data-testid=assess-cell-{li}-part1]"))
            .await?;
        cell.clear().await?;
        within(CALL, "correct", cell.send_keys("52")).await?;
        s.click("[data-testid=assess-save]").await?;
        let reason = s.wait_for("[data-testid=assess-reason]").await?;
        within(CALL, "reason", reason.send_keys("复核安全责任评分后更正")).await?;
        s.click("[data-testid=assess-reason-confirm]").await?;
        s.wait_text(&format!("[data-testid=assess-score-{li}]"), |t| {
            t.contains("60")
        })
        .await?;
        // The page has changed; let WebKit paint it before the screenshot.
        tokio::time::sleep(Duration::from_millis(600)).await;
        s.screenshot("71-assess-grid").await?;

        // The year at a glance, and its .xlsx through the save dialog.
        s.click("[data-testid=assess-tab-report]").await?;
        s.wait_text("[data-testid=report-signed]", |t| t.contains('3'))
            .await?;
        s.wait_text("[data-testid=report-assessed]", |t| t.contains('3'))
            .await?;
        s.wait_text("[data-testid=report-above]", |t| t.contains('2'))
            .await?;
        s.wait_text("[data-testid=report-below]", |t| t.contains('0'))
            .await?;
        s.wait_for("canvas[data-testid=report-chart]").await?;
        s.screenshot("72-assess-report").await?;
        s.click("[data-testid=report-export]").await?;
        save_dialog(&s, "保存年度考核汇总", &exported).await?;
        s.wait_text("[data-testid=report-exported]", |t| t.contains("usb-stick"))
            .await?;

        // The scheme as the template editor shows it (detected from the text).
        s.click("button[data-route=templates]").await?;
        s.click("button[data-template=kefu-anquan-mubiao-2018]")
            .await?;
        let editor = s.wait_for("[data-testid=scheme-editor]").await?;
        let text = within(CALL, "scheme text", editor.text()).await?;
        assert!(text.contains("考核"), "{text}");
        within(
            CALL,
            "scroll to scheme",
            s.client.execute(
                "arguments[0].scrollIntoView({ block: 'start' });",
                vec![serde_json::to_value(&editor)?],
            ),
        )
        .await?;
        // The page has changed; let WebKit paint it before the screenshot.
        tokio::time::sleep(Duration::from_millis(600)).await;
        s.screenshot("74-template-scheme").await?;

        // 张三 acknowledges at the kiosk of the same ceremony.
        s.click("button[data-route=ceremonies]").await?;
        s.click("[data-testid=ceremony-open]").await?;
        s.click("[data-testid=kiosk-start]").await?;
        let pin = s.wait_for("[data-testid=pin-new]").await?;
        within(CALL, "pin", pin.send_keys("246813")).await?;
        let pin2 = s.wait_for("[data-testid=pin-repeat]").await?;
        within(CALL, "pin2", pin2.send_keys("246813")).await?;
        s.click("[data-testid=kiosk-enter]").await?;
        let find = s.wait_for("[data-testid=kiosk-find]").await?;
        within(CALL, "find", find.send_keys("张三")).await?;
        let hit = s
            .wait_text("[data-testid=kiosk-hit]", |t| t.contains("张三"))
            .await?;
        assert!(hit.contains("确认考核结果"), "{hit}");
        // The page has changed; let WebKit paint it before the screenshot.
        tokio::time::sleep(Duration::from_millis(600)).await;
        s.screenshot("75-kiosk-find-result").await?;
        s.click("[data-testid=kiosk-hit]").await?;
        let id = s.wait_for("[data-testid=kiosk-identify]").await?;
        within(CALL, "employee number", id.send_keys("E001")).await?;
        s.click("[data-testid=identify-submit]").await?;
        s.wait_for("[data-testid=pdf-view][data-rendered]").await?;
        s.click("[data-testid=ack-read]").await?;
        let canvas = s.wait_for("[data-testid=signature-canvas]").await?;
        scribble(&s, &canvas).await?;
        s.screenshot("73-kiosk-acknowledge").await?;
        s.click("[data-testid=ack-confirm]").await?;
        s.wait_for("[data-testid=ack-done]").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    // The exported workbook, read back.
    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&exported)?;
    let detail = book.worksheet_range("明细")?;
    let scores: BTreeMap<String, f64> = detail
        .rows()
        .skip(1)
        .filter_map(|r| match r.get(5) {
            Some(Data::Float(f)) => Some((r[1].to_string(), *f)),
            _ => None,
        })
        .collect();
    assert_eq!(scores.get("张三"), Some(&95.0), "{scores:?}");
    assert_eq!(scores.get("李四"), Some(&60.0), "{scores:?}");
    assert_eq!(scores.get("欧阳娜娜"), Some(&96.5), "{scores:?}");

    // In the archive: the correction is version 2 with its reason; the acknowledgement
    // is stored; everything verifies.
    let mut desk = signdesk_e2e::desk(data.path())?;
    // The kiosk is still locked to the ceremony (the app was closed in it).
    desk.kiosk().exit("246813")?;
    let li = desk.assessment(&numbers["李四"])?;
    assert_eq!(
        (li.version, li.reason.as_str()),
        (2, "复核安全责任评分后更正")
    );
    assert!(desk.assessment(&numbers["张三"])?.acknowledged_at.is_some());
    assert!(desk.verify()?.ok);
    Ok(())
}
