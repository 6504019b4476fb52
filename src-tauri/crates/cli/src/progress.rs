//! A progress bar for long work on a terminal: on stderr, only when stderr is a
//! terminal and the output is not `--json` (scripts and pipes see nothing of it).
//! Ctrl-C is left to the terminal: a cancelled command leaves nothing half-written
//! either way, because every long operation writes to a temporary name first.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use signdesk_core::{Job, WorkStage};

/// What the bar says a stage is doing.
fn label(stage: WorkStage) -> &'static str {
    match stage {
        WorkStage::Select => "选取",
        WorkStage::Export => "导出",
        WorkStage::Merge => "合并",
        WorkStage::Spool => "送打印机",
        WorkStage::Copy => "复制",
        WorkStage::Check => "核对",
        WorkStage::Verify => "核验",
        WorkStage::Import => "导入",
        WorkStage::Store => "保存",
        WorkStage::Send => "上报",
    }
}

/// The job a long command runs under; its bar is cleared when the job is dropped.
pub struct Bar {
    pub job: Job,
    bar: Option<ProgressBar>,
}

impl Drop for Bar {
    fn drop(&mut self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

pub fn bar(json: bool) -> Bar {
    if json || !std::io::stderr().is_terminal() {
        return Bar {
            job: Job::silent(),
            bar: None,
        };
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let b = bar.clone();
    Bar {
        job: Job::new(move |p| {
            b.set_prefix(label(p.stage));
            b.set_length(p.total);
            b.set_position(p.done);
            b.set_message(p.item.clone());
        }),
        bar: Some(bar),
    }
}
