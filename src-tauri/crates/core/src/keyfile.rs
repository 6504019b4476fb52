//! The organiser passphrase and the archive key (issue 7, shared-laptop protection).
//!
//! The archive file is encrypted with a random 256-bit key (SQLCipher). That key is
//! stored only in the key file `signdesk.key` beside it, sealed under the passphrase
//! (Argon2id → ChaCha20-Poly1305, `signdesk_seal::seal_key`): the passphrase unlocks the
//! key, the key unlocks the archive. Changing the passphrase re-seals the key file and
//! leaves the archive as it is; a backup carries the key file, so it restores anywhere
//! with the passphrase alone.
//!
//! Creating an archive and restoring one replace the database and the key file
//! together. The new key file is written first as `signdesk.key.pending`; once the
//! database is in place it is renamed over `signdesk.key`. If the process dies between
//! the two, the next open finds the pending file and keeps whichever key opens the
//! database (see [`settle_pending`]).

use signdesk_base::ErrorKind;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use signdesk_archive::{Archive, DbKey, DB_FILE};
use zeroize::Zeroize;

use crate::CoreError;

pub const KEY_FILE: &str = "signdesk.key";
const PENDING_FILE: &str = "signdesk.key.pending";
const FORMAT: &str = "signdesk-key/1";
/// Long enough that guessing costs real time at Argon2id's price per guess.
const MIN_CHARS: usize = 8;
const MAX_CHARS: usize = 256;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct KeyFile {
    format: String,
    /// Shown on the unlock screen before anything is decrypted; also the name on the
    /// installation's certificates.
    pub organisation: String,
    created: String,
    /// Hex of `seal_key(db_key, passphrase)`.
    wrapped_key: String,
}

pub(crate) fn key_path(dir: &Path) -> PathBuf {
    dir.join(KEY_FILE)
}

fn pending_path(dir: &Path) -> PathBuf {
    dir.join(PENDING_FILE)
}

/// Refuses passphrases a colleague could guess in an afternoon, or that cannot be typed.
pub fn check_passphrase(passphrase: &str) -> Result<(), CoreError> {
    let n = passphrase.chars().count();
    if n < MIN_CHARS {
        return Err(CoreError::invalid(
            ErrorKind::WeakPassphrase,
            format!("口令至少需要 {MIN_CHARS} 个字符（现在是 {n} 个）"),
        ));
    }
    if n > MAX_CHARS || passphrase.chars().any(char::is_control) {
        return Err(CoreError::invalid(
            ErrorKind::BadPassphrase,
            format!("口令不能含控制字符，且最多 {MAX_CHARS} 个字符"),
        ));
    }
    if passphrase.chars().all(|c| passphrase.starts_with(c)) {
        return Err(CoreError::invalid(
            ErrorKind::WeakPassphrase,
            "口令不能全是同一个字符",
        ));
    }
    Ok(())
}

fn wrong_passphrase() -> CoreError {
    CoreError::invalid(ErrorKind::WrongPassphrase, "口令不正确")
}

impl KeyFile {
    /// A fresh random archive key, sealed under `passphrase`.
    pub(crate) fn create(organisation: &str, passphrase: &str) -> (KeyFile, DbKey) {
        let key = DbKey::from_bytes(signdesk_seal::random_secret());
        let file = KeyFile {
            format: FORMAT.into(),
            organisation: organisation.into(),
            created: signdesk_archive::now(),
            wrapped_key: crate::hex::encode(&signdesk_seal::seal_key(
                key.as_bytes(),
                passphrase.as_bytes(),
            )),
        };
        (file, key)
    }

    /// The archive key, if `passphrase` is the one it was sealed with.
    pub(crate) fn unwrap(&self, passphrase: &str) -> Result<DbKey, CoreError> {
        let sealed =
            crate::hex::decode(&self.wrapped_key).ok_or_else(|| damaged("密钥数据不是十六进制"))?;
        let mut raw =
            signdesk_seal::open_key(&sealed, passphrase.as_bytes()).map_err(|e| match e {
                signdesk_seal::SealError::KeyUnseal => wrong_passphrase(),
                other => damaged(&other.to_string()),
            })?;
        let bytes: Result<[u8; 32], _> = raw.as_slice().try_into();
        raw.zeroize();
        bytes
            .map(DbKey::from_bytes)
            .map_err(|_| damaged("密钥长度不对"))
    }

    /// Whether the key was sealed at a lower Argon2id cost than new key files get.
    pub(crate) fn outdated(&self) -> bool {
        crate::hex::decode(&self.wrapped_key)
            .and_then(|b| signdesk_seal::sealed_cost(&b))
            .is_some_and(|cost| cost != signdesk_seal::COST)
    }

    /// The same key sealed under a (new) passphrase.
    pub(crate) fn resealed(&self, key: &DbKey, passphrase: &str) -> KeyFile {
        KeyFile {
            wrapped_key: crate::hex::encode(&signdesk_seal::seal_key(
                key.as_bytes(),
                passphrase.as_bytes(),
            )),
            ..self.clone()
        }
    }

    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("a key file serialises")
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<KeyFile, CoreError> {
        let file: KeyFile =
            serde_json::from_slice(bytes).map_err(|_| damaged("不是签约台的密钥文件"))?;
        if file.format != FORMAT {
            return Err(damaged(&format!("未知的格式 {}", file.format)));
        }
        Ok(file)
    }

    pub(crate) fn read(path: &Path) -> Result<KeyFile, CoreError> {
        let bytes = std::fs::read(path).map_err(|e| {
            CoreError::io(ErrorKind::KeyFileUnreadable, "无法读取密钥文件", path, &e)
        })?;
        KeyFile::from_bytes(&bytes)
    }

    /// Written to a temporary file, fsync'd and renamed: a key file is whole or absent.
    pub(crate) fn write(&self, path: &Path) -> Result<(), CoreError> {
        write_atomic(path, &self.to_bytes())
    }
}

fn damaged(why: &str) -> CoreError {
    CoreError::invalid(
        ErrorKind::KeyFileDamaged,
        format!("密钥文件 {KEY_FILE} 已损坏（{why}）；请从备份恢复"),
    )
}

pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CoreError> {
    use std::io::Write;
    let io = |e: std::io::Error| CoreError::io(ErrorKind::Io, "无法写入密钥文件", path, &e);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    let written = (|| {
        let mut f = signdesk_archive::private::options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    sync_dir(path);
    Ok(())
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent() {
        if let Ok(f) = std::fs::File::open(dir) {
            let _ = f.sync_all();
        }
    }
}

/// The new key file for a database that is about to be created or replaced.
pub(crate) fn write_pending(dir: &Path, file: &KeyFile) -> Result<(), CoreError> {
    file.write(&pending_path(dir))
}

/// The pending key file, if there is a readable one.
pub(crate) fn pending(dir: &Path) -> Option<KeyFile> {
    KeyFile::read(&pending_path(dir)).ok()
}

pub(crate) fn drop_pending(dir: &Path) {
    let _ = std::fs::remove_file(pending_path(dir));
}

/// The database is in place: the pending key file becomes the key file.
pub(crate) fn promote_pending(dir: &Path) -> Result<(), CoreError> {
    std::fs::rename(pending_path(dir), key_path(dir))
        .map_err(|e| CoreError::from(signdesk_archive::ArchiveError::io("保存密钥文件", &e)))?;
    sync_dir(&key_path(dir));
    Ok(())
}

/// Finishes what a create or restore that died half-way left: a pending key file that
/// `passphrase` unseals and that opens the database becomes the key file; one that
/// unseals but does not open the database (the database was never switched) is
/// removed. One that `passphrase` does not unseal is left alone.
pub(crate) fn settle_pending(dir: &Path, passphrase: &str) -> Result<(), CoreError> {
    let pending = pending_path(dir);
    if !pending.exists() {
        return Ok(());
    }
    // Without a database there is nothing it could be the key of.
    let Ok(file) = KeyFile::read(&pending).map_err(|_| ()).and_then(|f| {
        if dir.join(DB_FILE).exists() {
            Ok(f)
        } else {
            Err(())
        }
    }) else {
        drop_pending(dir);
        return Ok(());
    };
    let Ok(key) = file.unwrap(passphrase) else {
        return Ok(());
    };
    let db = dir.join(DB_FILE);
    let opens = db.exists() && Archive::open(&db, &key).is_ok();
    if opens {
        promote_pending(dir)
    } else {
        drop_pending(dir);
        Ok(())
    }
}

/// The raw archive key of `dir`, for tools that must read the database file itself
/// (tests that tamper with rows like an attacker, benchmarks).
pub fn archive_key(dir: &Path, passphrase: &str) -> Result<DbKey, CoreError> {
    KeyFile::read(&key_path(dir))?.unwrap(passphrase)
}

/// Whether `dir` holds an archive (a key file, or a pending one from an unfinished
/// creation), and whose.
pub(crate) fn organisation_in(dir: &Path) -> Option<String> {
    let pending = Some(pending_path(dir)).filter(|_| dir.join(DB_FILE).exists());
    [Some(key_path(dir)), pending]
        .iter()
        .flatten()
        .find_map(|p| KeyFile::read(p).ok())
        .map(|f| f.organisation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passphrase_rules() {
        assert!(
            check_passphrase("安全生产人人有责").is_ok(),
            "8 Chinese characters"
        );
        assert!(check_passphrase("correct horse").is_ok());
        for (bad, kind) in [
            ("short", "weak_passphrase"),
            ("aaaaaaaaaaaa", "weak_passphrase"),
            ("good\u{0}passphrase", "bad_passphrase"),
        ] {
            assert_eq!(check_passphrase(bad).unwrap_err().kind(), kind, "{bad:?}");
        }
        assert_eq!(
            check_passphrase(&"x1".repeat(200)).unwrap_err().kind(),
            "bad_passphrase"
        );
    }

    #[test]
    fn sealed_key_opens_only_with_its_passphrase() {
        let (file, key) = KeyFile::create("宁德新奥", "正确的口令 2027");
        let back = KeyFile::from_bytes(&file.to_bytes()).unwrap();
        assert_eq!(back.unwrap("正确的口令 2027").unwrap(), key);
        assert_eq!(
            back.unwrap("错误的口令 2027").unwrap_err().kind(),
            "wrong_passphrase"
        );
        let moved = back.resealed(&key, "新的口令新的口令");
        assert_eq!(moved.unwrap("新的口令新的口令").unwrap(), key);
        assert_eq!(
            moved.unwrap("正确的口令 2027").unwrap_err().kind(),
            "wrong_passphrase"
        );
        let text = String::from_utf8(file.to_bytes()).unwrap();
        assert!(text.contains("宁德新奥") && !text.contains("正确的口令"));
    }

    #[test]
    fn damaged_key_files_are_named() {
        for bytes in [&b"{}"[..], b"not json", b"{\"format\":\"other/9\",\"organisation\":\"x\",\"created\":\"x\",\"wrapped_key\":\"00\"}"] {
            assert_eq!(KeyFile::from_bytes(bytes).unwrap_err().kind(), "key_file_damaged");
        }
    }
}
