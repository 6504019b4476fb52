//! 自检 (issue 27) in the real app: 设置 → 自检 runs every check with the web view and
//! the screen as the window sees them; `signdesk --self-test` does the same without a
//! window. Both leave the real archive unchanged and write a sealed report.

use signdesk_e2e::{Result, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_self_test_runs_from_the_settings_with_the_web_view_and_the_screen() -> Result<()> {
    let data = tempfile::tempdir()?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=settings]").await?;
        s.click("[data-testid=self-test-run]").await?;
        let summary = s
            .wait_text("[data-testid=self-test-summary]", |t| t.contains("项通过"))
            .await?;
        assert!(summary.contains("0 项未通过"), "{summary}");
        let webview = s.text("[data-key=webview]").await?;
        assert!(
            webview.contains("WebKitGTK") && webview.contains("通过"),
            "{webview}"
        );
        let screen = s.text("[data-key=screen]").await?;
        assert!(screen.contains("×") && screen.contains("通过"), "{screen}");
        let rare = s.text("[data-key=rare_names]").await?;
        assert!(rare.contains("刘䶮𠀋"), "{rare}");
        let files = s.text("[data-testid=self-test-files]").await?;
        assert!(files.contains("自检报告"), "{files}");
        s.client
            .execute(
                "document.querySelector('[data-testid=self-test-summary]').scrollIntoView()",
                vec![],
            )
            .await?;
        s.screenshot("self-test").await?;

        // 「打印测试页」 on the test queue (scripts/test.sh sets it up): the page named.
        let queue = "[data-testid=self-test-printer] option[value=SignDeskPDF]";
        if s.wait_for(queue).await.is_ok() {
            s.client
                .execute(
                    "const el = document.querySelector('[data-testid=self-test-printer]');
                     el.value = 'SignDeskPDF';
                     el.dispatchEvent(new Event('change', { bubbles: true }));",
                    vec![],
                )
                .await?;
            s.click("[data-testid=self-test-print-page]").await?;
            let printed = s
                .wait_text("[data-testid=self-test-page-printed]", |t| !t.is_empty())
                .await?;
            assert!(printed.contains("签约台测试页 自检-"), "{printed}");
        } else {
            eprintln!(
                "\n!!!!! the test printer SignDeskPDF is not set up: test page not printed !!!!!\n"
            );
        }
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;
    let reports: Vec<_> = std::fs::read_dir(data.path().join("自检报告"))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(reports.iter().any(|n| n.ends_with(".pdf")), "{reports:?}");
    assert!(reports.iter().any(|n| n.ends_with(".json")), "{reports:?}");
    // The archive file may have gained nothing but the session's own audit entries
    // (unlock); the self-test signed nothing in it.
    let after = signdesk_e2e::desk(data.path())?;
    assert_eq!(after.info()?.counts.agreements, 0);
    Ok(())
}

#[test]
fn signdesk_self_test_without_a_window_reports_the_web_view_and_exits_zero() -> Result<()> {
    let data = tempfile::tempdir()?;
    drop(signdesk_e2e::desk(data.path())?);
    let out = data.path().join("r");
    let run = std::process::Command::new(signdesk_e2e::app_binary())
        .arg("--data")
        .arg(data.path())
        .args(["--self-test", "--out"])
        .arg(&out)
        .output()?;
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let r: serde_json::Value = serde_json::from_slice(&run.stdout)?;
    let webview = r["checks"]
        .as_array()
        .ok_or("checks")?
        .iter()
        .find(|c| c["key"] == "webview")
        .ok_or("webview check")?;
    assert_eq!(webview["status"], "passed", "{webview}");
    assert!(webview["detail"]
        .as_str()
        .unwrap_or("")
        .starts_with("WebKitGTK "));
    assert!(std::path::Path::new(r["report_pdf"].as_str().ok_or("pdf")?).is_file());
    Ok(())
}
