//! The self-test's report: one A4 page with every check (the same typesetter as the
//! agreements), sealed with the temporary installation — whose root certificate is
//! written beside it, since the temporary archive is gone afterwards — and checked
//! against that root; and the same report as JSON.

use std::path::Path;

use signdesk_typeset as typeset;

use super::archive::Temp;
use super::{CheckStatus, SelfTestReport};

fn mark(s: CheckStatus) -> &'static str {
    match s {
        CheckStatus::Passed => "通过",
        CheckStatus::Failed => "未通过",
        CheckStatus::NotApplicable => "不适用",
    }
}

fn document(r: &SelfTestReport) -> typeset::Document {
    let when = chrono::DateTime::parse_from_rfc3339(&r.started_at)
        .map(|t| {
            format!(
                "{} {}",
                signdesk_base::chinese_date(t.date_naive()),
                t.format("%H:%M")
            )
        })
        .unwrap_or_else(|_| r.started_at.clone());
    let mut blocks = vec![typeset::Block::Paragraph {
        text: format!(
            "签约台 {} 于 {} 在本机自检：{} 项通过，{} 项未通过，{} 项不适用，共用 {:.1} 秒。自检只使用临时档案库，结束后已删除，本机档案库未被改动。",
            r.program_version,
            when,
            r.passed,
            r.failed,
            r.not_applicable,
            r.millis as f64 / 1000.0
        ),
    }];
    for (i, c) in r.checks.iter().enumerate() {
        blocks.push(typeset::Block::Clause {
            number: format!("{}.", i + 1),
            level: 1,
            text: format!("{}【{}】{}", c.label, mark(c.status), c.detail),
        });
    }
    blocks.push(typeset::Block::Paragraph {
        text: "请把本报告（PDF）和同名的 .json 文件发给技术支持。".into(),
    });
    let created = chrono::DateTime::parse_from_rfc3339(&r.started_at)
        .unwrap_or_else(|_| chrono::Local::now().fixed_offset());
    typeset::Document {
        number: r.id.clone(),
        title: "签约台自检报告".into(),
        blocks,
        signatures: Vec::new(),
        record: None,
        meta: typeset::Meta {
            title: format!("签约台自检报告 {}", r.id),
            author: "签约台".into(),
            subject: "自检".into(),
            keywords: vec!["自检".into()],
            created,
            modified: None,
        },
    }
}

/// Writes `<out>/<id>.pdf`, `<id>-根证书.pem` and `<id>.json`; a part that cannot be
/// written is said in the JSON's paths being absent (and the report failed).
pub(super) fn write(r: &mut SelfTestReport, temp: Option<&Temp>, out: &Path) {
    if std::fs::create_dir_all(out).is_err() {
        r.ok = false;
        return;
    }
    if let Some(temp) = temp {
        if let Some((pdf, pem)) = sealed(r, temp) {
            let pdf_path = out.join(format!("{}.pdf", r.id));
            let pem_path = out.join(format!("{}-根证书.pem", r.id));
            if std::fs::write(&pdf_path, pdf).is_ok() && std::fs::write(&pem_path, pem).is_ok() {
                r.report_pdf = Some(pdf_path.display().to_string());
                r.root_pem = Some(pem_path.display().to_string());
            }
        }
    }
    let json_path = out.join(format!("{}.json", r.id));
    r.report_json = Some(json_path.display().to_string());
    match serde_json::to_vec_pretty(r) {
        Ok(bytes) if std::fs::write(&json_path, &bytes).is_ok() => {}
        _ => r.report_json = None,
    }
}

/// The report rendered and sealed by the temporary installation, verified against its
/// root; `None` when any step fails (the JSON still goes out).
fn sealed(r: &SelfTestReport, temp: &Temp) -> Option<(Vec<u8>, String)> {
    let mut desk = temp.desk.detached().ok()?;
    let ts = desk.typesetter().ok()?;
    let pdf = typeset::render(&document(r), &ts).ok()?;
    let inst = desk.installation().ok()?;
    let sealed = crate::seal::seal_pdf(&inst, &pdf.bytes).ok()?;
    signdesk_seal::verify_pdf(&sealed, &inst.root_cert_der).ok()?;
    Some((sealed, inst.root_pem()))
}
