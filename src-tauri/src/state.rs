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
//!
//! The session's own steps (create, unlock, lock, restore) are in `session.rs`; work
//! off the main thread and the running jobs 取消 reaches, in `work.rs`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use signdesk_core::group_view::GroupView;
use signdesk_core::{CoreError, Desk, ErrorKind, IpcError, Job, KioskDesk};

mod group;
mod session;
mod work;

use work::{background, blocking};

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
}

#[cfg(test)]
mod tests {
    use super::*;
    use signdesk_core::dto::SessionPhase;

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
