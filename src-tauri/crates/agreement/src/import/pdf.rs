//! Text out of a `.pdf` (lopdf, already in the product for merging and sealing, reads
//! each page's text through the fonts' ToUnicode maps), with limits: a page's content
//! may not inflate past `MAX_PAGE_CONTENT`, and only the first `MAX_PAGES` are read.
//! A PDF of page images has no text: it is refused as a scan, not imported empty.

use crate::error::ImportError;
use crate::text::is_cjk;

const MAX_PAGES: usize = 60;
const MAX_PAGE_CONTENT: usize = 16 * 1024 * 1024;

pub(super) fn read(bytes: &[u8]) -> Result<String, ImportError> {
    // lopdf's own words are English: the user reads ours.
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|_| ImportError::CorruptPdf("文件不完整或已损坏".into()))?;
    if doc.is_encrypted() {
        return Err(ImportError::CorruptPdf(
            "文件已加密，请先在 PDF 阅读器中去掉密码".into(),
        ));
    }
    let mut text = String::new();
    for page in doc.get_pages().keys().take(MAX_PAGES) {
        // A page that cannot be read (an odd font, a damaged stream) is skipped: the
        // rest of the agreement is still worth detecting, and the editor shows it.
        if let Ok(t) = doc.extract_text_with_limit(&[*page], MAX_PAGE_CONTENT) {
            text.push_str(&t);
            text.push('\n');
        }
    }
    if text.chars().filter(|&c| is_cjk(c)).count() < 10 {
        return Err(ImportError::ScannedPdf);
    }
    Ok(text)
}
