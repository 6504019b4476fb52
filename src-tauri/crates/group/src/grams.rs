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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_gives_its_characters_and_pairs_and_a_query_what_it_must_contain() {
        assert_eq!(name_grams("张三丰"), ["张", "三", "丰", "张三", "三丰"]);
        assert_eq!(name_grams(" 王 芳 "), ["王", "芳", "王芳"]);
        assert_eq!(query_grams("张三"), ["张三"]);
        assert_eq!(query_grams("三"), ["三"]);
        assert_eq!(query_grams("欧阳娜娜"), ["欧阳", "阳娜", "娜娜"]);
    }
}
