//! The group view's side of the session (issue 25): the app opened on the group
//! archive holds a [`GroupView`] — its connection string, the password typed once,
//! one connection — in memory only, and no desk. While it does, every desk command
//! answers `group_read_only`; the group commands (`commands/group_view.rs`) reach it
//! only through here, refused in kiosk mode like every organiser command.
//!
//! The group client is synchronous with a runtime of its own: everything here runs on
//! the blocking pool or a work thread (`blocking`, `background`), never on the async
//! runtime — also dropping a connection, which ends its runtime.

use std::sync::Arc;
use std::time::Instant;

use signdesk_core::dto::SessionState;
use signdesk_core::group_view::GroupView;
use signdesk_core::{CoreError, ErrorKind, Job};

use super::{background, blocking, DeskState, Inner, Shared};

/// The desk's commands in the group view: a clear refusal, not `session_locked`.
pub(super) fn refuse_desk(inner: &Inner) -> Result<(), CoreError> {
    if inner.group.is_some() {
        return Err(CoreError::invalid(
            ErrorKind::GroupReadOnly,
            "现在打开的是集团档案库（只读）：不能签约，也不能改动；要使用本机签约台，请先点「退出集团档案库」",
        ));
    }
    Ok(())
}

fn not_open() -> CoreError {
    CoreError::invalid(
        ErrorKind::GroupConnect,
        "还没有打开集团档案库：请在开始界面点「打开集团档案库」",
    )
}

impl Shared {
    /// Whether the app is in the group view.
    pub fn in_group(&self) -> bool {
        self.lock_inner().group.is_some()
    }

    /// The group view, for one group command. Refused in kiosk mode and outside the
    /// group view; counts as activity (the idle lock forgets the typed password).
    fn group(&self) -> Result<Arc<GroupView>, CoreError> {
        let mut inner = self.lock_inner();
        if inner.in_kiosk() {
            return Err(CoreError::invalid(
                ErrorKind::KioskLocked,
                "签约进行中，签约台已锁定；请组织者输入 PIN 退出签约模式",
            ));
        }
        self.expire(&mut inner);
        inner.last_used = Instant::now();
        inner.group.clone().ok_or_else(not_open)
    }

    /// Enters the group view with `view` (connected and checked by the caller, outside
    /// this lock). An open desk is locked first; refused in kiosk mode.
    pub fn enter_group(&self, view: GroupView) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        if let Some(desk) = &inner.desk {
            desk.refuse_in_kiosk()?;
        }
        inner.desk = None;
        self.cancel_all();
        inner.group = Some(Arc::new(view));
        inner.last_used = Instant::now();
        self.session(&inner)
    }

    /// The password typed in the group view (when the connection string has none):
    /// checked by connecting, then kept.
    pub fn group_password(&self, password: &str) -> Result<Arc<GroupView>, CoreError> {
        let view = Arc::new(self.group()?.with_password(password)?);
        view.sites()?;
        let mut inner = self.lock_inner();
        if inner.group.is_none() {
            return Err(not_open());
        }
        inner.group = Some(view.clone());
        Ok(view)
    }

    /// Leaves the group view: back to the first screen (the desk locked or empty).
    pub fn leave_group(&self) -> Result<SessionState, CoreError> {
        let mut inner = self.lock_inner();
        self.cancel_all();
        inner.group = None;
        self.session(&inner)
    }
}

impl DeskState {
    /// Runs `f` on the group view on the blocking pool.
    pub async fn call_group<T: Send + 'static>(
        &self,
        f: impl FnOnce(&GroupView) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        blocking(move || f(&*me.group()?)).await
    }

    /// Long work on the group view (export, verify) on a work thread of its own, under
    /// the window's job id for 取消; it opens its own connection.
    pub async fn group_work<T: Send + 'static>(
        &self,
        id: u32,
        job: Job,
        f: impl FnOnce(&GroupView, &Job) -> Result<T, CoreError> + Send + 'static,
    ) -> Result<T, CoreError> {
        let me = self.clone();
        background(move || {
            let view = me.group()?;
            let _running = me.register(id, &job)?;
            f(&view, &job)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use signdesk_core::dto::SessionPhase;

    use super::*;

    const PASS: &str = "测试口令 shell 2027";

    #[test]
    fn in_the_group_view_the_desk_is_refused_by_name_and_leaving_returns_to_the_first_screen() {
        let dir = tempfile::tempdir().unwrap();
        let s = DeskState::with_idle_lock(
            Instant::now(),
            Ok(dir.path().to_path_buf()),
            Duration::from_secs(600),
        );
        s.create("宁德新奥", PASS).unwrap();
        let view = GroupView::new("postgresql://anquanbu@127.0.0.1:1/g", None).unwrap();
        assert_eq!(s.enter_group(view).unwrap().phase, SessionPhase::Group);
        assert!(s.in_group());
        for refused in [
            s.with(|d| d.info()).map(|_| ()).unwrap_err(),
            s.unlock(PASS).map(|_| ()).unwrap_err(),
            s.create("别的单位", PASS).map(|_| ()).unwrap_err(),
        ] {
            assert_eq!(refused.kind(), "group_read_only");
            assert!(refused.to_string().contains("集团档案库"), "{refused}");
        }
        assert!(s.group().unwrap().needs_password());
        // Locking (or idleness) forgets a typed password and keeps the view.
        assert_eq!(s.lock().unwrap().phase, SessionPhase::Group);
        assert_eq!(s.leave_group().unwrap().phase, SessionPhase::Locked);
        assert_eq!(s.group().err().unwrap().kind(), "group_connect");
        s.unlock(PASS).unwrap();
        s.with(|d| d.info()).unwrap();
    }
}
