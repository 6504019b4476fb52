//! The app's managed state: the open archive, behind a mutex. No statics.
//!
//! If the archive cannot be opened the app still starts, so that the window can show
//! the (Chinese) reason instead of vanishing; every command then returns that error.

use std::sync::Mutex;

use signdesk_core::{CoreError, Desk};

pub struct DeskState {
    desk: Mutex<Result<Desk, String>>,
}

impl DeskState {
    pub fn new(opened: Result<Desk, CoreError>) -> DeskState {
        DeskState {
            desk: Mutex::new(opened.map_err(|e| e.to_string())),
        }
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
