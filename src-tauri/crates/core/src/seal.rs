//! The installation seal in the signing path (issue 7): every rendered agreement is
//! digitally signed (PAdES B-B) before it is stored, so `pdfsig` says "Signature is
//! Valid." on every stored PDF and one changed byte shows as a mismatch.
//!
//! The certificates and the sealed key live in the archive's `settings` table (hex),
//! created on first use with the organisation's name. The key is sealed (Argon2id +
//! ChaCha20-Poly1305) under a secret derived from the archive's master key — the key
//! the organiser passphrase unwraps — and that secret is stored nowhere: the settings
//! table alone (a copied database, a dump of it) does not open the key. Archives made
//! before kept a random secret beside the key; the first signing re-seals it and
//! deletes that secret. The desk unseals the key once per unlocked session and keeps it
//! (zeroised when the session locks), so a signing pays no key derivation.

use std::sync::Arc;

use chrono::Utc;
use signdesk_archive::settings;
use signdesk_base::ErrorKind;
use signdesk_seal::{Installation, SealError};

use crate::{CoreError, Desk};

const ROOT_KEY: &str = "seal.root_cert";
const CERT_KEY: &str = "seal.signing_cert";
const SEALED_KEY: &str = "seal.signing_key";
const SECRET_KEY: &str = "seal.secret";
/// The signing key sealed under the *next* master key while a passphrase change
/// re-encrypts the archive (`Desk::change_passphrase`); whichever of the two opens
/// after a crash is kept.
const NEXT_KEY: &str = "seal.signing_key.next";

impl From<SealError> for CoreError {
    fn from(e: SealError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string()).with_detail(e.detail())
    }
}

/// The secret the signing key is sealed under: derived from the master key, never
/// stored (domain-separated, so it is not the database key itself).
fn seal_secret(master: &signdesk_archive::DbKey) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(b"signdesk seal key v2\0");
    h.update(master.as_bytes());
    h.finalize().into()
}

impl Desk {
    /// The installation's certificates and signing key: unsealed once per session and
    /// kept in the desk; created and stored on first use.
    pub fn installation(&mut self) -> Result<Arc<Installation>, CoreError> {
        if let Some(inst) = &self.installation {
            return Ok(inst.clone());
        }
        let inst = Arc::new(self.load_installation()?);
        self.installation = Some(inst.clone());
        Ok(inst)
    }

    fn load_installation(&mut self) -> Result<Installation, CoreError> {
        let secret = seal_secret(&self.key);
        let conn = self.archive.read();
        let stored = (
            settings::get(conn, ROOT_KEY)?,
            settings::get(conn, CERT_KEY)?,
            settings::get(conn, SEALED_KEY)?,
        );
        let old_secret = settings::get(conn, SECRET_KEY)?;
        if let (Some(root), Some(cert), Some(sealed)) = stored {
            let bad = || CoreError::invalid(ErrorKind::SealSettings, "本机签名证书数据已损坏");
            let sealed = crate::hex::decode(&sealed).ok_or_else(bad)?;
            let inst = Installation {
                root_cert_der: crate::hex::decode(&root).ok_or_else(bad)?,
                signing_cert_der: crate::hex::decode(&cert).ok_or_else(bad)?,
                signing_key_pkcs8_der: match &old_secret {
                    Some(old) => {
                        signdesk_seal::open_key(&sealed, &crate::hex::decode(old).ok_or_else(bad)?)?
                    }
                    None => self.open_current_or_next(&sealed, &secret)?,
                },
            };
            if old_secret.is_some() {
                // Made before the key was sealed under the master key: re-seal it and
                // take its secret out of the table, in one transaction.
                let resealed = signdesk_seal::seal_key(&inst.signing_key_pkcs8_der, &secret);
                let actor = self.actor.clone();
                self.archive.write(|tx| -> Result<(), CoreError> {
                    settings::set(tx, SEALED_KEY, &crate::hex::encode(&resealed))?;
                    settings::delete(tx, SECRET_KEY)?;
                    signdesk_archive::audit::append(
                        tx,
                        &actor,
                        signdesk_base::AuditEvent::SealKeyResealed,
                        "",
                        "",
                    )?;
                    Ok(())
                })?;
            }
            return Ok(inst);
        }
        let inst = signdesk_seal::create(&self.organisation()?, Utc::now())?;
        let sealed = signdesk_seal::seal_key(&inst.signing_key_pkcs8_der, &secret);
        self.archive.write(|tx| -> Result<(), CoreError> {
            settings::set(tx, ROOT_KEY, &crate::hex::encode(&inst.root_cert_der))?;
            settings::set(tx, CERT_KEY, &crate::hex::encode(&inst.signing_cert_der))?;
            settings::set(tx, SEALED_KEY, &crate::hex::encode(&sealed))?;
            Ok(())
        })?;
        Ok(inst)
    }

    /// The signing key under `secret`, from the current sealed copy or — after a
    /// passphrase change that stopped between re-encrypting the archive and swapping
    /// the copies — the next one, which is then made current. A next copy left by a
    /// change that never re-encrypted is dropped.
    fn open_current_or_next(&mut self, sealed: &[u8], secret: &[u8]) -> Result<Vec<u8>, CoreError> {
        let next = settings::get(self.archive.read(), NEXT_KEY)?;
        match signdesk_seal::open_key(sealed, secret) {
            Ok(key) => {
                if next.is_some() {
                    self.archive
                        .write(|tx| Ok::<_, CoreError>(settings::delete(tx, NEXT_KEY)?))?;
                }
                Ok(key)
            }
            Err(e) => {
                let Some(next) = next else {
                    return Err(e.into());
                };
                let bytes = crate::hex::decode(&next).ok_or_else(|| {
                    CoreError::invalid(ErrorKind::SealSettings, "本机签名证书数据已损坏")
                })?;
                let key = signdesk_seal::open_key(&bytes, secret)?;
                self.archive.write(|tx| -> Result<(), CoreError> {
                    settings::set(tx, SEALED_KEY, &next)?;
                    settings::delete(tx, NEXT_KEY)?;
                    Ok(())
                })?;
                Ok(key)
            }
        }
    }

    /// Before the archive is re-encrypted under `next`: the signing key sealed under
    /// the secret `next` gives, stored beside the current copy.
    pub(crate) fn seal_key_for(&mut self, next: &signdesk_archive::DbKey) -> Result<(), CoreError> {
        let inst = self.installation()?;
        let sealed = signdesk_seal::seal_key(&inst.signing_key_pkcs8_der, &seal_secret(next));
        self.archive.write(|tx| {
            Ok::<_, CoreError>(settings::set(tx, NEXT_KEY, &crate::hex::encode(&sealed))?)
        })
    }

    /// After the re-encryption: the next copy becomes the current one.
    pub(crate) fn seal_key_switched(&mut self) -> Result<(), CoreError> {
        self.archive.write(|tx| -> Result<(), CoreError> {
            if let Some(next) = settings::get(tx, NEXT_KEY)? {
                settings::set(tx, SEALED_KEY, &next)?;
                settings::delete(tx, NEXT_KEY)?;
            }
            Ok(())
        })
    }

    /// A change that failed before re-encrypting: the next copy goes.
    pub(crate) fn seal_key_abandoned(&mut self) {
        let _ = self
            .archive
            .write(|tx| Ok::<_, CoreError>(settings::delete(tx, NEXT_KEY)?));
    }

    /// The installation's root certificate (DER) as stored, without creating one.
    pub(crate) fn stored_root_cert(&self) -> Result<Option<Vec<u8>>, CoreError> {
        match settings::get(self.archive.read(), ROOT_KEY)? {
            None => Ok(None),
            Some(hexed) => crate::hex::decode(&hexed).map(Some).ok_or_else(|| {
                CoreError::invalid(ErrorKind::SealSettings, "本机签名证书数据已损坏")
            }),
        }
    }

    /// PEM of the installation's root certificate, for an auditor's PDF reader.
    pub fn seal_root_pem(&mut self) -> Result<String, CoreError> {
        self.guard()?;
        Ok(self.installation()?.root_pem())
    }

    /// Writes the root certificate into `folder` (e.g. a USB drive for the auditor) as
    /// `签约台根证书.pem` and returns the file's path; audited (`root_exported`).
    pub fn seal_root_into(&mut self, folder: &std::path::Path) -> Result<String, CoreError> {
        if !folder.is_dir() {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                format!("找不到文件夹：{}", folder.display()),
            ));
        }
        let pem = self.seal_root_pem()?;
        let out = folder.join("签约台根证书.pem");
        std::fs::write(&out, &pem)
            .map_err(|e| CoreError::io(ErrorKind::Io, "无法写入", &out, &e))?;
        let path = out.display().to_string();
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            signdesk_archive::audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::RootExported,
                &path,
                "",
            )?;
            Ok::<_, CoreError>(())
        })?;
        Ok(path)
    }
}

/// Seal rendered PDF bytes (called inside the signing transaction).
pub(crate) fn seal_pdf(inst: &Installation, pdf: &[u8]) -> Result<Vec<u8>, CoreError> {
    Ok(signdesk_seal::sign_pdf(
        pdf,
        inst,
        "签署安全生产责任书",
        Utc::now(),
    )?)
}
