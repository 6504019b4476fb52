//! 导入上报包 in the group view (issue 25): at the group office, a site's bundle carried
//! over on a USB stick is imported through the real app on the group's owner account,
//! by the same ingest as `signdesk-cli group import`: the first import adds the site's
//! agreements, the second adds nothing, a bundle damaged on the way is refused and
//! changes nothing; the imported agreements are then found by a phrase of their text
//! and printed, each in its copies, as one merged PDF.

use std::path::{Path, PathBuf};

use signdesk_core::{Desk, Job};
use signdesk_e2e::{Result, Session};

use crate::archive::sign;

/// A site registered by the group but never synced, its bundle on the stick; answers
/// the owner's URL and the bundle's path.
fn site_with_a_bundle(root: &Path, usb: &Path) -> Result<(String, PathBuf)> {
    let (url, mut c) = signdesk_e2e::fresh_group_archive("e2e_gimport")?;
    let mut desk = Desk::create(
        &root.join("c"),
        "丙分公司燃气有限公司",
        signdesk_e2e::PASSPHRASE,
    )?;
    sign(&mut desk, "赵敏", "C201", "营业部")?;
    sign(&mut desk, "钱多多", "C202", "营业部")?;
    let root_der = signdesk_seal::root_der_from_pem(&desk.seal_root_pem()?).ok_or("root PEM")?;
    signdesk_group::sites::add(&mut c, "丙分公司", &root_der)?;
    let out = desk.group_bundle_export(usb, None, &Job::silent())?;
    Ok((url, PathBuf::from(out.file)))
}

fn count(url: &str, sql: &str) -> Result<i64> {
    let mut c = signdesk_group::connect(url, None)?;
    Ok(c.query_one(sql, &[])?.get(0))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sites_bundle_is_imported_once_checked_and_a_damaged_one_changes_nothing() -> Result<()> {
    let data = tempfile::tempdir()?;
    let usb = data.path().join("usb");
    std::fs::create_dir_all(&usb)?;
    let (root, stick) = (data.path().to_path_buf(), usb.clone());
    let (url, bundle) =
        tokio::task::spawn_blocking(move || site_with_a_bundle(&root, &stick)).await??;
    // The same bundle with one byte changed in the middle, as a bad stick would.
    let damaged = usb.join("损坏的上报包.sdbundle");
    let mut bytes = std::fs::read(&bundle)?;
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(&damaged, bytes)?;

    let print_dir = data.path().join("打印");
    let app_data = data.path().join("group-office");
    std::fs::create_dir_all(&app_data)?;
    let s = Session::start_group(&app_data, &url).await?;
    let r = async {
        s.wait_for("[data-testid=gv-total]").await?;
        s.click("[data-testid=gv-tab-import]").await?;

        s.type_into(
            "[data-testid=gv-import-file]",
            &damaged.display().to_string(),
        )
        .await?;
        s.click("[data-testid=gv-import-go]").await?;
        let refused = s
            .wait_text("[data-testid=gv-import-error]", |t| !t.is_empty())
            .await?;
        assert!(
            ["不符", "损坏", "印章"].iter().any(|w| refused.contains(w)),
            "{refused}"
        );
        let u = url.clone();
        let held =
            tokio::task::spawn_blocking(move || count(&u, "SELECT count(*) FROM agreements"))
                .await??;
        assert_eq!(held, 0, "a refused bundle leaves nothing");

        s.type_into(
            "[data-testid=gv-import-file]",
            &bundle.display().to_string(),
        )
        .await?;
        s.click("[data-testid=gv-import-go]").await?;
        let done = s
            .wait_text("[data-testid=gv-import-done]", |t| !t.is_empty())
            .await?;
        assert!(
            done.contains("丙分公司") && done.contains("新增 2 份"),
            "{done}"
        );
        s.screenshot("group-view-import").await?;
        s.click("[data-testid=gv-import-go]").await?;
        let again = s
            .wait_text("[data-testid=gv-import-done]", |t| t.contains("新增 0 份"))
            .await?;
        assert!(again.contains("已有 2 份未变"), "{again}");

        // Found by a phrase of the template's clauses.
        s.click("[data-testid=gv-tab-search]").await?;
        s.type_into("[data-testid=gv-search]", "核反应堆").await?;
        s.wait_text("[data-testid=gv-total]", |t| t == "共 0 份")
            .await?;
        s.type_into("[data-testid=gv-search]", "灭火设备").await?;
        s.wait_text("[data-testid=gv-total]", |t| t == "共 2 份")
            .await?;

        // Both, each in its copies, as one merged PDF for printing.
        s.click("[data-testid=gv-print-open]").await?;
        s.type_into(
            "[data-testid=gv-print-folder]",
            &print_dir.display().to_string(),
        )
        .await?;
        s.click("[data-testid=gv-print-pdf]").await?;
        let printed = s
            .wait_text("[data-testid=gv-print-done]", |t| !t.is_empty())
            .await?;
        assert!(printed.contains("2 份协议"), "{printed}");
        s.screenshot("group-view-print").await?;
        Ok::<_, signdesk_e2e::Error>(printed)
    }
    .await;
    if r.is_err() {
        let _ = s.screenshot("group-import-failed").await;
    }
    s.close().await?;
    let printed = r?;
    // The merged file holds every page of both in their copies, as the page said.
    let merged = std::fs::read_dir(&print_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
        .ok_or("the merged PDF")?;
    let info = std::process::Command::new("pdfinfo")
        .arg(&merged)
        .output()?;
    let pages: u32 = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let u = url.clone();
    let want: i64 = tokio::task::spawn_blocking(move || {
        count(&u, "SELECT sum(pages * copies)::bigint FROM agreements")
    })
    .await??;
    assert_eq!(i64::from(pages), want, "{printed}");
    assert!(printed.contains(&format!("共 {pages} 页")), "{printed}");
    let agreements =
        tokio::task::spawn_blocking(move || count(&url, "SELECT count(*) FROM agreements"))
            .await??;
    assert_eq!(agreements, 2);
    Ok(())
}
