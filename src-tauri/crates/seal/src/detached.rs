//! A seal over bytes that are not a PDF: the bundle a desk carries to the group archive
//! (issue 25). The installation's signing key signs the SHA-256 of the bundle; the
//! signing certificate travels beside the signature, and the receiver checks it
//! against the root it registered for that site — the same chain rule as
//! [`crate::verify_pdf`].

use der::{Decode, Encode};
use p256::ecdsa::{signature::Signer, DerSignature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use signature::Verifier;
use x509_cert::Certificate;

use crate::pdf_sign::common_name;
use crate::verify::{check_chain, verifying_key};
use crate::{Installation, SealError};

/// The signing certificate and an ECDSA P-256 (SHA-256) signature in DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachedSeal {
    pub signing_cert_der: Vec<u8>,
    pub signature_der: Vec<u8>,
}

/// Signs `message` (the signer hashes it with SHA-256).
pub fn seal_bytes(inst: &Installation, message: &[u8]) -> Result<DetachedSeal, SealError> {
    let key = SigningKey::from_pkcs8_der(&inst.signing_key_pkcs8_der)
        .map_err(|e| SealError::key_format("签名私钥无法读取", e))?;
    let sig: DerSignature = key.sign(message);
    Ok(DetachedSeal {
        signing_cert_der: inst.signing_cert_der.clone(),
        signature_der: sig.to_bytes().to_vec(),
    })
}

/// Checks that `seal` signs `message` with a certificate issued by `trusted_root_der`;
/// answers the signing certificate's CN (the organisation).
pub fn verify_sealed_bytes(
    message: &[u8],
    seal: &DetachedSeal,
    trusted_root_der: &[u8],
) -> Result<String, SealError> {
    let bad = |m: &str| SealError::BadSignature(m.to_owned());
    let cert =
        Certificate::from_der(&seal.signing_cert_der).map_err(|_| bad("签名证书无法解析"))?;
    check_chain(&cert, trusted_root_der)?;
    let key = verifying_key(&cert).ok_or_else(|| bad("签名证书的公钥不是 P-256"))?;
    let sig = DerSignature::from_bytes(&seal.signature_der).map_err(|_| bad("签名格式错误"))?;
    key.verify(message, &sig)
        .map_err(|_| bad("签名与内容不符"))?;
    let der = cert.to_der().map_err(|_| bad("签名证书无法编码"))?;
    Ok(common_name(&der).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_message_verifies_and_a_changed_one_or_a_foreign_root_does_not() {
        let now = chrono::Utc::now();
        let a = crate::create("甲公司", now).unwrap();
        let b = crate::create("乙公司", now).unwrap();
        let seal = seal_bytes(&a, b"bundle bytes").unwrap();
        assert_eq!(
            verify_sealed_bytes(b"bundle bytes", &seal, &a.root_cert_der).unwrap(),
            "甲公司"
        );
        let changed = verify_sealed_bytes(b"bundle bytez", &seal, &a.root_cert_der);
        assert!(
            matches!(changed, Err(SealError::BadSignature(_))),
            "{changed:?}"
        );
        let foreign = verify_sealed_bytes(b"bundle bytes", &seal, &b.root_cert_der);
        assert!(
            matches!(foreign, Err(SealError::UntrustedCert(_))),
            "{foreign:?}"
        );
    }
}
