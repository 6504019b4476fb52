//! `signdesk-cli backup --out FILE [--force]`, `signdesk-cli restore FILE` and
//! `signdesk-cli passphrase`.

use std::path::{Path, PathBuf};

use clap::Args;
use signdesk_core::{CoreError, Desk};

use crate::output;

#[derive(Args)]
pub struct BackupArgs {
    /// 备份文件 / the backup file to write
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// 覆盖已存在的文件 / replace an existing file
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// 备份文件 / the backup file to restore from
    #[arg(value_name = "FILE")]
    file: PathBuf,
}

pub fn backup(desk: &mut Desk, a: &BackupArgs, json: bool) -> Result<(), CoreError> {
    let r = {
        let bar = crate::progress::bar(json);
        desk.backup(&a.out, a.force, &bar.job)?
    };
    if json {
        return output::json(&r);
    }
    println!(
        "已备份并核验：{}（{} 份协议，{} 字节）",
        r.path, r.agreements, r.bytes
    );
    println!("备份文件 SHA-256：{}", r.sha256);
    Ok(())
}

/// Runs before any `Desk` is opened on the data folder.
pub fn restore(data_dir: &Path, a: &RestoreArgs, json: bool) -> Result<(), CoreError> {
    let pass = crate::unlock::passphrase(crate::unlock::PASSPHRASE_ENV, "备份所用的档案库口令：")?;
    let r = {
        let bar = crate::progress::bar(json);
        signdesk_core::trust::restore(data_dir, &a.file, &pass, &bar.job)?
    };
    if json {
        return output::json(&r);
    }
    println!(
        "已从 {} 恢复档案库（{} 份协议）：{}",
        r.from, r.agreements, r.path
    );
    if let Some(p) = &r.previous {
        println!("原档案库保留为：{p}");
    }
    Ok(())
}

#[derive(Args, Debug)]
pub struct PassphraseArgs {
    /// 同时删除以前恢复时留下的旧档案库及其密钥（它们仍可用旧口令打开）/ also delete
    /// the archive and key file an earlier restore left (they open with the old passphrase)
    #[arg(long)]
    pub delete_old_copies: bool,
}

/// A new passphrase and a new archive key (the archive opened with the old one).
pub fn change_passphrase(
    desk: &mut Desk,
    args: &PassphraseArgs,
    json: bool,
) -> Result<(), CoreError> {
    let old = crate::unlock::passphrase(crate::unlock::PASSPHRASE_ENV, "当前口令：")?;
    let new = crate::unlock::new_passphrase(crate::unlock::NEW_PASSPHRASE_ENV)?;
    desk.change_passphrase(&old, &new)?;
    let (deleted, kept) = if args.delete_old_copies {
        (desk.delete_old_copies()?, Vec::new())
    } else {
        (Vec::new(), desk.old_copies()?)
    };
    let names =
        |v: &[signdesk_core::dto::OldCopy]| v.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
    if json {
        return output::json(&serde_json::json!({
            "changed": true,
            "old_copies": names(&kept),
            "deleted": names(&deleted),
        }));
    }
    println!("口令已修改；备份文件仍用做备份时的口令恢复");
    for c in &deleted {
        println!("已删除旧副本：{}", c.name);
    }
    if !kept.is_empty() {
        println!("数据文件夹中还有以前恢复时留下的旧副本，它们仍可用旧口令打开：");
        for c in &kept {
            println!("  {}", c.name);
        }
        println!("如要删除，请在签约台“设置”页删除，或改口令时加 --delete-old-copies");
    }
    Ok(())
}
