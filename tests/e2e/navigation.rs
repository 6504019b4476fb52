use signdesk_e2e::{Result, Session, ORG, PASSPHRASE};

use crate::ceremony::raw_invoke;

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

/// First start on an empty folder (organisation + passphrase → an encrypted archive),
/// then the real navigation, reading back what came from Rust and SQLite; locking and
/// unlocking (a wrong passphrase refused); verify and backup from the settings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_then_navigation_shows_the_archive_from_rust() -> Result<()> {
    let data = tempfile::tempdir()?;
    let backups = data.path().join("usb");
    std::fs::create_dir_all(&backups)?;
    let s = Session::start_locked(data.path(), &[]).await?;
    let r = async {
        // First start: nothing but the set-up form, and Rust refuses everything else.
        s.wait_for("[data-testid=setup]").await?;
        assert_eq!(
            raw_invoke(&s, "app_info", serde_json::json!({})).await?,
            "session_locked"
        );
        s.type_into("[data-testid=setup-org]", ORG).await?;
        s.type_into("[data-testid=setup-passphrase]", PASSPHRASE)
            .await?;
        s.type_into("[data-testid=setup-passphrase2]", "不一样的口令")
            .await?;
        s.wait_text("[data-testid=setup]", |t| {
            t.contains("两次输入的口令不一致")
        })
        .await?;
        s.screenshot("00-first-start").await?;
        s.type_into("[data-testid=setup-passphrase2]", PASSPHRASE)
            .await?;
        s.click("[data-testid=setup-create]").await?;

        s.wait_for("button[data-route=templates]").await?;
        let nav = s.text("nav").await?;
        for label in ["协议模板", "签约仪式", "档案库", "设置"] {
            assert!(nav.contains(label), "navigation shows {label}: {nav}");
        }
        assert_eq!(s.client.title().await?, "SignDesk 签约台");
        s.screenshot("01-templates").await?;

        s.click("button[data-route=settings]").await?;
        let path = s
            .wait_text("[data-testid=archive-path]", |t| !t.is_empty())
            .await?;
        assert_eq!(path, data.path().join("signdesk.db").display().to_string());
        assert!(
            data.path().join("signdesk.db").is_file(),
            "the archive was created on disk"
        );
        let schema: u32 = s.text("[data-testid=schema-version]").await?.parse()?;
        assert!(schema >= 1);
        let templates: u32 = s.text("[data-testid=count-templates]").await?.parse()?;
        assert!(
            templates >= 10,
            "built-in templates counted by SQLite: {templates}"
        );
        s.screenshot("02-settings").await?;

        // The integrity check and a backup into a folder, from the settings screen.
        s.click("[data-testid=verify]").await?;
        let report = s
            .wait_text("[data-testid=verify-report]", |t| !t.is_empty())
            .await?;
        assert!(report.contains("全部正常"), "{report}");
        let folder = s.wait_for("[data-testid=backup-folder]").await?;
        folder.clear().await?;
        signdesk_e2e::within(
            signdesk_e2e::CALL,
            "folder",
            folder.send_keys(&backups.display().to_string()),
        )
        .await?;
        s.click("[data-testid=backup]").await?;
        s.wait_text("[data-testid=backup-done]", |t| t.contains("签约台备份"))
            .await?;
        s.screenshot("04-settings-trust").await?;
        // The root certificate for an auditor, into the same folder.
        s.click("[data-testid=root-export]").await?;
        s.wait_text("[data-testid=root-done]", |t| {
            t.contains("签约台根证书.pem")
        })
        .await?;

        // Lock: the unlock screen names the organisation; a wrong passphrase is refused.
        s.click("[data-testid=lock]").await?;
        let gate = s
            .wait_text("[data-testid=unlock]", |t| t.contains(ORG))
            .await?;
        assert!(gate.contains("已锁定"), "{gate}");
        assert_eq!(
            raw_invoke(&s, "templates_list", serde_json::json!({})).await?,
            "session_locked"
        );
        s.type_into("[data-testid=unlock-passphrase]", "错误的口令错误的口令")
            .await?;
        s.click("[data-testid=unlock-go]").await?;
        s.wait_text("[data-testid=gate-error]", |t| t.contains("口令不正确"))
            .await?;
        // WebKit paints a moment after the DOM changes.
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        s.screenshot("05-locked-wrong-passphrase").await?;
        s.type_into("[data-testid=unlock-passphrase]", "").await?;
        s.unlock(PASSPHRASE).await?;
        s.wait_for("button[data-route=templates]").await?;

        s.click("[data-testid=locale-switch]").await?;
        s.wait_text("nav", |t| t.contains("Archive") && t.contains("Settings"))
            .await?;
        s.screenshot("03-english").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;
    let pem = std::fs::read_to_string(backups.join("签约台根证书.pem"))?;
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
    let files: Vec<_> = std::fs::read_dir(&backups)?
        .collect::<std::io::Result<Vec<_>>>()?
        .into_iter()
        .filter(|f| f.file_name() != "签约台根证书.pem")
        .collect();
    assert_eq!(files.len(), 1, "one backup file, no temp files left");
    let bytes = std::fs::read(files[0].path())?;
    assert!(
        bytes.starts_with(b"SIGNDESK-BACKUP1"),
        "a SignDesk backup file"
    );
    // Encrypted at rest: neither the archive nor its WAL shows a name or a text; the
    // backup carries only the key file's organisation name in the clear.
    let mut on_disk = Vec::new();
    for f in ["signdesk.db", "signdesk.db-wal"] {
        if let Ok(b) = std::fs::read(data.path().join(f)) {
            on_disk.extend(b);
        }
    }
    assert!(on_disk.len() > 4096 && data.path().join("signdesk.key").is_file());
    for plain in ["宁德新奥", "安全目标责任书", "SQLite format 3"] {
        assert!(
            !contains(&on_disk, plain),
            "{plain} readable in the archive"
        );
    }
    for plain in ["安全目标责任书", "SQLite format 3"] {
        assert!(!contains(&bytes, plain), "{plain} readable in the backup");
    }
    Ok(())
}

/// Idle: the desk locks itself and the unlock screen comes back. (Started as a GNOME
/// Kiosk session would start it: the settings screen says so.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_desk_locks_itself() -> Result<()> {
    let data = tempfile::tempdir()?;
    drop(signdesk_e2e::desk(data.path())?);
    let s = Session::start_locked(
        data.path(),
        &[
            ("SIGNDESK_IDLE_LOCK_SECS", "3"),
            ("XDG_CURRENT_DESKTOP", "GNOME-Kiosk:GNOME"),
        ],
    )
    .await?;
    let r = async {
        s.unlock(PASSPHRASE).await?;
        s.wait_for("button[data-route=templates]").await?;
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        s.wait_for("[data-testid=unlock-passphrase]").await?;
        assert_eq!(
            raw_invoke(&s, "app_info", serde_json::json!({})).await?,
            "session_locked"
        );
        s.unlock(PASSPHRASE).await?;
        s.click("button[data-route=settings]").await?;
        s.wait_text("[data-testid=os-kiosk]", |t| {
            t.contains("GNOME Kiosk") && t.contains("单应用会话中")
        })
        .await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r
}
