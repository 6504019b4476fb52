//! The installation's own PKI: a self-issued root CA and, below it, the signing
//! certificate that carries the organisation's name. A self-issued root shows as
//! "validity unknown" in PDF readers until an auditor trusts it, which is why the root
//! can be exported (`Installation::root_pem`) and why our verifier takes the root
//! explicitly. The root's private key is dropped after issuing: nothing else is ever
//! issued, so there is no CA key to steal from the shared laptop.
//!
//! The signing certificate deliberately has no extended key usage: poppler (NSS) only
//! calls a chain "trusted" when the EKU is absent or includes emailProtection.

use chrono::{DateTime, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SerialNumber, PKCS_ECDSA_P256_SHA256,
};

use crate::SealError;

/// How long the certificates are valid. Agreements are kept for decades; there is no
/// renewal path for an offline installation, so both certificates outlive the archive.
const VALID_YEARS: i64 = 30;

/// Certificates and the (plain, in-memory) signing key of one installation. Store the
/// key only through [`crate::seal_key`].
#[derive(Clone)]
pub struct Installation {
    pub root_cert_der: Vec<u8>,
    pub signing_cert_der: Vec<u8>,
    /// PKCS#8 DER of the ECDSA P-256 signing key.
    pub signing_key_pkcs8_der: Vec<u8>,
}

/// The plain signing key leaves memory with the installation (the desk drops it on
/// lock), not whenever the allocator reuses the page.
impl Drop for Installation {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.signing_key_pkcs8_der);
    }
}

impl std::fmt::Debug for Installation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Installation")
            .field("root_cert_der", &self.root_cert_der.len())
            .field("signing_cert_der", &self.signing_cert_der.len())
            .field("signing_key_pkcs8_der", &"<redacted>")
            .finish()
    }
}

impl Installation {
    /// The root certificate as PEM, for an auditor to import as a trust anchor.
    pub fn root_pem(&self) -> String {
        root_pem(&self.root_cert_der)
    }
}

/// PEM ("CERTIFICATE") of a DER certificate.
pub fn root_pem(root_cert_der: &[u8]) -> String {
    pem::encode(&pem::Pem::new("CERTIFICATE", root_cert_der.to_vec()))
}

/// The DER of the first certificate in a PEM file (a root exported earlier, to check
/// the seals against instead of the root stored in the archive); `None` when the text
/// holds no certificate.
pub fn root_der_from_pem(pem_text: &str) -> Option<Vec<u8>> {
    pem::parse_many(pem_text)
        .ok()?
        .into_iter()
        .find(|p| p.tag() == "CERTIFICATE")
        .map(|p| p.into_contents())
}

/// Name of the root certificate for an organisation.
pub fn root_common_name(org_name: &str) -> String {
    format!("{org_name} SignDesk 根证书")
}

/// Create the root CA and the organisation's signing certificate (ECDSA P-256).
pub fn create(org_name: &str, now: DateTime<Utc>) -> Result<Installation, SealError> {
    let org_name = org_name.trim();
    if org_name.is_empty() {
        return Err(SealError::cert_gen("单位名称为空", ""));
    }
    let gen = |e: rcgen::Error| SealError::cert_gen("证书生成时出错", e);
    let not_before = to_time(now - chrono::Duration::minutes(5))?;
    let not_after = to_time(now + chrono::Duration::days(365 * VALID_YEARS))?;

    let root_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(gen)?;
    let mut root = CertificateParams::new(Vec::<String>::new()).map_err(gen)?;
    root.distinguished_name = name(&root_common_name(org_name), org_name);
    root.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    root.not_before = not_before;
    root.not_after = not_after;
    root.serial_number = Some(serial(&root_key, 1));
    root.use_authority_key_identifier_extension = false;
    let root_cert = root.self_signed(&root_key).map_err(gen)?;

    let signing_key = KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).map_err(gen)?;
    let mut leaf = CertificateParams::new(Vec::<String>::new()).map_err(gen)?;
    leaf.distinguished_name = name(org_name, org_name);
    leaf.is_ca = IsCa::ExplicitNoCa;
    leaf.key_usages = vec![
        KeyUsagePurpose::DigitalSignature,
        KeyUsagePurpose::ContentCommitment,
    ];
    leaf.not_before = not_before;
    leaf.not_after = not_after;
    leaf.serial_number = Some(serial(&signing_key, 2));
    leaf.use_authority_key_identifier_extension = true;
    let issuer = Issuer::new(root, root_key);
    let leaf_cert = leaf.signed_by(&signing_key, &issuer).map_err(gen)?;

    Ok(Installation {
        root_cert_der: root_cert.der().to_vec(),
        signing_cert_der: leaf_cert.der().to_vec(),
        signing_key_pkcs8_der: signing_key.serialize_der(),
    })
}

fn name(common_name: &str, org_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn.push(DnType::OrganizationName, org_name);
    dn.push(DnType::CountryName, "CN");
    dn
}

/// A positive serial unique per key: derived from the public key so two installations
/// never share one, with a leading tag byte so it is never negative or zero.
fn serial(key: &KeyPair, tag: u8) -> SerialNumber {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(key.public_key_raw());
    let mut bytes = vec![tag];
    bytes.extend_from_slice(&hash[..15]);
    SerialNumber::from_slice(&bytes)
}

fn to_time(t: DateTime<Utc>) -> Result<time::OffsetDateTime, SealError> {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .map_err(|e| SealError::cert_gen("证书有效期超出范围", e))
}
