//! The one error type that reaches users, from the CLI and across IPC alike.
//!
//! It serialises as `{ "kind": "...", "message": "..." }`: the UI matches on `kind`,
//! shows `message` (already Chinese), and never parses free text.

use serde::Serialize;
use signdesk_archive::ArchiveError;
use signdesk_base::ErrorKind;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{message}")]
    Invalid { kind: ErrorKind, message: String },
    #[error("找不到数据文件夹：无法确定用户数据目录，请用 --data 或 SIGNDESK_DATA 指定")]
    NoDataDir,
}

impl CoreError {
    pub fn invalid(kind: ErrorKind, message: impl Into<String>) -> CoreError {
        CoreError::Invalid {
            kind,
            message: message.into(),
        }
    }

    /// `y` as the year of an agreement (one range everywhere: [`signdesk_base::Year`]).
    pub fn year(y: i32) -> Result<signdesk_base::Year, CoreError> {
        signdesk_base::Year::new(y)
            .map_err(|e| CoreError::invalid(ErrorKind::BadYear, e.to_string()))
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            CoreError::Archive(e) => e.kind(),
            CoreError::Invalid { kind, .. } => *kind,
            CoreError::NoDataDir => ErrorKind::NoDataDir,
        }
    }

    pub fn to_ipc(&self) -> IpcError {
        IpcError {
            kind: self.kind(),
            message: self.to_string(),
        }
    }
}

/// What an error looks like on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct IpcError {
    pub kind: ErrorKind,
    pub message: String,
}

/// 取消 during an import's save: its one transaction was rolled back, and the user
/// is told so (not the generic word about files).
pub(crate) fn nothing_saved(e: CoreError) -> CoreError {
    if e.kind() == ErrorKind::Cancelled {
        CoreError::invalid(
            ErrorKind::Cancelled,
            "已取消；一行也没有保存，档案库没有改动",
        )
    } else {
        e
    }
}

/// A state word that is not one of its set (a status typed on the command line).
impl From<signdesk_base::Cancelled> for CoreError {
    fn from(c: signdesk_base::Cancelled) -> CoreError {
        CoreError::Archive(c.into())
    }
}

impl From<signdesk_base::status::UnknownState> for CoreError {
    fn from(e: signdesk_base::status::UnknownState) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string())
    }
}

impl Serialize for CoreError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.to_ipc().serialize(s)
    }
}
