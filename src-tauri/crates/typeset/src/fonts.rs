//! The fonts a document is set in, indexed once per process.
//!
//! Body text is Noto Serif SC (宋体-like), title and headings Noto Sans SC Bold. Names
//! of people can hold characters outside those fonts (CJK Extension B and beyond,
//! compatibility ideographs), so every character is resolved glyph by glyph: the
//! style's own font, then the other Noto font, then the bundled fallback (花園明朝 in
//! chunks, see `fallback`), then any font files the administrator configured. A
//! character no font has is an error, never a box.
//!
//! Every font the renderer uses by default ships inside the binary: nothing is read
//! from the system's font folders, so a PDF is the same on every machine. Indexing a
//! face only reads its table directory (see `sfnt`), so loading is cheap and the Noto
//! fonts are never copied out of the binary; a fallback chunk is inflated the first
//! time one of its characters is needed.

use std::path::PathBuf;
use std::sync::OnceLock;

use crate::error::RenderError;
use crate::fallback::{self, Chunk};
use crate::sfnt::{Bytes, Sfnt};

pub(crate) static SERIF_TTF: &[u8] = include_bytes!("../fonts/NotoSerifSC_400Regular.ttf");
static SANS_TTF: &[u8] = include_bytes!("../fonts/NotoSansSC_700Bold.ttf");

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
    /// A fallback loaded on first need; `None` once it proved unreadable.
    Lazy {
        source: Source,
        pdf_id: String,
        face: OnceLock<Option<Face>>,
    },
}

/// Where a lazily loaded fallback comes from.
enum Source {
    /// A chunk of the bundled fallback: only characters in its range are looked for.
    Bundled(Chunk),
    /// A font file the administrator configured ([`Fonts::with_files`]).
    File(PathBuf),
}

impl Source {
    /// Whether the face may draw `ch`, known without loading it.
    fn may_draw(&self, ch: char) -> bool {
        match self {
            Source::Bundled(chunk) => chunk.covers(ch),
            Source::File(_) => true,
        }
    }

    fn load(&self, pdf_id: &str) -> Option<Face> {
        let bytes = match self {
            Source::Bundled(chunk) => chunk.inflate()?,
            Source::File(path) => std::fs::read(path).ok()?,
        };
        face(Bytes::Owned(bytes), pdf_id, "后备字体").ok()
    }
}

/// Indexed fonts: index 0 serif, 1 sans, 2.. fallbacks. Shared between threads; the
/// only interior mutability is the one-time loading of a fallback.
pub struct Fonts {
    faces: Vec<Slot>,
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
        Ok(Fonts { faces })
    }

    /// Everything the product ships: Noto Serif SC / Noto Sans SC Bold and the bundled
    /// fallback chunks, each inflated the first time a character needs it. Reads no
    /// file: the same PDF on every machine.
    pub fn bundled() -> Result<Fonts, RenderError> {
        let mut fonts = Fonts::noto_only()?;
        for chunk in fallback::chunks() {
            fonts.push_lazy(Source::Bundled(chunk));
        }
        Ok(fonts)
    }

    /// Only the two Noto fonts: rare characters (Ext B …) are then
    /// [`RenderError::MissingGlyph`]. For tests and measurements.
    pub fn noto_only() -> Result<Fonts, RenderError> {
        Ok(Fonts {
            faces: vec![
                Slot::Ready(face(Bytes::Static(SERIF_TTF), "SDSERF", "正文字体")?),
                Slot::Ready(face(Bytes::Static(SANS_TTF), "SDSANS", "标题字体")?),
            ],
        })
    }

    /// Adds font files tried after everything bundled, in order — what an
    /// administrator configures for characters even the fallback lacks (CJK Ext G and
    /// later, e.g. Windows 11's SimSun-ExtG). Each is read the first time a character
    /// needs it; an unreadable or non-TrueType file is skipped, so a character only it
    /// would draw stays [`RenderError::MissingGlyph`].
    pub fn with_files(mut self, paths: impl IntoIterator<Item = PathBuf>) -> Fonts {
        for path in paths {
            self.push_lazy(Source::File(path));
        }
        self
    }

    fn push_lazy(&mut self, source: Source) {
        let pdf_id = fallback_id(self.faces.len() - 2);
        self.faces.push(Slot::Lazy {
            source,
            pdf_id,
            face: OnceLock::new(),
        });
    }

    /// Number of faces (2 + fallbacks), loaded or not.
    pub fn face_count(&self) -> usize {
        self.faces.len()
    }

    /// Face `i`, loading a lazy fallback now if needed; `None` if it is unreadable.
    pub(crate) fn face(&self, i: usize) -> Option<&Face> {
        match self.faces.get(i)? {
            Slot::Ready(f) => Some(f),
            Slot::Lazy {
                source,
                pdf_id,
                face,
            } => face.get_or_init(|| source.load(pdf_id)).as_ref(),
        }
    }

    /// Face `i` if it may draw `ch`: a bundled chunk is neither loaded nor searched for
    /// a character outside its range.
    fn face_for(&self, i: usize, ch: char) -> Option<&Face> {
        match self.faces.get(i)? {
            Slot::Lazy { source, .. } if !source.may_draw(ch) => None,
            _ => self.face(i),
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
            let Some(face) = self.face_for(i, ch) else {
                continue;
            };
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
    let sfnt = Sfnt::parse(bytes).map_err(|e| RenderError::Font {
        what: format!("{what}无法读取"),
        detail: e.to_string(),
    })?;
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
        let fonts = Fonts::noto_only().unwrap();
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
        assert!(fonts.face_count() > 10, "the bundled chunks are listed");
        assert_eq!(loaded(&fonts), 0);
        for ch in "王小明签字，2027年".chars() {
            assert_eq!(fonts.resolve(Style::Serif, ch).unwrap().face, 0);
        }
        assert_eq!(loaded(&fonts), 0, "a fallback was read for common text");
        let r = fonts.resolve(Style::Serif, '\u{20000}').unwrap();
        assert!(r.face >= 2);
        assert_eq!(loaded(&fonts), 1, "only the chunk of U+20000 is inflated");
        // A character no bundled font has loads nothing to find that out.
        assert!(fonts.resolve(Style::Serif, '\u{30000}').is_none());
        assert_eq!(loaded(&fonts), 1);
    }

    #[test]
    fn rare_name_characters_of_every_extension_resolve_without_system_fonts() {
        let fonts = Fonts::bundled().unwrap();
        // Ext B (𠀀, 𪚥), C (𪜀), D (𫝀), E (𫠠), F (𬺰), the last of F, a
        // compatibility ideograph Noto lacks (U+FA6D) and one of the supplement (U+2F800).
        for u in [
            0x20000, 0x2A6A5, 0x2A700, 0x2B740, 0x2B820, 0x2CEB0, 0x2EBE0, 0xFA6D, 0x2F800,
        ] {
            let ch = char::from_u32(u).unwrap();
            let r = fonts.resolve(Style::Serif, ch);
            assert!(r.is_some_and(|r| r.face >= 2), "U+{u:X}");
        }
        assert_eq!(fonts.first_missing("张𠀀𪚥𬺰"), None);
    }

    #[test]
    fn configured_files_are_tried_after_the_bundled_fonts() {
        // Ext G's U+30000 (𰀀) is in no bundled font; a configured file that has it
        // draws it. A stand-in: the bundled chunk of U+20000 as a file, asked for 𠀀 by
        // fonts without the bundled chunks.
        let dir = tempfile::tempdir().unwrap();
        let chunk = fallback::chunks().find(|c| c.covers('\u{20000}')).unwrap();
        let path = dir.path().join("扩展字体.ttf");
        std::fs::write(&path, chunk.inflate().unwrap()).unwrap();
        let missing = dir.path().join("不存在.ttf");
        let fonts = Fonts::noto_only().unwrap().with_files([missing, path]);
        assert_eq!(fonts.face_count(), 4);
        assert_eq!(fonts.resolve(Style::Serif, '\u{20000}').unwrap().face, 3);
        assert_eq!(fonts.first_missing("\u{30000}"), Some('\u{30000}'));
    }

    #[test]
    fn garbage_font_is_a_typed_error() {
        let err = Fonts::load(vec![1, 2, 3], SANS_TTF.to_vec(), vec![]).unwrap_err();
        assert_eq!(err.kind(), "font");
    }
}
