//! A whole ceremony in the real app: create it, the organisation signs once, a roster
//! of three is pasted and saved, the desk is locked (and Rust refuses other commands),
//! each person finds their name, reads to the end, ticks, draws, checks and confirms;
//! a wrong PIN is refused, the right one leaves; the progress shows 3/3 and the archive
//! holds three complete agreements with both signatures.

use signdesk_e2e::{within, Result, Session, CALL};

use crate::signing::{read_to_the_end, scribble};

const ROSTER: &[&str] = &[
    "姓名,工号,部门,岗位",
    "张三,E001,客服部,坐席",
    "李四,E002,客服部,坐席",
    "欧阳娜娜,E003,客服部,班长",
];

/// Calls a Rust command straight through Tauri's IPC, as a script in the page could,
/// and returns the error kind (or "ok").
pub(crate) async fn raw_invoke(s: &Session, cmd: &str, args: serde_json::Value) -> Result<String> {
    let v = within(
        CALL,
        "raw invoke",
        s.client.execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1])
               .then(() => done('ok'), (e) => done(e && e.kind ? e.kind : String(e)));",
            vec![cmd.into(), args],
        ),
    )
    .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// The organisation signs once, before the signers (`adopt`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_ceremony_with_three_signers_adopted_countersignature() -> Result<()> {
    ceremony(true).await
}

/// The organisation countersigns each agreement after its signer (`each`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_ceremony_with_three_signers_then_the_organiser_countersigns() -> Result<()> {
    ceremony(false).await
}

async fn ceremony(adopt: bool) -> Result<()> {
    let shot = |name: &str| {
        if adopt {
            name.to_string()
        } else {
            format!("{name}-each")
        }
    };
    let data = tempfile::tempdir()?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=ceremonies]").await?;
        s.click("[data-testid=ceremony-new]").await?;
        // Wait for the list (it picks the first template when it arrives).
        s.wait_for("[data-testid=ceremony-template] option[value=kefu-anquan-mubiao-2018]")
            .await?;
        let select = s.wait_for("[data-testid=ceremony-template]").await?;
        within(
            CALL,
            "pick template",
            s.client.execute(
                "arguments[0].value = 'kefu-anquan-mubiao-2018';
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&select)?],
            ),
        )
        .await?;
        s.screenshot(&shot("40-ceremony-create")).await?;
        let org = s.wait_for("[data-testid=org-signer-director]").await?;
        within(CALL, "org signer", org.send_keys("周总监")).await?;
        if !adopt {
            s.click("[data-testid=mode-each]").await?;
        }
        s.click("[data-testid=ceremony-create]").await?;
        s.wait_text("[data-testid=ceremony-title]", |t| t.contains("客服部"))
            .await?;
        if adopt {
            // The organisation signs once; every agreement will carry it.
            let canvas = s
                .wait_for("[data-role=adopt-director] [data-testid=signature-canvas]")
                .await?;
            scribble(&s, &canvas).await?;
            s.click("[data-testid=adopt-director]").await?;
            s.wait_text("[data-testid=ceremony-title]", |t| !t.is_empty())
                .await?;
        }

        // The roster, pasted; previewed, then saved.
        let paste = s.wait_for("[data-testid=roster-paste]").await?;
        within(
            CALL,
            "paste roster",
            paste.send_keys(&ROSTER.join("\u{E007}")),
        )
        .await?;
        s.click("[data-testid=roster-preview]").await?;
        s.wait_for("[data-testid=roster-preview-table]").await?;
        s.click("[data-testid=roster-save]").await?;
        s.wait_text("[data-testid=ceremony-notice]", |t| t.contains("3"))
            .await?;
        s.wait_text("[data-testid=ceremony-progress]", |t| t.contains("0/3"))
            .await?;
        s.screenshot(&shot("41-ceremony-roster")).await?;

        // A person corrected by hand before signing.
        let rows = s
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=edit-person]"))
            .await?;
        rows[1].click().await?;
        let name = s.wait_for("[data-testid=edit-name]").await?;
        name.clear().await?;
        within(CALL, "edit name", name.send_keys("李四四")).await?;
        s.click("[data-testid=edit-save]").await?;
        s.wait_text("[data-testid=roster-table]", |t| t.contains("李四四"))
            .await?;

        // Lock the desk with a PIN.
        s.click("[data-testid=kiosk-start]").await?;
        let pin = s.wait_for("[data-testid=pin-new]").await?;
        within(CALL, "pin", pin.send_keys("246813")).await?;
        let pin2 = s.wait_for("[data-testid=pin-repeat]").await?;
        within(CALL, "pin2", pin2.send_keys("246813")).await?;
        s.click("[data-testid=kiosk-enter]").await?;
        s.wait_for("[data-testid=kiosk-find]").await?;
        assert!(
            s.client
                .find(fantoccini::Locator::Css("nav.sidebar"))
                .await
                .is_err(),
            "no navigation in kiosk mode"
        );
        // Rust refuses the archive and templates while locked, whatever the page asks.
        assert_eq!(
            raw_invoke(&s, "agreement_pdf", serde_json::json!({"id": 1})).await?,
            "kiosk_locked"
        );
        assert_eq!(
            raw_invoke(&s, "templates_list", serde_json::json!({})).await?,
            "kiosk_locked"
        );
        s.screenshot(&shot("42-kiosk-find")).await?;

        for (query, name, number) in [
            ("zs", "张三", "E001"),
            ("E002", "李四四", "E002"),
            ("欧阳", "欧阳娜娜", "E003"),
        ] {
            let find = s.wait_for("[data-testid=kiosk-find]").await?;
            within(CALL, "find", find.send_keys(query)).await?;
            s.wait_text("[data-testid=kiosk-hit]", |t| t.contains(name))
                .await?;
            s.click("[data-testid=kiosk-hit]").await?;
            // The name is not enough: the employee number proves who signs.
            if name == "张三" {
                // a colleague's number does not open 张三's agreement
                let id = s.wait_for("[data-testid=kiosk-identify]").await?;
                within(CALL, "wrong number", id.send_keys("E002")).await?;
                s.click("[data-testid=identify-submit]").await?;
                let refused = s
                    .wait_text("[data-testid=kiosk-error]", |t| !t.is_empty())
                    .await?;
                assert!(refused.contains("工号"), "{refused}");
                assert!(
                    s.client
                        .find(fantoccini::Locator::Css("[data-testid=reading]"))
                        .await
                        .is_err(),
                    "the agreement stays closed"
                );
                s.screenshot(&shot("42b-kiosk-identify-refused")).await?;
            }
            let id = s.wait_for("[data-testid=kiosk-identify]").await?;
            within(CALL, "employee number", id.send_keys(number)).await?;
            s.click("[data-testid=identify-submit]").await?;
            read_to_the_end(&s).await?;
            if name == "张三" {
                s.screenshot(&shot("43-kiosk-read")).await?;
            }
            s.click("[data-testid=confirm-read]").await?;
            s.wait_for("[data-testid=to-sign]:not([disabled])").await?;
            s.click("[data-testid=to-sign]").await?;
            let canvas = s.wait_for("[data-testid=signature-canvas]").await?;
            scribble(&s, &canvas).await?;
            s.click("[data-testid=to-review]").await?;
            // The check step shows the agreement as it will be archived, rendered by
            // Rust: the signature page and the signing record, drawn by pdf.js.
            s.wait_for("[data-testid=review] [data-testid=pdf-view][data-rendered='2']")
                .await?;
            let pages = s
                .client
                .find_all(fantoccini::Locator::Css(
                    "[data-testid=review] canvas[data-testid=pdf-page]",
                ))
                .await?;
            assert_eq!(pages.len(), 2, "pages shown for checking");
            if name == "张三" {
                s.screenshot(&shot("44-kiosk-review")).await?;
            }
            s.click("[data-testid=finalise]").await?;
            let done = s
                .wait_text("[data-testid=sign-done]", |t| !t.is_empty())
                .await?;
            if adopt {
                assert!(done.contains("SD-"), "archived at once: {done}");
            } else {
                assert!(
                    done.contains("会签后归档"),
                    "held for the countersignature: {done}"
                );
            }
            s.click("[data-testid=next-signer]").await?;
        }

        // Leaving: a wrong PIN is refused, the right one unlocks.
        s.click("[data-testid=kiosk-exit]").await?;
        let pin = s.wait_for("[data-testid=pin-input]").await?;
        within(CALL, "wrong pin", pin.send_keys("111111")).await?;
        s.click("[data-testid=pin-submit]").await?;
        let refused = s
            .wait_text("[data-testid=pin-error]", |t| !t.is_empty())
            .await?;
        assert!(refused.contains("PIN 不正确"), "{refused}");
        let pin = s.wait_for("[data-testid=pin-input]").await?;
        within(CALL, "right pin", pin.send_keys("246813")).await?;
        s.click("[data-testid=pin-submit]").await?;
        // The PIN ends the ceremony, not the organiser's session: the unlock screen.
        s.wait_for("[data-testid=unlock-passphrase]").await?;
        assert_eq!(
            raw_invoke(&s, "ceremonies_list", serde_json::json!({})).await?,
            "session_locked"
        );
        s.screenshot(&shot("45a-kiosk-left-locked")).await?;
        s.unlock(signdesk_e2e::PASSPHRASE).await?;
        s.wait_for("nav.sidebar").await?;
        if !adopt {
            // Nothing is archived half-signed: the organiser countersigns each one now.
            s.wait_text("[data-testid=ceremony-item]", |t| t.contains("0/3"))
                .await?;
            s.click("[data-testid=ceremony-open]").await?;
            for i in 0..3 {
                s.click("[data-testid=countersign]").await?;
                let canvas = s
                    .wait_for("[data-role=countersign-director] [data-testid=signature-canvas]")
                    .await?;
                scribble(&s, &canvas).await?;
                if i == 0 {
                    s.screenshot("46-countersign").await?;
                }
                s.click("[data-testid=countersign-confirm]").await?;
                let want = format!("{}/3", i + 1);
                s.wait_text("[data-testid=ceremony-progress]", |t| t.contains(&want))
                    .await?;
            }
            s.click("[data-testid=tab-ceremonies]").await?;
        }
        s.wait_text("[data-testid=ceremony-item]", |t| t.contains("3/3"))
            .await?;
        s.click("[data-testid=ceremony-open]").await?;
        s.wait_text("[data-testid=ceremony-progress]", |t| t.contains("3/3"))
            .await?;
        s.screenshot(&shot("45-ceremony-done")).await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    let desk = signdesk_e2e::desk(data.path())?;
    let c = &desk.ceremonies()?[0];
    assert_eq!((c.people, c.signed), (3, 3));
    for p in desk.ceremony(c.id)?.roster {
        let rec = desk.agreement(p.agreement_id.expect("signed"))?;
        assert_eq!(rec.signatures.len(), 2, "complete: both roles signed");
        let path = data.path().join(format!("{}.pdf", p.person_id));
        std::fs::write(&path, desk.agreement_pdf(rec.id)?)?;
        let text = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()?;
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(
            text.contains(&p.name) && text.contains("周总监"),
            "{}: {text}",
            p.name
        );
        // Both signatures are embedded with their soft masks, and not blank.
        let out = data.path().join(format!("img-{}", p.person_id));
        let st = std::process::Command::new("pdfimages")
            .arg("-png")
            .arg(&path)
            .arg(&out)
            .status()?;
        assert!(st.success());
        let mut masks = 0;
        for entry in std::fs::read_dir(data.path())? {
            let f = entry?.path();
            let name = f
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            if !name.starts_with(&format!("img-{}-", p.person_id)) {
                continue;
            }
            let img = image::open(&f)?.to_luma8();
            // pdfimages writes the soft mask as a grey image: ink where it is not 0.
            let inked = img.pixels().filter(|px| px[0] > 128).count();
            if img.pixels().any(|px| px[0] == 0) && inked > 50 {
                masks += 1;
            }
        }
        assert!(
            masks >= 2,
            "{}: two non-blank signatures, found {masks}",
            p.name
        );
    }
    Ok(())
}
