//! `Desk`: an open archive plus the operations both front ends offer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use signdesk_archive::{audit, settings, stats, Archive};

const ORG_KEY: &str = "org.name";

use crate::dto::{AppInfo, Counts};
use crate::CoreError;

pub struct Desk {
    pub(crate) archive: Archive,
    data_dir: PathBuf,
    /// Who operates this session (shown in audit entries and signing records).
    pub(crate) actor: String,
    pub(crate) fonts: OnceLock<Arc<signdesk_typeset::Fonts>>,
    /// Kiosk mode's lock (also stored in the archive, see `kiosk.rs`).
    pub(crate) kiosk: Option<crate::kiosk::KioskLock>,
}

impl Desk {
    /// Opens the archive in `data_dir`, creating and migrating it as needed.
    pub fn open(data_dir: &Path) -> Result<Desk, CoreError> {
        let archive = Archive::open_dir(data_dir)?;
        let kiosk = crate::kiosk::load(archive.read())?;
        let mut desk = Desk {
            archive,
            data_dir: data_dir.to_path_buf(),
            actor: "管理员".into(),
            fonts: OnceLock::new(),
            kiosk,
        };
        desk.install_builtins()?;
        Ok(desk)
    }

    /// The organisation's name (PDF author); "本单位" until set.
    pub fn organisation(&self) -> Result<String, CoreError> {
        Ok(settings::get(self.archive.read(), ORG_KEY)?.unwrap_or_else(|| "本单位".into()))
    }

    pub fn set_organisation(&mut self, name: &str) -> Result<(), CoreError> {
        self.guard()?;
        let name = crate::signing::clean_name("单位", name)?;
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            settings::set(tx, ORG_KEY, &name)?;
            audit::append(tx, &actor, "settings_changed", ORG_KEY, &name)?;
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
        })
    }
}
