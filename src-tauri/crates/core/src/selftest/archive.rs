//! The archive's whole path on a temporary archive: made, opened again (the passphrase
//! derivation timed), an agreement for a person with rare name characters rendered
//! from the bundled fonts only, signed, sealed and verified, found, exported, backed up
//! and restored into another temporary folder. Everything lives in one temporary
//! folder that is removed when the report is written.

use std::collections::BTreeMap;
use std::time::Instant;

use crate::dto::SearchFilters;
use crate::signing::{SignRequest, SignatureInput, SignerInput};
use crate::Desk;
use signdesk_base::Job;

use super::{failed, passed, CheckKey, Checks, Outcome};

/// The temporary archive, kept open until the report is sealed with its installation.
pub(crate) struct Temp {
    pub(crate) desk: Desk,
    /// Removed on drop.
    pub(crate) _dir: tempfile::TempDir,
}

/// A name with characters outside the common set: 䶮 (Extension A, 刘䶮), 𠀋 and 𪚥
/// (Extension B) — what the bundled fallback font is for.
pub(crate) const RARE_NAME: &str = "刘䶮𠀋";
const TEMPLATE: &str = "kefu-anquan-mubiao-2018";
const ORG: &str = "签约台自检";

pub(super) fn run(c: &mut Checks<'_>) -> Option<Temp> {
    let dir = match tempfile::Builder::new()
        .prefix("signdesk-selftest-")
        .tempdir()
    {
        Ok(d) => d,
        Err(e) => {
            c.run(CheckKey::ArchiveCreate, || {
                failed(format!(
                    "无法建立临时文件夹：{}",
                    signdesk_base::io_reason(&e)
                ))
            });
            return None;
        }
    };
    let data = dir.path().join("archive");
    // A passphrase nobody knows: the temporary archive is read by nobody else.
    let passphrase = match crate::hex::random_token() {
        Ok(t) => format!("自检 {t}"),
        Err(_) => format!("签约台自检 {}", std::process::id()),
    };
    let mut created = None;
    c.run(CheckKey::ArchiveCreate, || {
        match Desk::create(&data, ORG, &passphrase) {
            Ok(d) => {
                created = Some(d);
                passed(format!(
                    "在临时文件夹 {} 中新建（自检后删除）",
                    dir.path().display()
                ))
            }
            Err(e) => failed(format!("无法新建档案库：{e}")),
        }
    });
    drop(created?);
    let mut desk = None;
    c.run(CheckKey::PassphraseDerivation, || {
        let t = Instant::now();
        match Desk::open(&data, &passphrase) {
            Ok(d) => {
                desk = Some(d);
                let ms = t.elapsed().as_millis();
                if ms > 10_000 {
                    failed(format!(
                        "打开档案库（Argon2id 64 MiB × 3）用了 {ms} 毫秒，太慢"
                    ))
                } else {
                    passed(format!("打开档案库（Argon2id 64 MiB × 3）用了 {ms} 毫秒"))
                }
            }
            Err(e) => failed(format!("无法用口令打开刚建的档案库：{e}")),
        }
    });
    let mut desk = desk?;
    c.run(CheckKey::RareNames, rare_names);
    let mut signed = false;
    c.run(CheckKey::SignSealVerify, || {
        let r = sign_and_verify(&mut desk);
        signed = r.0 == super::CheckStatus::Passed;
        r
    });
    c.run(CheckKey::Search, || search(&desk, signed));
    c.run(CheckKey::Export, || export(&mut desk, dir.path(), signed));
    c.run(CheckKey::BackupRestore, || {
        backup_restore(&mut desk, dir.path(), &passphrase, signed)
    });
    Some(Temp { desk, _dir: dir })
}

fn rare_names() -> Outcome {
    let ts = match signdesk_typeset::Typesetter::bundled() {
        Ok(t) => t,
        Err(e) => return failed(format!("随附字体无法载入：{e}")),
    };
    if let Some(c) = ts.fonts().first_missing(RARE_NAME) {
        return failed(format!("随附字体里没有「{c}」（U+{:04X}）", c as u32));
    }
    passed(format!(
        "「{RARE_NAME}」的每个字都由程序随附的字体排出（不依赖本机字体）"
    ))
}

/// A signature-like stroke, as the pad would export it.
fn signature_png() -> Vec<u8> {
    let mut img = image::RgbaImage::new(300, 100);
    for x in 20..280u32 {
        let y = 50.0 + 30.0 * ((x as f32) / 18.0).sin();
        for dy in 0..4 {
            img.put_pixel(x, (y as u32 + dy).min(99), image::Rgba([20, 24, 40, 255]));
        }
    }
    let mut out = Vec::new();
    let _ = img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png);
    out
}

fn sign_and_verify(desk: &mut Desk) -> Outcome {
    let sig = |role: &str, who: Option<&str>| SignatureInput {
        role_key: role.into(),
        signer_name: who.map(str::to_string),
        png: signature_png(),
        strokes_json: String::new(),
    };
    let request = SignRequest {
        template_id: TEMPLATE.into(),
        version: None,
        signer: SignerInput {
            name: RARE_NAME.into(),
            employee_no: Some("ZJ001".into()),
            department: "自检".into(),
            position: String::new(),
        },
        year: None,
        values: BTreeMap::new(),
        signatures: vec![sig("employee", None), sig("director", Some("自检员"))],
        device: "自检".into(),
    };
    let t = Instant::now();
    let out = match desk.sign(&request) {
        Ok(o) => o,
        Err(e) => return failed(format!("签署失败：{e}")),
    };
    let sign_ms = t.elapsed().as_millis();
    match desk.verify() {
        Ok(r) if r.ok && r.checked == 1 => passed(format!(
            "签署 {}（{} 页，{} 字节）用了 {sign_ms} 毫秒；电子印章、内容哈希和审计链核验通过",
            out.number, out.pages, out.bytes
        )),
        Ok(r) => failed(format!(
            "核验发现问题：{}",
            r.problems
                .iter()
                .map(|p| p.detail.clone())
                .collect::<Vec<_>>()
                .join("；")
        )),
        Err(e) => failed(format!("核验无法完成：{e}")),
    }
}

fn search(desk: &Desk, signed: bool) -> Outcome {
    if !signed {
        return failed("没有可搜索的协议（签署未成功）");
    }
    let t = Instant::now();
    let f = SearchFilters {
        text: "liuyan".into(),
        ..Default::default()
    };
    match desk.search(&f) {
        Ok(r) if r.total == 1 => passed(format!(
            "按拼音 liuyan 找到「{RARE_NAME}」，用了 {} 毫秒",
            t.elapsed().as_millis()
        )),
        Ok(r) => failed(format!("按拼音 liuyan 应找到 1 份，找到 {} 份", r.total)),
        Err(e) => failed(format!("搜索失败：{e}")),
    }
}

fn export(desk: &mut Desk, dir: &std::path::Path, signed: bool) -> Outcome {
    if !signed {
        return failed("没有可导出的协议（签署未成功）");
    }
    let out = dir.join("export");
    if let Err(e) = std::fs::create_dir_all(&out) {
        return failed(format!(
            "无法建立临时导出文件夹：{}",
            signdesk_base::io_reason(&e)
        ));
    }
    match desk.export(&SearchFilters::default(), &out, &Job::silent()) {
        Ok(r) if r.files == 1 => passed(format!("导出 1 份 PDF 和清单（{} 字节）", r.bytes)),
        Ok(r) => failed(format!("应导出 1 份，导出了 {} 份", r.files)),
        Err(e) => failed(format!("导出失败：{e}")),
    }
}

fn backup_restore(
    desk: &mut Desk,
    dir: &std::path::Path,
    passphrase: &str,
    signed: bool,
) -> Outcome {
    let folder = dir.join("backup");
    if let Err(e) = std::fs::create_dir_all(&folder) {
        return failed(format!(
            "无法建立临时备份文件夹：{}",
            signdesk_base::io_reason(&e)
        ));
    }
    let backup = match desk.backup_into(&folder, &Job::silent()) {
        Ok(b) => b,
        Err(e) => return failed(format!("备份失败：{e}")),
    };
    let restored = dir.join("restored");
    match crate::trust::restore(
        &restored,
        std::path::Path::new(&backup.path),
        passphrase,
        &Job::silent(),
    ) {
        Ok(r) if r.agreements == u64::from(signed) => passed(format!(
            "备份 {} 字节并恢复到另一个临时文件夹，{} 份协议都在",
            backup.bytes, r.agreements
        )),
        Ok(r) => failed(format!(
            "恢复后有 {} 份协议，应为 {}",
            r.agreements,
            u64::from(signed)
        )),
        Err(e) => failed(format!("恢复失败：{e}")),
    }
}
