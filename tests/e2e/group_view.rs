//! The group view in the real app (issue 25): `signdesk --group URL` on a group archive
//! on the real PostgreSQL test server, fed by two desks of different organisations that
//! signed and synced. The window asks once for the read-only account's password, then:
//! a 2-character name finds the hit of the right site, the site filter narrows, a PDF
//! opens in the preview, every hit is exported (files and manifest checked on disk),
//! 签订率 names who is missing, and verify finds everything sound.

use std::path::{Path, PathBuf};

use signdesk_core::ceremony::CeremonyInput;
use signdesk_core::{Countersign, Desk, Job};
use signdesk_e2e::{within, Result, Session, CALL};

use crate::archive::sign;

/// A 2027 ceremony whose roster is `people` (name, number, department): what the
/// group's 签订率 counts against.
fn roster(desk: &mut Desk, people: &[(&str, &str, &str)]) -> Result<()> {
    let c = desk.ceremony_create(&CeremonyInput {
        template_id: "kefu-anquan-mubiao-2018".into(),
        version: None,
        year: 2027,
        title: None,
        values: Default::default(),
        bindings: Default::default(),
        org_signers: [("director".to_string(), "周总监".to_string())].into(),
        countersign: Countersign::Each,
    })?;
    let mut csv = String::from("姓名,工号,部门\n");
    for (name, no, dept) in people {
        csv.push_str(&format!("{name},{no},{dept}\n"));
    }
    desk.ceremony_import_roster(c.id, "名单.csv", csv.as_bytes(), true, &Job::silent())?;
    Ok(())
}

/// Registers `desk` as site `name` on the group archive at `url` (its owner) and syncs
/// it as the site's own account.
fn register_and_sync(url: &str, desk: &mut Desk, name: &str) -> Result<()> {
    let mut c = signdesk_group::connect(url, None)?;
    let root = signdesk_seal::root_der_from_pem(&desk.seal_root_pem()?).ok_or("root PEM")?;
    let site = signdesk_group::sites::add(&mut c, name, &root)?;
    let host = url.split_once('@').ok_or("a URL with a user")?.1;
    let site_url = format!("postgresql://{}@{host}", site.site.db_role);
    let synced = desk.group_sync(Some(&site_url), Some(&site.password), &Job::silent())?;
    assert!(synced.sent > 0, "{synced:?}");
    Ok(())
}

/// The group archive: 甲分公司 (张三 and 李四 signed, 王五 on the roster has not) and
/// 乙分公司 (张伟 and 张三丰 signed); answers the read-only account's URL (without its
/// password) and the password.
fn group_archive(root: &Path) -> Result<(String, String)> {
    let (url, mut c) = signdesk_e2e::fresh_group_archive("e2e_gview")?;

    let mut a = signdesk_e2e::desk(&root.join("a"))?;
    roster(
        &mut a,
        &[
            ("张三", "E001", "客服部"),
            ("李四", "E002", "客服部"),
            ("王五", "E003", "客服部"),
        ],
    )?;
    sign(&mut a, "张三", "E001", "客服部")?;
    sign(&mut a, "李四", "E002", "客服部")?;
    // 张三's result of the year (55 + 38 on the built-in scheme's two parts).
    let zhang = a
        .search(&signdesk_core::dto::SearchFilters {
            text: "张三".into(),
            ..Default::default()
        })?
        .hits
        .remove(0)
        .number;
    let points = |p: &str| signdesk_core::assessment::Value::Points(p.parse().expect("points"));
    a.assess(
        &[signdesk_core::assess::AssessInput {
            number: zhang,
            values: [
                ("part1".to_string(), points("55")),
                ("part2".to_string(), points("38")),
            ]
            .into(),
            adjustment: None,
            reason: String::new(),
        }],
        signdesk_core::AssessmentSource::Grid,
    )?;
    register_and_sync(&url, &mut a, "甲分公司")?;

    let mut b = Desk::create(
        &root.join("b"),
        "乙分公司燃气有限公司",
        signdesk_e2e::PASSPHRASE,
    )?;
    roster(
        &mut b,
        &[("张伟", "B101", "生产部"), ("张三丰", "B102", "生产部")],
    )?;
    sign(&mut b, "张伟", "B101", "生产部")?;
    sign(&mut b, "张三丰", "B102", "生产部")?;
    register_and_sync(&url, &mut b, "乙分公司")?;

    let viewer = format!("e2e_gview_viewer_{}", std::process::id());
    let password = signdesk_group::sites::add_viewer(&mut c, &viewer)?;
    let host = url.split_once('@').ok_or("a URL with a user")?.1;
    Ok((format!("postgresql://{viewer}@{host}"), password))
}

/// Picks `value` in the select `css` as a person would (the change event fires).
async fn choose(s: &Session, css: &str, value: &str) -> Result<()> {
    let select = s.wait_for(css).await?;
    within(
        CALL,
        "choose an option",
        s.client.execute(
            "arguments[0].value = arguments[1];
             arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
            vec![serde_json::to_value(&select)?, value.into()],
        ),
    )
    .await?;
    Ok(())
}

/// A screenshot once the window has painted what the page now holds (WebKit's
/// snapshot can lag a frame or two behind the DOM).
async fn shot(s: &Session, name: &str) -> Result<()> {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    s.screenshot(name).await?;
    Ok(())
}

/// Types `text` into the search box and waits for the total to say `total`.
async fn search(s: &Session, text: &str, total: &str) -> Result<()> {
    s.type_into("[data-testid=gv-search]", text).await?;
    s.wait_text("[data-testid=gv-total]", |t| t == total)
        .await?;
    Ok(())
}

/// The text of each row of the 签订率 table.
async fn coverage_rows(s: &Session) -> Result<Vec<String>> {
    let rows = within(
        CALL,
        "coverage rows",
        s.client
            .find_all(fantoccini::Locator::Css("[data-testid=gv-cov-row]")),
    )
    .await?;
    let mut out = Vec::new();
    for r in rows {
        out.push(within(CALL, "a coverage row", r.text()).await?);
    }
    Ok(out)
}

/// The one export folder written inside `usb`.
fn exported_folder(usb: &Path) -> Result<PathBuf> {
    let dirs: Vec<PathBuf> = std::fs::read_dir(usb)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::result::Result<_, _>>()?;
    assert_eq!(
        dirs.len(),
        1,
        "one new folder, no temporary one left: {dirs:?}"
    );
    let name = dirs[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("集团导出-"), "{name}");
    Ok(dirs[0].clone())
}

/// Every PDF on disk is the one the manifest names, under `站点-编号-签约人.pdf`, with
/// the manifest's SHA-256; answers the (site, signer) pairs.
fn check_export(folder: &Path) -> Result<Vec<(String, String)>> {
    let manifest = std::fs::read_to_string(folder.join("manifest.csv"))?;
    let manifest = manifest.trim_start_matches('\u{feff}');
    let mut lines = manifest.lines();
    assert_eq!(
        lines.next(),
        Some("文件,站点,编号,签约人,部门,年度,PDF SHA-256,作废")
    );
    let mut pairs = Vec::new();
    let mut files = 0;
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        assert_eq!(f.len(), 8, "{line}");
        assert_eq!(f[0], format!("{}-{}-{}.pdf", f[1], f[2], f[3]));
        let pdf = std::fs::read(folder.join(f[0]))?;
        assert!(pdf.starts_with(b"%PDF"), "{}", f[0]);
        assert_eq!(signdesk_base::chain::sha256_hex(&pdf), f[6], "{}", f[0]);
        assert_eq!((f[5], f[7]), ("2027", "否"));
        pairs.push((f[1].to_string(), f[3].to_string()));
        files += 1;
    }
    let on_disk = std::fs::read_dir(folder)?.count();
    assert_eq!(
        on_disk,
        files + 1,
        "the PDFs and the manifest, nothing else"
    );
    pairs.sort();
    Ok(pairs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_group_view_searches_previews_exports_and_counts_across_sites() -> Result<()> {
    let data = tempfile::tempdir()?;
    // The group client is synchronous (its own small runtime): off the test's async
    // threads, as the app runs it on a work thread.
    let root = data.path().to_path_buf();
    let (viewer_url, password) =
        tokio::task::spawn_blocking(move || group_archive(&root)).await??;
    let app_data = data.path().join("group-office");
    std::fs::create_dir_all(&app_data)?;
    let usb = data.path().join("usb");
    std::fs::create_dir_all(&usb)?;

    let s = Session::start_group(&app_data, &viewer_url).await?;
    let r = async {
        // The URL has no password: asked once, kept in Rust.
        s.wait_for("[data-testid=gv-password-form]").await?;
        // (Clipped with an ellipsis when long, which WebDriver's visible text counts
        // as hidden: read the DOM's text.)
        let server = s.wait_for("[data-testid=gv-server]").await?;
        let server = within(CALL, "server", server.prop("textContent")).await?;
        assert!(
            server.as_deref().unwrap_or("").contains("e2e_gview_viewer"),
            "{server:?}"
        );
        s.type_into("[data-testid=gv-password]", &password).await?;
        s.click("[data-testid=gv-password-go]").await?;
        s.wait_text("[data-testid=gv-total]", |t| t == "共 4 份")
            .await?;
        assert!(s
            .client
            .find(fantoccini::Locator::Css("nav.sidebar"))
            .await
            .is_err());

        // A 2-character name finds the hit of the right site.
        search(&s, "张伟", "共 1 份").await?;
        let hit = s.text("[data-testid=gv-hit]").await?;
        assert!(hit.contains("乙分公司") && hit.contains("张伟"), "{hit}");
        // 张三 is in 张三丰 too: two sites, until the site filter.
        search(&s, "张三", "共 2 份").await?;
        choose(&s, "[data-testid=gv-site]", "甲分公司").await?;
        s.wait_text("[data-testid=gv-total]", |t| t == "共 1 份")
            .await?;
        let hit = s.text("[data-testid=gv-hit]").await?;
        assert!(hit.contains("甲分公司") && hit.contains("张三"), "{hit}");
        assert!(!hit.contains("张三丰"), "{hit}");
        // Focus off the search box: WebKit under Xvfb may not repaint a page whose
        // focused input took composed (Chinese) keys until focus moves.
        s.click("h1").await?;
        shot(&s, "group-view-search").await?;

        // The PDF as the group stored it, in the preview.
        s.click("[data-testid=gv-open-0]").await?;
        s.wait_text("[data-testid=gv-record-signer]", |t| t == "张三")
            .await?;
        s.wait_for("[data-testid=pdf-view][data-rendered]").await?;
        shot(&s, "group-view-preview").await?;
        s.click("[data-testid=gv-back]").await?;

        // Every hit of the search (no text, all sites) exported.
        choose(&s, "[data-testid=gv-site]", "").await?;
        // A space: the box is emptied by a key (clearing alone is no input event).
        search(&s, " ", "共 4 份").await?;
        s.click("[data-testid=gv-export-open]").await?;
        s.type_into("[data-testid=gv-export-folder]", &usb.display().to_string())
            .await?;
        s.click("[data-testid=gv-export-go]").await?;
        let done = s
            .wait_text("[data-testid=gv-export-done]", |t| t.contains("已导出"))
            .await?;
        assert!(done.contains("已导出 4 份"), "{done}");
        shot(&s, "group-view-export").await?;

        // 签订率: 甲分公司's 客服部 2 of 3, 王五 missing; 乙分公司 all signed.
        s.click("[data-testid=gv-tab-coverage]").await?;
        s.type_into("[data-testid=gv-cov-year]", "2027").await?;
        s.click("[data-testid=gv-cov-go]").await?;
        s.wait_for("[data-testid=gv-cov-row]").await?;
        let rows = coverage_rows(&s).await?;
        assert_eq!(rows.len(), 2, "{rows:?}");
        let jia = rows
            .iter()
            .find(|r| r.contains("甲分公司"))
            .ok_or("甲分公司's row")?;
        assert!(
            jia.contains("客服部") && jia.contains("66.7%") && jia.contains("王五"),
            "{jia}"
        );
        let yi = rows
            .iter()
            .find(|r| r.contains("乙分公司"))
            .ok_or("乙分公司's row")?;
        assert!(yi.contains("100.0%"), "{yi}");
        let total = s.text("[data-testid=gv-cov-total]").await?;
        assert!(
            total.contains("名单 5 人，已签 4 人，签订率 80.0%"),
            "{total}"
        );
        shot(&s, "group-view-coverage").await?;

        // 年度考核 across sites: 甲分公司's 客服部 has one result, 93.
        s.click("[data-testid=gv-tab-report]").await?;
        s.type_into("[data-testid=gv-rep-year]", "2027").await?;
        s.click("[data-testid=gv-rep-go]").await?;
        s.wait_for("[data-testid=gv-rep-row]").await?;
        let report = s.text("table.rep").await?;
        assert!(
            report.contains("甲分公司") && report.contains("93"),
            "{report}"
        );
        assert!(report.contains("乙分公司"), "{report}");
        shot(&s, "group-view-report").await?;
        // … and as .xlsx, written by Rust into the folder typed.
        let sheets = data.path().join("报表");
        std::fs::create_dir_all(&sheets)?;
        s.type_into("[data-testid=gv-rep-folder]", &sheets.display().to_string())
            .await?;
        s.click("[data-testid=gv-rep-xlsx]").await?;
        let written = s
            .wait_text("[data-testid=gv-rep-written]", |t| t.contains(".xlsx"))
            .await?;
        assert!(written.contains("集团年度考核-2027.xlsx"), "{written}");
        {
            use calamine::{Data, Reader, Xlsx};
            let mut book: Xlsx<_> = calamine::open_workbook(sheets.join("集团年度考核-2027.xlsx"))?;
            let summary = book.worksheet_range("2027年度汇总")?;
            let jia = summary
                .rows()
                .find(|r| r.first() == Some(&Data::String("甲分公司".into())))
                .ok_or("甲分公司 in the summary")?;
            assert_eq!(jia.get(4), Some(&Data::Float(93.0)), "{jia:?}");
            let detail = book.worksheet_range("考核明细")?;
            let zhang = detail
                .rows()
                .find(|r| r.get(3) == Some(&Data::String("张三".into())))
                .ok_or("张三 in the detail")?;
            assert_eq!(zhang.get(5), Some(&Data::Float(93.0)), "{zhang:?}");
            assert_eq!(
                zhang.get(6),
                Some(&Data::String("达到奖励线".into())),
                "{zhang:?}"
            );
        }

        // Verify, as long work: all sound.
        s.click("[data-testid=gv-tab-verify]").await?;
        s.click("[data-testid=gv-verify-go]").await?;
        let verified = s
            .wait_text("[data-testid=gv-verify-result]", |t| !t.is_empty())
            .await?;
        assert!(verified.contains("全部完好"), "{verified}");
        assert!(verified.contains("4 份协议"), "{verified}");
        shot(&s, "group-view-verify").await?;

        // Leaving returns to the first screen.
        s.click("[data-testid=gv-leave]").await?;
        s.wait_for("[data-testid=open-group]").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    if r.is_err() {
        let _ = shot(&s, "group-view-failed").await;
    }
    s.close().await?;
    r?;

    let pairs = check_export(&exported_folder(&usb)?)?;
    let want: Vec<(String, String)> = [
        ("乙分公司", "张三丰"),
        ("乙分公司", "张伟"),
        ("甲分公司", "张三"),
        ("甲分公司", "李四"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    let mut want = want;
    want.sort();
    assert_eq!(pairs, want);
    Ok(())
}
