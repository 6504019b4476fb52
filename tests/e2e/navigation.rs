use signdesk_e2e::{Result, Session};

/// Clicks through the real navigation and reads back what came from Rust and SQLite.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn navigation_shows_the_archive_from_rust() -> Result<()> {
    let data = tempfile::tempdir()?;
    let backups = data.path().join("usb");
    std::fs::create_dir_all(&backups)?;
    let s = Session::start(data.path()).await?;
    let r = async {
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

        s.click("[data-testid=locale-switch]").await?;
        s.wait_text("nav", |t| t.contains("Archive") && t.contains("Settings"))
            .await?;
        s.screenshot("03-english").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;
    let files: Vec<_> = std::fs::read_dir(&backups)?.collect::<std::io::Result<_>>()?;
    assert_eq!(files.len(), 1, "one backup file, no temp files left");
    let bytes = std::fs::read(files[0].path())?;
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "a real SQLite file"
    );
    Ok(())
}
