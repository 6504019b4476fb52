//! Printing on Windows, through documented Win32 calls and no command lines:
//! `EnumPrintersW` / `GetDefaultPrinterW` list the printers, and the merged PDF goes to
//! the chosen one through the shell's `printto` verb (`ShellExecuteExW`: the PDF handler
//! registered for `.pdf` prints it on the printer named in its parameters — the
//! documented way to print a document type the program does not render itself).
//!
//! The decrypted PDF has to exist as a file for the handler. It is written to a
//! private folder (`%LOCALAPPDATA%\SignDesk\print`), removed as soon as the handler's
//! process ends (waited for up to [`HANDLER_WAIT`]), and any file a crash or a handler
//! that kept running left behind is removed at the next print or printer listing.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use signdesk_archive::ArchiveError;
use signdesk_base::ErrorKind;
use windows_sys::Win32::Foundation::CloseHandle;
use windows_sys::Win32::Graphics::Printing::{
    EnumPrintersW, GetDefaultPrinterW, PRINTER_ENUM_CONNECTIONS, PRINTER_ENUM_LOCAL,
    PRINTER_INFO_4W,
};
use windows_sys::Win32::System::Threading::WaitForSingleObject;
use windows_sys::Win32::UI::Shell::{
    ShellExecuteExW, SEE_MASK_FLAG_NO_UI, SEE_MASK_NOASYNC, SEE_MASK_NOCLOSEPROCESS,
    SHELLEXECUTEINFOW,
};

/// How long the PDF handler may take before its file is left for the next sweep.
const HANDLER_WAIT: Duration = Duration::from_secs(120);
/// A print file older than this is a leftover.
const STALE: Duration = Duration::from_secs(15 * 60);

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().chain([0]).collect()
}

/// # Safety
/// `p` is null or points to a NUL-terminated UTF-16 string.
unsafe fn from_wide(p: *const u16) -> String {
    if p.is_null() {
        return String::new();
    }
    let mut n = 0;
    // SAFETY: the caller promises a terminator.
    while unsafe { *p.add(n) } != 0 {
        n += 1;
    }
    // SAFETY: `n` characters were just read.
    String::from_utf16_lossy(unsafe { std::slice::from_raw_parts(p, n) })
}

fn io(what: &'static str) -> impl Fn(std::io::Error) -> ArchiveError {
    ArchiveError::io_with(what)
}

fn default_printer() -> Option<String> {
    let mut len = 0u32;
    // SAFETY: asking for the size only (null buffer, length out).
    unsafe { GetDefaultPrinterW(std::ptr::null_mut(), &mut len) };
    if len == 0 {
        return None;
    }
    let mut buf = vec![0u16; len as usize];
    // SAFETY: `buf` holds `len` characters, as the call asked for.
    let ok = unsafe { GetDefaultPrinterW(buf.as_mut_ptr(), &mut len) };
    // SAFETY: on success the buffer holds a NUL-terminated name.
    (ok != 0).then(|| unsafe { from_wide(buf.as_ptr()) })
}

/// The printers this computer can print to, local ones and connections to shared ones:
/// (name, whether it is the default).
pub fn printers() -> Result<Vec<(String, bool)>, ArchiveError> {
    sweep();
    let flags = PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS;
    let (mut needed, mut count) = (0u32, 0u32);
    // SAFETY: size query with an empty buffer.
    unsafe {
        EnumPrintersW(
            flags,
            std::ptr::null(),
            4,
            std::ptr::null_mut(),
            0,
            &mut needed,
            &mut count,
        )
    };
    if needed == 0 {
        return Ok(Vec::new());
    }
    // u64 storage: the PRINTER_INFO_4W records at its start need pointer alignment.
    let mut buf = vec![0u64; (needed as usize).div_ceil(8)];
    // SAFETY: `buf` has at least `needed` bytes.
    let ok = unsafe {
        EnumPrintersW(
            flags,
            std::ptr::null(),
            4,
            buf.as_mut_ptr().cast(),
            needed,
            &mut needed,
            &mut count,
        )
    };
    if ok == 0 {
        return Err(io("读取打印机列表")(std::io::Error::last_os_error()));
    }
    let default = default_printer();
    // SAFETY: on success the buffer starts with `count` PRINTER_INFO_4W records whose
    // strings point into the same buffer.
    let infos = unsafe {
        std::slice::from_raw_parts(buf.as_ptr().cast::<PRINTER_INFO_4W>(), count as usize)
    };
    Ok(infos
        .iter()
        // SAFETY: see above.
        .map(|i| unsafe { from_wide(i.pPrinterName) })
        .filter(|n| !n.is_empty())
        .map(|name| {
            let is_default = default.as_deref() == Some(name.as_str());
            (name, is_default)
        })
        .collect())
}

fn print_dir() -> Result<PathBuf, ArchiveError> {
    let base = std::env::var_os("LOCALAPPDATA")
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let dir = base.join("SignDesk").join("print");
    std::fs::create_dir_all(&dir).map_err(io("准备打印文件"))?;
    Ok(dir)
}

/// Removes print files left by a crash or by a handler that was still running.
fn sweep() {
    let Ok(dir) = print_dir() else { return };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Hands `pdf` to the PDF handler's `printto` verb for `printer`.
pub fn submit(pdf: &[u8], printer: &str) -> Result<Option<String>, ArchiveError> {
    if printer.contains('"') {
        return Err(ArchiveError::invalid(
            ErrorKind::InvalidPrinter,
            format!("打印机名称无效：「{printer}」"),
        ));
    }
    if !printers()?.iter().any(|(name, _)| name == printer) {
        return Err(ArchiveError::invalid(
            ErrorKind::PrinterNotFound,
            format!("找不到打印机「{printer}」"),
        ));
    }
    let dir = print_dir()?;
    let file = tempfile::Builder::new()
        .prefix("signdesk-print-")
        .suffix(".pdf")
        .tempfile_in(&dir)
        .map_err(io("准备打印文件"))?;
    std::fs::write(file.path(), pdf).map_err(io("准备打印文件"))?;
    // Kept on disk while the handler reads it; removed below or by the next sweep.
    let (_, path) = file.keep().map_err(|e| io("准备打印文件")(e.error))?;
    let r = print_file(&path, printer);
    if r.is_err() {
        let _ = std::fs::remove_file(&path);
    }
    r.map(|_| None)
}

fn print_file(path: &Path, printer: &str) -> Result<(), ArchiveError> {
    let verb = wide("printto");
    let file = wide(&path.display().to_string());
    // The printer is the handler's one parameter: quoted, and refused above if it
    // contains a quote itself.
    let params = wide(&format!("\"{printer}\""));
    // SAFETY: a plain C struct; zero is its documented empty state.
    let mut info: SHELLEXECUTEINFOW = unsafe { std::mem::zeroed() };
    info.cbSize = std::mem::size_of::<SHELLEXECUTEINFOW>() as u32;
    info.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    info.lpVerb = verb.as_ptr();
    info.lpFile = file.as_ptr();
    info.lpParameters = params.as_ptr();
    info.nShow = 0; // SW_HIDE
                    // SAFETY: every pointer in `info` outlives the call.
    let ok = unsafe { ShellExecuteExW(&mut info) };
    if ok == 0 {
        return Err(ArchiveError::failed(
            ErrorKind::PrinterNotFound,
            "这台电脑上没有能打印 PDF 的程序：请安装 PDF 阅读器，或改用“存为 PDF”后自行打印",
            std::io::Error::last_os_error(),
        ));
    }
    if !info.hProcess.is_null() {
        // SAFETY: a process handle we own; closed right after.
        unsafe {
            WaitForSingleObject(info.hProcess, HANDLER_WAIT.as_millis() as u32);
            CloseHandle(info.hProcess);
        }
        let _ = std::fs::remove_file(path);
    }
    // No process handle: the handler was already running and took the file over; the
    // next sweep removes it.
    Ok(())
}
