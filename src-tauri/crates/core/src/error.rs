//! The one error type that reaches users, from the CLI and across IPC alike.
//!
//! It serialises as `{ "kind": "...", "message": "..." }`: the UI matches on `kind`,
//! shows `message` (already Chinese), and never parses free text. A library's own
//! words about a failure (zip's, SQLite's, an `io::Error`'s) are never in `message`:
//! they are the error's [`CoreError::detail`], which the app's shell logs and the CLI
//! prints only when asked (`SIGNDESK_DEBUG`).

use serde::Serialize;
use signdesk_archive::ArchiveError;
use signdesk_base::ErrorKind;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error(transparent)]
    Archive(#[from] ArchiveError),
    #[error("{message}")]
    Invalid {
        kind: ErrorKind,
        message: String,
        /// A library's words, for the log; never shown.
        detail: Option<String>,
    },
    #[error("找不到数据文件夹：无法确定用户数据目录，请用 --data 或 SIGNDESK_DATA 指定")]
    NoDataDir,
}

impl CoreError {
    pub fn invalid(kind: ErrorKind, message: impl Into<String>) -> CoreError {
        CoreError::Invalid {
            kind,
            message: message.into(),
            detail: None,
        }
    }

    /// A failure said in Chinese (`message`); `detail`, a library's words, is logged.
    pub fn failed(
        kind: ErrorKind,
        message: impl Into<String>,
        detail: impl std::fmt::Display,
    ) -> CoreError {
        CoreError::invalid(kind, message).with_detail(Some(detail.to_string()))
    }

    /// Something that cannot go wrong did (serialising our own data, the OS's random
    /// numbers): `what` failed, said so, the library's words logged.
    pub fn internal(what: &str, detail: impl std::fmt::Display) -> CoreError {
        CoreError::failed(
            ErrorKind::Internal,
            format!("{what}：程序内部出错，请重试；如果一再出现，请把日志交给技术支持"),
            detail,
        )
    }

    /// An I/O failure on `path` while doing `what` (「无法写入」), said by its kind.
    pub fn io(
        kind: ErrorKind,
        what: &str,
        path: &std::path::Path,
        e: &std::io::Error,
    ) -> CoreError {
        CoreError::failed(
            kind,
            format!("{what} {}：{}", path.display(), signdesk_base::io_reason(e)),
            e,
        )
    }

    /// The same error with `detail` kept for the log (an `Invalid` one; others carry
    /// their own).
    pub fn with_detail(self, detail: Option<impl Into<String>>) -> CoreError {
        match self {
            CoreError::Invalid { kind, message, .. } => CoreError::Invalid {
                kind,
                message,
                detail: detail.map(Into::into).filter(|d: &String| !d.is_empty()),
            },
            other => other,
        }
    }

    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<String> {
        match self {
            CoreError::Archive(e) => e.detail(),
            CoreError::Invalid { detail, .. } => detail.clone(),
            CoreError::NoDataDir => None,
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

impl From<signdesk_group::GroupError> for CoreError {
    fn from(e: signdesk_group::GroupError) -> Self {
        CoreError::invalid(e.kind, e.message).with_detail(e.detail)
    }
}
