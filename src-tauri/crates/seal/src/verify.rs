//! Our own verifier. A self-issued root shows as "validity unknown" in PDF readers, so
//! `verify` must say plainly what holds: the signature covers the whole file except its
//! own `/Contents`, the bytes hash to the signed message digest, the CMS signature is
//! valid for the embedded signing certificate, and that certificate was issued by the
//! root the caller trusts. It reads the raw bytes rather than parsing the PDF, so a
//! damaged file still yields a precise answer instead of a parse error.

use der::{Decode, Encode, SliceReader};
use p256::ecdsa::{DerSignature, VerifyingKey};
use sha2::{Digest, Sha256};
use signature::Verifier;
use x509_cert::Certificate;

use crate::cms::{ess_value, ID_AA_SIGNING_CERTIFICATE_V2};
use crate::pdf_sign::{common_name, find};
use crate::SealError;

/// What a valid signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealReport {
    /// CN of the signing certificate (the organisation).
    pub signer: String,
    /// SHA-256 (hex) of the signed byte ranges.
    pub digest_sha256: String,
    /// Number of bytes covered by the signature.
    pub signed_bytes: u64,
}

/// Verify the last signature of `pdf` against `trusted_root_der`.
pub fn verify_pdf(pdf: &[u8], trusted_root_der: &[u8]) -> Result<SealReport, SealError> {
    let (lt, after) = byte_range(pdf)?;
    let contents = hex_decode(&pdf[lt + 1..after - 1])
        .ok_or_else(|| SealError::ByteRange("/Contents 不是十六进制串".into()))?;

    let bad = |what: &str| SealError::BadSignature(what.to_owned());
    let mut reader = SliceReader::new(&contents).map_err(|_| bad("签名数据为空"))?;
    let info =
        cms::content_info::ContentInfo::decode(&mut reader).map_err(|_| bad("签名数据无法解析"))?;
    if info.content_type != const_oid::db::rfc5911::ID_SIGNED_DATA {
        return Err(bad("签名数据的类型不对"));
    }
    let signed: cms::signed_data::SignedData = info
        .content
        .decode_as()
        .map_err(|_| bad("签名数据的内容无法解析"))?;
    let signer_info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(|| bad("没有签名者"))?;
    if signer_info.digest_alg.oid != const_oid::db::rfc5912::ID_SHA_256 {
        return Err(bad("摘要算法不是 SHA-256"));
    }
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or_else(|| bad("缺少签名属性"))?;
    let attr_value = |oid| {
        attrs
            .iter()
            .find(|a| a.oid == oid)
            .and_then(|a| a.values.iter().next())
    };

    // 1. The bytes: recompute the digest over both ranges.
    let mut h = Sha256::new();
    h.update(&pdf[..lt]);
    h.update(&pdf[after..]);
    let digest = h.finalize();
    let signed_digest = attr_value(const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .ok_or_else(|| bad("缺少消息摘要属性"))?
        .decode_as::<der::asn1::OctetString>()
        .map_err(|_| bad("消息摘要属性无法解析"))?;
    if signed_digest.as_bytes() != digest.as_slice() {
        return Err(SealError::DigestMismatch);
    }

    // 2. The signature over the signed attributes, by the certificate the sid names.
    let cert = signer_cert(&signed, &signer_info.sid).ok_or_else(|| bad("签名中没有签名证书"))?;
    let cert_der = cert.to_der().map_err(|_| bad("签名证书无法编码"))?;
    let ess =
        attr_value(ID_AA_SIGNING_CERTIFICATE_V2).ok_or_else(|| bad("缺少签名证书标识属性"))?;
    if ess.to_der().ok() != Some(ess_value(&cert_der)) {
        return Err(bad("签名证书标识属性与签名证书不符"));
    }
    let key = verifying_key(&cert).ok_or_else(|| bad("签名证书的公钥不是 P-256"))?;
    let sig = DerSignature::from_bytes(signer_info.signature.as_bytes())
        .map_err(|_| bad("签名值格式错误"))?;
    let attrs_der = attrs.to_der().map_err(|_| bad("签名属性无法编码"))?;
    key.verify(&attrs_der, &sig)
        .map_err(|_| bad("签名值与签名属性不符"))?;

    // 3. The chain: the signing certificate was issued by the trusted root.
    check_chain(&cert, trusted_root_der)?;

    Ok(SealReport {
        signer: common_name(&cert_der).unwrap_or_default(),
        digest_sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
        signed_bytes: (lt + pdf.len() - after) as u64,
    })
}

/// Locate the last `/ByteRange`, check it is `[0 a b c]` with `a < b`, `b + c` the end
/// of the file and `[a, b)` exactly the `<…>` hex string. Returns `(a, b)`.
fn byte_range(pdf: &[u8]) -> Result<(usize, usize), SealError> {
    let mut at = None;
    let mut from = 0;
    while let Some(p) = find(pdf, b"/ByteRange", from) {
        at = Some(p);
        from = p + 1;
    }
    let at = at.ok_or(SealError::NoSignature)?;
    let br = |m: &str| SealError::ByteRange(m.to_owned());
    let open = find(pdf, b"[", at).ok_or_else(|| br("没有数组"))?;
    let close = find(pdf, b"]", open).ok_or_else(|| br("没有数组"))?;
    let text = std::str::from_utf8(&pdf[open + 1..close]).map_err(|_| br("无法解析"))?;
    let nums: Vec<usize> = text
        .split_ascii_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()
        .map_err(|_| br("无法解析"))?;
    let [start, a, b, c] = nums[..] else {
        return Err(br("应有四个数"));
    };
    if start != 0 || a >= b || b > pdf.len() {
        return Err(br("范围不合法"));
    }
    if b.checked_add(c) != Some(pdf.len()) {
        return Err(br("签名之后文件又被追加或截断了（签名没有覆盖整个文件）"));
    }
    if pdf[a] != b'<' || pdf[b - 1] != b'>' || open < a && close > b {
        return Err(br("未签名的部分不是签名值"));
    }
    if (a..b).contains(&at) {
        return Err(br("签名范围位于未签名的部分"));
    }
    Ok((a, b))
}

fn signer_cert(
    signed: &cms::signed_data::SignedData,
    sid: &cms::signed_data::SignerIdentifier,
) -> Option<Certificate> {
    let cms::signed_data::SignerIdentifier::IssuerAndSerialNumber(isn) = sid else {
        return None;
    };
    signed
        .certificates
        .as_ref()?
        .0
        .iter()
        .find_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(cert)
                if cert.tbs_certificate.issuer == isn.issuer
                    && cert.tbs_certificate.serial_number == isn.serial_number =>
            {
                Some(cert.clone())
            }
            _ => None,
        })
}

pub(crate) fn verifying_key(cert: &Certificate) -> Option<VerifyingKey> {
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().ok()?;
    use p256::pkcs8::DecodePublicKey;
    VerifyingKey::from_public_key_der(&spki).ok()
}

pub(crate) fn check_chain(cert: &Certificate, trusted_root_der: &[u8]) -> Result<(), SealError> {
    let untrusted = |m: &str| SealError::UntrustedCert(m.to_owned());
    let root =
        Certificate::from_der(trusted_root_der).map_err(|_| untrusted("受信任的根证书无法解析"))?;
    if cert.tbs_certificate.issuer != root.tbs_certificate.subject {
        return Err(untrusted("签名证书不是由受信任的根证书签发的"));
    }
    if cert.signature_algorithm.oid != const_oid::db::rfc5912::ECDSA_WITH_SHA_256 {
        return Err(untrusted("签名证书的签名算法不受支持"));
    }
    let root_key = verifying_key(&root).ok_or_else(|| untrusted("根证书的公钥不是 P-256"))?;
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|_| untrusted("签名证书无法编码"))?;
    let sig = cert
        .signature
        .as_bytes()
        .and_then(|b| DerSignature::from_bytes(b).ok())
        .ok_or_else(|| untrusted("签名证书的签名格式错误"))?;
    root_key
        .verify(&tbs, &sig)
        .map_err(|_| untrusted("签名证书不是由受信任的根证书签发的"))
}

fn hex_decode(hex: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = hex
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|&b| (b as char).to_digit(16).map(|d| d as u8))
        .collect::<Option<_>>()?;
    Some(
        digits
            .chunks(2)
            .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
            .collect(),
    )
}
