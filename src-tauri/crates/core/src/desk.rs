//! `Desk`: an open archive plus the operations both front ends offer.

use std::path::{Path, PathBuf};

use signdesk_archive::{audit, stats, Archive};

use crate::dto::{AppInfo, Counts};
use crate::CoreError;

pub struct Desk {
    archive: Archive,
    data_dir: PathBuf,
}

impl Desk {
    /// Opens the archive in `data_dir`, creating and migrating it as needed.
    pub fn open(data_dir: &Path) -> Result<Desk, CoreError> {
        let archive = Archive::open_dir(data_dir)?;
        Ok(Desk { archive, data_dir: data_dir.to_path_buf() })
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
