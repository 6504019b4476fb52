//! Opening the archive from the command line: the organiser passphrase (and, for a new
//! archive, the organisation's name) comes from `SIGNDESK_PASSPHRASE` /
//! `SIGNDESK_ORG`, or is asked for on the terminal without echo. A script without a
//! terminal and without the variables gets a clear error, never a hang.

use signdesk_core::ErrorKind;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use signdesk_core::{CoreError, Desk, FolderState};

pub const PASSPHRASE_ENV: &str = "SIGNDESK_PASSPHRASE";
pub const ORG_ENV: &str = "SIGNDESK_ORG";
pub const NEW_PASSPHRASE_ENV: &str = "SIGNDESK_NEW_PASSPHRASE";

fn from_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn needs_terminal(what: &str, env: &str) -> CoreError {
    CoreError::invalid(
        ErrorKind::PassphraseRequired,
        format!("需要{what}：请设置环境变量 {env}，或在终端中运行以输入"),
    )
}

/// A passphrase from `env`, else typed (without echo) on the terminal.
pub fn passphrase(env: &str, prompt: &str) -> Result<String, CoreError> {
    if let Some(p) = from_env(env) {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        return Err(needs_terminal("口令", env));
    }
    rpassword::prompt_password(prompt)
        .map_err(|e| CoreError::failed(ErrorKind::PassphraseRequired, "无法从终端读取口令", e))
}

/// A new passphrase: from `env`, else typed twice.
pub fn new_passphrase(env: &str) -> Result<String, CoreError> {
    if let Some(p) = from_env(env) {
        return Ok(p);
    }
    let first = passphrase(env, "设置口令（至少 8 个字符）：")?;
    signdesk_core::keyfile::check_passphrase(&first)?;
    let again = passphrase(env, "再输入一次：")?;
    if again != first {
        return Err(CoreError::invalid(
            ErrorKind::PassphraseMismatch,
            "两次输入的口令不一致",
        ));
    }
    Ok(first)
}

fn organisation() -> Result<String, CoreError> {
    if let Some(o) = from_env(ORG_ENV) {
        return Ok(o);
    }
    if !std::io::stdin().is_terminal() {
        return Err(needs_terminal("单位名称", ORG_ENV));
    }
    eprint!("新建档案库。单位名称：");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| CoreError::failed(ErrorKind::BadArgument, "无法从终端读取单位名称", e))?;
    Ok(line.trim().to_string())
}

/// Opens the archive in `dir`, creating it on first use.
pub fn open(dir: &Path) -> Result<Desk, CoreError> {
    match Desk::folder_state(dir) {
        FolderState::Empty => {
            let org = organisation()?;
            let pass = new_passphrase(PASSPHRASE_ENV)?;
            let desk = Desk::create(dir, &org, &pass)?;
            eprintln!("已新建加密档案库：{}（{org}）", dir.display());
            Ok(desk)
        }
        FolderState::Locked { .. } => Desk::open(dir, &passphrase(PASSPHRASE_ENV, "档案库口令：")?),
    }
}
