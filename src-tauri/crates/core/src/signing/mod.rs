//! Signing one agreement: fill the blanks, check every signature, render the PDF and
//! store everything in one transaction — all of it or nothing.

use signdesk_base::{text, ErrorKind};
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Datelike, Local};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use signdesk_agreement::{ParaKind, Side, Signs};
use signdesk_archive::{agreements, NewSignature, PersonRef};
use signdesk_typeset as typeset;
use ts_rs::TS;

use crate::{CoreError, Desk};

mod route;
mod store;
pub use route::check_signature_png;
pub(crate) use route::{Checked, LoadedVersion, Signing};
pub(crate) use store::Staged;

/// Who signs on the signer's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignerInput {
    pub name: String,
    pub employee_no: Option<String>,
    pub department: String,
    pub position: String,
}

/// One role's handwritten signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignatureInput {
    pub role_key: String,
    /// The person signing for this role; the signer for signer-side roles when empty.
    pub signer_name: Option<String>,
    /// The PNG, as base64 on the wire (`wire.rs`).
    #[serde(with = "crate::wire::base64_bytes")]
    #[ts(type = "string")]
    pub png: Vec<u8>,
    /// The raw strokes (JSON) kept beside the image.
    pub strokes_json: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignRequest {
    pub template_id: String,
    pub version: Option<u32>,
    pub signer: SignerInput,
    /// The agreement's year; the current year when absent.
    pub year: Option<i32>,
    /// Values of the blanks, by field key.
    pub values: BTreeMap<String, String>,
    pub signatures: Vec<SignatureInput>,
    /// Where the signing happened, for the signing record.
    pub device: String,
}

/// What `sign` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SignOutcome {
    pub id: i64,
    pub number: String,
    /// SHA-256 of the signed content (text, values, signer, signatures).
    pub sha256: String,
    pub pages: u32,
    pub bytes: u64,
}

impl From<typeset::RenderError> for CoreError {
    fn from(e: typeset::RenderError) -> CoreError {
        CoreError::invalid(e.kind(), e.to_string())
    }
}

/// A person's name as it may be printed: trimmed, no control or direction-override
/// characters (which could make a printed name read differently from the stored one).
pub fn clean_name(what: &str, name: &str) -> Result<String, CoreError> {
    use signdesk_base::name::{NameError, PersonName, NAME_MAX_CHARS};
    PersonName::parse(name)
        .map(PersonName::into_string)
        .map_err(|e| match e {
            NameError::Empty => {
                CoreError::invalid(ErrorKind::MissingName, format!("请填写{what}的姓名"))
            }
            NameError::Hidden(c) => CoreError::invalid(
                ErrorKind::BadName,
                format!("{what}的姓名含有不可见的{}，请重新输入", text::describe(c)),
            ),
            NameError::TooLong => CoreError::invalid(
                ErrorKind::BadName,
                format!("{what}的姓名过长（最多 {NAME_MAX_CHARS} 个字）"),
            ),
        })
}

/// The organisation's name (certificates, PDF author, the unlock screen).
pub fn clean_organisation(name: &str) -> Result<String, CoreError> {
    printable(name, "单位名称", 60)
}

/// `value` trimmed, refused when empty, longer than `max` characters or holding
/// invisible control characters; `subject` names it in the messages (「单位名称」).
fn printable(value: &str, subject: &str, max: usize) -> Result<String, CoreError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(CoreError::invalid(
            ErrorKind::MissingName,
            format!("请填写{subject}"),
        ));
    }
    // The one rule for identifying text (signdesk_base::text): NFC, and no character
    // that draws nothing or reorders the text, so what is stored is what is printed.
    let value = text::identifying(value).map_err(|c| {
        CoreError::invalid(
            ErrorKind::BadName,
            format!("{subject}含有不可见的{}，请重新输入", text::describe(c)),
        )
    })?;
    if value.chars().count() > max {
        return Err(CoreError::invalid(
            ErrorKind::BadName,
            format!("{subject}过长（最多 {max} 个字）"),
        ));
    }
    Ok(value)
}

/// The content hash printed on the signing record and stored as `content_sha256`:
/// template and version, the signed text, the filled blanks (JSON as stored), the
/// signer's name, and each signature's role with the SHA-256 of its image, in the
/// template's role order. `verify` recomputes it from the stored rows with this same
/// function, so the two can never drift apart.
pub fn content_sha256<'a>(
    template_slug: &str,
    template_version: u32,
    signed_text: &str,
    values_json: &str,
    signer_name: &str,
    signatures: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        template_slug,
        &template_version.to_string(),
        signed_text,
        values_json,
        signer_name,
    ] {
        // Length-prefixed so that moving text between parts changes the hash.
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    for (role_key, png) in signatures {
        h.update(role_key.as_bytes());
        h.update(agreements::sha256_hex(png).as_bytes());
    }
    format!("{:x}", h.finalize())
}

/// Now, as the archive stores times: RFC 3339 with the local offset.
/// What a preview prints where the document number goes: the number is taken only
/// when the agreement is stored.
pub const PREVIEW_NUMBER: &str = "（确认签署后编号）";

/// A signing decided and rendered-ready, not yet stored (see `Desk::prepare`).
struct Prepared {
    doc: typeset::Document,
    template_version_id: i64,
    copies: u32,
    name: String,
    year: i32,
    title: String,
    signed_at: String,
    signed_text: String,
    values_json: String,
    content_sha256: String,
    signatures: Vec<NewSignature>,
}

/// Font files an administrator adds after the bundled ones (see [`Desk::typesetter`]).
pub const EXTRA_FONTS_ENV: &str = "SIGNDESK_EXTRA_FONTS";

pub(crate) fn now_rfc3339() -> String {
    Local::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub use signdesk_base::chinese_date;

impl Desk {
    /// The typesetter, made once per desk on first use: every bundled font, then the
    /// font files named in `SIGNDESK_EXTRA_FONTS` (a path list, as `PATH`), for
    /// characters even the bundled fallback lacks. No other font file is ever read.
    pub(crate) fn typesetter(&self) -> Result<Arc<typeset::Typesetter>, CoreError> {
        if let Some(f) = self.typesetter.get() {
            return Ok(f.clone());
        }
        let extra = std::env::var_os(EXTRA_FONTS_ENV)
            .map(|v| std::env::split_paths(&v).collect::<Vec<_>>())
            .unwrap_or_default();
        let loaded = Arc::new(typeset::Typesetter::new(
            typeset::Fonts::bundled()?.with_files(extra),
        ));
        Ok(self.typesetter.get_or_init(|| loaded).clone())
    }

    /// Signs one agreement and archives it. Nothing is stored unless everything —
    /// blanks, signatures, rendering — succeeded.
    pub fn sign(&mut self, req: &SignRequest) -> Result<SignOutcome, CoreError> {
        self.guard()?;
        let version = LoadedVersion::load(self.archive.read(), &req.template_id, req.version)?;
        let signing = self.request_signing(req, &version)?;
        self.sign_with(&signing, PersonRef::New, &BTreeMap::new(), |_, _, _| Ok(()))
    }

    /// A front end's request as a `Signing` of `version`, its signature images checked.
    pub(crate) fn request_signing<'a>(
        &self,
        req: &'a SignRequest,
        version: &'a LoadedVersion,
    ) -> Result<Signing<'a>, CoreError> {
        let ts = self.typesetter()?;
        let signatures = req
            .signatures
            .iter()
            .map(|s| Checked::new(&ts, version.role(&s.role_key)?, s))
            .collect::<Result<Vec<_>, _>>()?;
        let signing = Signing {
            version,
            signer: req.signer.clone(),
            year: req.year,
            values: req.values.clone(),
            signatures,
            device: &req.device,
        };
        Ok(signing)
    }

    /// Everything a signing decides before anything is stored: the request checked,
    /// the blanks filled, the signature lines, the record and the document to render
    /// (numbered later, in the transaction that stores it). No side effects. With
    /// `complete` false a hand-signed role may still be unsigned (its line stays
    /// empty): a preview before the countersignature.
    fn prepare(
        &self,
        req: &Signing<'_>,
        times: &BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>,
        complete: bool,
    ) -> Result<Prepared, CoreError> {
        let (row, template) = (&req.version.row, &req.version.template);
        let name = clean_name("签约人", &req.signer.name)?;
        let now = Local::now();
        let year = req.year.unwrap_or(now.year());
        CoreError::year(year)?;

        // Blanks: the dates beside the signatures are today's date unless given.
        let mut values = req.values.clone();
        for f in template.fields.iter().filter(|f| template.is_role_date(f)) {
            values
                .entry(f.key.clone())
                .or_insert_with(|| chinese_date(now.date_naive()));
        }
        if let Some(unknown) = values
            .keys()
            .find(|k| !template.fields.iter().any(|f| &f.key == *k))
        {
            return Err(CoreError::invalid(
                ErrorKind::UnknownField,
                format!("模板中没有待填项“{unknown}”"),
            ));
        }
        let filled = template.filled(&values)?;

        // Signatures: checked already (`Checked`); every hand-signed role needs one.
        let mut lines = Vec::new();
        let mut record_signers = Vec::new();
        let mut new_signatures = Vec::new();
        let signed_at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        for role in &template.roles {
            let given = req.signatures.iter().find(|s| s.role_key == role.key);
            if given.is_none() && role.signs != Signs::Seal && complete {
                return Err(CoreError::invalid(
                    ErrorKind::MissingSignature,
                    format!("缺少“{}”的签名", role.label),
                ));
            }
            let signer_name = match given.and_then(|s| s.signer_name.as_deref()) {
                Some(n) => clean_name(&role.label, n)?,
                None if role.side == Side::Signer => name.clone(),
                None => String::new(),
            };
            let at = times
                .get(&role.key)
                .map(|t| t.with_timezone(&Local))
                .unwrap_or(now);
            lines.push(typeset::SignatureLine {
                label: role.label.clone(),
                name: (!signer_name.is_empty()).then(|| signer_name.clone()),
                signature_png: given.map(|s| s.png.clone()),
                seal_png: None,
                date: template.role_date(&role.key).map(|_| at.date_naive()),
            });
            if let Some(s) = given {
                record_signers.push(typeset::RecordSigner {
                    name: signer_name.clone(),
                    role: role.label.clone(),
                    employee_no: (role.side == Side::Signer)
                        .then(|| req.signer.employee_no.clone())
                        .flatten(),
                    signed_at: at.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
                });
                new_signatures.push(NewSignature {
                    role_key: role.key.clone(),
                    role_label: role.label.clone(),
                    signer_name,
                    png: s.png.clone(),
                    strokes_json: if s.strokes_json.trim().is_empty() {
                        "[]".into()
                    } else {
                        s.strokes_json.clone()
                    },
                    signed_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
                });
            }
        }

        let signed_text = filled.plain_text();
        let values_json = serde_json::to_string(&values)
            .map_err(|e| CoreError::invalid(ErrorKind::Internal, e.to_string()))?;
        let content_sha256 = content_sha256(
            &row.slug,
            row.version,
            &signed_text,
            &values_json,
            &name,
            new_signatures
                .iter()
                .map(|s| (s.role_key.as_str(), s.png.as_slice())),
        );

        let blocks = filled
            .paragraphs()
            .into_iter()
            .filter_map(|p| match p.kind {
                ParaKind::Title => None,
                ParaKind::Heading => Some(typeset::Block::Heading {
                    number: p.number,
                    text: p.text,
                }),
                ParaKind::Paragraph => Some(typeset::Block::Paragraph { text: p.text }),
                ParaKind::Clause => Some(typeset::Block::Clause {
                    number: p.number,
                    level: p.level,
                    text: p.text,
                }),
            })
            .collect();
        let org = self.organisation()?;
        let doc = typeset::Document {
            number: String::new(),
            title: filled.title.clone(),
            blocks,
            signatures: lines,
            record: Some(typeset::SigningRecord {
                template: template.title.clone(),
                template_version: row.version,
                ceremony_by: self.actor.clone(),
                device: req.device.to_string(),
                content_sha256: content_sha256.clone(),
                signers: record_signers,
                capture_statement: "本协议由签约人在签约台（SignDesk）上阅读全文后，以手写方式（鼠标、触摸屏或手写笔）\
                    当场签名；签名笔迹原样嵌入本文件，原始笔画数据与本文件一同存档。文件内容的 SHA-256 \
                    摘要记录于上，任何改动均可被发现。"
                    .into(),
                // Set in the transaction that stores it (`sign_with`).
                chain: None,
            }),
            meta: typeset::Meta {
                title: filled.title.clone(),
                author: org.clone(),
                subject: format!("{} · {name} · {year}年度", filled.title),
                keywords: vec![name.clone(), req.signer.department.clone(), year.to_string()],
                created: now.fixed_offset(),
                modified: None,
            },
        };
        Ok(Prepared {
            doc,
            template_version_id: row.id,
            copies: template.copies,
            name,
            year,
            title: filled.title.clone(),
            signed_at,
            signed_text,
            values_json,
            content_sha256,
            signatures: new_signatures,
        })
    }

    /// Every check [`Desk::prepare`] makes, for a signing that will be stored later
    /// (a batch checks all its rows first).
    pub(crate) fn check_prepared(&self, req: &Signing<'_>) -> Result<(), CoreError> {
        self.prepare(req, &BTreeMap::new(), true).map(|_| ())
    }

    /// The agreement as it would be archived, rendered but neither numbered, sealed
    /// nor stored — what a signer checks before confirming. The bytes go to the screen
    /// only (over IPC, shown by pdf.js in memory).
    pub(crate) fn preview_with(
        &self,
        req: &Signing<'_>,
        times: &BTreeMap<String, chrono::DateTime<chrono::FixedOffset>>,
        complete: bool,
    ) -> Result<typeset::Rendered, CoreError> {
        let mut p = self.prepare(req, times, complete)?;
        p.doc.number = PREVIEW_NUMBER.into();
        let ts = self.typesetter()?;
        Ok(typeset::render(&p.doc, &ts)?)
    }
}
