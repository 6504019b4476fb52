//! What a restore leaves beside the live archive: the archive it replaced
//! (`signdesk.db.before-restore-<time>`) and that archive's key file
//! (`signdesk.key.before-restore-<time>`). They are kept so a wrong restore can be
//! undone — but the old key file opens the old archive with the *old* passphrase, so
//! after a passphrase change (the usual reason being that the old one is known to
//! someone who should not have it) the organiser is offered to delete them.

use std::path::{Path, PathBuf};

use signdesk_archive::{audit, DB_FILE};

use crate::dto::OldCopy;
use crate::{keyfile, CoreError, Desk};

const MARK: &str = ".before-restore";

/// The leftover copies in `dir`, oldest first (their names sort by time).
fn list(dir: &Path) -> Vec<(PathBuf, OldCopy)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(PathBuf, OldCopy)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            let rest = name
                .strip_prefix(DB_FILE)
                .or_else(|| name.strip_prefix(keyfile::KEY_FILE))?;
            if !rest.starts_with(MARK) || !e.file_type().ok()?.is_file() {
                return None;
            }
            let bytes = e.metadata().ok()?.len();
            Some((e.path(), OldCopy { name, bytes }))
        })
        .collect();
    out.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    out
}

impl Desk {
    /// The archives (and their key files) an earlier restore left in the data folder.
    pub fn old_copies(&self) -> Result<Vec<OldCopy>, CoreError> {
        self.guard()?;
        Ok(list(&self.data_dir).into_iter().map(|(_, c)| c).collect())
    }

    /// Deletes them, recorded in the audit log with their names. Returns what was
    /// deleted; a file that cannot be removed stops it with a message naming it.
    pub fn delete_old_copies(&mut self) -> Result<Vec<OldCopy>, CoreError> {
        self.guard()?;
        let found = list(&self.data_dir);
        if found.is_empty() {
            return Ok(Vec::new());
        }
        let names: Vec<&str> = found.iter().map(|(_, c)| c.name.as_str()).collect();
        let detail = serde_json::json!({ "files": names }).to_string();
        let actor = self.actor.clone();
        // Recorded first: a deletion that is not in the log never happens.
        self.archive.write(|tx| {
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::OldCopiesDeleted,
                "",
                &detail,
            )?;
            Ok::<_, CoreError>(())
        })?;
        let mut deleted = Vec::new();
        for (path, copy) in found {
            std::fs::remove_file(&path).map_err(|e| {
                CoreError::io(
                    signdesk_base::ErrorKind::FileUnwritable,
                    "无法删除",
                    &path,
                    &e,
                )
            })?;
            deleted.push(copy);
        }
        Ok(deleted)
    }
}
