//! The group view (issue 25): the same app, opened on the group archive — `signdesk
//! --group URL`, or 「打开集团档案库」 on the first screen. Read-only: it searches
//! across sites, shows a PDF, exports a selection, counts 签订率 and re-verifies; it
//! opens no desk archive and signs nothing. The one thing it writes is a desk's
//! 上报包 imported at the group office (`import.rs`), through the group's ingest.
//!
//! A [`GroupView`] holds the connection string and the password (in memory only,
//! zeroised when dropped, never sent back to the window) and one connection, opened
//! when first needed. Every session is read-only (`default_transaction_read_only`),
//! whatever the account may do. The client is synchronous and runs its own small
//! runtime: call these methods on a blocking or work thread, never on an async one.
//! Long work (export, verify) opens a connection of its own ([`GroupView::detached`]),
//! so the view keeps answering while it runs.

mod export;
mod import;
mod print;
pub mod report_xlsx;

use std::sync::Mutex;

use serde::Serialize;
use signdesk_base::ErrorKind;
use signdesk_group::postgres::Client;
pub use signdesk_group::search::Query;
use signdesk_group::GroupError;
use ts_rs::TS;
use zeroize::Zeroizing;

use crate::CoreError;

pub use export::{GroupExported, MANIFEST};
pub use import::GroupImported;
pub use print::GroupPrinted;
/// What the view answers, for the shell (which links no group crate of its own).
pub use signdesk_group::{
    coverage::Coverage, report::YearReport, search::Found, search::Hit, verify::Report,
};

/// The longest search text (as the desk's archive search).
const MAX_QUERY_CHARS: usize = 100;

/// What the window may know of the connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupViewState {
    /// Who connects where (`anquanbu@10.0.0.5:5432/signdesk_group`), never the password.
    pub server: String,
    /// The connection string has no password and none was typed yet: the window asks.
    pub needs_password: bool,
}

pub struct GroupView {
    url: String,
    password: Option<Zeroizing<String>>,
    client: Mutex<Option<Client>>,
}

/// `--group URL` or `--group=URL` from the app's raw arguments.
pub fn from_args(args: impl IntoIterator<Item = String>) -> Option<String> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--group" {
            return args.next();
        }
        if let Some(v) = a.strip_prefix("--group=") {
            return Some(v.to_string());
        }
    }
    None
}

impl GroupView {
    /// The connection `url` (checked for form; nothing is contacted) with the password
    /// typed in the window, if any.
    pub fn new(url: &str, password: Option<&str>) -> Result<GroupView, CoreError> {
        let url = url.trim();
        if url.is_empty() {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                "请填写集团档案库的连接串（postgresql://用户@服务器:5432/数据库）",
            ));
        }
        signdesk_group::connect::config(url, None)?;
        Ok(GroupView {
            url: url.to_string(),
            password: password
                .filter(|p| !p.is_empty())
                .map(|p| Zeroizing::new(p.to_string())),
            client: Mutex::new(None),
        })
    }

    /// The same connection string with `password` (typed once in the window).
    pub fn with_password(&self, password: &str) -> Result<GroupView, CoreError> {
        GroupView::new(&self.url, Some(password))
    }

    /// The same connection string, its typed password and connection forgotten (the
    /// session's idle lock).
    pub fn forgotten(&self) -> GroupView {
        GroupView {
            url: self.url.clone(),
            password: None,
            client: Mutex::new(None),
        }
    }

    pub fn needs_password(&self) -> bool {
        self.password.is_none()
            && !signdesk_group::connect::has_password(&self.url).unwrap_or(false)
    }

    pub fn state(&self) -> GroupViewState {
        GroupViewState {
            server: signdesk_group::connect::describe(&self.url).unwrap_or_default(),
            needs_password: self.needs_password(),
        }
    }

    /// A new read-only connection on the current schema: for long work, which must not
    /// hold the view's own connection.
    pub fn detached(&self) -> Result<Client, CoreError> {
        let mut client = self.writable()?;
        client
            .batch_execute("SET default_transaction_read_only = on")
            .map_err(GroupError::from)?;
        signdesk_group::schema::require_current(&mut client)?;
        Ok(client)
    }

    /// A connection that may write, for 导入上报包 alone (what it may write is the
    /// account's: a viewer's import is refused by the server).
    fn writable(&self) -> Result<Client, CoreError> {
        if self.needs_password() {
            return Err(CoreError::invalid(
                ErrorKind::GroupConnect,
                "请先输入集团档案库的密码",
            ));
        }
        let pw = self.password.as_ref().map(|p| p.as_str());
        Ok(signdesk_group::connect(&self.url, pw)?)
    }

    /// Runs `f` on the view's connection, opened when first needed; a connection that
    /// broke (a server restart, a network gap) is opened again once and `f` retried —
    /// everything here only reads.
    fn with_client<T>(
        &self,
        mut f: impl FnMut(&mut Client) -> Result<T, GroupError>,
    ) -> Result<T, CoreError> {
        let mut slot = self.client.lock().unwrap_or_else(|p| p.into_inner());
        let mut fresh = false;
        if slot.as_ref().is_none_or(Client::is_closed) {
            *slot = Some(self.detached()?);
            fresh = true;
        }
        let client = slot.as_mut().expect("opened above");
        match f(client) {
            Err(e) if e.kind == ErrorKind::GroupConnect && !fresh => {
                *slot = Some(self.detached()?);
                Ok(f(slot.as_mut().expect("opened above"))?)
            }
            r => Ok(r?),
        }
    }

    /// Connects (checking the password and the schema) and answers the registered
    /// sites' names, for the site filter.
    pub fn sites(&self) -> Result<Vec<String>, CoreError> {
        self.with_client(|c| {
            Ok(signdesk_group::sites::list(c)?
                .into_iter()
                .map(|s| s.name)
                .collect())
        })
    }

    pub fn search(&self, q: &Query) -> Result<Found, CoreError> {
        check_query(q)?;
        self.with_client(|c| signdesk_group::search::search(c, q))
    }

    /// One agreement's stored PDF.
    pub fn pdf(&self, site: &str, number: &str) -> Result<Vec<u8>, CoreError> {
        self.with_client(|c| signdesk_group::search::pdf(c, site, number))?
            .ok_or_else(|| {
                CoreError::invalid(
                    ErrorKind::NotFound,
                    format!("集团档案库中没有站点「{site}」的协议 {number}"),
                )
            })
    }

    /// 签订率 of `year`.
    pub fn coverage(&self, year: i32) -> Result<Coverage, CoreError> {
        CoreError::year(year)?;
        self.with_client(|c| signdesk_group::coverage::coverage(c, year))
    }

    /// The year's assessment per site and department.
    pub fn report(&self, year: i32) -> Result<YearReport, CoreError> {
        CoreError::year(year)?;
        self.with_client(|c| signdesk_group::report::report(c, year))
    }

    /// The year's report as an .xlsx, written into `folder` as `集团年度考核-<year>.xlsx`
    /// (replaced if there); answers its path.
    pub fn report_xlsx_into(
        &self,
        year: i32,
        folder: &std::path::Path,
    ) -> Result<String, CoreError> {
        CoreError::year(year)?;
        if !folder.is_dir() {
            return Err(CoreError::invalid(
                ErrorKind::FileUnwritable,
                format!("文件夹 {} 不存在", folder.display()),
            ));
        }
        let (report, people) = self.with_client(|c| {
            Ok((
                signdesk_group::report::report(c, year)?,
                signdesk_group::report::people(c, year)?,
            ))
        })?;
        let bytes = report_xlsx::workbook(&report, &people)?;
        let path = folder.join(format!("集团年度考核-{year}.xlsx"));
        std::fs::write(&path, bytes)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法写入", &path, &e))?;
        Ok(path.display().to_string())
    }

    /// Every chain and PDF again, on a connection of its own (long work).
    pub fn verify(&self, job: &signdesk_base::Job) -> Result<Report, CoreError> {
        let mut client = self.detached()?;
        let report = signdesk_group::verify::verify_with(&mut client, job).map_err(|e| {
            if e.kind == ErrorKind::Cancelled {
                GroupError::new(ErrorKind::Cancelled, "已取消核验")
            } else {
                e
            }
        })?;
        Ok(report)
    }
}

/// The search as typed: a text of reasonable length and a year in range.
fn check_query(q: &Query) -> Result<(), CoreError> {
    if q.text.chars().count() > MAX_QUERY_CHARS {
        return Err(CoreError::invalid(
            ErrorKind::QueryTooLong,
            format!("搜索内容太长（最多 {MAX_QUERY_CHARS} 个字）"),
        ));
    }
    if let Some(y) = q.year {
        CoreError::year(y)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_group_url_comes_from_the_arguments() {
        let a = |v: &[&str]| from_args(v.iter().map(|s| s.to_string()));
        assert_eq!(
            a(&["signdesk", "--group", "postgresql://v@h/g"]).as_deref(),
            Some("postgresql://v@h/g")
        );
        assert_eq!(
            a(&["signdesk", "--data", "/d", "--group=postgresql://v@h/g"]).as_deref(),
            Some("postgresql://v@h/g")
        );
        assert_eq!(a(&["signdesk", "--data", "/d"]), None);
    }

    #[test]
    fn the_window_is_asked_for_a_password_only_when_the_url_has_none() {
        let v = GroupView::new(" postgresql://anquanbu@10.0.0.5:5432/g ", None).unwrap();
        assert_eq!(
            v.state(),
            GroupViewState {
                server: "anquanbu@10.0.0.5:5432/g".into(),
                needs_password: true
            }
        );
        assert!(!v.with_password("geheim").unwrap().needs_password());
        assert!(v
            .with_password("geheim")
            .unwrap()
            .forgotten()
            .needs_password());
        let inline = GroupView::new("postgresql://a:geheim@h/g", None).unwrap();
        assert!(!inline.needs_password());
        assert!(!inline.state().server.contains("geheim"));
        assert_eq!(
            GroupView::new("  ", None).err().unwrap().kind(),
            ErrorKind::BadArgument
        );
        // Asking needs no server: without a password nothing is even tried.
        assert_eq!(v.sites().unwrap_err().kind(), ErrorKind::GroupConnect);
    }

    #[test]
    fn a_search_too_long_or_out_of_years_is_refused_before_the_server() {
        let v = GroupView::new("postgresql://a@127.0.0.1:1/g", Some("x")).unwrap();
        let q = |text: &str, year| Query {
            text: text.into(),
            year,
            limit: 50,
            ..Default::default()
        };
        assert_eq!(
            v.search(&q(&"张".repeat(101), None)).unwrap_err().kind(),
            ErrorKind::QueryTooLong
        );
        assert_eq!(
            v.search(&q("张三", Some(1999))).unwrap_err().kind(),
            ErrorKind::BadYear
        );
        assert_eq!(v.coverage(3000).unwrap_err().kind(), ErrorKind::BadYear);
    }
}
