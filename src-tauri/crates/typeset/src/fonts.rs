//! The fonts a document is set in, indexed once per process.
//!
//! Body text is Noto Serif SC (宋体-like), title and headings Noto Sans SC Bold. Names
//! of people can hold characters outside those fonts (CJK Extension A/B and beyond), so
//! every character is resolved glyph by glyph: the style's own font, then the other
//! bundled font, then the fallbacks in order. A character no font has is an error,
//! never a box.
//!
//! Indexing a face only reads its table directory (see `sfnt`), so loading is cheap and
//! the bundled fonts are never copied out of the binary. The system fallbacks are large
//! (Hanazono: 53 MB) and needed only for rare characters, so [`Fonts::bundled`] reads
//! each of them the first time a character is missing from the fonts before it.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::deflate::PieceCache;
use crate::error::RenderError;
use crate::images::ImageMemo;
use crate::sfnt::{Bytes, Sfnt};

pub(crate) static SERIF_TTF: &[u8] = include_bytes!("../fonts/NotoSerifSC_400Regular.ttf");
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
    pub(crate) sfnt: Sfnt,
    /// Resource name in the PDF (letters only, fixed so that the same input gives the
    /// same bytes).
    pub(crate) pdf_id: String,
    /// PostScript name, for /BaseFont.
    pub(crate) name: String,
}

/// A character resolved to a face, with its advance in em.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Resolved {
    pub(crate) face: usize,
    pub(crate) advance_em: f32,
}

enum Slot {
    Ready(Face),
    /// A fallback file read on first need; `None` once it proved unreadable.
    Lazy {
        path: PathBuf,
        pdf_id: String,
        face: OnceLock<Option<Face>>,
    },
}

/// Indexed fonts: index 0 serif, 1 sans, 2.. fallbacks. Shared between threads; the
/// only interior mutability is the one-time loading of a fallback and the memos of
/// compressed font pieces (`deflate.rs`) and of images (`images.rs`), which change
/// how fast a render is, never its bytes.
pub struct Fonts {
    faces: Vec<Slot>,
    pub(crate) pieces: PieceCache,
    pub(crate) images: ImageMemo,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self
            .faces
            .iter()
            .map(|s| match s {
                Slot::Ready(face) => face.pdf_id.as_str(),
                Slot::Lazy { pdf_id, .. } => pdf_id.as_str(),
            })
            .collect();
        f.debug_struct("Fonts").field("faces", &ids).finish()
    }
}

impl Fonts {
    /// The serif (body) and sans (title, headings) fonts and the fallbacks, tried in
    /// order for characters the first two lack. TrueType (`glyf`) expected.
    pub fn load(
        serif: Vec<u8>,
        sans: Vec<u8>,
        fallbacks: Vec<Vec<u8>>,
    ) -> Result<Fonts, RenderError> {
        let mut faces = Vec::with_capacity(2 + fallbacks.len());
        faces.push(Slot::Ready(face(
            Bytes::Owned(serif),
            "SDSERF",
            "正文字体",
        )?));
        faces.push(Slot::Ready(face(Bytes::Owned(sans), "SDSANS", "标题字体")?));
        for (i, bytes) in fallbacks.into_iter().enumerate() {
            faces.push(Slot::Ready(face(
                Bytes::Owned(bytes),
                &fallback_id(i),
                "后备字体",
            )?));
        }
        Ok(Fonts {
            faces,
            pieces: PieceCache::default(),
            images: ImageMemo::default(),
        })
    }

    /// The bundled Noto Serif SC / Noto Sans SC Bold, plus the system fonts of
    /// [`SYSTEM_FALLBACK_PATHS`] that exist on this machine. A fallback is read the
    /// first time a character needs it (once per process; an unreadable file is then
    /// skipped) — the only file access `render` can make.
    pub fn bundled() -> Result<Fonts, RenderError> {
        let mut fonts = Fonts::bundled_without_system()?;
        let found = SYSTEM_FALLBACK_PATHS
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.is_file());
        for (i, path) in found.enumerate() {
            fonts.faces.push(Slot::Lazy {
                path,
                pdf_id: fallback_id(i),
                face: OnceLock::new(),
            });
        }
        Ok(fonts)
    }

    /// Only the bundled Noto fonts, without system fallbacks: reproducible on every
    /// machine, but rare characters (Ext B …) are then [`RenderError::MissingGlyph`].
    pub fn bundled_without_system() -> Result<Fonts, RenderError> {
        Ok(Fonts {
            faces: vec![
                Slot::Ready(face(Bytes::Static(SERIF_TTF), "SDSERF", "正文字体")?),
                Slot::Ready(face(Bytes::Static(SANS_TTF), "SDSANS", "标题字体")?),
            ],
            pieces: PieceCache::default(),
            images: ImageMemo::default(),
        })
    }

    /// Number of faces (2 + fallbacks), loaded or not.
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// Face `i`, reading a lazy fallback now if needed; `None` if it is unreadable.
    pub(crate) fn face(&self, i: usize) -> Option<&Face> {
        match self.faces.get(i)? {
            Slot::Ready(f) => Some(f),
            Slot::Lazy { path, pdf_id, face } => face
                .get_or_init(|| {
                    let bytes = std::fs::read(path).ok()?;
                    self::face(Bytes::Owned(bytes), pdf_id, "后备字体").ok()
                })
                .as_ref(),
        }
    }

    /// The face that draws `ch` in `style`, or `None` if no face has it.
    pub(crate) fn resolve(&self, style: Style, ch: char) -> Option<Resolved> {
        let (first, second) = match style {
            Style::Serif => (0, 1),
            Style::Sans => (1, 0),
        };
        let order = [first, second].into_iter().chain(2..self.faces.len());
        for i in order {
            let Some(face) = self.face(i) else { continue };
            if let Some(gid) = face.sfnt.glyph(ch) {
                let adv = f32::from(face.sfnt.advance(gid));
                return Some(Resolved {
                    face: i,
                    advance_em: adv / f32::from(face.sfnt.units_per_em),
                });
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
    // SDFBAA, SDFBAB, … — PDF resource names, letters only.
    let a = (b'A' + (i / 26 % 26) as u8) as char;
    let b = (b'A' + (i % 26) as u8) as char;
    format!("SDFB{a}{b}")
}

fn face(bytes: Bytes, pdf_id: &str, what: &str) -> Result<Face, RenderError> {
    let sfnt = Sfnt::parse(bytes).map_err(|e| RenderError::Font(format!("{what}：{e}")))?;
    let name = sfnt.postscript_name().unwrap_or_else(|| pdf_id.to_string());
    Ok(Face {
        sfnt,
        pdf_id: pdf_id.to_string(),
        name,
    })
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
        let fonts = Fonts::bundled_without_system().unwrap();
        let names: Vec<&str> = (0..2)
            .map(|i| fonts.face(i).unwrap().name.as_str())
            .collect();
        assert_eq!(names, ["NotoSerifSC-Regular", "NotoSansSC-Bold"]);
    }

    fn loaded(fonts: &Fonts) -> usize {
        let lazy = fonts.faces.iter().filter_map(|s| match s {
            Slot::Lazy { face, .. } => Some(face.get().is_some()),
            Slot::Ready(_) => None,
        });
        lazy.filter(|&l| l).count()
    }

    #[test]
    fn fallbacks_are_read_only_when_a_character_needs_them() {
        let fonts = Fonts::bundled().unwrap();
        assert_eq!(loaded(&fonts), 0);
        for ch in "王小明签字，2027年".chars() {
            assert_eq!(fonts.resolve(Style::Serif, ch).unwrap().face, 0);
        }
        assert_eq!(loaded(&fonts), 0, "a fallback was read for common text");
        if fonts.face_count() > 2 {
            let r = fonts.resolve(Style::Serif, '\u{20000}').unwrap();
            assert!(r.face >= 2);
            assert!(loaded(&fonts) >= 1);
        }
    }

    #[test]
    fn garbage_font_is_a_typed_error() {
        let err = Fonts::load(vec![1, 2, 3], SANS_TTF.to_vec(), vec![]).unwrap_err();
        assert_eq!(err.kind(), "font");
    }
}
