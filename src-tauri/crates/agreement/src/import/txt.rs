//! Plain-text files: UTF-8 (with or without BOM), UTF-16 with BOM, and the GB18030 /
//! GBK files old Windows tools write. Encoding is decided by a strict UTF-8 decode:
//! if it fails, the bytes are decoded as GB18030, and refused if that fails too.
//! Files with many control characters are refused as binary.

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::error::ImportError;

pub(crate) fn decode(bytes: &[u8]) -> Result<String, ImportError> {
    let text = if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let (t, had_errors) = enc.decode_without_bom_handling(body);
        if had_errors {
            return Err(ImportError::BadEncoding);
        }
        t.into_owned()
    } else if let Ok(s) = std::str::from_utf8(bytes) {
        s.to_string()
    } else {
        let (t, had_errors) = GB18030.decode_without_bom_handling(bytes);
        if had_errors {
            return Err(ImportError::BadEncoding);
        }
        t.into_owned()
    };
    let _ = UTF_8;
    let total = text.chars().count().max(1);
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if controls > 8 && controls * 10 > total {
        return Err(ImportError::Binary);
    }
    Ok(text)
}
