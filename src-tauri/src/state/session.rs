//! The session's own steps: first start, unlock, lock and restore, and the state the
//! window asks for.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use signdesk_core::dto::{RestoreReport, SessionPhase, SessionState};
use signdesk_core::{CoreError, Desk, ErrorKind, FolderState, Job};

use super::{group, Inner, Shared};

impl Shared {
    pub(super) fn session(&self, inner: &Inner) -> Result<SessionState, CoreError> {
        let dir = self.dir()?;
        let (phase, organisation) = match (&inner.desk, Desk::folder_state(dir)) {
            _ if inner.group.is_some() => (SessionPhase::Group, None),
            (Some(desk), _) => (SessionPhase::Open, Some(desk.organisation()?)),
            (None, FolderState::Locked { organisation }) => {
                (SessionPhase::Locked, Some(organisation))
            }
            (None, FolderState::Empty) => (SessionPhase::Empty, None),
        };
        Ok(SessionState {
            phase,
            organisation,
            data_dir: dir.display().to_string(),
            kiosk: inner.in_kiosk(),
            idle_lock_seconds: self.idle_lock.as_secs().min(u32::MAX as u64) as u32,
        })
    }

    /// The session as it stands; asking counts as activity (the UI asks while the
    /// organiser types or scrolls without calling anything else).
    pub fn state(&self) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        self.expire(&mut inner);
        inner.last_used = Instant::now();
        self.session(&inner)
    }

    /// First start: a new encrypted archive for `organisation`, opened.
    pub fn create(&self, organisation: &str, passphrase: &str) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        group::refuse_desk(&inner)?;
        if let Some(desk) = &inner.desk {
            desk.refuse_in_kiosk()?;
        }
        let desk = Desk::create(self.dir()?, organisation, passphrase)?;
        inner.desk = Some(desk);
        inner.last_used = Instant::now();
        self.session(&inner)
    }

    pub fn unlock(&self, passphrase: &str) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        group::refuse_desk(&inner)?;
        if inner.desk.is_none() {
            let mut desk = Desk::open(self.dir()?, passphrase)?;
            desk.record_unlocked("签约台（桌面程序）");
            inner.desk = Some(desk);
        }
        inner.last_used = Instant::now();
        self.session(&inner)
    }

    /// Locks now (the organiser steps away). Refused in kiosk mode: that has its own
    /// lock, and signers must be able to go on.
    pub fn lock(&self) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        if let Some(desk) = &inner.desk {
            desk.refuse_in_kiosk()?;
        }
        inner.desk = None;
        // The group view's typed password goes too (its connection string stays).
        inner.group = inner.group.as_ref().map(|g| Arc::new(g.forgotten()));
        // Work running on detached desks holds a copy of the key: it stops too.
        self.cancel_all();
        self.session(&inner)
    }

    /// Replaces the archive with a backup, then opens the restored one. From the open
    /// app the passphrase is checked first, so a typo never closes the desk.
    /// Refused while other work reads the archive (it must be closed to be replaced).
    /// `id` is the window's name for the job (取消).
    pub fn restore(
        &self,
        file: &Path,
        passphrase: &str,
        id: u32,
        job: &Job,
    ) -> Result<(RestoreReport, SessionState), CoreError> {
        let mut inner = self.lock_inner();
        group::refuse_desk(&inner)?;
        let dir = self.dir()?.to_path_buf();
        if self.working() {
            return Err(CoreError::invalid(
                ErrorKind::JobRunning,
                "导出、打印、备份、核验或导入正在进行；请等它完成或取消后再恢复",
            ));
        }
        let _running = self.register(id, job)?;
        if let Some(desk) = &inner.desk {
            desk.refuse_in_kiosk()?;
            if !desk.passphrase_matches(passphrase)? {
                return Err(CoreError::invalid(ErrorKind::WrongPassphrase, "口令不正确"));
            }
        }
        // The archive must be closed to be replaced.
        let was_open = inner.desk.take().is_some();
        let restored = signdesk_core::trust::restore(&dir, file, passphrase, job);
        let reopened = if restored.is_ok() || was_open {
            Desk::open(&dir, passphrase).map(Some)
        } else {
            Ok(None)
        };
        inner.desk = reopened?;
        inner.last_used = Instant::now();
        let report = restored?;
        Ok((report, self.session(&inner)?))
    }
}
