//! One error type for the seal. Messages are Chinese because they reach the organiser
//! and the auditor; `kind()` is the stable machine name the verifier reports
//! (`digest_mismatch`, `bad_signature`, `untrusted_cert`, `no_signature`, `byte_range`).

use signdesk_base::ErrorKind;
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    #[error("无法生成本机证书：{0}")]
    CertGen(String),
    #[error("无法解开签名私钥：密钥口令（或本机密钥）不对，或密钥数据已损坏")]
    KeyUnseal,
    #[error("签名私钥数据格式无效：{0}")]
    KeyFormat(String),
    #[error("无法读取或写入 PDF：{0}")]
    Pdf(String),
    #[error("无法生成 CMS 数字签名：{0}")]
    Cms(String),
    #[error("文件中没有数字签名")]
    NoSignature,
    #[error("签名的字节范围（ByteRange）有问题：{0}")]
    ByteRange(String),
    #[error("文件内容在签名后被改动过（摘要不一致）")]
    DigestMismatch,
    #[error("数字签名无效：{0}")]
    BadSignature(String),
    #[error("签名证书不受信任：{0}")]
    UntrustedCert(String),
}

impl SealError {
    /// Stable snake_case name for reports and JSON (`verify --json`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            SealError::CertGen(_) => ErrorKind::CertGen,
            SealError::KeyUnseal => ErrorKind::KeyUnseal,
            SealError::KeyFormat(_) => ErrorKind::KeyFormat,
            SealError::Pdf(_) => ErrorKind::Pdf,
            SealError::Cms(_) => ErrorKind::Cms,
            SealError::NoSignature => ErrorKind::NoSignature,
            SealError::ByteRange(_) => ErrorKind::ByteRange,
            SealError::DigestMismatch => ErrorKind::DigestMismatch,
            SealError::BadSignature(_) => ErrorKind::BadSignature,
            SealError::UntrustedCert(_) => ErrorKind::UntrustedCert,
        }
    }
}
