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
    let r = desk.backup(&a.out, a.force)?;
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
    let r = signdesk_core::trust::restore(data_dir, &a.file, &pass)?;
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

/// Re-seals the archive key under a new passphrase (the archive opened with the old).
pub fn change_passphrase(desk: &mut Desk, json: bool) -> Result<(), CoreError> {
    let old = crate::unlock::passphrase(crate::unlock::PASSPHRASE_ENV, "当前口令：")?;
    let new = crate::unlock::new_passphrase(crate::unlock::NEW_PASSPHRASE_ENV)?;
    desk.change_passphrase(&old, &new)?;
    if json {
        return output::json(&serde_json::json!({ "changed": true }));
    }
    println!("口令已修改；备份文件仍用做备份时的口令恢复");
    Ok(())
}
