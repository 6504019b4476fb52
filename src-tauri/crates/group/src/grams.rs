//! Search terms for names at group scale. A Chinese name is 2–3 characters, below
//! what a trigram index can find, so every character and every adjacent pair of the
//! name is stored in an array column under a GIN index: a 1–2 character query is one
//! array lookup, a longer one the pairs it is made of (then checked exactly).

/// Every character and every adjacent pair of `name` (NFC, spaces dropped), deduplicated.
pub fn name_grams(name: &str) -> Vec<String> {
    let chars: Vec<char> = letters(name);
    let mut out: Vec<String> = Vec::new();
    let mut put = |s: String| {
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for c in &chars {
        put(c.to_string());
    }
    for w in chars.windows(2) {
        put(w.iter().collect());
    }
    out
}

/// The grams a query must all match: the query itself when 1–2 characters, else its
/// pairs.
pub fn query_grams(query: &str) -> Vec<String> {
    let chars: Vec<char> = letters(query);
    if chars.len() <= 2 {
        return vec![chars.iter().collect()];
    }
    let mut out: Vec<String> = Vec::new();
    for w in chars.windows(2) {
        let g: String = w.iter().collect();
        if !out.contains(&g) {
            out.push(g);
        }
    }
    out
}

/// The name as stored and searched (the one printable-text rule), without spaces.
fn letters(s: &str) -> Vec<char> {
    signdesk_base::text::printable(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The pairs a line of a signed text is found by: every pair of adjacent characters,
/// except across or inside what was filled in for the person (`filled`: the signer's
/// name, department, employee number, the blanks' values). Phrase search is for the
/// agreement's own words; names and numbers have their own columns, and a person's
/// name left in the pairs would make a name query match every line naming them.
pub fn line_pairs(line: &str, filled: &[&str]) -> Vec<String> {
    let mut values: Vec<&str> = filled
        .iter()
        .map(|v| v.trim())
        .filter(|v| !v.is_empty())
        .collect();
    // Longest first, so a value inside another is not cut out of it first.
    values.sort_by_key(|v| std::cmp::Reverse(v.chars().count()));
    let mut kept = line.to_string();
    for v in values {
        kept = kept.replace(v, "\u{0}");
    }
    let chars: Vec<char> = kept.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for w in chars.windows(2) {
        if w.contains(&'\u{0}') || w.iter().any(|c| c.is_whitespace()) {
            continue;
        }
        let g: String = w.iter().collect();
        if !out.contains(&g) {
            out.push(g);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_by_its_own_words_not_by_what_was_filled_in() {
        let p = line_pairs(
            "乙方（责任人）：张三　部门：客服部",
            &["张三", "客服部", ""],
        );
        assert!(p.contains(&"责任".to_string()) && p.contains(&"部门".to_string()));
        assert!(
            !p.iter().any(|g| g.contains('张') || g.contains('客')),
            "{p:?}"
        );
        assert_eq!(line_pairs("安全 生产", &[]), ["安全", "生产"]);
        assert!(line_pairs("", &["x"]).is_empty());
    }

    #[test]
    fn a_name_gives_its_characters_and_pairs_and_a_query_what_it_must_contain() {
        assert_eq!(name_grams("张三丰"), ["张", "三", "丰", "张三", "三丰"]);
        assert_eq!(name_grams(" 王 芳 "), ["王", "芳", "王芳"]);
        assert_eq!(query_grams("张三"), ["张三"]);
        assert_eq!(query_grams("三"), ["三"]);
        assert_eq!(query_grams("欧阳娜娜"), ["欧阳", "阳娜", "娜娜"]);
    }
}
