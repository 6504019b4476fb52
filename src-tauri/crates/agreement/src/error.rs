//! Typed errors with Chinese messages: the organiser sees `Display`; code and tests
//! match on `kind()`, which is stable snake_case ASCII.

use signdesk_base::ErrorKind;
use thiserror::Error;

/// Why a file or pasted text could not become a template.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error("文件为空")]
    Empty,
    #[error("文件过大（{size} 字节）：最大允许 {max} 字节（5 MB）")]
    TooLarge { size: usize, max: usize },
    #[error("不支持的文件类型“.{0}”：请使用 .txt、.docx 或 .pdf")]
    UnsupportedType(String),
    /// `.doc` / `.wps`: binary formats no maintained Rust crate reads.
    #[error(
        "“.{0}”是旧版 Word/WPS 格式，无法直接读取：请在 Word 或 WPS 中“另存为” .docx 后再导入"
    )]
    OldWordFormat(String),
    #[error("无法读取 PDF 文件：{0}")]
    CorruptPdf(String),
    /// A PDF of page images (a scan): there is no text to read.
    #[error("这是扫描件，无法识别文字：请使用原始的 Word 文件，或把文字复制后粘贴导入")]
    ScannedPdf,
    #[error("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本文件")]
    BadEncoding,
    #[error("文件中有大量控制字符，看起来不是文本文件")]
    Binary,
    /// `reason` is ours, in Chinese; zip's or the XML reader's own words are only in
    /// `detail`, for the log ([`ImportError::detail`]).
    #[error(
        "无法读取 .docx 文件：{reason}。请在 Word 或 WPS 中打开它，重新“另存为” .docx 后再导入"
    )]
    CorruptDocx {
        reason: &'static str,
        detail: String,
    },
    #[error("文件解压后过大，可能是恶意构造的压缩文件")]
    ZipBomb,
    #[error("文件包含的条目过多（{0} 个），可能是恶意构造的压缩文件")]
    TooManyEntries(usize),
    #[error("文件包含不安全的路径“{0}”")]
    UnsafeEntry(String),
    #[error("没有识别出协议内容：{0}")]
    NoAgreement(String),
}

impl ImportError {
    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            ImportError::CorruptDocx { detail, .. } => Some(detail),
            _ => None,
        }
    }

    /// Stable machine-readable kind.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ImportError::Empty => ErrorKind::Empty,
            ImportError::TooLarge { .. } => ErrorKind::TooLarge,
            ImportError::UnsupportedType(_) => ErrorKind::UnsupportedType,
            ImportError::OldWordFormat(_) => ErrorKind::OldWordFormat,
            ImportError::CorruptPdf(_) => ErrorKind::CorruptPdf,
            ImportError::ScannedPdf => ErrorKind::ScannedPdf,
            ImportError::BadEncoding => ErrorKind::BadEncoding,
            ImportError::Binary => ErrorKind::Binary,
            ImportError::CorruptDocx { .. } => ErrorKind::CorruptDocx,
            ImportError::ZipBomb => ErrorKind::ZipBomb,
            ImportError::TooManyEntries(_) => ErrorKind::TooManyEntries,
            ImportError::UnsafeEntry(_) => ErrorKind::UnsafeEntry,
            ImportError::NoAgreement(_) => ErrorKind::NoAgreement,
        }
    }
}

/// A blank could not be filled.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FillError {
    #[error("请填写“{label}”")]
    Missing { key: String, label: String },
    #[error("“{label}”的内容过长（最多 {max} 字）")]
    TooLong {
        key: String,
        label: String,
        max: usize,
    },
}

impl FillError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            FillError::Missing { .. } => ErrorKind::MissingValue,
            FillError::TooLong { .. } => ErrorKind::ValueTooLong,
        }
    }
}

/// A template edited in the UI breaks a rule.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ValidationError {
    #[error("标题不能为空")]
    EmptyTitle,
    #[error("{what}过长（最多 {max} 字）")]
    TooLong { what: String, max: usize },
    #[error("签名角色标识“{0}”重复")]
    DuplicateRoleKey(String),
    #[error("填写项标识“{0}”重复")]
    DuplicateFieldKey(String),
    #[error("标识“{0}”无效：只能使用小写英文字母、数字和下划线，并以字母开头")]
    BadKey(String),
    #[error("正文中的空白“{{{{{0}}}}}”没有对应的填写项")]
    UnknownMarker(String),
    #[error("填写项“{0}”没有在正文中使用")]
    UnusedField(String),
    #[error("份数必须在 1 到 10 之间（当前为 {0}）")]
    Copies(u32),
    #[error("模板没有签字栏：请先添加签约人角色（谁在协议上签字）")]
    NoRoles,
    /// Roles, but none for the signer's side (all the organisation's).
    #[error("模板没有签约人一方的签字栏：请先添加签约人角色")]
    NoSignerRole,
    #[error("签名角色的名称不能为空")]
    EmptyRoleLabel,
    #[error("填写项“{0}”的名称不能为空")]
    EmptyFieldLabel(String),
    #[error("章节或条款过多（最多 {0} 个）")]
    TooManyParts(usize),
}

impl ValidationError {
    pub fn kind(&self) -> ErrorKind {
        match self {
            ValidationError::EmptyTitle => ErrorKind::EmptyTitle,
            ValidationError::TooLong { .. } => ErrorKind::TooLong,
            ValidationError::DuplicateRoleKey(_) => ErrorKind::DuplicateRoleKey,
            ValidationError::DuplicateFieldKey(_) => ErrorKind::DuplicateFieldKey,
            ValidationError::BadKey(_) => ErrorKind::BadKey,
            ValidationError::UnknownMarker(_) => ErrorKind::UnknownMarker,
            ValidationError::UnusedField(_) => ErrorKind::UnusedField,
            ValidationError::Copies(_) => ErrorKind::CopiesOutOfRange,
            ValidationError::NoRoles => ErrorKind::NoRoles,
            ValidationError::NoSignerRole => ErrorKind::NoSignerRole,
            ValidationError::EmptyRoleLabel => ErrorKind::EmptyRoleLabel,
            ValidationError::EmptyFieldLabel(_) => ErrorKind::EmptyFieldLabel,
            ValidationError::TooManyParts(_) => ErrorKind::TooManyParts,
        }
    }
}
