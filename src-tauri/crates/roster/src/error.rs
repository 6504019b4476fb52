//! File-level failures: the file as a whole cannot be read as a roster, so there is
//! no preview to show. Messages are Chinese and say what to do; `kind()` is what the
//! UI matches on.

use crate::{MAX_BYTES, MAX_ROWS};
use signdesk_base::ErrorKind;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("文件是空的，没有任何人员")]
    Empty,
    #[error("文件太大（{size} 字节），名单文件最大 {} MB", MAX_BYTES / 1024 / 1024)]
    TooLarge { size: usize },
    #[error("不支持的文件类型「{name}」：{hint}")]
    UnsupportedType { name: String, hint: &'static str },
    /// `reason` is ours, in Chinese; calamine's or zip's own words are only in
    /// `detail` (may be empty), for the log ([`RosterError::detail`]).
    #[error("无法读取 Excel 文件：{reason}。请用 Excel 或 WPS 打开后重新另存为 .xlsx")]
    CorruptXlsx {
        reason: &'static str,
        detail: String,
    },
    #[error("Excel 文件不安全，已拒绝：{detail}")]
    UnsafeXlsx { detail: String },
    #[error(
        "人数太多：超过 {} 行（一次最多导入 {} 人，请分批导入）",
        MAX_ROWS,
        MAX_ROWS
    )]
    TooManyRows,
    #[error("找不到表头中的「姓名」列{found}。第一行应为表头，例如：姓名,工号,部门,岗位")]
    MissingNameColumn { found: String },
    #[error("名单中只有表头（第 {header_line} 行），没有人员")]
    NoRows { header_line: u32 },
}

impl RosterError {
    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            RosterError::CorruptXlsx { detail, .. } if !detail.is_empty() => Some(detail),
            _ => None,
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            RosterError::Empty => ErrorKind::RosterEmpty,
            RosterError::TooLarge { .. } => ErrorKind::RosterTooLarge,
            RosterError::UnsupportedType { .. } => ErrorKind::RosterUnsupportedType,
            RosterError::CorruptXlsx { .. } => ErrorKind::RosterCorruptXlsx,
            RosterError::UnsafeXlsx { .. } => ErrorKind::RosterUnsafeXlsx,
            RosterError::TooManyRows => ErrorKind::RosterTooManyRows,
            RosterError::MissingNameColumn { .. } => ErrorKind::RosterMissingNameColumn,
            RosterError::NoRows { .. } => ErrorKind::RosterNoRows,
        }
    }
}
