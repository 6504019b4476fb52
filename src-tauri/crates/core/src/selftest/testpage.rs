//! 「打印测试页」: one A4 page, asked for explicitly (the self-test itself never prints),
//! with a QR code holding `签约台测试页 <id>` — the id of the self-test it belongs to —
//! so that the page that comes out of the printer is matched to the report sent back,
//! and its code read by any phone. Sent as one job through the same path as agreements
//! (`output::print::spool`).

use serde::Serialize;
use signdesk_base::{ErrorKind, Job};
use signdesk_typeset as typeset;
use ts_rs::TS;

use crate::CoreError;

/// What was printed: the printer, the job, and what the page's QR code holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TestPagePrinted {
    pub printer: String,
    /// The print system's job id, when it gives one (CUPS: `Printer-12`).
    pub job: Option<String>,
    pub code: String,
}

/// What the test page's QR code holds for self-test `id`.
pub fn code_text(id: &str) -> String {
    format!("签约台测试页 {id}")
}

fn document(id: &str, printer: &str) -> typeset::Document {
    let now = chrono::Local::now().fixed_offset();
    let when = format!(
        "{} {}",
        signdesk_base::chinese_date(now.date_naive()),
        now.format("%H:%M")
    );
    typeset::Document {
        number: id.to_string(),
        title: "签约台打印测试页".into(),
        blocks: vec![
            typeset::Block::Paragraph {
                text: format!(
                    "这是签约台 {} 于 {when} 发送到打印机「{printer}」的测试页，属于{id}。",
                    env!("CARGO_PKG_VERSION")
                ),
            },
            typeset::Block::Paragraph {
                text: "请检查：汉字清楚、没有缺字或方框（生僻字：𠀀 䶮 堃 喆 赟），页边没有被裁掉，右侧二维码能用手机扫出左边写的内容。".into(),
            },
            typeset::Block::Code {
                text: code_text(id),
                caption: format!("二维码内容：{}。请把扫码结果与自检报告一起发给技术支持。", code_text(id)),
            },
        ],
        signatures: Vec::new(),
        record: None,
        meta: typeset::Meta {
            title: format!("签约台打印测试页 {id}"),
            author: "签约台".into(),
            subject: "打印测试页".into(),
            keywords: vec!["自检".into()],
            created: now,
            modified: None,
        },
    }
}

/// Renders the test page of self-test `id` (with the bundled fonts).
pub fn render(id: &str, printer: &str) -> Result<Vec<u8>, CoreError> {
    let ts = typeset::Typesetter::bundled()?;
    Ok(typeset::render(&document(id, printer), &ts)?.bytes)
}

/// Prints the test page of self-test `id` on `printer` as one job.
pub fn print(id: &str, printer: &str, job: &Job) -> Result<TestPagePrinted, CoreError> {
    if id.trim().is_empty() {
        return Err(CoreError::invalid(
            ErrorKind::BadArgument,
            "请先运行自检，再打印测试页",
        ));
    }
    let pdf = render(id, printer)?;
    let spooled = signdesk_output::print::spool(&pdf, printer, &format!("签约台测试页 {id}"), job)?;
    Ok(TestPagePrinted {
        printer: printer.trim().to_string(),
        job: spooled,
        code: code_text(id),
    })
}
