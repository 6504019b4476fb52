//! How bytes that ride inside a JSON request cross IPC. A signature PNG travels with
//! the rest of its signing request (role, name, strokes), so it cannot be the raw body
//! that files use (`src-tauri/src/commands/upload.rs`); base64 costs 4 bytes per 3,
//! where a JSON array of numbers costs ~3.7 per byte and a number parse each.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Deserializer, Serializer};

/// `#[serde(with = "crate::wire::base64_bytes")]` on a `Vec<u8>`; its TypeScript type
/// is `string`.
pub mod base64_bytes {
    use super::*;

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD
            .decode(text.as_bytes())
            .map_err(|_| serde::de::Error::custom("签名图片的编码不正确（应为 base64）"))
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, PartialEq, Debug)]
    struct Holder {
        #[serde(with = "super::base64_bytes")]
        png: Vec<u8>,
    }

    #[test]
    fn bytes_go_as_base64_and_come_back() {
        let h = Holder {
            png: vec![0x89, b'P', b'N', b'G', 0, 255],
        };
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(json, r#"{"png":"iVBORwD/"}"#);
        assert_eq!(serde_json::from_str::<Holder>(&json).unwrap(), h);
        assert!(serde_json::from_str::<Holder>(r#"{"png":[137,80]}"#).is_err());
        assert!(serde_json::from_str::<Holder>(r#"{"png":"%%%"}"#).is_err());
    }
}
