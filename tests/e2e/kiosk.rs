//! The app's window against the window manager and the browser inside it (and the
//! OS dialogs it opens). The kiosk: while the
//! desk is locked for a ceremony, the web view's own keys (reload, print, find, back)
//! do nothing, minimising the window (as a taskbar click or a window-manager key
//! would) is undone at once, and the page itself has no window permissions to try it.
//! Runs on a display with a real window manager (openbox): without one, nothing could
//! minimise the window in the first place.

use std::collections::BTreeMap;
use std::process::Command;
use std::time::{Duration, Instant};

use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::signing::SignatureInput;
use signdesk_e2e::{Result, Session};

use crate::archive::signature_png;
use crate::ceremony::raw_invoke;

const PIN: &str = "246813";

/// An archive with a ceremony of two, locked in kiosk mode.
fn locked_archive(data: &std::path::Path) -> Result<()> {
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
    desk.ceremony_adopt_signature(
        c.id,
        &SignatureInput {
            role_key: "director".into(),
            signer_name: None,
            png: signature_png(),
            strokes_json: String::new(),
        },
    )?;
    let roster = "姓名,工号,部门\n张三,E001,客服部\n李四,E002,客服部\n";
    desk.ceremony_import_roster(
        c.id,
        "名单.csv",
        roster.as_bytes(),
        true,
        &signdesk_core::Job::silent(),
    )?;
    desk.kiosk_enter(c.id, PIN)?;
    Ok(())
}

pub(crate) fn xdotool(display: &str, args: &[&str]) -> Result<String> {
    let out = Command::new("xdotool")
        .env("DISPLAY", display)
        .args(args)
        .output()
        .map_err(|e| format!("xdotool could not run ({e}); run scripts/setup.sh"))?;
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Waits for the OS dialog titled `title` to show and gives it the keyboard.
pub(crate) async fn dialog(display: &str, title: &str) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ids = xdotool(display, &["search", "--onlyvisible", "--name", title])?;
        if let Some(id) = ids.lines().next() {
            xdotool(display, &["windowactivate", "--sync", id])?;
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the dialog 「{title}」 did not open").into());
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The app's top-level window as the window manager sees it.
fn app_window(display: &str) -> Result<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ids = xdotool(display, &["search", "--onlyvisible", "--name", "签约台"])?;
        if let Some(id) = ids.lines().next() {
            return Ok(id.to_string());
        }
        if Instant::now() > deadline {
            return Err("the app's window is not on the display".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether the window manager shows the window as minimised (iconic / hidden).
fn minimised(display: &str, window: &str) -> Result<bool> {
    let out = Command::new("xprop")
        .env("DISPLAY", display)
        .args(["-id", window, "WM_STATE", "_NET_WM_STATE"])
        .output()
        .map_err(|e| format!("xprop could not run ({e}); run scripts/setup.sh"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    Ok(text.contains("Iconic") || text.contains("_NET_WM_STATE_HIDDEN"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_keys_and_minimising_cannot_leave_the_locked_kiosk() -> Result<()> {
    let data = tempfile::tempdir()?;
    locked_archive(data.path())?;
    let s = Session::start_locked_with_wm(data.path()).await?;
    let r = async {
        s.type_into("[data-testid=unlock-passphrase]", signdesk_e2e::PASSPHRASE)
            .await?;
        s.click("[data-testid=unlock-go]").await?;
        // The organiser's unlock finds the kiosk still holding: straight back to it.
        s.wait_for("[data-testid=kiosk-find]").await?;
        let window = app_window(&s.display)?;

        // The page cannot minimise, un-full-screen or close its window.
        for cmd in ["minimize", "set_fullscreen", "close"] {
            let refused = raw_invoke(
                &s,
                &format!("plugin:window|{cmd}"),
                serde_json::json!({ "label": "main", "value": false }),
            )
            .await?;
            assert_ne!(refused, "ok", "plugin:window|{cmd} reached the window");
        }

        // The browser's own keys do nothing: reload, print, find, back. Each reaches the
        // page with its default already prevented, and the page is not reloaded.
        s.client
            .execute(
                "window.__notReloaded = true; window.__keys = [];
                 window.addEventListener('keydown', (e) =>
                   window.__keys.push(e.key + ':' + e.defaultPrevented));",
                vec![],
            )
            .await?;
        let find = s.wait_for("[data-testid=kiosk-find]").await?;
        // WebDriver key codes: F5, Ctrl+R, Ctrl+P, Ctrl+F, Alt+←; U+E000 releases
        // the modifiers.
        for keys in [
            "\u{E035}",
            "\u{E009}r\u{E000}",
            "\u{E009}p\u{E000}",
            "\u{E009}f\u{E000}",
            "\u{E00A}\u{E012}\u{E000}",
        ] {
            signdesk_e2e::within(signdesk_e2e::CALL, "browser key", find.send_keys(keys)).await?;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let seen = s
            .client
            .execute(
                "return [window.__notReloaded === true, window.__keys.join(' ')];",
                vec![],
            )
            .await?;
        assert_eq!(seen[0], true, "the page was reloaded");
        let keys = seen[1].as_str().unwrap_or_default().to_string();
        for key in ["F5:true", "r:true", "p:true", "f:true", "ArrowLeft:true"] {
            assert!(keys.contains(key), "{key} not prevented: {keys}");
        }
        assert!(keys.contains("Control:false"), "plain keys pass: {keys}");

        // The window manager minimises it (as a taskbar click or Super+H would).
        xdotool(&s.display, &["windowminimize", &window])?;
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut seen_back = false;
        while Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if !minimised(&s.display, &window)? {
                seen_back = true;
                break;
            }
        }
        assert!(seen_back, "the locked window stayed minimised");
        let visible = xdotool(&s.display, &["search", "--onlyvisible", "--name", "签约台"])?;
        assert!(visible.contains(&window), "the window is visible again");
        s.wait_for("[data-testid=kiosk-find]").await?;
        s.screenshot("48-kiosk-after-minimise").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r
}

/// 「选择文件夹…」 opens the operating system's folder dialog (GTK here), owned by Rust:
/// a folder chosen in it — typed into its location bar as a user would — comes back into
/// the backup field, and the backup is written there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_folder_dialog_chooses_where_a_backup_goes() -> Result<()> {
    let data = tempfile::tempdir()?;
    drop(signdesk_e2e::desk(data.path())?);
    let usb = data.path().join("usb-stick");
    std::fs::create_dir_all(&usb)?;
    let s = Session::start_locked_with_wm(data.path()).await?;
    let r = async {
        s.unlock(signdesk_e2e::PASSPHRASE).await?;
        s.click("button[data-route=settings]").await?;
        s.click("[data-testid=backup-pick]").await?;
        dialog(&s.display, "选择备份保存到的文件夹").await?;
        xdotool(&s.display, &["key", "ctrl+l"])?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let path = usb.display().to_string();
        xdotool(&s.display, &["type", "--delay", "20", &path])?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        // The first Return takes the completion (the folder), the second chooses it.
        xdotool(&s.display, &["key", "Return"])?;
        tokio::time::sleep(Duration::from_millis(800)).await;
        xdotool(&s.display, &["key", "Return"])?;
        let chosen = s
            .wait_text_value("[data-testid=backup-folder]", |v| v.contains("usb-stick"))
            .await?;
        assert_eq!(chosen.trim_end_matches('/'), usb.display().to_string());
        s.click("[data-testid=backup]").await?;
        s.wait_text("[data-testid=backup-done]", |t| t.contains("usb-stick"))
            .await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;
    let written: Vec<_> = std::fs::read_dir(&usb)?.collect();
    assert_eq!(written.len(), 1, "one backup file on the stick");
    Ok(())
}
