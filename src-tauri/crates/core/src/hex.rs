//! Lower-case hex for the binary values kept in the archive's text settings and the
//! key file (certificates, sealed keys, the PIN proof), and for random tokens.

pub(crate) fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random hex digits: a token that names something the desk keeps for the next
/// command (a kiosk preview, an uploaded file).
pub(crate) fn random_token() -> Result<String, crate::CoreError> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| crate::CoreError::internal("无法取得随机数", e))?;
    Ok(encode(&b))
}

/// `None` for anything that is not an even number of hex digits.
pub(crate) fn decode(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(super::encode(&[0, 0xab, 0x7f]), "00ab7f");
        assert_eq!(super::decode("00ab7f"), Some(vec![0, 0xab, 0x7f]));
        for bad in ["0", "zz", "0g", "é0"] {
            assert_eq!(super::decode(bad), None, "{bad:?}");
        }
    }
}
