//! What a signing decides before anything is stored: the blanks filled, one line per
//! role (what is printed, what the record lists, what is stored), the content hash and
//! the document to render. No side effects: a preview, a check and a signing all come
//! through here, so they cannot disagree.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, FixedOffset, Local};
use signdesk_agreement::{ParaKind, Role, Side, Signs, Template};
use signdesk_archive::NewSignature;
use signdesk_base::ErrorKind;
use signdesk_typeset as typeset;

use super::{chinese_date, clean_name, content_sha256, Checked, Signing, PREVIEW_NUMBER};
use crate::{CoreError, Desk};

/// A signing decided and rendered-ready, not yet stored (see `Desk::prepare`).
pub(crate) struct Prepared {
    pub(super) doc: typeset::Document,
    pub(super) template_version_id: i64,
    pub(super) copies: u32,
    pub(super) name: String,
    pub(super) year: i32,
    pub(super) title: String,
    pub(super) signed_at: String,
    pub(super) signed_text: String,
    pub(super) values_json: String,
    pub(super) content_sha256: String,
    pub(super) signatures: Vec<NewSignature>,
}

/// What one role of the template comes to: the line printed under the text and, when
/// someone signed it, the record's entry and the signature to store. Built together so
/// the three can never list different people.
struct RoleOutcome {
    line: typeset::SignatureLine,
    signed: Option<(typeset::RecordSigner, NewSignature)>,
}

/// The statement printed on every signing record.
const CAPTURE_STATEMENT: &str =
    "本协议由签约人在签约台（SignDesk）上阅读全文后，以手写方式（鼠标、触摸屏或手写笔）\
    当场签名；签名笔迹原样嵌入本文件，原始笔画数据与本文件一同存档。文件内容的 SHA-256 \
    摘要记录于上，任何改动均可被发现。";

impl Desk {
    /// Everything a signing decides before anything is stored: the request checked,
    /// the blanks filled, the signature lines, the record and the document to render
    /// (numbered later, in the transaction that stores it). No side effects. With
    /// `complete` false a hand-signed role may still be unsigned (its line stays
    /// empty): a preview before the countersignature.
    pub(super) fn prepare(
        &self,
        req: &Signing<'_>,
        times: &BTreeMap<String, DateTime<FixedOffset>>,
        complete: bool,
    ) -> Result<Prepared, CoreError> {
        let (row, template) = (&req.version.row, &req.version.template);
        let name = clean_name("签约人", &req.signer.name)?;
        let now = Local::now();
        let year = req.year.unwrap_or(now.year());
        CoreError::year(year)?;
        let (values, filled) = fill_blanks(template, &req.values, now)?;

        let mut lines = Vec::new();
        let mut record_signers = Vec::new();
        let mut signatures = Vec::new();
        for role in &template.roles {
            let at = times
                .get(&role.key)
                .map(|t| t.with_timezone(&Local))
                .unwrap_or(now);
            let outcome = role_outcome(req, template, role, &name, at, complete)?;
            lines.push(outcome.line);
            if let Some((record, stored)) = outcome.signed {
                record_signers.push(record);
                signatures.push(stored);
            }
        }

        let signed_text = filled.plain_text();
        let values_json = serde_json::to_string(&values)
            .map_err(|e| CoreError::internal("填写的内容无法保存", e))?;
        let content_sha256 = content_sha256(
            &row.slug,
            row.version,
            &signed_text,
            &values_json,
            &name,
            signatures
                .iter()
                .map(|s| (s.role_key.as_str(), s.png.as_slice())),
        );
        let org = self.organisation()?;
        let doc = typeset::Document {
            number: String::new(),
            title: filled.title.clone(),
            blocks: blocks(&filled),
            signatures: lines,
            record: Some(typeset::SigningRecord {
                template: template.title.clone(),
                template_version: row.version,
                ceremony_by: self.actor.clone(),
                device: req.device.to_string(),
                content_sha256: content_sha256.clone(),
                signers: record_signers,
                capture_statement: CAPTURE_STATEMENT.into(),
                // Set in the transaction that stores it (`sign_with`).
                chain: None,
            }),
            meta: typeset::Meta {
                title: filled.title.clone(),
                author: org,
                subject: format!("{} · {name} · {year}年度", filled.title),
                keywords: vec![
                    name.clone(),
                    req.signer.department.clone(),
                    year.to_string(),
                ],
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
            signed_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            signed_text,
            values_json,
            content_sha256,
            signatures,
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
        times: &BTreeMap<String, DateTime<FixedOffset>>,
        complete: bool,
    ) -> Result<typeset::Rendered, CoreError> {
        let mut p = self.prepare(req, times, complete)?;
        p.doc.number = PREVIEW_NUMBER.into();
        let ts = self.typesetter()?;
        Ok(typeset::render(&p.doc, &ts)?)
    }
}

/// The blanks as given, the dates beside the signatures today's unless given; a value
/// for a blank the template does not have is refused.
fn fill_blanks(
    template: &Template,
    given: &BTreeMap<String, String>,
    now: DateTime<Local>,
) -> Result<(BTreeMap<String, String>, Template), CoreError> {
    let mut values = given.clone();
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
    Ok((values, filled))
}

/// One role's line, record entry and stored signature. Signatures were checked already
/// (`Checked`); every hand-signed role needs one when the signing is `complete`.
fn role_outcome(
    req: &Signing<'_>,
    template: &Template,
    role: &Role,
    signer: &str,
    at: DateTime<Local>,
    complete: bool,
) -> Result<RoleOutcome, CoreError> {
    let given: Option<&Checked> = req.signatures.iter().find(|s| s.role_key == role.key);
    if given.is_none() && role.signs != Signs::Seal && complete {
        return Err(CoreError::invalid(
            ErrorKind::MissingSignature,
            format!("缺少“{}”的签名", role.label),
        ));
    }
    let signer_name = match given.and_then(|s| s.signer_name.as_deref()) {
        Some(n) => clean_name(&role.label, n)?,
        None if role.side == Side::Signer => signer.to_owned(),
        None => String::new(),
    };
    let line = typeset::SignatureLine {
        label: role.label.clone(),
        name: (!signer_name.is_empty()).then(|| signer_name.clone()),
        signature_png: given.map(|s| s.png.clone()),
        seal_png: None,
        date: template.role_date(&role.key).map(|_| at.date_naive()),
    };
    let signed = given.map(|s| {
        let record = typeset::RecordSigner {
            name: signer_name.clone(),
            role: role.label.clone(),
            employee_no: (role.side == Side::Signer)
                .then(|| req.signer.employee_no.clone())
                .flatten(),
            signed_at: at.format("%Y-%m-%d %H:%M:%S %:z").to_string(),
        };
        let stored = NewSignature {
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
        };
        (record, stored)
    });
    Ok(RoleOutcome { line, signed })
}

/// The filled text as the renderer's blocks (the title is printed apart).
fn blocks(filled: &Template) -> Vec<typeset::Block> {
    filled
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
        .collect()
}
