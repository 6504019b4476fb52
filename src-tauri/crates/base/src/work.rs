//! Long work's two wires to whoever started it: how far it has come, and 取消.
//!
//! Export, print, backup, restore, verify and the imports take a [`Job`]. They call
//! [`Job::step`] for every item; it reports progress (to the window's channel, the
//! CLI's bar, or nowhere) and returns [`Cancelled`] once 取消 was pressed, which the
//! work turns into its clean-up and an error of kind `cancelled`. Reports are thinned
//! to a few per second here, so no caller floods its window or terminal.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a long piece of work is doing now (one work can pass through several).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum WorkStage {
    /// Finding which agreements a selection means.
    Select,
    /// Writing agreements into an export folder.
    Export,
    /// Putting agreements, in their number of copies, into one PDF.
    Merge,
    /// Handing the merged PDF to the printer.
    Spool,
    /// Copying the archive's pages into a backup or back from one.
    Copy,
    /// Reading a copy back to check it.
    Check,
    /// Checking agreements, seals and the audit chain.
    Verify,
    /// Reading and checking rows of an import file.
    Import,
    /// Storing what was checked.
    Store,
    /// Sending agreements to the group archive (online, or into a 上报包).
    Send,
}

/// One report: `done` of `total` items in `stage`, the current one named by `item`
/// (a document number, a file, a person); `total` is 0 while unknown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Progress {
    pub stage: WorkStage,
    pub done: u64,
    pub total: u64,
    pub item: String,
}

/// The work was stopped by 取消 (or the session locked under it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("已取消")
    }
}

impl std::error::Error for Cancelled {}

type Sink = dyn Fn(&Progress) + Send + Sync;

struct Inner {
    cancelled: AtomicBool,
    sink: Option<Box<Sink>>,
    /// When the last report went out, its stage and its whole percent (a new stage
    /// or a new percent always goes out).
    last: Mutex<Option<(Instant, WorkStage, u64)>>,
}

/// A handle on one long piece of work, shared by the work and whoever may cancel it.
#[derive(Clone)]
pub struct Job {
    inner: Arc<Inner>,
}

/// Besides the first and last of each stage and each whole percent, a report goes
/// out at most this often: a bar moves smoothly, and 2,000 items make ~100 reports.
const REPORT_EVERY: Duration = Duration::from_millis(80);

fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(0)
}

impl Job {
    /// A job whose reports go to `sink`.
    pub fn new(sink: impl Fn(&Progress) + Send + Sync + 'static) -> Job {
        Job::make(Some(Box::new(sink)))
    }

    /// A job nobody watches (scripts, tests): it can still be cancelled.
    pub fn silent() -> Job {
        Job::make(None)
    }

    fn make(sink: Option<Box<Sink>>) -> Job {
        Job {
            inner: Arc::new(Inner {
                cancelled: AtomicBool::new(false),
                sink,
                last: Mutex::new(None),
            }),
        }
    }

    /// 取消: the work stops at its next step.
    pub fn cancel(&self) {
        self.inner.cancelled.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.inner.cancelled.load(Ordering::SeqCst)
    }

    /// `Err(Cancelled)` once cancelled: for work between steps.
    pub fn check(&self) -> Result<(), Cancelled> {
        if self.is_cancelled() {
            Err(Cancelled)
        } else {
            Ok(())
        }
    }

    /// Reports `done` of `total` in `stage` at `item`, then whether to go on.
    pub fn step(
        &self,
        stage: WorkStage,
        done: u64,
        total: u64,
        item: &str,
    ) -> Result<(), Cancelled> {
        self.check()?;
        let Some(sink) = &self.inner.sink else {
            return Ok(());
        };
        let pct = percent(done, total);
        let due = {
            let mut last = self.inner.last.lock().unwrap_or_else(|p| p.into_inner());
            let due = match *last {
                Some((at, s, p)) => {
                    s != stage || p != pct || done >= total || at.elapsed() >= REPORT_EVERY
                }
                None => true,
            };
            if due {
                *last = Some((Instant::now(), stage, pct));
            }
            due
        };
        if due {
            sink(&Progress {
                stage,
                done,
                total,
                item: item.to_string(),
            });
        }
        Ok(())
    }
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_thinned_but_the_first_and_last_of_a_stage_always_go_out() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let job = Job::new(move |p| s.lock().unwrap().push((p.stage, p.done)));
        for i in 1..=10_000 {
            job.step(WorkStage::Export, i, 10_000, "x").unwrap();
        }
        job.step(WorkStage::Check, 0, 1, "").unwrap();
        let seen = seen.lock().unwrap().clone();
        assert_eq!(seen.first(), Some(&(WorkStage::Export, 1)));
        assert!(seen.contains(&(WorkStage::Export, 10_000)), "{seen:?}");
        assert!(
            seen.contains(&(WorkStage::Export, 5_000)),
            "each whole percent"
        );
        assert_eq!(seen.last(), Some(&(WorkStage::Check, 0)));
        assert!(
            seen.len() < 130,
            "a tight loop is not reported item by item: {}",
            seen.len()
        );
    }

    #[test]
    fn a_cancelled_job_refuses_its_next_step_and_a_clone_sees_it() {
        let job = Job::silent();
        let other = job.clone();
        job.step(WorkStage::Verify, 1, 2, "").unwrap();
        other.cancel();
        assert_eq!(job.step(WorkStage::Verify, 2, 2, ""), Err(Cancelled));
        assert_eq!(job.check(), Err(Cancelled));
    }
}
