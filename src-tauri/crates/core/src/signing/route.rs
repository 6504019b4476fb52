//! The signer's route into `prepare`: the template version loaded once, and only
//! signatures that passed the PNG check (or were stored after passing it). A front
//! end's `SignRequest` and a ceremony's roster entry both become a [`Signing`].

use std::collections::BTreeMap;

use signdesk_archive::templates;
use signdesk_base::ErrorKind;
use signdesk_typeset as typeset;

use super::{SignatureInput, SignerInput};
use crate::CoreError;

/// Checks that a signature image is a real, non-blank, reasonably sized PNG. The image
/// is decoded once, by the typesetter that will print it (which remembers it), so a
/// signature is never decoded again on its way into the PDF.
pub fn check_signature_png(
    ts: &typeset::Typesetter,
    label: &str,
    png: &[u8],
) -> Result<(), CoreError> {
    let bad = |detail: String| {
        CoreError::invalid(
            ErrorKind::BadSignature,
            format!("“{label}”的签名图片{detail}"),
        )
    };
    if png.is_empty() {
        return Err(bad("是空的".into()));
    }
    let img = ts.image(png).map_err(|e| match e {
        typeset::RenderError::ImageTooLarge { width, height, .. } => {
            bad(format!("尺寸不合理（{width}×{height} 像素）"))
        }
        other => bad("无法读取（不是有效的 PNG 文件）".into()).with_detail(other.detail()),
    })?;
    // Ink = a pixel that is visible and not near-white.
    let stride = if img.has_alpha { 4 } else { 3 };
    let inked = img
        .samples
        .chunks_exact(stride)
        .filter(|p| {
            let alpha = if img.has_alpha { p[3] } else { 255 };
            alpha > 32 && (p[0] as u32 + p[1] as u32 + p[2] as u32) < 600
        })
        .count();
    if inked < 20 {
        return Err(bad("是空白的，请重新签名".into()));
    }
    Ok(())
}

/// A template version loaded once — its row and its parsed text. The signing path
/// passes it along; nothing below looks the template up again by its slug.
pub(crate) struct LoadedVersion {
    pub row: signdesk_archive::TemplateVersionRow,
    pub template: signdesk_agreement::Template,
}

impl LoadedVersion {
    pub(crate) fn load(
        conn: &signdesk_archive::Connection,
        slug: &str,
        version: Option<u32>,
    ) -> Result<LoadedVersion, CoreError> {
        let row = templates::version(conn, slug, version)?;
        Ok(LoadedVersion {
            template: crate::templates::parse(&row)?,
            row,
        })
    }

    pub(crate) fn by_id(
        conn: &signdesk_archive::Connection,
        id: i64,
    ) -> Result<LoadedVersion, CoreError> {
        let row = templates::version_by_id(conn, id)?;
        Ok(LoadedVersion {
            template: crate::templates::parse(&row)?,
            row,
        })
    }

    /// The role `key` of this version, or `unknown_role`.
    pub(crate) fn role(&self, key: &str) -> Result<&signdesk_agreement::Role, CoreError> {
        self.template
            .roles
            .iter()
            .find(|r| r.key == key)
            .ok_or_else(|| {
                CoreError::invalid(ErrorKind::UnknownRole, format!("模板中没有签署角色“{key}”"))
            })
    }
}

/// A signature for one of the template's roles that passed [`check_signature_png`]
/// (or was stored after passing it). `prepare` takes only these: an image from outside
/// cannot reach the renderer unchecked, and none is checked twice.
#[derive(Debug, Clone)]
pub(crate) struct Checked {
    pub role_key: String,
    pub signer_name: Option<String>,
    pub png: Vec<u8>,
    pub strokes_json: String,
}

impl Checked {
    /// Checks `s` as a signature for `role`.
    pub(crate) fn new(
        ts: &typeset::Typesetter,
        role: &signdesk_agreement::Role,
        s: &SignatureInput,
    ) -> Result<Checked, CoreError> {
        check_signature_png(ts, &role.label, &s.png)?;
        Ok(Checked {
            role_key: role.key.clone(),
            signer_name: s.signer_name.clone(),
            png: s.png.clone(),
            strokes_json: s.strokes_json.clone(),
        })
    }

    /// A signature held in the archive: it was checked before it was stored.
    pub(crate) fn held(h: signdesk_archive::ceremonies::HeldSignature) -> Checked {
        Checked {
            role_key: h.role_key,
            signer_name: Some(h.signer_name),
            png: h.png,
            strokes_json: h.strokes_json,
        }
    }
}

/// One agreement to sign, as the core holds it: the loaded template version (not its
/// slug) and checked signatures. `sign` makes one from a [`SignRequest`]; a ceremony
/// from its roster entry.
pub(crate) struct Signing<'a> {
    pub version: &'a LoadedVersion,
    pub signer: SignerInput,
    pub year: Option<i32>,
    pub values: BTreeMap<String, String>,
    pub signatures: Vec<Checked>,
    pub device: &'a str,
}
