//! One spelling for the patterns: full-width digits, letters and signs as ASCII
//! (８９％ → 89%), and line breaks inside a sentence removed (a scheme's sentence is often
//! broken across lines: 「事故情\n况占40分」).

pub(super) fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '％' => '%',
            '．' => '.',
            '：' => ':',
            '≧' => '≥',
            '＞' => '>',
            '＝' => '=',
            '～' => '~',
            '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    // Drop line breaks and the spaces around them; a break that ends a sentence is
    // already marked by its punctuation or an enumerator.
    let mut out = String::with_capacity(mapped.len());
    let mut pending_break = false;
    for c in mapped.chars() {
        if c == '\n' || c == '\r' {
            pending_break = true;
            continue;
        }
        if pending_break && (c == ' ' || c == '\t') {
            continue;
        }
        pending_break = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn full_width_and_broken_lines_read_as_one_sentence() {
        assert_eq!(
            super::normalise("事故情\n  况占４０分，８９％"),
            "事故情况占40分，89%"
        );
    }
}
