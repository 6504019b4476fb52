//! Errors of the renderer, with messages in Chinese because they reach the organiser's
//! screen unchanged ("why can't this agreement be printed?"). `kind()` gives a stable,
//! language-neutral tag for logs, tests and the UI's error mapping.

use signdesk_base::ErrorKind;
use thiserror::Error;

/// Everything that can stop a document from being rendered.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RenderError {
    /// A character that none of the fonts can draw. We refuse rather than print a box
    /// (.notdef): a wrong name on a signed agreement is worse than no agreement.
    #[error("字符“{ch}”(U+{code:04X}) 在所有内置字体中都没有字形，无法打印", code = u32::from(*ch))]
    MissingGlyph { ch: char },

    /// A signature or seal image that cannot be decoded (empty, corrupt, not a PNG, 0×0).
    /// `reason` is ours; the decoder's own words, if any, are in `detail`.
    #[error("签名图片无法读取：{reason}")]
    BadImage { reason: String, detail: String },

    /// A signature or seal image beyond the size limits (protects against decompression bombs).
    #[error("签名图片过大：{width}×{height} 像素（上限 {max}×{max}）")]
    ImageTooLarge { width: u32, height: u32, max: u32 },

    /// A font that could not be parsed or lacks what we need; what exactly is in
    /// `detail`, for the log.
    #[error("字体无法使用：{what}")]
    Font { what: String, detail: String },

    /// The PDF writer failed (should not happen with valid input); its own words are
    /// in `detail`, for the log.
    #[error("PDF 生成失败：{what}。请重试；如果一再出现，请把日志交给技术支持")]
    Pdf { what: &'static str, detail: String },
}

impl RenderError {
    /// A stable, language-neutral tag: `missing_glyph`, `bad_image`, `image_too_large`,
    /// `font`, `pdf`.
    pub fn kind(&self) -> ErrorKind {
        match self {
            RenderError::MissingGlyph { .. } => ErrorKind::MissingGlyph,
            RenderError::BadImage { .. } => ErrorKind::BadImage,
            RenderError::ImageTooLarge { .. } => ErrorKind::ImageTooLarge,
            RenderError::Font { .. } => ErrorKind::Font,
            RenderError::Pdf { .. } => ErrorKind::Pdf,
        }
    }

    /// A library's own words about the failure, for the log — never in the message.
    pub fn detail(&self) -> Option<&str> {
        match self {
            RenderError::BadImage { detail, .. }
            | RenderError::Font { detail, .. }
            | RenderError::Pdf { detail, .. } => Some(detail.as_str()).filter(|d| !d.is_empty()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_glyph_message_names_the_character() {
        let e = RenderError::MissingGlyph { ch: '\u{20000}' };
        assert_eq!(
            e.to_string(),
            "字符“\u{20000}”(U+20000) 在所有内置字体中都没有字形，无法打印"
        );
        assert_eq!(e.kind(), "missing_glyph");
    }
}
