//! The group archive from the command line (issue 25).
//!
//! At a desk (the archive is opened): `bundle export` writes a 上报包, `sync` sends
//! online. At the group office (no desk archive needed): `group --url URL init | site
//! add | site list | viewer add | import | search | coverage | verify | pdf`. The
//! password comes from the URL, `PGPASSWORD`, or is typed on a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use signdesk_base::ErrorKind;
use signdesk_core::{CoreError, Desk};
use signdesk_group as group;

use crate::output;

/// The environment variable the group archive's connection string may come from.
pub const URL_ENV: &str = "SIGNDESK_GROUP_URL";

#[derive(Subcommand, Debug)]
pub enum BundleCommand {
    /// 导出上报包（集团尚未确认收到的部分，或某一年）/ write a bundle of what the group has not acknowledged
    Export(BundleExportArgs),
    /// 登记集团导入后的回执（group import --json 的输出）/ record the group's receipt of an import
    Ack(BundleAckArgs),
}

#[derive(Args, Debug)]
pub struct BundleAckArgs {
    /// 回执文件：集团导入上报包时 group import --json 的输出 / the import's JSON output
    #[arg(long, value_name = "FILE", conflicts_with_all = ["entries", "hash"])]
    pub receipt: Option<PathBuf>,
    /// 集团审计链到达的条数 / the entries the group's chain for this site reached
    #[arg(long, requires = "hash")]
    pub entries: Option<i64>,
    /// 该条的哈希 / that entry's hash
    #[arg(long, requires = "entries")]
    pub hash: Option<String>,
}

#[derive(Args, Debug)]
pub struct BundleExportArgs {
    /// 上报包文件，或在其中命名的文件夹 / the bundle file, or a folder to name it in
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// 只含这一年的协议（审计链照常全部附上）/ only this year's agreements
    #[arg(long)]
    pub year: Option<i32>,
}

#[derive(Args, Debug)]
pub struct SyncArgs {
    /// 集团档案库连接串（缺省取设置中保存的，或 SIGNDESK_GROUP_URL）/ connection string
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
}

#[derive(Args, Debug)]
pub struct GroupArgs {
    /// 集团档案库连接串，如 postgresql://用户@主机:5432/数据库 / connection string
    #[arg(long, value_name = "URL", env = URL_ENV)]
    pub url: String,
    #[command(subcommand)]
    pub command: GroupCommand,
}

#[derive(Subcommand, Debug)]
pub enum GroupCommand {
    /// 建立或升级集团档案库的表、角色和权限 / create or upgrade the schema, roles and policies
    Init,
    /// 站点 / sites
    #[command(subcommand)]
    Site(SiteCommand),
    /// 只读账号 / read-only logins
    #[command(subcommand)]
    Viewer(ViewerCommand),
    /// 导入上报包（验证后入库，失败则什么也不留下）/ import a bundle (verified; all or nothing)
    Import {
        /// 上报包文件 / the bundle file
        file: PathBuf,
    },
    /// 跨站点搜索 / search across sites
    Search {
        /// 姓名（或其一部分）、拼音、首字母、工号或协议编号；空则浏览 / name, pinyin, initials, number
        #[arg(default_value = "")]
        query: String,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        site: Option<String>,
        #[arg(long)]
        department: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: i64,
    },
    /// 签订率：各站点各部门名单人数、已签、未签名单 / signing coverage per site and department
    Coverage {
        #[arg(long)]
        year: i32,
    },
    /// 年度考核汇总：各站点各部门已签、已考核、平均分、达奖励线、低于合格线、已确认 / the year's assessment per site and department
    Report {
        #[arg(long)]
        year: i32,
        /// 另存为 Excel（汇总与明细两张表）/ also write the report as .xlsx
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
    },
    /// 重新核验全部 PDF 的哈希与印章和各站点的审计链 / re-check every hash, seal and chain
    Verify,
    /// 取出一份协议的 PDF / write one agreement's PDF
    Pdf {
        #[arg(long)]
        site: String,
        #[arg(long)]
        number: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum SiteCommand {
    /// 登记站点及其根证书（显示一次该站点的数据库账号密码）/ register a site with its root certificate
    Add {
        #[arg(long)]
        name: String,
        /// 站点导出的根证书（PEM）/ the site's root certificate (PEM)
        #[arg(long, value_name = "ROOT.pem")]
        root: PathBuf,
    },
    /// 列出站点 / list sites
    List,
}

#[derive(Subcommand, Debug)]
pub enum ViewerCommand {
    /// 建立只读账号（或重设其密码）/ create a read-only login (or reset its password)
    Add {
        #[arg(long)]
        name: String,
    },
}

/// The password when the connection string has none: `PGPASSWORD`, else typed.
fn password(url: &str) -> Result<Option<String>, CoreError> {
    if group::connect::config(url, None)?.get_password().is_some() {
        return Ok(None);
    }
    if let Ok(p) = std::env::var("PGPASSWORD") {
        return Ok(Some(p));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    rpassword::prompt_password("集团档案库密码：")
        .map(Some)
        .map_err(|e| CoreError::failed(ErrorKind::PassphraseRequired, "无法从终端读取密码", e))
}

pub fn bundle(desk: &mut Desk, cmd: &BundleCommand, json: bool) -> Result<(), CoreError> {
    let args = match cmd {
        BundleCommand::Export(args) => args,
        BundleCommand::Ack(args) => return bundle_ack(desk, args, json),
    };
    let r = {
        let bar = crate::progress::bar(json);
        desk.group_bundle_export(&args.out, args.year, &bar.job)?
    };
    if json {
        return output::json(&r);
    }
    println!(
        "已写入上报包 {}：{} 份协议，审计链到第 {} 条",
        r.file, r.agreements, r.head.entries
    );
    Ok(())
}

/// The position a receipt names: from the import's JSON (`head`) or typed.
fn receipt_head(args: &BundleAckArgs) -> Result<signdesk_base::chain::ChainPosition, CoreError> {
    let bad = |m: String| CoreError::invalid(ErrorKind::BadArgument, m);
    match (&args.receipt, args.entries, &args.hash) {
        (Some(f), _, _) => {
            let text = std::fs::read_to_string(f)
                .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取回执", f, &e))?;
            let v: serde_json::Value = serde_json::from_str(&text)
                .map_err(|_| bad(format!("{} 不是 group import --json 的输出", f.display())))?;
            serde_json::from_value(v["head"].clone())
                .map_err(|_| bad(format!("{} 中没有审计链位置（head）", f.display())))
        }
        (None, Some(entries), Some(hash)) => Ok(signdesk_base::chain::ChainPosition {
            entries,
            hash: hash.trim().to_string(),
        }),
        _ => Err(bad(
            "请给出 --receipt 回执文件，或 --entries 与 --hash".into()
        )),
    }
}

fn bundle_ack(desk: &mut Desk, args: &BundleAckArgs, json: bool) -> Result<(), CoreError> {
    let head = receipt_head(args)?;
    let s = desk.group_acknowledge(&head)?;
    if json {
        return output::json(&s);
    }
    println!(
        "已登记集团回执：集团已收到审计链前 {} 条，下次上报包从第 {} 条开始",
        s.acked_entries.unwrap_or(0),
        s.acked_entries.unwrap_or(0) + 1
    );
    Ok(())
}

pub fn sync(desk: &mut Desk, args: &SyncArgs, json: bool) -> Result<(), CoreError> {
    let url = args.url.clone().or_else(|| std::env::var(URL_ENV).ok());
    let pw = match &url {
        Some(u) => password(u)?,
        None => None,
    };
    let r = {
        let bar = crate::progress::bar(json);
        desk.group_sync(url.as_deref(), pw.as_deref(), &bar.job)?
    };
    if json {
        return output::json(&r);
    }
    println!(
        "已同步到集团档案库：新送达 {} 份，已有 {} 份；集团收到的审计链到第 {} 条",
        r.sent, r.unchanged, r.head.entries
    );
    Ok(())
}

/// Runs a `group …` command; answers whether all was well (`verify` finds problems → false).
pub fn run(args: &GroupArgs, json: bool) -> Result<bool, CoreError> {
    let pw = password(&args.url)?;
    let mut client = group::connect(&args.url, pw.as_deref())?;
    match &args.command {
        GroupCommand::Init => {
            let v = group::schema::migrate(&mut client)?;
            print(json, &serde_json::json!({ "schema": v }), || {
                format!("集团档案库已就绪（结构第 {v} 版）")
            })
        }
        GroupCommand::Site(SiteCommand::Add { name, root }) => {
            let pem = std::fs::read_to_string(root)
                .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取", root, &e))?;
            let der = signdesk_seal::root_der_from_pem(&pem).ok_or_else(|| {
                CoreError::invalid(
                    ErrorKind::BadArgument,
                    format!("{} 不是 PEM 格式的证书", root.display()),
                )
            })?;
            group::schema::require_current(&mut client)?;
            let added = group::sites::add(&mut client, name, &der)?;
            print(json, &added, || {
                format!(
                    "已登记站点「{}」。该站点的数据库账号：{}  密码：{}（只显示这一次，请交给站点管理员）",
                    added.site.name, added.site.db_role, added.password
                )
            })
        }
        GroupCommand::Site(SiteCommand::List) => {
            group::schema::require_current(&mut client)?;
            let sites = group::sites::list(&mut client)?;
            print(json, &serde_json::json!({ "sites": sites }), || {
                sites
                    .iter()
                    .map(|s| format!("{}\t{}\t{}", s.name, s.db_role, s.root_fingerprint))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        GroupCommand::Viewer(ViewerCommand::Add { name }) => {
            group::schema::require_current(&mut client)?;
            let password = group::sites::add_viewer(&mut client, name)?;
            print(
                json,
                &serde_json::json!({ "role": name, "password": password }),
                || format!("只读账号 {name} 的密码：{password}（只显示这一次）"),
            )
        }
        GroupCommand::Import { file } => {
            let f = std::fs::File::open(file)
                .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取", file, &e))?;
            let out = group::ingest::import_bundle(&mut client, std::io::BufReader::new(f))?;
            print(json, &out, || {
                format!(
                    "已导入站点「{}」的上报包：新增 {} 份协议，已有 {} 份，作废 {} 份；审计链到第 {} 条",
                    out.site, out.added, out.unchanged, out.voids, out.head.entries
                )
            })
        }
        GroupCommand::Search {
            query,
            year,
            site,
            department,
            limit,
        } => {
            let a = super::group_read::SearchArgs {
                query,
                year: *year,
                site: site.as_deref(),
                department: department.as_deref(),
                limit: *limit,
            };
            super::group_read::search(&mut client, &a, json)
        }
        GroupCommand::Coverage { year } => super::group_read::coverage(&mut client, *year, json),
        GroupCommand::Report { year, xlsx } => {
            super::group_read::report(&mut client, *year, xlsx.as_deref(), json)
        }
        GroupCommand::Verify => return super::group_read::verify(&mut client, json),
        GroupCommand::Pdf { site, number, out } => {
            super::group_read::pdf(&mut client, site, number, out, json)
        }
    }?;
    Ok(true)
}

pub(super) fn print<T: serde::Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> Result<(), CoreError> {
    if json {
        output::json(value)
    } else {
        println!("{}", text());
        Ok(())
    }
}
