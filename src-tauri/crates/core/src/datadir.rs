//! Where the archive lives: `--data DIR`, else `SIGNDESK_DATA`, else the OS's
//! per-user application-data folder (the embedded default; no server).

use std::path::PathBuf;

use crate::CoreError;

/// The app identifier; also the folder name under the OS data directory, so the
/// desktop app and the CLI find the same archive.
pub const APP_IDENTIFIER: &str = "cn.signdesk.app";

/// Environment variable that overrides the data folder.
pub const DATA_ENV: &str = "SIGNDESK_DATA";

pub fn resolve(explicit: Option<PathBuf>) -> Result<PathBuf, CoreError> {
    if let Some(dir) = explicit.filter(|d| !d.as_os_str().is_empty()) {
        return Ok(dir);
    }
    if let Some(dir) = std::env::var_os(DATA_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    dirs::data_dir()
        .map(|d| d.join(APP_IDENTIFIER))
        .ok_or(CoreError::NoDataDir)
}

/// `--data DIR` or `--data=DIR` from a raw argument list (the desktop app has no
/// argument parser of its own).
pub fn from_args(args: impl IntoIterator<Item = String>) -> Option<PathBuf> {
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        if a == "--data" {
            return args.next().map(PathBuf::from);
        }
        if let Some(v) = a.strip_prefix("--data=") {
            return Some(PathBuf::from(v));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_dir_wins() {
        assert_eq!(
            resolve(Some("/tmp/x".into())).unwrap(),
            PathBuf::from("/tmp/x")
        );
    }

    #[test]
    fn parses_both_argument_forms() {
        let a = |v: &[&str]| from_args(v.iter().map(|s| s.to_string()));
        assert_eq!(a(&["app", "--data", "/d"]), Some("/d".into()));
        assert_eq!(a(&["app", "--data=/e"]), Some("/e".into()));
        assert_eq!(a(&["app"]), None);
        assert_eq!(a(&["app", "--data"]), None);
    }
}
