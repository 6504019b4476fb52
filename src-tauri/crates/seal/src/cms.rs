//! Detached CMS SignedData for PAdES baseline B-B (ETSI EN 319 142-1): signed
//! attributes content-type, message-digest and ESS signing-certificate-v2; no
//! signing-time attribute (PAdES puts the claimed time in the signature dictionary's
//! /M instead). ECDSA P-256 with SHA-256; p256 signs deterministically (RFC 6979), so
//! the same PDF, key and time give the same bytes.

use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use const_oid::ObjectIdentifier;
use der::asn1::SetOfVec;
use der::{Any, Decode, Encode};
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::DecodePrivateKey;
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;
use x509_cert::Certificate;

use crate::SealError;

/// id-aa-signingCertificateV2 (RFC 5035).
pub(crate) const ID_AA_SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");

pub(crate) fn sha256_alg() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    }
}

/// DER of a detached `ContentInfo(SignedData)` over content whose SHA-256 is `digest`.
pub(crate) fn sign_detached(
    digest: &[u8],
    signing_cert_der: &[u8],
    root_cert_der: &[u8],
    signing_key_pkcs8_der: &[u8],
) -> Result<Vec<u8>, SealError> {
    let cms_err = |what: &'static str, e: &dyn std::fmt::Display| SealError::cms(what, e);
    let cert =
        Certificate::from_der(signing_cert_der).map_err(|e| cms_err("签名证书无法读取", &e))?;
    let root = Certificate::from_der(root_cert_der).map_err(|e| cms_err("根证书无法读取", &e))?;
    let key = SigningKey::from_pkcs8_der(signing_key_pkcs8_der)
        .map_err(|e| SealError::key_format("签名私钥无法读取", e))?;

    let econtent = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let mut signer = SignerInfoBuilder::new(&key, sid, sha256_alg(), &econtent, Some(digest))
        .map_err(|e| cms_err("签名者信息无法生成", &e))?;
    signer
        .add_signed_attribute(signing_certificate_v2(signing_cert_der)?)
        .map_err(|e| cms_err("签名属性无法添加", &e))?;

    let content_info = SignedDataBuilder::new(&econtent)
        .add_digest_algorithm(sha256_alg())
        .and_then(|b| b.add_certificate(CertificateChoices::Certificate(cert)))
        .and_then(|b| b.add_certificate(CertificateChoices::Certificate(root)))
        .and_then(|b| b.add_signer_info::<_, DerSignature>(signer))
        .and_then(|b| b.build())
        .map_err(|e| cms_err("签名数据无法生成", &e))?;
    content_info
        .to_der()
        .map_err(|e| cms_err("签名数据无法编码", &e))
}

/// `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }` with one
/// `ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING }` — SHA-256 is the DEFAULT hash
/// algorithm so it is omitted, and the CAdES baseline says not to include issuerSerial.
fn signing_certificate_v2(cert_der: &[u8]) -> Result<Attribute, SealError> {
    let value = ess_value(cert_der);
    let any = Any::from_der(&value).map_err(|e| SealError::cms("签名证书属性无法生成", e))?;
    let mut values = SetOfVec::new();
    values
        .insert(any)
        .map_err(|e| SealError::cms("签名证书属性无法生成", e))?;
    Ok(Attribute {
        oid: ID_AA_SIGNING_CERTIFICATE_V2,
        values,
    })
}

/// Expected DER value of the signing-certificate-v2 attribute for `cert_der`.
pub(crate) fn ess_value(cert_der: &[u8]) -> Vec<u8> {
    let hash = Sha256::digest(cert_der);
    let cert_hash = tlv(0x04, &hash);
    let ess_cert_id = tlv(0x30, &cert_hash);
    let certs = tlv(0x30, &ess_cert_id);
    tlv(0x30, &certs)
}

/// Short-form DER TLV; every length here is below 128.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    debug_assert!(content.len() < 128);
    let mut out = vec![tag, content.len() as u8];
    out.extend_from_slice(content);
    out
}
