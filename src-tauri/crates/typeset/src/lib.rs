//! Pure PDF renderer: (agreement text + filled blanks + signatures + record) → PDF bytes.
//!
//! `render` does no I/O and is deterministic — the same [`Document`] and [`Fonts`] give
//! byte-identical output, so a signed PDF can be hashed and re-rendered for checks.
//! A [`Typesetter`] holds the fonts ([`Fonts::bundled`] / [`Fonts::load`], indexed
//! once per process) and the render memos.
//!
//! Pipeline: `layout` (blocks → lines with our own CJK line breaker, `linebreak`) →
//! `signature` (the signature block, kept together) → `record` (the 签署记录 page) →
//! footers → `pdf` (printpdf operations; fonts pre-subset by `sfnt` and embedded by
//! printpdf as they are, their programs deflated piece by piece by `deflate`; images
//! cropped and reduced to print resolution by `raster` and made into image XObjects
//! by `images`; Info; printpdf writes the document, then a deterministic /ID and a
//! PDF 1.4 header on its lopdf document). Decoded images, finished image XObjects and
//! deflated font pieces are remembered in the [`Typesetter`] for the next documents; they
//! change the speed of a render, never its bytes.

mod content;
mod deflate;
mod error;
mod fallback;
mod finish;
mod fonts;
mod images;
mod layout;
pub mod linebreak;
mod page;
mod pdf;
mod png;
mod raster;
mod record;
mod sfnt;
mod signature;
mod typesetter;

use serde::{Deserialize, Serialize};

pub use error::RenderError;
pub use fonts::Fonts;
/// The signature PNG decoder that `render` runs on every image, with its limits: public
/// so that the fuzz target (`src-tauri/fuzz`) feeds it directly, without fonts.
pub use png::{decode_png, Bitmap, MAX_IMAGE_SIDE};
pub use typesetter::Typesetter;

/// An agreement ready to print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document number, e.g. `SD-2027-000123`, printed in every page footer.
    pub number: String,
    pub title: String,
    /// Body blocks in reading order.
    pub blocks: Vec<Block>,
    pub signatures: Vec<SignatureLine>,
    /// The 签署记录 page, printed last when present.
    pub record: Option<SigningRecord>,
    pub meta: Meta,
}

/// A piece of the agreement body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Section heading (`一、` + text), set in sans bold, kept with the next line.
    Heading { number: String, text: String },
    /// Running text with a first-line indent of two characters.
    Paragraph { text: String },
    /// A numbered clause: the number hangs, continuation lines align after it.
    /// `level` 1 is the outermost; deeper levels indent one character more each.
    Clause {
        number: String,
        level: u8,
        text: String,
    },
    /// A QR code holding `text`, with `caption` (a few lines) beside it: what a test
    /// page or a record asks a scanner to read back.
    Code { text: String, caption: String },
}

/// One signing role in the signature block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureLine {
    /// e.g. `员工签名`, `负责人（签字）`, `公司（盖章）`.
    pub label: String,
    /// The signer's name in print (may hold rare characters).
    pub name: Option<String>,
    /// Transparent PNG of the handwritten signature, scaled to the line.
    pub signature_png: Option<Vec<u8>>,
    /// Seal image, drawn over the label (for 盖章 roles).
    pub seal_png: Option<Vec<u8>>,
    /// Printed as `2027年1月15日`; `None` leaves `年 月 日` to fill by hand.
    pub date: Option<chrono::NaiveDate>,
}

/// What the 签署记录 (signing record) page states.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SigningRecord {
    pub template: String,
    pub template_version: u32,
    /// Who ran the signing ceremony.
    pub ceremony_by: String,
    pub device: String,
    /// Hex SHA-256 of the signed content.
    pub content_sha256: String,
    pub signers: Vec<RecordSigner>,
    /// How the signatures were captured, in words.
    pub capture_statement: String,
    /// The archive's audit chain at the moment of signing — printed so that every
    /// paper copy anchors the history (`verify --anchor`). None in a preview.
    #[serde(default)]
    pub chain: Option<signdesk_base::ChainPosition>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordSigner {
    pub name: String,
    pub role: String,
    pub employee_no: Option<String>,
    /// As it should be printed, e.g. `2027-01-15 09:30:12 +08:00`.
    pub signed_at: String,
}

/// PDF Info dictionary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub created: chrono::DateTime<chrono::FixedOffset>,
    /// Defaults to `created`.
    pub modified: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// The rendered PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub pages: u32,
}

/// Renders `doc` as an A4 PDF. Pure: no I/O, same input → same bytes.
pub fn render(doc: &Document, ts: &Typesetter) -> Result<Rendered, RenderError> {
    let composed = compose(doc, ts)?;
    let pages = composed.pages.len() as u32;
    let bytes = pdf::write(doc, ts, composed)?;
    Ok(Rendered { bytes, pages })
}

/// A text dump of the layout (every line with its position, size and character
/// spacing, every image and rule), for snapshot tests and debugging.
pub fn layout_dump(doc: &Document, ts: &Typesetter) -> Result<String, RenderError> {
    Ok(page::dump(&compose(doc, ts)?.pages))
}

pub(crate) struct Composed {
    pub pages: Vec<page::Page>,
    pub images: Vec<crate::images::Decoded>,
}

fn compose(doc: &Document, ts: &Typesetter) -> Result<Composed, RenderError> {
    let mut c = page::Composer::new(&ts.fonts, &ts.images);
    layout::title(&mut c, &doc.title)?;
    layout::body(&mut c, &doc.blocks)?;
    signature::block(&mut c, &doc.signatures)?;
    if let Some(record) = &doc.record {
        record::page(&mut c, doc, record)?;
    }
    c.add_footers(&doc.number)?;
    Ok(Composed {
        pages: c.pages,
        images: c.images,
    })
}
