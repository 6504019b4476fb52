//! The one rule for text that is stored, printed and searched.
//!
//! Some characters draw nothing: zero-width spaces and joiners, the byte-order mark,
//! soft hyphens, variation selectors, tags. Others reorder what is around them
//! (right-to-left overrides and isolates) or are control codes. A name that holds one
//! would be stored with it, printed without it (no font draws it) and found by a
//! search only if typed with it — three different strings for one person, and a
//! direction override can make a name display as someone else's.
//!
//! So: *values that identify someone* (names, employee numbers, departments, the
//! organisation) are refused when they hold any such character ([`first_hidden`],
//! [`describe`] for the message); *running text* (an agreement's body, a search
//! query) has them removed ([`printable`]). Both are put in Unicode NFC first, so a
//! name typed with a decomposed character is the same name as its composed form.
//! What is stored is then exactly what is printed and exactly what search compares.

use unicode_normalization::UnicodeNormalization;

/// Why a character may not stand in a value that identifies someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// C0/C1 control codes other than line breaks and tabs.
    Control,
    LineBreak,
    Tab,
    /// Reorders the text around it (LRM/RLM, embeddings, overrides, isolates, ALM).
    Direction,
    /// Draws nothing: zero-width space/joiners, word joiner, BOM, soft hyphen,
    /// variation selectors, tags, fillers, other format characters.
    Invisible,
}

/// The kind of hidden character `c` is, if it is one.
pub fn hidden(c: char) -> Option<Hidden> {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' => Some(Hidden::LineBreak),
        '\t' => Some(Hidden::Tab),
        c if c.is_control() => Some(Hidden::Control),
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => Some(Hidden::Direction),
        '\u{00AD}'
        | '\u{034F}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E0FFF}' => Some(Hidden::Invisible),
        _ => None,
    }
}

/// The first character of `s` that [`hidden`] names.
pub fn first_hidden(s: &str) -> Option<char> {
    s.chars().find(|&c| hidden(c).is_some())
}

/// `c` for a message, in Chinese: 「零宽字符 U+200B」, 「文字方向控制字符 U+202E」.
pub fn describe(c: char) -> String {
    let what = match hidden(c) {
        Some(Hidden::Direction) => "文字方向控制字符",
        Some(Hidden::Invisible) => match c {
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => "零宽字符",
            _ => "格式字符",
        },
        Some(Hidden::LineBreak) => "换行符",
        Some(Hidden::Tab) => "制表符",
        Some(Hidden::Control) | None => "控制字符",
    };
    format!("{what} U+{:04X}", c as u32)
}

/// `s` in Unicode NFC.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Running text as it is printed and indexed: NFC, `\r\n` and `\r` as `\n`, tabs as
/// spaces, every other hidden character removed (line breaks kept), ends trimmed.
pub fn printable(s: &str) -> String {
    let t: String = s
        .replace("\r\n", "\n")
        .nfc()
        .filter_map(|c| match hidden(c) {
            None => Some(c),
            Some(Hidden::LineBreak) => Some('\n'),
            Some(Hidden::Tab) => Some(' '),
            Some(_) => None,
        })
        .collect();
    t.trim().to_string()
}

/// A Han ideograph: the unified blocks (URO, Extensions A–I), the compatibility
/// ideographs and their supplement. The one definition: detection, roster names and
/// anything else that asks "is this a Chinese character" use it, so a rare name
/// character (Extension B and beyond, which the bundled fonts carry) counts like any
/// other.
pub fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF       // Extension A
        | 0x4E00..=0x9FFF     // Unified Ideographs
        | 0xF900..=0xFAFF     // Compatibility Ideographs
        | 0x20000..=0x2A6DF   // Extension B
        | 0x2A700..=0x2EE5F   // Extensions C, D, E, F, I
        | 0x2F800..=0x2FA1F   // Compatibility Ideographs Supplement
        | 0x30000..=0x323AF   // Extensions G, H
    )
}

/// A value that identifies someone, checked: NFC and trimmed, or the first hidden
/// character it holds (see the module's rule). Emptiness and length are the caller's.
pub fn identifying(s: &str) -> Result<String, char> {
    let t = nfc(s.trim());
    match first_hidden(&t) {
        Some(c) => Err(c),
        None => Ok(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn han_covers_every_ideograph_block_and_nothing_else() {
        for c in [
            '张', '㐀', '䶵', '豈', '𠀀', '𪜀', '𫝀', '𫠠', '𬺰', '𮯰', '丽', '𰀀', '𱍐',
        ] {
            assert!(is_han(c), "{c} U+{:X}", u32::from(c));
        }
        for c in ['a', '，', '。', 'ア', '한', '〇', '\u{2FFF}', '\u{E000}'] {
            assert!(!is_han(c), "{c} U+{:X}", u32::from(c));
        }
    }

    #[test]
    fn zero_width_and_direction_characters_are_refused_in_names() {
        assert_eq!(identifying("张\u{200B}三"), Err('\u{200B}'));
        assert_eq!(identifying("张\u{202E}三"), Err('\u{202E}'));
        assert_eq!(identifying("张\u{FE0F}三"), Err('\u{FE0F}'));
        assert_eq!(identifying("张\0三"), Err('\0'));
        assert_eq!(identifying("  王𠀀䶮 "), Ok("王𠀀䶮".to_string()));
        assert_eq!(describe('\u{200B}'), "零宽字符 U+200B");
        assert_eq!(describe('\u{202E}'), "文字方向控制字符 U+202E");
        assert_eq!(describe('\u{0}'), "控制字符 U+0000");
    }

    #[test]
    fn names_are_nfc() {
        // e + combining acute → é. CJK compatibility ideographs have canonical
        // decompositions, so NFC gives their unified form (豈 U+F900 → U+8C48): one
        // person, one spelling, whichever the keyboard produced.
        assert_eq!(identifying("Rene\u{301}").unwrap(), "Ren\u{E9}");
        assert_eq!(identifying("\u{F900}").unwrap(), "\u{8C48}");
    }

    #[test]
    fn running_text_loses_what_draws_nothing_and_keeps_lines() {
        assert_eq!(
            printable("\u{FEFF} 葛\u{E0100}优\u{200B}\t秀\r\n好 "),
            "葛优 秀\n好"
        );
    }
}
