//! Line breaking for Chinese text with embedded Latin words and numbers.
//!
//! No PDF library we could use breaks Chinese lines well, so this is
//! our own greedy breaker over measured glyphs. Rules, as in GB/T 15834 / W3C clreq:
//! - a line may break between any two CJK characters;
//! - Latin words and numbers (`IC`, `2027`, `3.5%`, `SD-2027-000123`) stay whole, and a
//!   break after a space is allowed; spaces at a line end are dropped;
//! - 禁则: no line starts with closing punctuation (，。、；：？！）》」』”’…% …) and no
//!   line ends with opening punctuation (（《「『“‘ …); the offending character travels
//!   with its neighbour instead (推出 / push-out), which leaves the line a little short —
//!   justification with character spacing then fills it;
//! - a `\n` forces a break; the line before it, like the last line of a paragraph, is
//!   not justified.
//!
//! Kept free of fonts and PDF types so it can be tested exhaustively (see the proptests).

/// One measured character.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph {
    pub ch: char,
    /// Advance in points (already multiplied by the font size).
    pub width: f32,
}

/// One line: the glyphs `start..end` (trailing spaces excluded).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub start: usize,
    pub end: usize,
    /// Sum of the advances of the glyphs in the line.
    pub natural: f32,
    /// Whether this line should be stretched to the full measure.
    pub justify: bool,
}

impl Line {
    /// Extra space after each glyph (PDF `Tc`, in points) that makes the line exactly
    /// `width` wide; 0 for lines that are not justified or are already too full.
    /// The stretch is capped so a line that lost a long word is left ragged instead of
    /// being spaced out absurdly.
    pub fn char_spacing(&self, width: f32) -> f32 {
        let gaps = self.end.saturating_sub(self.start).saturating_sub(1);
        let fits = width.is_finite() && self.natural.is_finite() && width > self.natural;
        if !self.justify || gaps == 0 || !fits {
            return 0.0;
        }
        let extra = width - self.natural;
        if extra > width * 0.25 {
            return 0.0;
        }
        extra / gaps as f32
    }
}

/// Closing punctuation that must not start a line.
pub fn is_line_start_forbidden(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '”'
            | '’'
            | '…'
            | '‥'
            | '%'
            | '％'
            | '‰'
            | '〕'
            | '】'
            | '〗'
            | '〙'
            | '〉'
            | '｝'
            | '］'
            | '·'
            | '・'
            | '～'
            | '〜'
            | '々'
            | '〻'
            | '゛'
            | '゜'
            | 'ー'
            | '―'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
            | '>'
    )
}

/// Opening punctuation that must not end a line.
pub fn is_line_end_forbidden(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '“'
            | '‘'
            | '〔'
            | '【'
            | '〖'
            | '〘'
            | '〈'
            | '｛'
            | '［'
            | '('
            | '['
            | '{'
            | '<'
    )
}

/// Characters between which a line may break freely: CJK ideographs (all extensions),
/// CJK symbols and punctuation, full-width forms, kana, general punctuation such as
/// “ ” — …
pub fn is_cjk(c: char) -> bool {
    matches!(u32::from(c),
        0x2010..=0x206F   // general punctuation: ‘ ’ “ ” … —
        | 0x2E80..=0x2FFF // radicals
        | 0x3000..=0x30FF // CJK symbols & punctuation, kana
        | 0x3100..=0x31FF
        | 0x3200..=0x33FF
        | 0x3400..=0x4DBF // Ext A
        | 0x4E00..=0x9FFF
        | 0xAC00..=0xD7AF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF // full-width forms
        | 0x20000..=0x3FFFF // Ext B and beyond
    )
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{00A0}'
}

/// Characters that glue to each other and form unbreakable words.
fn is_word(c: char) -> bool {
    !is_cjk(c) && !is_space(c) && c != '\n'
}

/// May a line break before `cur` when it follows `prev`?
fn can_break_between(prev: char, cur: char) -> bool {
    if is_space(cur) || cur == '\n' {
        return false;
    }
    if is_word(prev) && is_word(cur) {
        return false;
    }
    if is_line_start_forbidden(cur) || is_line_end_forbidden(prev) {
        return false;
    }
    // Two-em dash —— and ellipsis …… are one mark.
    if prev == cur && matches!(cur, '—' | '…' | '⸺') {
        return false;
    }
    true
}

fn finish(glyphs: &[Glyph], start: usize, end: usize, justify: bool) -> Line {
    let mut e = end;
    while e > start && is_space(glyphs[e - 1].ch) {
        e -= 1;
    }
    let natural = glyphs[start..e].iter().map(|g| g.width).sum();
    Line {
        start,
        end: e,
        natural,
        justify,
    }
}

/// Breaks `glyphs` into lines: the first line is `first_width` wide (paragraph indent),
/// the others `width`. Never panics and always makes progress, even for widths ≤ 0
/// (then every line holds one unit).
pub fn break_lines(glyphs: &[Glyph], first_width: f32, width: f32) -> Vec<Line> {
    let mut lines = Vec::new();
    let n = glyphs.len();
    let mut start = 0;
    let mut first = true;
    while start < n {
        // Leading spaces of continuation lines vanish.
        if !first {
            while start < n && is_space(glyphs[start].ch) {
                start += 1;
            }
            if start >= n {
                break;
            }
        }
        let avail = if first { first_width } else { width };
        let mut acc = 0.0f32;
        let mut last_break: Option<usize> = None;
        let mut i = start;
        let mut end: Option<(usize, usize, bool)> = None; // (line end, next start, justify)
        while i < n {
            let g = glyphs[i];
            if g.ch == '\n' {
                end = Some((i, i + 1, false));
                break;
            }
            if i > start && can_break_between(glyphs[i - 1].ch, g.ch) {
                last_break = Some(i);
            }
            if !is_space(g.ch) && acc + g.width > avail + 0.01 && i > start {
                let b = match last_break {
                    Some(b) => b,
                    None => forced_split(glyphs, start, i),
                };
                end = Some((b, b, true));
                break;
            }
            acc += g.width;
            i += 1;
        }
        let (e, next, justify) = end.unwrap_or((n, n, false));
        lines.push(finish(glyphs, start, e, justify));
        start = next;
        first = false;
        // A `\n` at the very end still ends the paragraph: nothing more to emit.
    }
    lines
}

/// No allowed break fits (a word longer than the line): split at the last position
/// before `overflow` that at least keeps 禁则, else right at the overflow.
fn forced_split(glyphs: &[Glyph], start: usize, overflow: usize) -> usize {
    (start + 1..=overflow)
        .rev()
        .find(|&k| {
            !is_line_start_forbidden(glyphs[k].ch) && !is_line_end_forbidden(glyphs[k - 1].ch)
        })
        .unwrap_or(overflow)
        .max(start + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// CJK 1 em, Latin 0.5 em, space 0.25 em: close enough to Noto for the rules.
    fn measure(text: &str) -> Vec<Glyph> {
        text.chars()
            .map(|ch| Glyph {
                ch,
                width: if is_space(ch) {
                    0.25
                } else if is_cjk(ch) {
                    1.0
                } else if ch == '\n' {
                    0.0
                } else {
                    0.5
                },
            })
            .collect()
    }

    fn texts(text: &str, first: f32, width: f32) -> Vec<String> {
        let g = measure(text);
        break_lines(&g, first, width)
            .iter()
            .map(|l| g[l.start..l.end].iter().map(|g| g.ch).collect())
            .collect()
    }

    #[test]
    fn breaks_between_cjk_characters() {
        assert_eq!(
            texts("一二三四五六七", 3.0, 3.0),
            ["一二三", "四五六", "七"]
        );
    }

    #[test]
    fn first_line_width_differs() {
        assert_eq!(
            texts("一二三四五六七", 1.0, 3.0),
            ["一", "二三四", "五六七"]
        );
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // 。 would start line 2: the 三 travels with it.
        assert_eq!(texts("一二三。四五", 3.0, 3.0), ["一二", "三。四", "五"]);
        assert_eq!(texts("一二三，”四", 3.0, 3.0), ["一二", "三，”", "四"]);
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        assert_eq!(texts("一二（三四", 3.0, 3.0), ["一二", "（三四"]);
        assert_eq!(texts("一二“三”", 3.0, 3.0), ["一二", "“三”"]);
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        // "2027" is 2 em wide: it moves to the next line as a whole.
        assert_eq!(texts("一二2027年", 3.0, 3.0), ["一二", "2027年"]);
        assert_eq!(texts("办卡(IC卡)充值", 4.0, 4.0), ["办卡(IC", "卡)充值"]);
        assert_eq!(texts("see the manual", 4.0, 4.0), ["see the", "manual"]);
    }

    #[test]
    fn percent_stays_with_its_number() {
        assert_eq!(texts("达到一百50%", 4.0, 4.0), ["达到一百", "50%"]);
        assert_eq!(texts("达到一50%", 4.0, 4.0), ["达到一", "50%"]);
    }

    #[test]
    fn too_long_word_is_split_but_progress_is_made() {
        assert_eq!(texts("abcdefgh", 2.0, 2.0), ["abcd", "efgh"]);
        // Zero or negative width still terminates with one unit per line.
        assert_eq!(texts("一二", 0.0, -5.0), ["一", "二"]);
    }

    #[test]
    fn newline_forces_an_unjustified_break() {
        let g = measure("一二\n三四五六");
        let lines = break_lines(&g, 3.0, 3.0);
        assert_eq!(lines.len(), 3);
        assert!(!lines[0].justify);
        assert!(lines[1].justify);
        assert!(!lines[2].justify);
    }

    #[test]
    fn justification_fills_the_measure_exactly() {
        let g = measure("一二三四五六七八九十。一二三四五六七八九十一二");
        let lines = break_lines(&g, 10.0, 10.0);
        // Line 1 is pushed short by the 。 rule: 1 em spread over 8 gaps.
        assert_eq!(lines[0].end - lines[0].start, 9);
        assert!((lines[0].char_spacing(10.0) - 1.0 / 8.0).abs() < 1e-6);
        let l = lines[1];
        let n = (l.end - l.start) as f32;
        assert!((l.natural + l.char_spacing(10.0) * (n - 1.0) - 10.0).abs() < 1e-4);
        // The last line is never stretched.
        assert_eq!(lines[2].char_spacing(10.0), 0.0);
        // A line that lost most of its width is left ragged rather than spaced out.
        let short = Line {
            start: 0,
            end: 3,
            natural: 3.0,
            justify: true,
        };
        assert_eq!(short.char_spacing(10.0), 0.0);
    }

    #[test]
    fn trailing_spaces_do_not_count() {
        let g = measure("ab cd ef");
        let lines = break_lines(&g, 2.6, 2.6);
        let t: Vec<String> = lines
            .iter()
            .map(|l| g[l.start..l.end].iter().map(|g| g.ch).collect())
            .collect();
        assert_eq!(t, ["ab cd", "ef"]);
        assert_eq!(lines[0].natural, 2.25);
    }

    /// Realistic text: phrases of CJK characters, optionally quoted or bracketed,
    /// followed by at most one closing mark; Latin words up to 6 characters.
    fn phrase() -> impl Strategy<Value = String> {
        let cjk = proptest::collection::vec(
            prop::sample::select(vec!['安', '全', '责', '任', '书', '𠀀', '䶮', '堃']),
            1..8,
        )
        .prop_map(|v| v.into_iter().collect::<String>());
        let latin = "[A-Za-z0-9]{1,6}";
        let body = prop_oneof![
            cjk.clone(),
            latin.prop_map(|s| s),
            cjk.clone().prop_map(|s| format!("“{s}”")),
            cjk.clone().prop_map(|s| format!("（{s}）")),
            cjk.prop_map(|s| format!("《{s}》")),
        ];
        let tail =
            prop::sample::select(vec!["", "，", "。", "、", "；", "：", "？", "！", "…", " "]);
        (body, tail).prop_map(|(b, t)| format!("{b}{t}"))
    }

    proptest! {
        #[test]
        fn never_panics_and_covers_everything(text in "\\PC{0,200}", first in -5.0f32..40.0, width in -5.0f32..40.0) {
            let g = measure(&text);
            let lines = break_lines(&g, first, width);
            let mut pos = 0;
            for l in &lines {
                prop_assert!(l.start >= pos && l.end >= l.start && l.end <= g.len());
                // Nothing but spaces or newlines is skipped between lines.
                prop_assert!(g[pos..l.start].iter().all(|x| is_space(x.ch) || x.ch == '\n'));
                pos = l.end;
                let _ = l.char_spacing(width);
            }
            prop_assert!(g[pos..].iter().all(|x| is_space(x.ch) || x.ch == '\n'));
        }

        #[test]
        fn kinsoku_holds_for_real_text(phrases in proptest::collection::vec(phrase(), 1..60), width in 12.0f32..40.0) {
            let text: String = phrases.concat();
            let g = measure(&text);
            let lines = break_lines(&g, width - 2.0, width);
            for (i, l) in lines.iter().enumerate() {
                if l.end == l.start { continue; }
                if i > 0 {
                    prop_assert!(!is_line_start_forbidden(g[l.start].ch), "line {} starts with {:?} in {:?}", i, g[l.start].ch, text);
                }
                if i + 1 < lines.len() {
                    prop_assert!(!is_line_end_forbidden(g[l.end - 1].ch), "line {} ends with {:?}", i, g[l.end - 1].ch);
                    // Full lines never overflow and justify to the measure.
                    let w = if i == 0 { width - 2.0 } else { width };
                    prop_assert!(l.natural <= w + 0.011);
                    let n = (l.end - l.start) as f32;
                    let s = l.char_spacing(w);
                    if s > 0.0 {
                        prop_assert!((l.natural + s * (n - 1.0) - w).abs() < 1e-3);
                    }
                }
            }
        }
    }
}
