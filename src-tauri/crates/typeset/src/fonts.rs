//! The fonts a document is set in, parsed once per process.
//!
//! Parsing a 10–15 MB CJK font costs 16–50 ms, so [`Fonts`] is built once and shared;
//! `render` only reads it. Body text is Noto Serif SC (宋体-like), title and headings
//! Noto Sans SC Bold. Names of people can hold characters outside those fonts (CJK
//! Extension A/B and beyond), so every character is resolved glyph by glyph: the
//! style's own font, then the other bundled font, then the fallbacks in order. A
//! character no font has is an error, never a box.

use printpdf::{FontId, ParsedFont};

use crate::error::RenderError;

static SERIF_TTF: &[u8] = include_bytes!("../fonts/NotoSerifSC_400Regular.ttf");
static SANS_TTF: &[u8] = include_bytes!("../fonts/NotoSansSC_700Bold.ttf");

/// Wide-coverage fonts looked for by [`Fonts::bundled`], in order. Debian/Ubuntu:
/// `fonts-hanazono` (花園明朝 A: BMP + Ext A, B: Ext B–G) and `fonts-babelstone-han`;
/// Windows: SimSun-ExtB. Missing files are skipped.
pub const SYSTEM_FALLBACK_PATHS: &[&str] = &[
    "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
    "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf",
    "C:\\Windows\\Fonts\\simsunb.ttf",
];

/// Which design a piece of text asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Style {
    /// Body text: Noto Serif SC Regular.
    Serif,
    /// Title and headings: Noto Sans SC Bold.
    Sans,
}

pub(crate) struct Face {
    pub(crate) font: ParsedFont,
    /// Resource name and subset tag in the PDF: six capital letters, fixed so that
    /// the same input gives the same bytes (printpdf's own ids are random).
    pub(crate) pdf_id: String,
    units_per_em: f32,
}

/// A character resolved to a face, with its advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) face: usize,
    pub(crate) advance_em: f32,
}

/// Parsed fonts: index 0 serif, 1 sans, 2.. fallbacks.
pub struct Fonts {
    faces: Vec<Face>,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fonts")
            .field(
                "faces",
                &self.faces.iter().map(|x| &x.pdf_id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Fonts {
    /// Parses the serif (body) and sans (title, headings) fonts and the fallbacks,
    /// tried in order for characters the first two lack. TrueType (`glyf`) expected.
    pub fn load(
        serif: Vec<u8>,
        sans: Vec<u8>,
        fallbacks: Vec<Vec<u8>>,
    ) -> Result<Fonts, RenderError> {
        let mut faces = Vec::with_capacity(2 + fallbacks.len());
        faces.push(parse(&serif, "SDSERF".into(), "正文字体")?);
        faces.push(parse(&sans, "SDSANS".into(), "标题字体")?);
        for (i, bytes) in fallbacks.iter().enumerate() {
            faces.push(parse(bytes, fallback_id(i), "后备字体")?);
        }
        Ok(Fonts { faces })
    }

    /// The bundled Noto Serif SC / Noto Sans SC Bold, plus the system fonts of
    /// [`SYSTEM_FALLBACK_PATHS`] that exist on this machine (read here, once: `render`
    /// itself never touches the file system).
    pub fn bundled() -> Result<Fonts, RenderError> {
        let fallbacks = SYSTEM_FALLBACK_PATHS
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        Fonts::load(SERIF_TTF.to_vec(), SANS_TTF.to_vec(), fallbacks)
    }

    /// Only the bundled Noto fonts, without system fallbacks: reproducible on every
    /// machine, but rare characters (Ext B …) are then [`RenderError::MissingGlyph`].
    pub fn bundled_without_system() -> Result<Fonts, RenderError> {
        Fonts::load(SERIF_TTF.to_vec(), SANS_TTF.to_vec(), Vec::new())
    }

    /// Number of faces (2 + fallbacks).
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    pub(crate) fn faces(&self) -> &[Face] {
        &self.faces
    }

    pub(crate) fn face_font_id(&self, face: usize) -> FontId {
        FontId(self.faces[face].pdf_id.clone())
    }

    /// The face that draws `ch` in `style`, or `None` if no face has it.
    pub(crate) fn resolve(&self, style: Style, ch: char) -> Option<Resolved> {
        let (first, second) = match style {
            Style::Serif => (0, 1),
            Style::Sans => (1, 0),
        };
        let order = [first, second].into_iter().chain(2..self.faces.len());
        for i in order {
            let face = &self.faces[i];
            if let Some(gid) = face.font.lookup_glyph_index(u32::from(ch)) {
                if gid != 0 {
                    let adv = f32::from(face.font.get_horizontal_advance(gid));
                    return Some(Resolved {
                        face: i,
                        advance_em: adv / face.units_per_em,
                    });
                }
            }
        }
        None
    }

    /// Like [`Fonts::resolve`], as a typed error.
    pub(crate) fn resolve_or_err(&self, style: Style, ch: char) -> Result<Resolved, RenderError> {
        self.resolve(style, ch)
            .ok_or(RenderError::MissingGlyph { ch })
    }

    /// Width of `text` at `size` points (no character spacing).
    pub(crate) fn measure(&self, style: Style, text: &str, size: f32) -> Result<f32, RenderError> {
        let mut w = 0.0;
        for ch in text.chars() {
            w += self.resolve_or_err(style, ch)?.advance_em * size;
        }
        Ok(w)
    }

    /// The first character of `text` no font can draw, if any.
    pub fn first_missing(&self, text: &str) -> Option<char> {
        text.chars()
            .filter(|c| !c.is_control())
            .find(|&c| self.resolve(Style::Serif, c).is_none())
    }
}

fn fallback_id(i: usize) -> String {
    // SDFBAA, SDFBAB, … — letters only, as subset tags must be.
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    format!("SDFB{a}{b}")
}

fn parse(bytes: &[u8], pdf_id: String, what: &str) -> Result<Face, RenderError> {
    if bytes.len() < 12 {
        return Err(RenderError::Font(format!("{what}为空或不完整")));
    }
    let mut warnings = Vec::new();
    let mut font = ParsedFont::from_bytes(bytes, 0, &mut warnings)
        .ok_or_else(|| RenderError::Font(format!("{what}无法解析")))?;
    let units_per_em = f32::from(font.font_metrics.units_per_em);
    if units_per_em <= 0.0 {
        return Err(RenderError::Font(format!("{what}缺少 unitsPerEm")));
    }
    if font.font_name.is_none() {
        font.font_name = postscript_name(bytes);
    }
    Ok(Face {
        font,
        pdf_id,
        units_per_em,
    })
}

/// The PostScript name (name ID 6) of a TrueType font, for /BaseFont.
fn postscript_name(bytes: &[u8]) -> Option<String> {
    let u16_at = |o: usize| -> Option<u16> {
        Some(u16::from_be_bytes([*bytes.get(o)?, *bytes.get(o + 1)?]))
    };
    let u32_at = |o: usize| -> Option<u32> {
        Some(u32::from_be_bytes([
            *bytes.get(o)?,
            *bytes.get(o + 1)?,
            *bytes.get(o + 2)?,
            *bytes.get(o + 3)?,
        ]))
    };
    let num_tables = usize::from(u16_at(4)?);
    let name_off = (0..num_tables).find_map(|i| {
        let rec = 12 + 16 * i;
        (bytes.get(rec..rec + 4)? == b"name").then(|| u32_at(rec + 8))?
    })? as usize;
    let count = usize::from(u16_at(name_off + 2)?);
    let strings = name_off + usize::from(u16_at(name_off + 4)?);
    for i in 0..count {
        let rec = name_off + 6 + 12 * i;
        let (platform, name_id) = (u16_at(rec)?, u16_at(rec + 6)?);
        if name_id != 6 {
            continue;
        }
        let len = usize::from(u16_at(rec + 8)?);
        let off = strings + usize::from(u16_at(rec + 10)?);
        let raw = bytes.get(off..off + len)?;
        let name: String = if platform == 3 || platform == 0 {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            raw.iter().map(|&b| b as char).collect()
        };
        let clean: String = name
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .collect();
        if !clean.is_empty() {
            return Some(clean);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_ids_are_six_capital_letters() {
        for i in [0, 1, 25, 26, 300] {
            let id = fallback_id(i);
            assert_eq!(id.len(), 6);
            assert!(id.chars().all(|c| c.is_ascii_uppercase()), "{id}");
        }
    }

    #[test]
    fn bundled_fonts_have_postscript_names() {
        assert_eq!(
            postscript_name(SERIF_TTF).as_deref(),
            Some("NotoSerifSC-Regular")
        );
        assert_eq!(
            postscript_name(SANS_TTF).as_deref(),
            Some("NotoSansSC-Bold")
        );
    }

    #[test]
    fn garbage_font_is_a_typed_error() {
        let err = Fonts::load(vec![1, 2, 3], SANS_TTF.to_vec(), vec![]).unwrap_err();
        assert_eq!(err.kind(), "font");
    }
}
