use signdesk_e2e::{within, Result, Session, CALL};

const PLEDGE: &str = "班组安全承诺书\n为落实安全生产责任制，本人郑重承诺：\n一、安全目标\n1、全年不发生安全责任事故。\n2、隐患整改率达到XX%。\n二、安全职责\n1、遵守各项安全规章制度。\n本承诺书一式两份。\n承诺人（签字）：\n日期：\n";

/// Imports pasted text in the real app, edits the detected structure, sees the live
/// preview change, saves, and finds the new template in the list (read from SQLite).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_edit_and_preview_a_template() -> Result<()> {
    let data = tempfile::tempdir()?;
    let s = Session::start(data.path()).await?;
    let r = async {
        let area = s.wait_for("[data-testid=import-text]").await?;
        // WebDriver drops "\n" from typed text; press Enter (U+E007) as a person would.
        let keys = PLEDGE.replace('\n', "\u{E007}");
        within(CALL, "type the agreement", area.send_keys(&keys)).await?;
        let typed = within(CALL, "read back", area.prop("value"))
            .await?
            .unwrap_or_default();
        assert_eq!(typed, PLEDGE, "the textarea holds the typed lines");
        s.click("[data-testid=import-submit]").await?;

        // Detection ran in Rust: the editor shows the title, a role and the blank.
        s.wait_text("[data-testid=preview-title]", |t| t == "班组安全承诺书")
            .await?;
        let roles = s.text("[data-testid=preview-roles]").await?;
        assert!(roles.contains("承诺人"), "detected role: {roles}");
        let preview = s.text("[data-testid=preview]").await?;
        assert!(preview.contains("全年不发生安全责任事故"), "{preview}");

        // Edit one field (the role's label) and the title; the preview follows at once.
        let role = s.wait_for("[data-testid=edit-role-0]").await?;
        within(CALL, "clear role", role.clear()).await?;
        within(CALL, "type role", role.send_keys("班组成员（签字）")).await?;
        s.wait_text("[data-testid=preview-roles]", |t| {
            t.contains("班组成员（签字）")
        })
        .await?;
        let title = s.wait_for("[data-testid=edit-title]").await?;
        within(CALL, "clear title", title.clear()).await?;
        within(
            CALL,
            "type title",
            title.send_keys("班组安全承诺书（2027）"),
        )
        .await?;
        s.wait_text("[data-testid=preview-title]", |t| {
            t == "班组安全承诺书（2027）"
        })
        .await?;
        s.screenshot("10-template-editor").await?;

        s.click("[data-testid=editor-save]").await?;
        s.wait_text("[data-testid=editor-saved]", |t| t.contains("第 1 版"))
            .await?;
        s.click("[data-testid=editor-back]").await?;
        s.wait_text("[data-testid=template-list]", |t| {
            t.contains("班组安全承诺书（2027）")
        })
        .await?;
        s.screenshot("11-template-list").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    // What the app saved is in the archive on disk: read it back through the CLI's core.
    let desk = signdesk_e2e::desk(data.path())?;
    let saved = desk
        .templates()?
        .into_iter()
        .find(|t| t.title == "班组安全承诺书（2027）");
    let saved = saved.ok_or("the edited template is not in the archive")?;
    assert_eq!(
        (saved.builtin, saved.latest_version, saved.copies),
        (false, 1, 2)
    );
    assert_eq!(saved.roles, ["班组成员（签字）"]);
    Ok(())
}
