//! Work off the main thread: short commands on Tauri's blocking pool, long work on a
//! thread of its own at the lowest priority on a detached desk, registered under the
//! window's job id so 取消 finds it.

use std::collections::HashMap;

use signdesk_core::{CoreError, Desk, ErrorKind, Job, KioskDesk};

use super::{DeskState, Shared};

/// Runs blocking work on Tauri's blocking pool and waits for it without blocking.
pub(super) async fn blocking<T: Send + 'static>(
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
pub(super) async fn background<T: Send + 'static>(
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
pub(super) struct Running<'a> {
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

impl Shared {
    fn jobs_map(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Job>> {
        self.jobs.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub(super) fn register(&self, id: u32, job: &Job) -> Result<Running<'_>, CoreError> {
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

    pub(super) fn cancel_all(&self) {
        for job in self.jobs_map().values() {
            job.cancel();
        }
    }

    pub(super) fn working(&self) -> bool {
        !self.jobs_map().is_empty()
    }
}
