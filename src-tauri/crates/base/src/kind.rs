//! Every kind of error SignDesk reports, in one list, each with its Chinese title.
//!
//! A kind is what a program matches on (the UI, scripts reading `--json`); the
//! message beside it is for people and says what exactly went wrong. The list is
//! closed: `bindings.ts` gets it as a union of string literals, so a UI `switch` over
//! a misspelled kind fails the type check, and a new kind appears here or nowhere.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident = $wire:literal, $title:literal;)+) => {
        /// What went wrong, as a closed set (`snake_case` on the wire).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
        pub enum ErrorKind {
            $($(#[$doc])* #[serde(rename = $wire)] $variant,)+
        }

        impl ErrorKind {
            /// Every kind, in the order listed.
            pub const ALL: &'static [ErrorKind] = &[$(ErrorKind::$variant,)+];

            /// The name on the wire: `"wrong_passphrase"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $wire,)+
                }
            }

            /// A short Chinese title for the kind (the message says the details).
            pub fn title(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $title,)+
                }
            }
        }
    };
}

kinds! {
    // Session, passphrase, key file
    SessionLocked = "session_locked", "已锁定，请输入口令";
    WrongPassphrase = "wrong_passphrase", "口令不正确";
    /// Too many wrong passphrases: the next try must wait.
    UnlockWait = "unlock_wait", "口令错误次数过多，请稍后再试";
    WeakPassphrase = "weak_passphrase", "口令太短";
    BadPassphrase = "bad_passphrase", "口令不可用";
    PassphraseRequired = "passphrase_required", "需要口令";
    PassphraseMismatch = "passphrase_mismatch", "两次输入的口令不一致";
    PassphraseDiffers = "passphrase_differs", "口令与本机档案库不同";
    KeyFileMissing = "key_file_missing", "缺少密钥文件";
    KeyFileUnreadable = "key_file_unreadable", "密钥文件无法读取";
    KeyFileDamaged = "key_file_damaged", "密钥文件已损坏";
    NoDataDir = "no_data_dir", "找不到数据文件夹";
    // The archive
    NoArchive = "no_archive", "还没有档案库";
    ArchiveExists = "archive_exists", "档案库已存在";
    ArchiveMissing = "archive_missing", "档案库文件不见了";
    ArchiveOpen = "archive_open", "档案库无法打开";
    ArchiveUndecryptable = "archive_undecryptable", "档案库无法解密";
    ArchiveTooNew = "archive_too_new", "档案库版本比本程序新";
    ArchiveMigration = "archive_migration", "档案库升级失败";
    ArchiveCorrupt = "archive_corrupt", "档案库已损坏";
    ArchiveBusy = "archive_busy", "档案库正被使用";
    ArchiveInUse = "archive_in_use", "档案库正被其他程序使用";
    ArchiveIo = "archive_io", "档案库读写失败";
    NotAnArchive = "not_an_archive", "不是签约台档案库";
    DiskFull = "disk_full", "磁盘已满";
    ReadOnly = "read_only", "只读，无法写入";
    Io = "io", "读写文件失败";
    NotFound = "not_found", "找不到";
    Internal = "internal", "内部错误";
    /// Long work (export, print, backup, verify, import) stopped by 取消; nothing
    /// half-written is left behind.
    Cancelled = "cancelled", "已取消";
    /// Another long task is running and this one must wait for it (a restore while an
    /// export reads the archive).
    JobRunning = "job_running", "另一项任务正在进行";
    // Files from outside
    FileUnreadable = "file_unreadable", "文件无法读取";
    FileUnwritable = "file_unwritable", "文件无法写入";
    FileExists = "file_exists", "文件已存在";
    NotABackup = "not_a_backup", "不是签约台备份文件";
    /// A file sent from the window arrived without its bytes or its name.
    BadUpload = "bad_upload", "文件没有完整传到程序";
    // Command line
    Usage = "usage", "用法错误";
    BadArgument = "bad_argument", "参数不正确";
    // Template import and editing
    Empty = "empty", "文件是空的";
    TooLarge = "too_large", "文件太大";
    UnsupportedType = "unsupported_type", "不支持的文件类型";
    BadEncoding = "bad_encoding", "无法识别的文字编码";
    Binary = "binary", "不是文本文件";
    CorruptDocx = "corrupt_docx", "Word 文件已损坏";
    OldWordFormat = "old_word_format", "旧版 Word/WPS 文件";
    CorruptPdf = "corrupt_pdf", "PDF 文件已损坏";
    ScannedPdf = "scanned_pdf", "扫描件无法识别文字";
    ZipBomb = "zip_bomb", "压缩内容异常庞大";
    TooManyEntries = "too_many_entries", "压缩包内文件过多";
    UnsafeEntry = "unsafe_entry", "压缩包含有不安全的路径";
    NoAgreement = "no_agreement", "没有找到协议正文";
    MissingValue = "missing_value", "有空白未填写";
    ValueTooLong = "value_too_long", "填写内容过长";
    EmptyTitle = "empty_title", "标题为空";
    TooLong = "too_long", "内容过长";
    DuplicateRoleKey = "duplicate_role_key", "签署方重复";
    DuplicateFieldKey = "duplicate_field_key", "空白项重复";
    BadKey = "bad_key", "标识不正确";
    UnknownMarker = "unknown_marker", "正文引用了不存在的空白项";
    UnusedField = "unused_field", "空白项未在正文中使用";
    CopiesOutOfRange = "copies_out_of_range", "份数不在范围内";
    NoRoles = "no_roles", "没有签署方";
    /// Roles, but none on the signer's side: the template cannot be saved or signed.
    NoSignerRole = "no_signer_role", "没有签约人一方的签字栏";
    EmptyRoleLabel = "empty_role_label", "签署方名称为空";
    EmptyFieldLabel = "empty_field_label", "空白项名称为空";
    TooManyParts = "too_many_parts", "条款过多";
    BadTitle = "bad_title", "标题不正确";
    // Rosters
    RosterEmpty = "roster_empty", "名单文件是空的";
    RosterTooLarge = "roster_too_large", "名单文件太大";
    RosterUnsupportedType = "roster_unsupported_type", "不支持的名单文件类型";
    RosterCorruptXlsx = "roster_corrupt_xlsx", "Excel 文件已损坏";
    RosterUnsafeXlsx = "roster_unsafe_xlsx", "Excel 文件内容异常";
    RosterTooManyRows = "roster_too_many_rows", "名单行数过多";
    RosterMissingNameColumn = "roster_missing_name_column", "名单缺少姓名列";
    RosterNoRows = "roster_no_rows", "名单没有人员";
    RosterHasErrors = "roster_has_errors", "名单有错误";
    DuplicateEmployeeNo = "duplicate_employee_no", "工号重复";
    // Signing and ceremonies
    MissingName = "missing_name", "姓名未填写";
    BadName = "bad_name", "姓名不可用";
    /// At the kiosk: the employee number given is not the chosen person's.
    IdentityMismatch = "identity_mismatch", "身份核对不符";
    BadYear = "bad_year", "年份不正确";
    BadValue = "bad_value", "填写内容不正确";
    MissingField = "missing_field", "有空白未填写";
    UnknownField = "unknown_field", "没有这个空白项";
    UnknownRole = "unknown_role", "没有这个签署方";
    MissingSignature = "missing_signature", "缺少签名";
    BadSignature = "bad_signature", "签名不可用";
    AlreadySigned = "already_signed", "已经签署";
    /// 「确认签署并归档」 named a preview that is gone: too old, another person's,
    /// already used, or the desk locked since.
    PreviewExpired = "preview_expired", "签署预览已失效";
    DuplicateNumber = "duplicate_number", "编号重复";
    InvalidAgreement = "invalid_agreement", "协议记录不完整";
    AdoptedSignatureMissing = "adopted_signature_missing", "单位签名尚未录入";
    BadBinding = "bad_binding", "空白项的来源不正确";
    BadCountersign = "bad_countersign", "会签方式不正确";
    CeremonyClosed = "ceremony_closed", "签约仪式已结束";
    NotAwaiting = "not_awaiting", "此人不在等待会签";
    /// At the kiosk: marked absent, or their agreement voided and not re-opened.
    NotOpenForSigning = "not_open_for_signing", "尚未开放签署";
    // Kiosk
    KioskLocked = "kiosk_locked", "签约模式中，不能进行此操作";
    BadPin = "bad_pin", "PIN 不正确";
    PinWait = "pin_wait", "请稍后再试 PIN";
    // Archive operations
    AlreadyVoided = "already_voided", "已经作废";
    VoidReasonMissing = "void_reason_missing", "请填写作废原因";
    EmptySelection = "empty_selection", "没有选中任何协议";
    InvalidStatus = "invalid_status", "状态不正确";
    QueryTooLong = "query_too_long", "搜索内容过长";
    InvalidPrinter = "invalid_printer", "打印机名称不正确";
    PrinterNotFound = "printer_not_found", "找不到打印机";
    // Assessment (考核)
    /// The template's text states no assessment and none was set in the editor.
    NoScheme = "no_scheme", "协议没有考核方案";
    /// A value that does not fit its item, or an item left empty.
    InvalidAssessment = "invalid_assessment", "考核数据不正确";
    /// A correction or a manual adjustment without its reason.
    AssessReasonMissing = "assess_reason_missing", "请填写修改或调整的原因";
    /// An import file with wrong or unmatched rows: nothing was saved.
    AssessImportRejected = "assess_import_rejected", "导入的考核数据有错误，未保存";
    NotAssessed = "not_assessed", "尚未考核";
    AlreadyAcknowledged = "already_acknowledged", "已经确认过";
    // Rendering
    MissingGlyph = "missing_glyph", "有字无法打印";
    BadImage = "bad_image", "图片无法使用";
    ImageTooLarge = "image_too_large", "图片太大";
    Font = "font", "字体无法使用";
    Pdf = "pdf", "PDF 处理失败";
    // The seal
    SealSettings = "seal_settings", "电子印章设置不完整";
    CertGen = "cert_gen", "证书生成失败";
    KeyUnseal = "key_unseal", "印章私钥无法解封";
    KeyFormat = "key_format", "印章私钥格式不正确";
    Cms = "cms", "数字签名处理失败";
    NoSignature = "no_signature", "PDF 没有数字签名";
    ByteRange = "byte_range", "数字签名范围不正确";
    DigestMismatch = "digest_mismatch", "文件内容已被改动";
    UntrustedCert = "untrusted_cert", "证书不受信任";
    // The group archive (集团档案库, issue 25)
    /// The group archive could not be reached or refused the login.
    GroupConnect = "group_connect", "无法连接集团档案库";
    /// A statement on the group archive failed (the message names it).
    GroupDatabase = "group_database", "集团档案库出错";
    /// The group archive's tables are missing or newer than this program.
    GroupSchema = "group_schema", "集团档案库版本不符";
    /// No site is registered with the root certificate the data was sealed under.
    SiteUnknown = "site_unknown", "站点未登记";
    /// A site with this name or root is already registered.
    SiteExists = "site_exists", "站点已登记";
    /// A PDF's or a bundle's seal does not hold against the site's registered root.
    SealInvalid = "seal_invalid", "电子印章验证不通过";
    /// The audit slice does not continue from the last entry the group holds.
    ChainGap = "chain_gap", "审计链有缺口";
    /// An entry differs from the one the group already holds at that position.
    ChainRewritten = "chain_rewritten", "审计链被改写";
    /// The same document number arrived again with different content.
    Conflict = "conflict", "同一编号内容不同";
    /// An agreement, void or result arrived without the audit entry that recorded it.
    NotAudited = "not_audited", "缺少对应的审计记录";
    /// The bundle file is not a SignDesk bundle, is cut short or damaged.
    BundleDamaged = "bundle_damaged", "上报包已损坏";
    /// The group archive is read-only here: no signing, no changes.
    GroupReadOnly = "group_read_only", "集团档案库只读";
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tests and callers compare with the wire name: `assert_eq!(e.kind(), "font")`.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for ErrorKind {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn wire_names_are_distinct_snake_case_and_round_trip_through_serde() {
        let mut seen = BTreeSet::new();
        for &k in ErrorKind::ALL {
            let s = k.as_str();
            assert!(seen.insert(s), "{s} twice");
            assert!(s.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "{s}");
            assert_eq!(serde_json::to_string(&k).unwrap(), format!("\"{s}\""));
            assert_eq!(
                serde_json::from_str::<ErrorKind>(&format!("\"{s}\"")).unwrap(),
                k
            );
            assert!(!k.title().is_empty());
        }
        assert!(serde_json::from_str::<ErrorKind>("\"wrong_pasphrase\"").is_err());
    }
}
