//! The archive's typed errors. Messages are Chinese because they reach users verbatim.

//! A library's own words (SQLite's, an `io::Error`'s) never reach the message: they are
//! kept as the error's `detail` ([`ArchiveError::detail`]), which the app logs.

use signdesk_base::ErrorKind;
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("无法打开档案库 {path}：{reason}")]
    Open {
        path: String,
        reason: String,
        detail: String,
    },
    /// The key does not open the file: a wrong key, or not an encrypted SignDesk archive.
    #[error("无法解密档案库 {path}：密钥不对，或者它不是签约台的加密档案库（也可能已损坏）")]
    Undecryptable { path: String },
    #[error("档案库版本 {found} 比本程序支持的版本 {supported} 更新，请升级签约台")]
    TooNew { found: u32, supported: u32 },
    #[error("档案库升级（第 {version} 步）失败，档案库保持升级前的样子：请把日志交给技术支持")]
    Migration { version: u32, detail: String },
    #[error("找不到{what}：{id}")]
    NotFound { what: &'static str, id: String },
    #[error("档案库中的数据已损坏：{0}")]
    Corrupt(String),
    #[error("{}", sqlite_message(.0))]
    Sqlite(#[from] rusqlite::Error),
    /// A request the archive refuses (bad input, already voided …); `kind` is stable.
    #[error("{message}")]
    Invalid { kind: ErrorKind, message: String },
    /// A failure said in Chinese, with a library's own words kept for the log.
    #[error("{message}")]
    Failed {
        kind: ErrorKind,
        message: String,
        detail: String,
    },
    /// Writing files outside the database (export, print) failed.
    #[error("{what}失败：{reason}")]
    Io {
        what: &'static str,
        reason: String,
        detail: String,
    },
}

impl ArchiveError {
    pub fn invalid(kind: ErrorKind, message: impl Into<String>) -> ArchiveError {
        ArchiveError::Invalid {
            kind,
            message: message.into(),
        }
    }

    /// A failure said in Chinese (`message`); `detail`, a library's words, is logged.
    pub fn failed(
        kind: ErrorKind,
        message: impl Into<String>,
        detail: impl std::fmt::Display,
    ) -> ArchiveError {
        ArchiveError::Failed {
            kind,
            message: message.into(),
            detail: detail.to_string(),
        }
    }

    /// Stored data that cannot be read, said as `what`; the parser's words logged.
    pub fn corrupt(what: impl std::fmt::Display, detail: impl std::fmt::Display) -> ArchiveError {
        ArchiveError::failed(
            ErrorKind::ArchiveCorrupt,
            format!("档案库中的数据已损坏：{what}"),
            detail,
        )
    }

    /// `what` (「写入备份文件」) failed on `e`: said in Chinese by the kind of failure.
    pub fn io(what: &'static str, e: &std::io::Error) -> ArchiveError {
        ArchiveError::Io {
            what,
            reason: signdesk_base::io_reason(e).to_string(),
            detail: e.to_string(),
        }
    }

    /// As [`ArchiveError::io`], for a function's `map_err`.
    pub fn io_with(what: &'static str) -> impl Fn(std::io::Error) -> ArchiveError {
        move |e| ArchiveError::io(what, &e)
    }

    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<String> {
        let d = match self {
            ArchiveError::Open { detail, .. }
            | ArchiveError::Migration { detail, .. }
            | ArchiveError::Failed { detail, .. }
            | ArchiveError::Io { detail, .. } => detail.clone(),
            ArchiveError::Sqlite(e) => e.to_string(),
            _ => String::new(),
        };
        (!d.is_empty()).then_some(d)
    }

    /// Another connection held the write lock past the busy timeout.
    pub fn is_busy(&self) -> bool {
        matches!(self, ArchiveError::Sqlite(e)
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy))
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ArchiveError::Open { .. } => ErrorKind::ArchiveOpen,
            ArchiveError::Undecryptable { .. } => ErrorKind::ArchiveUndecryptable,
            ArchiveError::TooNew { .. } => ErrorKind::ArchiveTooNew,
            ArchiveError::Migration { .. } => ErrorKind::ArchiveMigration,
            ArchiveError::NotFound { .. } => ErrorKind::NotFound,
            ArchiveError::Corrupt(_) => ErrorKind::ArchiveCorrupt,
            ArchiveError::Sqlite(e) => match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::DiskFull) => ErrorKind::DiskFull,
                Some(rusqlite::ErrorCode::ReadOnly) => ErrorKind::ReadOnly,
                _ => ErrorKind::ArchiveIo,
            },
            ArchiveError::Invalid { kind, .. } | ArchiveError::Failed { kind, .. } => *kind,
            ArchiveError::Io { .. } => ErrorKind::Io,
        }
    }
}

impl From<signdesk_base::Cancelled> for ArchiveError {
    fn from(_: signdesk_base::Cancelled) -> ArchiveError {
        ArchiveError::invalid(ErrorKind::Cancelled, "已取消；没有留下写了一半的文件")
    }
}

/// What the user reads for an SQLite failure: the two that a user can fix themselves
/// (a full disk, a read-only folder) in words, the rest as a failure to retry — SQLite's
/// own text is the error's `detail`, for the log.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => {
            "磁盘空间已满，本次操作未保存任何内容；请腾出空间后重试".into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "档案库所在的文件夹或磁盘是只读的，本次操作未保存任何内容；请检查权限或更换位置".into()
        }
        _ => "档案库读写失败，本次操作没有完成：请重试；如果一再出现，请在设置中「核验」档案库，并把日志交给技术支持".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_chinese_and_the_library_words_are_the_detail() {
        let sqlite = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            Some("disk I/O error while reading page".into()),
        );
        let io = std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "Permission denied (os error 13)",
        );
        for e in [
            ArchiveError::Sqlite(sqlite),
            ArchiveError::io("写入备份文件", &io),
            ArchiveError::corrupt(
                "模板 a 第 1 版无法读取",
                "expected value at line 1 column 1",
            ),
            ArchiveError::Migration {
                version: 3,
                detail: "no such table: agreements".into(),
            },
        ] {
            let msg = e.to_string();
            assert!(signdesk_base::foreign_words(&msg).is_empty(), "{msg}");
            assert!(e
                .detail()
                .is_some_and(|d| !signdesk_base::foreign_words(&d).is_empty()));
        }
    }
}
