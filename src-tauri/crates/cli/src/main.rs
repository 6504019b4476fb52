//! `signdesk-cli`: the SignDesk archive from the command line, for administrators,
//! scripts, tests and benchmarks. It links the same core as the desktop app and never
//! tauri or WebKit.
//!
//! Exit codes: 0 success, 1 the operation failed (message on stderr; with `--json`
//! also `{"error":{"kind","message"}}` on stdout) — for `verify` also: problems were
//! found (the report is printed) — 2 bad usage.

mod commands;
mod output;
mod progress;
mod unlock;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use signdesk_core::{datadir, CoreError};

#[derive(Parser)]
#[command(
    name = "signdesk-cli",
    version,
    about = "签约台命令行工具：管理本机的协议档案库\nSignDesk command-line tool: manage this computer's agreement archive",
    after_help = "数据文件夹：--data DIR，或环境变量 SIGNDESK_DATA，否则为系统的用户数据目录。\n\
                  Data folder: --data DIR, or SIGNDESK_DATA, else the OS's user data directory.\n\n\
                  档案库加密保存。口令：环境变量 SIGNDESK_PASSPHRASE，否则在终端输入；\n\
                  空文件夹上的第一个命令新建档案库，单位名称取自 SIGNDESK_ORG 或终端输入。\n\
                  The archive is encrypted. Passphrase: SIGNDESK_PASSPHRASE, else typed; the first\n\
                  command on an empty folder creates the archive (organisation: SIGNDESK_ORG or typed).\n\n\
                  出错时只显示中文说明；设置 SIGNDESK_DEBUG=1 时另外显示技术细节（供技术支持）。\n\
                  Errors are told in Chinese; with SIGNDESK_DEBUG=1 their technical detail follows.\n\n\
                  退出码：0 成功；1 操作失败（verify：发现问题）；2 用法错误。\n\
                  Exit codes: 0 success; 1 failed (verify: problems found); 2 bad usage."
)]
struct Cli {
    /// 数据文件夹（档案库所在位置）/ data folder holding the archive
    #[arg(long, global = true, value_name = "DIR")]
    data: Option<PathBuf>,

    /// 以 JSON 输出，供脚本使用 / print JSON for machines
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 显示档案库信息（路径、结构版本、数量）/ show archive path, schema version and counts
    Info,
    /// 协议模板：导入、列出、查看 / agreement templates: import, list, show
    #[command(subcommand)]
    Template(commands::template::TemplateCommand),
    /// 签署一份协议并归档（签名来自 PNG 文件）/ sign one agreement from PNG signatures and archive it
    Sign(commands::sign::SignArgs),
    /// 人员名单导入（CSV、.xlsx）/ import a staff roster (CSV, .xlsx)
    #[command(subcommand)]
    Roster(commands::roster::RosterCommand),
    /// 签约仪式：进度、续签、结束 / signing ceremonies: progress, renewal, close
    #[command(subcommand)]
    Ceremony(commands::ceremony::CeremonyCommand),
    /// 年度考核：方案、录入、导入、结果、汇总 / the year's assessment: scheme, entry, import, results, report
    #[command(subcommand)]
    Assess(commands::assess::AssessCommand),
    /// 签约锁定模式 / kiosk mode
    #[command(subcommand)]
    Kiosk(commands::ceremony::KioskCommand),
    /// 人员 / people in the archive
    #[command(subcommand)]
    People(commands::people::PeopleCommand),
    /// 本机数字签名证书 / the installation seal (certificates)
    #[command(subcommand)]
    Seal(commands::seal::SealCommand),
    /// 搜索协议档案 / search the archive
    Search(commands::search::SearchArgs),
    /// 查看一份协议的记录 / show one agreement's record
    Show(commands::show::ShowArgs),
    /// 作废一份协议（保留原件）/ void an agreement (the original is kept)
    Void(commands::void::VoidArgs),
    /// 导出协议 PDF 和清单 / export PDFs and a manifest
    Export(commands::export::ExportArgs),
    /// 打印协议（每份按份数）/ print agreements, each in its number of copies
    Print(commands::print::PrintArgs),
    /// 列出打印机 / list printers
    Printers,
    /// 核验整个档案库（完好时退出码 0，发现问题时 1）/ check the whole archive (exit 0 ok, 1 problems)
    Verify(commands::verify::VerifyArgs),
    /// 备份档案库到一个文件（写完即核验）/ back up the archive to one verified file
    Backup(commands::backup::BackupArgs),
    /// 从备份恢复档案库（原档案库另行保留）/ restore the archive from a backup (the current one is kept aside)
    Restore(commands::backup::RestoreArgs),
    /// 修改档案库口令（新口令取自 SIGNDESK_NEW_PASSPHRASE 或终端）/ change the archive passphrase
    Passphrase(commands::backup::PassphraseArgs),
    /// 上报包：导出给集团档案库 / bundles for the group archive
    #[command(subcommand)]
    Bundle(commands::group::BundleCommand),
    /// 同步到集团档案库（在线）/ send to the group archive online
    Sync(commands::group::SyncArgs),
    /// 集团档案库（在集团使用，不需要本机档案库）/ the group archive (no desk archive needed)
    Group(commands::group::GroupArgs),
    /// 自检：在临时档案库中检查本机能否正常使用（不改动本机档案库）/ self-test this machine
    SelfTest(commands::self_test::SelfTestArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(e) => {
            output::error(cli.json, &e);
            ExitCode::from(1)
        }
    }
}

fn run(cli: &Cli) -> Result<ExitCode, CoreError> {
    // The group archive lives on its server: no desk archive is opened for it.
    if let Command::Group(args) = &cli.command {
        let ok = commands::group::run(args, cli.json)?;
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let dir = datadir::resolve(cli.data.clone())?;
    // The self-test works in a temporary archive of its own.
    if let Command::SelfTest(args) = &cli.command {
        let ok = commands::self_test::run(&dir, args, cli.json)?;
        return Ok(if ok {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    // Restore replaces the archive file, so it runs before anything opens it.
    if let Command::Restore(args) = &cli.command {
        commands::backup::restore(&dir, args, cli.json)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut desk = unlock::open(&dir)?;
    let done = |r: Result<(), CoreError>| r.map(|()| ExitCode::SUCCESS);
    match &cli.command {
        Command::Info => done(commands::info::run(&desk, cli.json)),
        Command::Template(cmd) => done(commands::template::run(&mut desk, cmd, cli.json)),
        Command::Sign(args) => commands::sign::run(&mut desk, args, cli.json),
        Command::Roster(cmd) => done(commands::roster::run(&mut desk, cmd, cli.json)),
        Command::Ceremony(cmd) => done(commands::ceremony::run(&mut desk, cmd, cli.json)),
        Command::Kiosk(cmd) => done(commands::ceremony::kiosk(&mut desk, cmd, cli.json)),
        Command::People(cmd) => done(commands::people::run(&desk, cmd, cli.json)),
        Command::Seal(cmd) => done(commands::seal::run(&mut desk, cmd, cli.json)),
        Command::Search(args) => done(commands::search::run(&desk, args, cli.json)),
        Command::Show(args) => done(commands::show::run(&desk, args, cli.json)),
        Command::Void(args) => done(commands::void::run(&mut desk, args, cli.json)),
        Command::Export(args) => done(commands::export::run(&mut desk, args, cli.json)),
        Command::Print(args) => done(commands::print::run(&mut desk, args, cli.json)),
        Command::Printers => done(commands::print::printers(&desk, cli.json)),
        Command::Assess(cmd) => commands::assess::run(&mut desk, cmd, cli.json),
        Command::Verify(args) => commands::verify::run(&mut desk, args, cli.json),
        Command::Backup(args) => done(commands::backup::backup(&mut desk, args, cli.json)),
        Command::Passphrase(a) => done(commands::backup::change_passphrase(&mut desk, a, cli.json)),
        Command::Bundle(cmd) => done(commands::group::bundle(&mut desk, cmd, cli.json)),
        Command::Sync(args) => done(commands::group::sync(&mut desk, args, cli.json)),
        Command::Restore(_) => unreachable!("restore runs before the archive is opened"),
        Command::Group(_) => unreachable!("group runs without a desk archive"),
        Command::SelfTest(_) => unreachable!("the self-test runs without the desk archive"),
    }
}
