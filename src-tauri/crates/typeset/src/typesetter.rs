//! The renderer's state for a process: the fonts, and the memos of work that repeats
//! from one agreement of a ceremony to the next (deflated font pieces, `deflate.rs`;
//! decoded PNGs and printed image XObjects, `images.rs`). The memos change how fast a
//! render is, never its bytes (tested: a render after other documents equals a render
//! with a fresh `Typesetter`). The desk keeps one and drops it when the session locks,
//! so recent signature images leave memory with it.

use std::sync::Arc;

use crate::deflate::PieceCache;
use crate::error::RenderError;
use crate::fonts::Fonts;
use crate::images::ImageMemo;
use crate::png::Bitmap;
use crate::{Document, Rendered};

/// Renders documents: [`Typesetter::render`]. Shared between threads.
pub struct Typesetter {
    pub(crate) fonts: Fonts,
    pub(crate) pieces: PieceCache,
    pub(crate) images: ImageMemo,
}

impl std::fmt::Debug for Typesetter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typesetter")
            .field("fonts", &self.fonts)
            .finish()
    }
}

impl Typesetter {
    /// A typesetter with `fonts` and nothing remembered yet.
    pub fn new(fonts: Fonts) -> Typesetter {
        Typesetter {
            fonts,
            pieces: PieceCache::default(),
            images: ImageMemo::default(),
        }
    }

    /// With every font the product ships ([`Fonts::bundled`]).
    pub fn bundled() -> Result<Typesetter, RenderError> {
        Ok(Typesetter::new(Fonts::bundled()?))
    }

    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Checks and decodes a PNG ([`decode_png`](crate::decode_png)), remembering it:
    /// a signature checked before signing is not decoded again when it is printed.
    pub fn image(&self, png: &[u8]) -> Result<Arc<Bitmap>, RenderError> {
        Ok(self.images.decode(png)?.bitmap)
    }

    /// Renders `doc` as an A4 PDF. Pure: no I/O, same input → same bytes.
    pub fn render(&self, doc: &Document) -> Result<Rendered, RenderError> {
        crate::render(doc, self)
    }
}
