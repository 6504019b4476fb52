//! Signing one agreement: fill the blanks, check every signature, render the PDF and
//! store everything in one transaction — all of it or nothing.

use signdesk_base::{text, ErrorKind};
use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::Local;
use serde::{Deserialize, Serialize};
use signdesk_archive::{agreements, PersonRef};
use signdesk_typeset as typeset;
use ts_rs::TS;

use crate::{CoreError, Desk};

mod prepare;
mod route;
mod store;
use prepare::Prepared;
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
        CoreError::invalid(e.kind(), e.to_string()).with_detail(e.detail())
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

/// The content hash printed on the signing record and stored as `content_sha256`
/// ([`signdesk_base::chain::AgreementDigest`], the one definition the desk's verify and
/// the group archive recompute).
pub fn content_sha256<'a>(
    template_slug: &str,
    template_version: u32,
    signed_text: &str,
    values_json: &str,
    signer_name: &str,
    signatures: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> String {
    let hashed: Vec<(&str, String)> = signatures
        .into_iter()
        .map(|(role, png)| (role, agreements::sha256_hex(png)))
        .collect();
    signdesk_base::chain::AgreementDigest {
        template_slug,
        template_version,
        signed_text,
        values_json,
        signer_name,
    }
    .sha256(hashed.iter().map(|(r, h)| (*r, h.as_str())))
}

/// What a preview prints where the document number goes: the number is taken only
/// when the agreement is stored.
pub const PREVIEW_NUMBER: &str = "（确认签署后编号）";

/// Font files an administrator adds after the bundled ones (see [`Desk::typesetter`]).
pub const EXTRA_FONTS_ENV: &str = "SIGNDESK_EXTRA_FONTS";

/// Now, as the archive stores times: RFC 3339 with the local offset.
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
        version.template.require_signer()?;
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
}
