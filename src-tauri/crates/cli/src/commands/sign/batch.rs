//! `signdesk-cli sign --batch FILE --template ID [--out DIR] [--json]`: every row of
//! the table is checked before the first is signed (a wrong row stops the whole table
//! with nothing stored); then each row is signed in its own transaction and reported
//! with its number or its error. Signature images are read once per path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use signdesk_core::batch::{read_batch, BatchRow};
use signdesk_core::signing::{SignRequest, SignatureInput};
use signdesk_core::{CoreError, Desk, ErrorKind, IpcError, WorkStage};

use super::{device_name, SignArgs};
use crate::output;

/// One row's outcome, as `--json` lists it.
#[derive(Debug, Serialize)]
struct RowOutcome {
    line: u32,
    name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<IpcError>,
}

#[derive(Debug, Serialize)]
struct BatchReport {
    /// Whether every row was signed.
    ok: bool,
    /// Whether signing started (false: a row failed the check, nothing was stored).
    signed: bool,
    rows: Vec<RowOutcome>,
}

/// Signature images by path, each read once.
struct Images {
    base: PathBuf,
    read: HashMap<String, Result<Vec<u8>, IpcError>>,
}

impl Images {
    fn get(&mut self, cell: &str) -> Result<Vec<u8>, CoreError> {
        let base = &self.base;
        self.read
            .entry(cell.to_string())
            .or_insert_with(|| {
                let p = Path::new(cell);
                let p = if p.is_absolute() {
                    p.to_path_buf()
                } else {
                    base.join(p)
                };
                std::fs::read(&p).map_err(|e| IpcError {
                    kind: ErrorKind::FileUnreadable,
                    message: format!(
                        "无法读取签名图片 {}：{}",
                        p.display(),
                        signdesk_core::base::io_reason(&e)
                    ),
                })
            })
            .clone()
            .map_err(|e| CoreError::invalid(e.kind, e.message))
    }
}

fn request(a: &SignArgs, row: &BatchRow, images: &mut Images) -> Result<SignRequest, CoreError> {
    let mut signatures = Vec::new();
    for (role, cell) in &row.signature_files {
        signatures.push(SignatureInput {
            role_key: role.clone(),
            signer_name: row.signed_by.get(role).cloned(),
            png: images.get(cell)?,
            strokes_json: String::new(),
        });
    }
    Ok(SignRequest {
        template_id: a.template.clone(),
        version: a.version,
        signer: row.signer.clone(),
        year: a.year,
        values: row.values.clone(),
        signatures,
        device: device_name(),
    })
}

fn failed(row: &BatchRow, e: &CoreError) -> RowOutcome {
    RowOutcome {
        line: row.line,
        name: row.signer.name.clone(),
        number: None,
        file: None,
        error: Some(e.to_ipc()),
    }
}

pub fn run(desk: &mut Desk, a: &SignArgs, table: &Path, json: bool) -> Result<ExitCode, CoreError> {
    let bytes = std::fs::read(table)
        .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取批量签署表", table, &e))?;
    let name = table
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let rows = read_batch(&name, &bytes)?;
    if let Some(out) = &a.out {
        std::fs::create_dir_all(out)
            .map_err(|e| CoreError::io(ErrorKind::FileUnwritable, "无法创建文件夹", out, &e))?;
    }
    let mut images = Images {
        base: table.parent().map(Path::to_path_buf).unwrap_or_default(),
        read: HashMap::new(),
    };
    let bar = crate::progress::bar(json);
    let total = rows.len() as u64;

    // Every row checked first: one wrong row, and nothing is signed.
    let mut requests = Vec::with_capacity(rows.len());
    let mut refused = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        bar.job
            .step(WorkStage::Import, i as u64, total, &row.signer.name)?;
        match request(a, row, &mut images).and_then(|r| desk.check_sign(&r).map(|()| r)) {
            Ok(r) => requests.push(r),
            Err(e) => refused.push(failed(row, &e)),
        }
    }
    if !refused.is_empty() {
        drop(bar);
        return report(
            BatchReport {
                ok: false,
                signed: false,
                rows: refused,
            },
            json,
        );
    }

    let mut outcomes = Vec::with_capacity(rows.len());
    for (i, (row, req)) in rows.iter().zip(&requests).enumerate() {
        bar.job
            .step(WorkStage::Store, i as u64, total, &row.signer.name)?;
        let signed = desk.sign(req).and_then(|o| {
            let file = match &a.out {
                Some(dir) => {
                    let path = dir.join(format!("{}.pdf", o.number));
                    std::fs::write(&path, desk.agreement_pdf(o.id)?).map_err(|e| {
                        CoreError::io(
                            ErrorKind::FileUnwritable,
                            &format!("{} 已归档，但无法写出", o.number),
                            &path,
                            &e,
                        )
                    })?;
                    Some(path.display().to_string())
                }
                None => None,
            };
            Ok((o.number, file))
        });
        outcomes.push(match signed {
            Ok((number, file)) => RowOutcome {
                line: row.line,
                name: row.signer.name.clone(),
                number: Some(number),
                file,
                error: None,
            },
            Err(e) => failed(row, &e),
        });
    }
    drop(bar);
    report(
        BatchReport {
            ok: outcomes.iter().all(|o| o.error.is_none()),
            signed: true,
            rows: outcomes,
        },
        json,
    )
}

fn report(r: BatchReport, json: bool) -> Result<ExitCode, CoreError> {
    let code = if r.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    };
    if json {
        output::json(&r)?;
        return Ok(code);
    }
    for o in &r.rows {
        match (&o.number, &o.error) {
            (Some(n), _) => println!("第 {} 行 {}：已签署并归档 {n}", o.line, o.name),
            (_, Some(e)) => println!("第 {} 行 {}：✗ {}", o.line, o.name, e.message),
            _ => {}
        }
    }
    if !r.signed {
        eprintln!(
            "错误：有 {} 行未通过检查，没有签署任何一份；请改正后重新运行",
            r.rows.len()
        );
    } else {
        let done = r.rows.iter().filter(|o| o.number.is_some()).count();
        println!("共签署 {done} 份，{} 行失败", r.rows.len() - done);
    }
    Ok(code)
}
