//! `Desk`: an open archive plus the operations both front ends offer.

use signdesk_base::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use signdesk_archive::{audit, settings, stats, Archive, DbKey, DB_FILE};

const ORG_KEY: &str = "org.name";

use crate::dto::{AppInfo, Counts};
use crate::keyfile::{self, KeyFile};
use crate::CoreError;

/// What a data folder holds, before any passphrase is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FolderState {
    /// No archive yet: the first start asks for the organisation and a passphrase.
    Empty,
    /// An encrypted archive, waiting for its passphrase.
    Locked { organisation: String },
}

pub struct Desk {
    pub(crate) archive: Archive,
    /// The archive's key, kept to write backups (which carry the same encryption).
    pub(crate) key: DbKey,
    pub(crate) data_dir: PathBuf,
    /// Who operates this session (shown in audit entries and signing records).
    pub(crate) actor: String,
    pub(crate) typesetter: OnceLock<Arc<signdesk_typeset::Typesetter>>,
    /// Kiosk mode's lock (also stored in the archive, see `kiosk.rs`).
    pub(crate) kiosk: Option<crate::kiosk::KioskLock>,
    /// The installation's signing key, unsealed on first use this session (`seal.rs`);
    /// zeroised when the desk is dropped (the session locks).
    pub(crate) installation: Option<Arc<signdesk_seal::Installation>>,
    /// The kiosk's prepared signing awaiting 「确认签署并归档」 (`ceremony/staged.rs`);
    /// dies with the desk when the session locks.
    pub(crate) pending: Option<crate::ceremony::staged::Pending>,
    /// Files the window sent for an import, waiting for the command that names them
    /// (`upload.rs`); they die with the desk too.
    pub(crate) uploads: crate::upload::Staged,
}

impl Desk {
    /// Whether `data_dir` holds an archive yet, and whose.
    pub fn folder_state(data_dir: &Path) -> FolderState {
        match keyfile::organisation_in(data_dir) {
            Some(organisation) => FolderState::Locked { organisation },
            None => FolderState::Empty,
        }
    }

    /// Creates a new encrypted archive in `data_dir` for `organisation`, protected by
    /// `passphrase`. Refused when the folder already holds an archive (or the database
    /// file of one whose key file is missing: that is for a restore to fix).
    pub fn create(
        data_dir: &Path,
        organisation: &str,
        passphrase: &str,
    ) -> Result<Desk, CoreError> {
        let organisation = crate::signing::clean_organisation(organisation)?;
        keyfile::check_passphrase(passphrase)?;
        if Desk::folder_state(data_dir) != FolderState::Empty {
            return Err(CoreError::invalid(
                ErrorKind::ArchiveExists,
                format!("{} 中已经有档案库，请输入口令解锁", data_dir.display()),
            ));
        }
        if data_dir.join(DB_FILE).exists() {
            return Err(CoreError::invalid(
                ErrorKind::KeyFileMissing,
                format!(
                    "{} 中有档案库文件 {DB_FILE}，但没有它的密钥文件 {}；请从备份恢复，或把该文件移走后再新建",
                    data_dir.display(),
                    keyfile::KEY_FILE
                ),
            ));
        }
        signdesk_archive::private::dir(data_dir).map_err(|e| {
            signdesk_archive::ArchiveError::Open {
                path: data_dir.display().to_string(),
                reason: format!("无法创建数据文件夹：{}", signdesk_base::io_reason(&e)),
                detail: e.to_string(),
            }
        })?;
        let (file, key) = KeyFile::create(&organisation, passphrase);
        keyfile::write_pending(data_dir, &file)?;
        let created = (|| {
            let mut desk = Desk::with_archive(data_dir, key)?;
            desk.archive.write(|tx| {
                settings::set(tx, ORG_KEY, &organisation)?;
                audit::append(
                    tx,
                    "管理员",
                    signdesk_base::AuditEvent::ArchiveCreated,
                    ORG_KEY,
                    &organisation,
                )?;
                Ok::<_, CoreError>(())
            })?;
            keyfile::promote_pending(data_dir)?;
            Ok(desk)
        })();
        if created.is_err() {
            keyfile::drop_pending(data_dir);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(data_dir.join(format!("{DB_FILE}{suffix}")));
            }
        }
        created
    }

    /// Opens the archive in `data_dir` with the organiser's passphrase, migrating it as
    /// needed. A wrong passphrase is `wrong_passphrase` and opens nothing.
    pub fn open(data_dir: &Path, passphrase: &str) -> Result<Desk, CoreError> {
        // Wrong passphrases slow every next try, across restarts (`unlock_guard.rs`).
        crate::unlock_guard::check(data_dir)?;
        keyfile::settle_pending(data_dir, passphrase)?;
        let key_path = keyfile::key_path(data_dir);
        let db = data_dir.join(DB_FILE);
        // Folders and key files made before they were private become so.
        let _ = signdesk_archive::private::dir(data_dir);
        let _ = signdesk_archive::private::file(&key_path);
        if !key_path.exists() {
            // An unfinished creation that this passphrase does not unseal.
            if let Some(pending) = keyfile::pending(data_dir) {
                pending.unwrap(passphrase)?;
            }
            return Err(if db.exists() {
                CoreError::invalid(
                    ErrorKind::KeyFileMissing,
                    format!(
                        "找不到密钥文件 {}（档案库文件还在）；没有它无法解密，请从备份恢复",
                        key_path.display()
                    ),
                )
            } else {
                CoreError::invalid(
                    ErrorKind::NoArchive,
                    format!("{} 中还没有档案库，请先新建", data_dir.display()),
                )
            });
        }
        let file = KeyFile::read(&key_path)?;
        let key = match file.unwrap(passphrase) {
            Ok(key) => key,
            Err(e) if e.kind() == ErrorKind::WrongPassphrase => {
                return Err(CoreError::invalid(
                    ErrorKind::WrongPassphrase,
                    crate::unlock_guard::failed(data_dir),
                ))
            }
            Err(e) => return Err(e),
        };
        if !db.exists() {
            return Err(CoreError::invalid(
                ErrorKind::ArchiveMissing,
                format!(
                    "找不到档案库文件 {}（密钥文件还在）；如果它被移走了请移回，否则请从备份恢复",
                    db.display()
                ),
            ));
        }
        let mut desk = Desk::with_archive(data_dir, key)?;
        if file.outdated() {
            // Made at an older Argon2id cost: re-sealed at today's, same key and
            // passphrase (best effort: the old file still opens if this fails).
            let _ = file.resealed(&desk.key, passphrase).write(&key_path);
        }
        if let Some(f) = crate::unlock_guard::take(data_dir) {
            // Someone tried before this unlock: the organiser finds it in the log.
            let detail = serde_json::json!({ "count": f.count, "since": f.since }).to_string();
            let actor = desk.actor.clone();
            desk.archive.write(|tx| {
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::UnlockFailures,
                    "",
                    &detail,
                )?;
                Ok::<_, CoreError>(())
            })?;
        }
        Ok(desk)
    }

    fn with_archive(data_dir: &Path, key: DbKey) -> Result<Desk, CoreError> {
        let archive = Archive::open_dir(data_dir, &key)?;
        let kiosk = crate::kiosk::load(archive.read())?;
        let mut desk = Desk {
            archive,
            key,
            data_dir: data_dir.to_path_buf(),
            actor: "管理员".into(),
            typesetter: OnceLock::new(),
            kiosk,
            installation: None,
            pending: None,
            uploads: Default::default(),
        };
        desk.install_builtins()?;
        Ok(desk)
    }

    /// A second `Desk` on the same archive, with its own connection and this
    /// session's key and operator: long work (export, print, backup, verify, the
    /// imports) runs on it away from the session's lock, so the window goes on
    /// answering and other commands go on working while it runs. Refused in kiosk mode
    /// like the work itself. It has no kiosk lock, signing key, typesetter or staged
    /// files of its own: it is for reading the archive and writing what the work did
    /// (an audit entry, an import's rows) in one transaction, which SQLite serialises
    /// with the session's writes.
    pub fn detached(&self) -> Result<Desk, CoreError> {
        self.guard()?;
        Ok(Desk {
            archive: Archive::open_dir(&self.data_dir, &self.key)?,
            key: self.key.clone(),
            data_dir: self.data_dir.clone(),
            actor: self.actor.clone(),
            typesetter: OnceLock::new(),
            kiosk: None,
            installation: None,
            pending: None,
            uploads: Default::default(),
        })
    }

    /// Whether `passphrase` is this archive's (kiosk mode's way out without the PIN,
    /// confirming a passphrase change, a restore from the open app).
    pub fn passphrase_matches(&self, passphrase: &str) -> Result<bool, CoreError> {
        let file = KeyFile::read(&keyfile::key_path(&self.data_dir))?;
        match file.unwrap(passphrase) {
            Ok(key) => Ok(key == self.key),
            Err(e) if e.kind() == "wrong_passphrase" => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// A new passphrase *and* a new archive key: the database is re-encrypted
    /// (`PRAGMA rekey`), so an old backup's key file with the old passphrase opens that
    /// old backup and never today's archive. Crash-safe in every step: the new key file
    /// waits as the pending one (`keyfile::settle_pending` keeps it only if it opens the
    /// database), and the seal key is stored under both keys until the switch.
    pub fn change_passphrase(&mut self, old: &str, new: &str) -> Result<(), CoreError> {
        self.guard()?;
        if !self.passphrase_matches(old)? {
            return Err(CoreError::invalid(
                ErrorKind::WrongPassphrase,
                "原口令不正确",
            ));
        }
        keyfile::check_passphrase(new)?;
        let path = keyfile::key_path(&self.data_dir);
        let current = KeyFile::read(&path)?;
        let (file, next) = KeyFile::create(&current.organisation, new);
        let actor = self.actor.clone();
        // Audited first: if anything below fails, the entry says an attempt was made,
        // and the old passphrase still opens the archive.
        self.archive.write(|tx| {
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::PassphraseChanged,
                keyfile::KEY_FILE,
                "",
            )?;
            Ok::<_, CoreError>(())
        })?;
        self.seal_key_for(&next)?;
        keyfile::write_pending(&self.data_dir, &file)?;
        if let Err(e) = self.archive.rekey(&next) {
            keyfile::drop_pending(&self.data_dir);
            self.seal_key_abandoned();
            return Err(e.into());
        }
        keyfile::promote_pending(&self.data_dir)?;
        self.key = next;
        self.seal_key_switched()
    }

    /// Records that the organiser unlocked the desk (the desktop app's unlock screen;
    /// the CLI opens the archive for every command and does not record each). Best
    /// effort: on a full disk the archive must still open, read-only in effect, so the
    /// organiser can export or back up.
    pub fn record_unlocked(&mut self, by: &str) {
        let actor = self.actor.clone();
        let _ = self.archive.write(|tx| {
            audit::append(tx, &actor, signdesk_base::AuditEvent::Unlocked, "", by)?;
            Ok::<_, CoreError>(())
        });
    }

    /// The key file's bytes, for a backup to carry.
    pub(crate) fn key_file_bytes(&self) -> Result<Vec<u8>, CoreError> {
        Ok(KeyFile::read(&keyfile::key_path(&self.data_dir))?.to_bytes())
    }

    /// The organisation's name (PDF author); "本单位" until set.
    pub fn organisation(&self) -> Result<String, CoreError> {
        Ok(settings::get(self.archive.read(), ORG_KEY)?.unwrap_or_else(|| "本单位".into()))
    }

    pub fn set_organisation(&mut self, name: &str) -> Result<(), CoreError> {
        self.guard()?;
        let name = crate::signing::clean_organisation(name)?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            settings::set(tx, ORG_KEY, &name)?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::SettingsChanged,
                ORG_KEY,
                &name,
            )?;
            Ok::<_, CoreError>(())
        })
    }

    pub fn info(&self) -> Result<AppInfo, CoreError> {
        self.guard()?;
        let c = stats::counts(self.archive.read())?;
        let (_, head) = audit::head(self.archive.read())?;
        Ok(AppInfo {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            data_dir: self.data_dir.display().to_string(),
            archive_path: self.archive.path().display().to_string(),
            schema_version: self.archive.schema_version(),
            counts: Counts {
                templates: c.templates,
                template_versions: c.template_versions,
                people: c.people,
                agreements: c.agreements,
                voided: c.voided,
                audit_entries: c.audit_entries,
            },
            audit_head: head,
            os_kiosk: crate::os_kiosk::detect(),
        })
    }
}
