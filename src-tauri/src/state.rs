//! The app's managed state: the open archive, behind a mutex. No statics.
//!
//! If the archive cannot be opened the app still starts, so that the window can show
//! the (Chinese) reason instead of vanishing; every command then returns that error.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use signdesk_core::{CoreError, Desk};

pub struct DeskState {
    desk: Mutex<Result<Desk, String>>,
    started: Instant,
    ready_reported: AtomicBool,
}

impl DeskState {
    pub fn new(started: Instant, opened: Result<Desk, CoreError>) -> DeskState {
        DeskState {
            desk: Mutex::new(opened.map_err(|e| e.to_string())),
            started,
            ready_reported: AtomicBool::new(false),
        }
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

    /// Whether kiosk mode holds the desk (false when the archive did not open).
    pub fn kiosk_locked(&self) -> bool {
        self.with(|desk| desk.kiosk_state())
            .map(|k| k.is_some())
            .unwrap_or(false)
    }

    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut Desk) -> Result<T, CoreError>,
    ) -> Result<T, CoreError> {
        // A panic in an earlier command poisons the lock; the archive itself is
        // transactional, so continuing with the inner value is safe.
        let mut guard = self.desk.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_mut() {
            Ok(desk) => f(desk),
            Err(reason) => Err(CoreError::invalid("archive_open", reason.clone())),
        }
    }
}
