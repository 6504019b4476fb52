//! Bytes to text. Excel on Chinese Windows saves "CSV" in GBK (really the ANSI code
//! page 936) unless told otherwise, newer tools save UTF-8 with or without a BOM, and
//! "Unicode text" is UTF-16 with a BOM. Strict UTF-8 almost never succeeds on GBK text
//! with Chinese in it, so "valid UTF-8, else GB18030" is a reliable detector.
//! Undecodable bytes become U+FFFD, which the row checks then report per row.

use encoding_rs::{Encoding, GB18030, UTF_8};

/// The text and a label of the encoding it was read as (shown in the preview).
pub fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let label = if enc == UTF_8 {
            "UTF-8（带 BOM）"
        } else {
            "UTF-16"
        };
        return (text.into_owned(), label);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), "UTF-8"),
        Err(_) => {
            // GB18030 is a superset of GBK and GB2312, so it reads all three.
            let (text, _) = GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), "GBK/GB18030")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_encoding() {
        assert_eq!(decode("姓名".as_bytes()), ("姓名".into(), "UTF-8"));
        assert_eq!(
            decode(b"\xEF\xBB\xBF\xE5\xA7\x93\xE5\x90\x8D"),
            ("姓名".into(), "UTF-8（带 BOM）")
        );
        let (gbk, _, _) = GB18030.encode("姓名");
        assert_eq!(decode(&gbk), ("姓名".into(), "GBK/GB18030"));
        assert_eq!(
            decode(b"\xFF\xFE\xD3\x59\x0D\x54"),
            ("姓名".into(), "UTF-16")
        );
    }

    #[test]
    fn bad_bytes_become_replacement_characters() {
        let (text, _) = decode(b"abc\xFF");
        assert!(text.contains('\u{FFFD}'));
    }
}
