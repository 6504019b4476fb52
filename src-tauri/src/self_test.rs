//! `signdesk --self-test [--out DIR]` (issue 27): the self-test without a window, for
//! IT at a customer's machine — the web view's version included, which only the app
//! can read. Prints the report as JSON and exits 0 when nothing failed, 1 otherwise;
//! the sealed PDF and the JSON file go to DIR (default `<data folder>/自检报告`).

use std::path::{Path, PathBuf};

use signdesk_core::selftest::{self, SelfTestEnv};
use signdesk_core::{Desk, FolderState};

/// Runs the self-test when the command line asks for it; answers the exit code.
pub fn if_asked(data_dir: Option<&Path>) -> Option<i32> {
    let args: Vec<String> = std::env::args().collect();
    if !args.iter().any(|a| a == "--self-test") {
        return None;
    }
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);
    let data = data_dir.map(Path::to_path_buf);
    // The clock check needs the archive's last signing: only when its passphrase is
    // given, as for the CLI.
    let last_signed_at = match (&data, std::env::var("SIGNDESK_PASSPHRASE")) {
        (Some(d), Ok(p)) if matches!(Desk::folder_state(d), FolderState::Locked { .. }) => {
            Desk::open(d, &p)
                .ok()
                .and_then(|desk| desk.last_signed_at().ok().flatten())
        }
        _ => None,
    };
    let env = SelfTestEnv {
        out: out.unwrap_or_else(|| match &data {
            Some(d) => selftest::default_out(d),
            None => std::env::temp_dir().join("签约台自检报告"),
        }),
        data_dir: data,
        webview: webview(),
        webview_expected: true,
        screen: None,
        last_signed_at,
    };
    let report = selftest::run(&env, &signdesk_core::Job::silent());
    match serde_json::to_string_pretty(&report) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("自检报告无法输出：{e}"),
    }
    Some(if report.ok { 0 } else { 1 })
}

/// The web view's engine and version, as the platform reports it.
pub fn webview() -> Option<String> {
    let v = tauri::webview_version().ok()?;
    Some(if cfg!(windows) {
        format!("WebView2 {v}")
    } else {
        format!("WebKitGTK {v}")
    })
}
