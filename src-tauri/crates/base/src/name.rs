//! A person's name and the short texts beside it (department, position): one limit
//! each, owned here and used by roster import, signing, editing a person and
//! ceremonies alike — so a name that imports is never refused later at the kiosk.

use crate::text;

/// The longest name, in characters (a signature line holds it on one line, with its
/// date, at the name's point size; longer transliterated names are shortened by the
/// organiser).
pub const NAME_MAX_CHARS: usize = 40;

/// The longest department or position, in characters.
pub const SHORT_TEXT_MAX_CHARS: usize = 60;

/// Why a name cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    /// A character that draws nothing or reorders text ([`text::hidden`]).
    Hidden(char),
    TooLong,
}

/// A person's name as it is stored and printed: trimmed, NFC, nothing hidden, at
/// most [`NAME_MAX_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(raw: &str) -> Result<PersonName, NameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(NameError::Empty);
        }
        let clean = text::identifying(trimmed).map_err(NameError::Hidden)?;
        if clean.chars().count() > NAME_MAX_CHARS {
            return Err(NameError::TooLong);
        }
        Ok(PersonName(clean))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// Whether a department or position fits ([`SHORT_TEXT_MAX_CHARS`], no control
/// characters).
pub fn short_text_ok(s: &str) -> bool {
    !s.chars().any(char::is_control) && s.chars().count() <= SHORT_TEXT_MAX_CHARS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_limit_for_a_name() {
        let forty: String = "欧".repeat(NAME_MAX_CHARS);
        assert_eq!(
            PersonName::parse(&format!("  {forty} ")).unwrap().as_str(),
            forty
        );
        assert_eq!(
            PersonName::parse(&format!("{forty}阳")),
            Err(NameError::TooLong)
        );
        assert_eq!(PersonName::parse("  "), Err(NameError::Empty));
        assert_eq!(
            PersonName::parse("张\u{202E}三"),
            Err(NameError::Hidden('\u{202E}'))
        );
        assert!(short_text_ok(&"部".repeat(SHORT_TEXT_MAX_CHARS)));
        assert!(!short_text_ok(&"部".repeat(SHORT_TEXT_MAX_CHARS + 1)));
    }
}
