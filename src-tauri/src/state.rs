//! The app's managed state: the data folder and, once the organiser passphrase has
//! opened it, the archive — behind a mutex. No statics.
//!
//! Locked is the default: at start, after `session_lock`, and after an idle spell
//! (checked here, in Rust, on every command — a webview that never reports idleness
//! still cannot reach the archive). Locking drops the `Desk`, and with it the archive's
//! key. Kiosk mode keeps the desk open: signers are using it and the core already
//! refuses everything else.
//!
//! The group view (`group.rs`) is a third state beside locked and open: no desk, the
//! group archive's connection instead; every desk command answers `group_read_only`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use signdesk_core::dto::{RestoreReport, SessionPhase, SessionState};
use signdesk_core::group_view::GroupView;
use signdesk_core::{CoreError, Desk, ErrorKind, FolderState, IpcError, Job, KioskDesk};

mod group;

/// Ten quiet minutes lock the desk; `SIGNDESK_IDLE_LOCK_SECS` overrides (tests).
const IDLE_LOCK: Duration = Duration::from_secs(600);

struct Inner {
    desk: Option<Desk>,
    /// The group view, when the app was opened on the group archive (never with a desk).
    group: Option<Arc<GroupView>>,
    last_used: Instant,
}

impl Inner {
    fn in_kiosk(&self) -> bool {
        self.desk.as_ref().is_some_and(Desk::in_kiosk)
    }
}

/// The managed state: cheap to clone (one `Arc`), so a command can hand it to the
/// blocking thread its work runs on — never the main thread, which paints the window.
#[derive(Clone)]
pub struct DeskState(Arc<Shared>);

pub struct Shared {
    data_dir: Result<PathBuf, IpcError>,
    inner: Mutex<Inner>,
    idle_lock: Duration,
    started: Instant,
    ready_reported: AtomicBool,
    /// Long work running now on detached desks, by the id the window gave it (取消
    /// finds it here without waiting for the desk's lock).
    jobs: Mutex<HashMap<u32, Job>>,
}

impl std::ops::Deref for DeskState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Runs blocking work on Tauri's blocking pool and waits for it without blocking.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    let r = tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::internal("后台任务意外中止", e))
        .and_then(|r| r);
    // Every command's work ends here: a failure's technical detail goes to the log.
    crate::log::logged(r)
}

/// Runs long work on a thread of its own at the OS's lowest priority for normal
/// threads (nice 19 on Linux, lowest on Windows): on a 2-core laptop the window, the
/// web view and every short command win the CPU, and the work takes what is left.
/// A thread of its own because a lowered priority cannot be raised again without
/// privileges, and the blocking pool's threads are reused for short commands.
async fn background<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    let thread = std::thread::Builder::new()
        .name("signdesk-work".into())
        .spawn(move || {
            // Best effort: at normal priority the work is only less polite.
            let _ =
                thread_priority::set_current_thread_priority(thread_priority::ThreadPriority::Min);
            f()
        })
        .map_err(|e| crate::log::failure(CoreError::internal("无法启动后台任务", e)))?;
    blocking(move || {
        thread
            .join()
            .map_err(|_| CoreError::invalid(ErrorKind::Internal, "后台任务意外中止"))?
    })
    .await
}

/// A job's entry in [`Shared::jobs`], removed when the work ends however it ends.
struct Running<'a> {
    shared: &'a Shared,
    id: u32,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.shared.jobs_map().remove(&self.id);
    }
}

impl DeskState {
    /// [`Shared::with`] off the main thread.
    pub async fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        blocking(move || me.with(f)).await
    }

    /// [`Shared::with_kiosk`] off the main thread.
    pub async fn call_kiosk<T: Send + 'static>(
        &self,
        f: impl FnOnce(KioskDesk<'_>) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        blocking(move || me.with_kiosk(f)).await
    }

    /// Any of the session's own steps (unlock, create, restore …) off the main thread.
    pub async fn session_step<T: Send + 'static>(
        &self,
        f: impl FnOnce(&Shared) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        blocking(move || f(&me)).await
    }

    /// Long work: `f` runs on a detached desk ([`Desk::detached`]: its own connection,
    /// this session's key) on a blocking thread, so neither the window nor the desk's
    /// lock waits for it; `job` is the window's id for 取消 (`job_cancel`).
    pub async fn work<T: Send + 'static>(
        &self,
        id: u32,
        job: Job,
        f: impl FnOnce(&mut Desk, &Job) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        background(move || {
            let _running = me.register(id, &job)?;
            let mut detached = me.with(|desk| desk.detached())?;
            f(&mut detached, &job)
        })
        .await
    }
}

fn locked() -> CoreError {
    CoreError::invalid(
        ErrorKind::SessionLocked,
        "签约台已锁定，请输入组织者口令解锁",
    )
}

impl DeskState {
    pub fn new(started: Instant, data_dir: Result<PathBuf, CoreError>) -> DeskState {
        let idle_lock = std::env::var("SIGNDESK_IDLE_LOCK_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .map(Duration::from_secs)
            .unwrap_or(IDLE_LOCK);
        DeskState::with_idle_lock(started, data_dir, idle_lock)
    }

    pub(crate) fn with_idle_lock(
        started: Instant,
        data_dir: Result<PathBuf, CoreError>,
        idle_lock: Duration,
    ) -> DeskState {
        DeskState(Arc::new(Shared {
            data_dir: data_dir.map_err(|e| e.to_ipc()),
            inner: Mutex::new(Inner {
                desk: None,
                group: None,
                last_used: Instant::now(),
            }),
            idle_lock,
            started,
            ready_reported: AtomicBool::new(false),
            jobs: Mutex::new(HashMap::new()),
        }))
    }
}

impl Shared {
    fn jobs_map(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Job>> {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn register(&self, id: u32, job: &Job) -> Result<Running<'_>, CoreError> {
        let mut jobs = self.jobs_map();
        if jobs.contains_key(&id) {
            return Err(CoreError::invalid(
                ErrorKind::JobRunning,
                "同一项任务已在进行中",
            ));
        }
        jobs.insert(id, job.clone());
        Ok(Running { shared: self, id })
    }

    /// 取消 for the job the window started as `id`; `false` when it already ended.
    pub fn cancel(&self, id: u32) -> bool {
        match self.jobs_map().get(&id) {
            Some(job) => {
                job.cancel();
                true
            }
            None => false,
        }
    }

    fn cancel_all(&self) {
        for job in self.jobs_map().values() {
            job.cancel();
        }
    }

    fn working(&self) -> bool {
        !self.jobs_map().is_empty()
    }

    /// Called by the first screen's first request: the UI is up and asking for data.
    /// With `SIGNDESK_STARTUP_PROBE=1` (the start-up benchmark) the time since the
    /// process started is printed once.
    pub fn first_screen_ready(&self) {
        if std::env::var_os("SIGNDESK_STARTUP_PROBE").is_some()
            && !self.ready_reported.swap(true, Ordering::Relaxed)
        {
            println!(
                "signdesk: first screen ready after {} ms",
                self.started.elapsed().as_millis()
            );
        }
    }

    fn dir(&self) -> Result<&Path, CoreError> {
        self.data_dir
            .as_deref()
            .map_err(|e| CoreError::invalid(e.kind, e.message.clone()))
    }

    fn lock_inner(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic in an earlier command poisons the lock; the archive itself is
        // transactional, so continuing with the inner value is safe.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Drops the desk if it has been idle too long (never in kiosk mode, and never
    /// under running work: an export of a year is not idleness).
    fn expire(&self, inner: &mut Inner) {
        if self.working() {
            inner.last_used = Instant::now();
        }
        if !inner.in_kiosk() && inner.last_used.elapsed() > self.idle_lock {
            inner.desk = None;
            // The group view stays, its typed password and connection forgotten.
            inner.group = inner.group.as_ref().map(|g| Arc::new(g.forgotten()));
        }
    }

    /// Whether kiosk mode holds the desk.
    pub fn kiosk_locked(&self) -> bool {
        self.lock_inner().in_kiosk()
    }

    /// Runs `f` on the open desk: the organiser's commands. Refused with
    /// `session_locked` when locked, and with `kiosk_locked` while kiosk mode holds the
    /// desk — a command that forgets the kiosk cannot reach the desk through here.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        self.open(|desk| {
            desk.refuse_in_kiosk()?;
            f(desk)
        })
    }

    /// Runs `f` on the signer's view of the desk ([`KioskDesk`]): the only door the
    /// kiosk's commands have, in kiosk mode or not.
    pub fn with_kiosk<T>(
        &self,
        f: impl FnOnce(KioskDesk<'_>) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        self.open(|desk| f(desk.kiosk()))
    }

    fn open<T>(&self, f: impl FnOnce(&mut Desk) -> Result<T, CoreError>) -> Result<T, CoreError> {
        let mut inner = self.lock_inner();
        self.expire(&mut inner);
        inner.last_used = Instant::now();
        group::refuse_desk(&inner)?;
        match inner.desk.as_mut() {
            Some(desk) => f(desk),
            None => Err(locked()),
        }
    }

    fn session(&self, inner: &Inner) -> Result<SessionState, CoreError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PASS: &str = "测试口令 shell 2027";

    fn state(dir: &Path, idle: Duration) -> DeskState {
        DeskState::with_idle_lock(Instant::now(), Ok(dir.to_path_buf()), idle)
    }

    #[test]
    fn locked_until_unlocked_and_locked_again_by_idleness_in_rust() {
        let dir = tempfile::tempdir().unwrap();
        let s = state(dir.path(), Duration::from_millis(300));
        assert_eq!(s.state().unwrap().phase, SessionPhase::Empty);
        assert_eq!(s.with(|d| d.info()).unwrap_err().kind(), "session_locked");
        assert_eq!(
            s.create("宁德新奥", PASS).unwrap().phase,
            SessionPhase::Open
        );
        let before = s.with(|d| d.info()).unwrap().counts.audit_entries;
        s.lock().unwrap();
        assert_eq!(s.with(|d| d.info()).unwrap_err().kind(), "session_locked");
        assert_eq!(
            s.unlock("错误的口令错误的口令").unwrap_err().kind(),
            "wrong_passphrase"
        );
        assert_eq!(s.state().unwrap().phase, SessionPhase::Locked);
        s.unlock(PASS).unwrap();
        let after = s.with(|d| d.info()).unwrap().counts.audit_entries;
        // The unlock is in the audit log, and so is the wrong try before it (issue 12).
        assert_eq!(after, before + 2, "unlock_failures and unlocked");
        // No command for longer than the idle limit: the next one is refused, whatever
        // the web view did or did not do.
        std::thread::sleep(Duration::from_millis(450));
        assert_eq!(s.with(|d| d.info()).unwrap_err().kind(), "session_locked");
        assert_eq!(s.state().unwrap().phase, SessionPhase::Locked);
    }

    #[test]
    fn restore_from_the_open_app_checks_the_passphrase_first() {
        let dir = tempfile::tempdir().unwrap();
        let s = state(dir.path(), Duration::from_secs(600));
        s.create("宁德新奥", PASS).unwrap();
        let backup = dir.path().join("b.sdbak");
        s.with(|d| d.backup(&backup, false, &Job::silent()))
            .unwrap();
        let err = s
            .restore(&backup, "错误的口令错误的口令", 1, &Job::silent())
            .unwrap_err();
        assert_eq!(err.kind(), "wrong_passphrase");
        s.with(|d| d.info())
            .expect("a typo does not close the desk");
        let (report, after) = s.restore(&backup, PASS, 1, &Job::silent()).unwrap();
        assert!(report.previous.is_some());
        assert_eq!(after.phase, SessionPhase::Open);
        s.with(|d| d.info()).unwrap();
    }
}
