//! One error type for the seal. Messages are Chinese because they reach the organiser
//! and the auditor; `kind()` is the stable machine name the verifier reports
//! (`digest_mismatch`, `bad_signature`, `untrusted_cert`, `no_signature`, `byte_range`).

use signdesk_base::ErrorKind;
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// `what` is ours; a library's words (rcgen, der, lopdf, argon2) are in `detail`,
    /// for the log ([`SealError::detail`]) — likewise for the three below.
    #[error("无法生成本机证书：{what}")]
    CertGen { what: &'static str, detail: String },
    #[error("无法解开签名私钥：密钥口令（或本机密钥）不对，或密钥数据已损坏")]
    KeyUnseal,
    #[error("签名私钥数据格式无效：{what}")]
    KeyFormat { what: &'static str, detail: String },
    #[error("无法读取或写入 PDF：{what}")]
    Pdf { what: &'static str, detail: String },
    #[error("无法生成数字签名：{what}")]
    Cms { what: &'static str, detail: String },
    #[error("文件中没有数字签名")]
    NoSignature,
    #[error("签名的字节范围有问题：{0}")]
    ByteRange(String),
    #[error("文件内容在签名后被改动过（摘要不一致）")]
    DigestMismatch,
    #[error("数字签名无效：{0}")]
    BadSignature(String),
    #[error("签名证书不受信任：{0}")]
    UntrustedCert(String),
}

impl SealError {
    pub(crate) fn cert_gen(what: &'static str, detail: impl std::fmt::Display) -> SealError {
        SealError::CertGen {
            what,
            detail: detail.to_string(),
        }
    }

    pub(crate) fn key_format(what: &'static str, detail: impl std::fmt::Display) -> SealError {
        SealError::KeyFormat {
            what,
            detail: detail.to_string(),
        }
    }

    pub(crate) fn pdf(what: &'static str, detail: impl std::fmt::Display) -> SealError {
        SealError::Pdf {
            what,
            detail: detail.to_string(),
        }
    }

    pub(crate) fn cms(what: &'static str, detail: impl std::fmt::Display) -> SealError {
        SealError::Cms {
            what,
            detail: detail.to_string(),
        }
    }

    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            SealError::CertGen { detail, .. }
            | SealError::KeyFormat { detail, .. }
            | SealError::Pdf { detail, .. }
            | SealError::Cms { detail, .. } => Some(detail.as_str()).filter(|d| !d.is_empty()),
            _ => None,
        }
    }

    /// Stable snake_case name for reports and JSON (`verify --json`).
    pub fn kind(&self) -> ErrorKind {
        match self {
            SealError::CertGen { .. } => ErrorKind::CertGen,
            SealError::KeyUnseal => ErrorKind::KeyUnseal,
            SealError::KeyFormat { .. } => ErrorKind::KeyFormat,
            SealError::Pdf { .. } => ErrorKind::Pdf,
            SealError::Cms { .. } => ErrorKind::Cms,
            SealError::NoSignature => ErrorKind::NoSignature,
            SealError::ByteRange(_) => ErrorKind::ByteRange,
            SealError::DigestMismatch => ErrorKind::DigestMismatch,
            SealError::BadSignature(_) => ErrorKind::BadSignature,
            SealError::UntrustedCert(_) => ErrorKind::UntrustedCert,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_words_stay_out_of_the_message() {
        let english = "invalid DER: unexpected end of input at offset 12";
        for e in [
            SealError::cert_gen("证书生成时出错", english),
            SealError::key_format("签名私钥无法读取", english),
            SealError::pdf("文件结构无法读取", english),
            SealError::cms("签名数据无法生成", english),
        ] {
            let msg = e.to_string();
            assert!(signdesk_base::foreign_words(&msg).is_empty(), "{msg}");
            assert_eq!(e.detail(), Some(english));
        }
        assert_eq!(SealError::pdf("文件中没有页面", "").detail(), None);
    }
}
