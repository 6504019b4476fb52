//! Windows: the window is drawn by the WebView2 runtime, which Windows 10 (updated)
//! and 11 carry but a stripped-down or offline machine may lack. Without it the window
//! cannot open; say so in Chinese and say what to install, instead of failing silently.
//! The installer checks the same (scripts/windows/signdesk.nsi); nothing is downloaded.

use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONWARNING, MB_OK};

const MESSAGE: &str = "签约台的窗口需要 Microsoft Edge WebView2 运行时，这台电脑上没有找到。\n\n\
请向信息部门索取“WebView2 运行时独立安装程序（Evergreen Standalone Installer）”，\
安装后再打开签约台。\n\n命令行工具 signdesk-cli 不需要它，现在即可使用。";

/// Whether WebView2 is installed; when it is not, tells the user and returns false.
pub fn present_or_explained() -> bool {
    if tauri::webview_version().is_ok() {
        return true;
    }
    let text: Vec<u16> = MESSAGE.encode_utf16().chain([0]).collect();
    let title: Vec<u16> = "签约台".encode_utf16().chain([0]).collect();
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call; no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONWARNING,
        )
    };
    false
}
