//! `Desk`: an open archive plus the operations both front ends offer.

use std::path::{Path, PathBuf};

use signdesk_archive::{audit, stats, Archive};

use crate::dto::{AppInfo, Counts};
use crate::CoreError;

pub struct Desk {
    pub(crate) archive: Archive,
    data_dir: PathBuf,
    /// Who operates this session (shown in audit entries and signing records).
    pub(crate) actor: String,
}

impl Desk {
    /// Opens the archive in `data_dir`, creating and migrating it as needed.
    pub fn open(data_dir: &Path) -> Result<Desk, CoreError> {
        let archive = Archive::open_dir(data_dir)?;
        let mut desk = Desk {
            archive,
            data_dir: data_dir.to_path_buf(),
            actor: "管理员".into(),
        };
        desk.install_builtins()?;
        Ok(desk)
    }

    pub fn info(&self) -> Result<AppInfo, CoreError> {
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
        })
    }
}
