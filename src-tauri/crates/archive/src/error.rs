//! The archive's typed errors. Messages are Chinese because they reach users verbatim.

use signdesk_base::ErrorKind;
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("无法打开档案库 {path}：{detail}")]
    Open { path: String, detail: String },
    /// The key does not open the file: a wrong key, or not an encrypted SignDesk archive.
    #[error("无法解密档案库 {path}：密钥不对，或者它不是签约台的加密档案库（也可能已损坏）")]
    Undecryptable { path: String },
    #[error("档案库版本 {found} 比本程序支持的版本 {supported} 更新，请升级签约台")]
    TooNew { found: u32, supported: u32 },
    #[error("档案库升级（第 {version} 步）失败：{detail}")]
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
    /// Writing files outside the database (export, print) failed.
    #[error("{what}失败：{detail}")]
    Io { what: &'static str, detail: String },
}

impl ArchiveError {
    pub fn invalid(kind: ErrorKind, message: impl Into<String>) -> ArchiveError {
        ArchiveError::Invalid {
            kind,
            message: message.into(),
        }
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
            ArchiveError::Invalid { kind, .. } => *kind,
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
/// (a full disk, a read-only folder) in words, the rest with SQLite's own text.
fn sqlite_message(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => {
            "磁盘空间已满，本次操作未保存任何内容；请腾出空间后重试".into()
        }
        Some(rusqlite::ErrorCode::ReadOnly) => {
            "档案库所在的文件夹或磁盘是只读的，本次操作未保存任何内容；请检查权限或更换位置".into()
        }
        _ => format!("档案库读写失败：{e}"),
    }
}
