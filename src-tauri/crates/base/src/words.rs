//! What a person reads when something fails is Chinese, and says what is wrong and
//! what to do. A library's own words (zip's 「invalid Zip archive: Could not find
//! EOCD」, an `io::Error`, serde's line and column) are kept apart, as an error's
//! `detail`: the app's shell logs it, the CLI prints it only when asked
//! (`SIGNDESK_DEBUG`), and no message shows it.

use std::io;

/// Chinese words for what an I/O failure means to the person who met it.
pub fn io_reason(e: &io::Error) -> &'static str {
    use io::ErrorKind::*;
    match e.kind() {
        NotFound => "找不到文件或文件夹",
        PermissionDenied => "没有权限：请检查文件或文件夹的权限，或换一个位置",
        AlreadyExists => "文件已存在",
        StorageFull | QuotaExceeded => "磁盘空间已满：请腾出空间后重试",
        ReadOnlyFilesystem => "磁盘或文件夹是只读的：请换一个位置",
        FileTooLarge => "文件太大",
        IsADirectory => "这是一个文件夹，不是文件",
        NotADirectory => "路径中有一段不是文件夹",
        InvalidData | UnexpectedEof => "文件内容不完整或已损坏",
        InvalidInput | InvalidFilename => "文件名或路径不正确",
        Interrupted | TimedOut | WouldBlock => "操作被中断，请重试",
        ResourceBusy | ExecutableFileBusy => "文件正被其他程序使用，请关闭它后重试",
        CrossesDevices => "不能跨磁盘移动，请换一个位置",
        _ => "读写失败，请重试；如果一再出现，请把日志交给技术支持",
    }
}

/// ASCII words of five letters or more a message may contain: names a person sees on
/// screen (shorter ones — docx, xlsx, PNG, PDF, PIN, WPS, Word, SHA-256 — are never
/// counted).
pub const ALLOWED_ASCII_WORDS: [&str; 2] = ["SignDesk", "Excel"];

/// The runs of five or more ASCII letters in `message` that are not in
/// [`ALLOWED_ASCII_WORDS`] — library text that leaked into what a person reads (tests
/// assert there are none).
pub fn foreign_words(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = message.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
            i += 1;
        }
        let word = &message[start..i];
        if word.len() >= 5 && !ALLOWED_ASCII_WORDS.contains(&word) {
            out.push(word);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_words_are_found_and_formats_are_not() {
        assert_eq!(
            foreign_words("无法读取 .docx 文件：invalid Zip archive: Could not find EOCD"),
            ["invalid", "archive", "Could"]
        );
        assert!(foreign_words("请用 Excel 或 WPS 另存为 .xlsx（SignDesk 的 SHA-256）").is_empty());
        assert!(foreign_words("PNG、PDF、PIN、UTF-8、GBK").is_empty());
    }

    #[test]
    fn io_failures_are_said_in_chinese() {
        for kind in [
            io::ErrorKind::NotFound,
            io::ErrorKind::PermissionDenied,
            io::ErrorKind::Other,
            io::ErrorKind::UnexpectedEof,
        ] {
            let e = io::Error::new(kind, "Something English happened");
            let reason = io_reason(&e);
            assert!(foreign_words(reason).is_empty(), "{reason}");
            assert!(reason.chars().any(crate::text::is_han), "{reason}");
        }
    }
}
