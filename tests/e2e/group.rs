//! 设置 → 集团档案库 in the real app against a real PostgreSQL server (issue 25): the
//! organiser enters the site's account, a wrong password is told in Chinese and
//! nothing is sent, then 同步 sends the desk's agreement and 导出上报包 writes a bundle
//! the group can import.

use signdesk_e2e::{Result, Session};

use crate::archive::sign;

/// A fresh group archive on the test server with this desk registered as a site;
/// answers (the group's owner URL, the site's URL without password, its password).
fn group_with_site(desk: &mut signdesk_core::Desk) -> Result<(String, String, String)> {
    let (url, mut c) = signdesk_e2e::fresh_group_archive("e2e_group")?;
    let root = signdesk_seal::root_der_from_pem(&desk.seal_root_pem()?).ok_or("root PEM")?;
    let site = signdesk_group::sites::add(&mut c, "客服分公司", &root)?;
    // postgresql://admin:pw@host:port/db → postgresql://site@host:port/db
    let host = url.split_once('@').ok_or("a URL with a user")?.1;
    let site_url = format!("postgresql://{}@{host}", site.site.db_role);
    Ok((url, site_url, site.password))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_syncs_and_writes_a_bundle_from_the_settings() -> Result<()> {
    let data = tempfile::tempdir()?;
    // The group crate's client is synchronous (it runs its own small runtime): off the
    // test's async threads, as the app runs it on a work thread.
    let dir = data.path().to_path_buf();
    let (url, site_url, password) = tokio::task::spawn_blocking(move || {
        let mut desk = signdesk_e2e::desk(&dir)?;
        sign(&mut desk, "张三", "E001", "客服部")?;
        group_with_site(&mut desk)
    })
    .await??;
    let usb = data.path().join("usb");
    std::fs::create_dir_all(&usb)?;
    let s = Session::start(data.path()).await?;
    let r = async {
        s.click("button[data-route=settings]").await?;
        s.wait_for("[data-testid=group-card]").await?;
        s.type_into("[data-testid=group-url]", &site_url).await?;
        s.type_into("[data-testid=group-password]", "不对的密码")
            .await?;
        s.click("[data-testid=group-save]").await?;
        s.wait_text("[data-testid=group-saved]", |t| t.contains("已保存"))
            .await?;
        s.click("[data-testid=group-sync]").await?;
        let refused = s
            .wait_text("[data-testid=group-error]", |t| !t.is_empty())
            .await?;
        assert!(refused.contains("用户名或密码不对"), "{refused}");

        s.type_into("[data-testid=group-password]", &password)
            .await?;
        s.click("[data-testid=group-save]").await?;
        s.wait_text("[data-testid=group-saved]", |t| t.contains("已保存"))
            .await?;
        s.click("[data-testid=group-sync]").await?;
        let done = s
            .wait_text("[data-testid=group-synced]", |t| t.contains("同步完成"))
            .await?;
        assert!(done.contains("新送达 1 份"), "{done}");
        s.wait_text("[data-testid=group-acked]", |t| t.contains("集团已确认"))
            .await?;

        s.type_into("[data-testid=bundle-folder]", &usb.display().to_string())
            .await?;
        s.click("[data-testid=bundle-export]").await?;
        let written = s
            .wait_text("[data-testid=bundle-done]", |t| t.contains("已写入"))
            .await?;
        assert!(written.contains(".sdbundle"), "{written}");
        s.screenshot("group-settings").await?;
        Ok::<_, signdesk_e2e::Error>(())
    }
    .await;
    s.close().await?;
    r?;

    // What arrived is in the group archive, and the bundle (after the sync: nothing new
    // but the chain since) imports there without a refusal.
    tokio::task::spawn_blocking(move || -> Result<()> {
        let mut c = signdesk_group::connect(&url, None)?;
        let n: i64 = c.query_one("SELECT count(*) FROM agreements", &[])?.get(0);
        assert_eq!(n, 1);
        let bundle = std::fs::read_dir(&usb)?
            .next()
            .ok_or("no bundle written")??
            .path();
        let out = signdesk_group::ingest::import_bundle(&mut c, std::fs::File::open(bundle)?)?;
        assert_eq!((out.added, out.unchanged), (0, 0), "{out:?}");
        Ok(())
    })
    .await?
}
