//! Reading one segment as signature-block tokens ([`parse_sig`]): dates, roles with how
//! they sign and whom they represent, names with their blanks — or nothing, when
//! anything else is in it.

use super::{date_at, has, is_blank_char, representative_of, SigTok, SIGN_WORDS};
use crate::text::{cjk_punct, is_cjk, is_space, norm};

const ROLE_WORDS: [&str; 32] = [
    "签字人",
    "考核人",
    "班组长",
    "组长",
    "主任",
    "经理",
    "厂长",
    "校长",
    "院长",
    "科长",
    "队长",
    "站长",
    "矿长",
    "总监",
    "签名",
    "签字",
    "签章",
    "盖章",
    "签约人",
    "发约人",
    "承诺人",
    "责任人",
    "负责人",
    "甲方",
    "乙方",
    "代表人",
    "代表",
    "立书人",
    "见证人",
    "经办人",
    "员工",
    "公章",
];
const DATE_WORDS: [&str; 6] = [
    "签订日期",
    "签署日期",
    "签订时间",
    "签字日期",
    "日期",
    "时间",
];

fn ends_with(r: &[char], w: &str) -> bool {
    let wc: Vec<char> = w.chars().collect();
    r.ends_with(&wc)
}

fn starts_with(r: &[char], w: &str) -> bool {
    let wc: Vec<char> = w.chars().collect();
    r.starts_with(&wc)
}

/// `（签字）`, `(盖章)`, `（法人代表）` … right after a label at `i`: its end and, for a
/// representative, who.
fn paren_after(n: &[char], i: usize) -> Option<(usize, Option<String>)> {
    if n.get(i) != Some(&'(') {
        return None;
    }
    let close = n[i..].iter().take(14).position(|&x| x == ')')? + i;
    let inner: String = n[i + 1..close].iter().collect();
    if let Some(rep) = representative_of(&inner) {
        return Some((close + 1, Some(rep)));
    }
    SIGN_WORDS
        .iter()
        .any(|w| inner.contains(w))
        .then_some((close + 1, None))
}

/// Parses a segment as signature-block tokens; `None` if anything else is in it.
pub(crate) fn parse_sig(text: &str) -> Option<Vec<SigTok>> {
    let orig: Vec<char> = text.chars().collect();
    let n: Vec<char> = orig.iter().map(|&c| norm(c)).collect();
    let mut p = SigParser {
        orig: &orig,
        n: &n,
        toks: Vec::new(),
        col: 0,
    };
    // Just after a role and its colon/blank: a bracket there says how it signs.
    let mut colon_since = false;
    let mut i = 0;
    while i < n.len() {
        let c = n[i];
        let tail_of_role = colon_since
            && matches!(p.toks.last(), Some(SigTok::Role { label, .. }) if !has(label, &SIGN_WORDS));
        if let Some((end, filled)) = date_at(&n, i) {
            if n[i..end].iter().any(|c| !is_space(*c)) {
                p.toks.push(SigTok::Date {
                    original: p.s(i, end),
                    filled,
                });
                i = end;
                continue;
            }
        }
        if is_space(c)
            || matches!(
                c,
                '_' | ':' | '。' | '.' | ',' | '，' | '、' | ';' | '；' | '/' | '-' | '—'
            )
        {
            colon_since |= matches!(c, ':' | '_');
            i += 1;
            continue;
        }
        colon_since = false;
        i = if c == '(' {
            p.bracket(i, tail_of_role)?
        } else if is_cjk(c) {
            p.words(i, tail_of_role)?
        } else {
            return None;
        };
    }
    (!p.toks.is_empty()).then_some(p.toks)
}

/// A segment being read as signature-block tokens: `orig` as written, `n` normalised;
/// `col` is the next token's column. Each step returns where the segment goes on, or
/// `None` when the segment is not part of a signature block.
struct SigParser<'a> {
    orig: &'a [char],
    n: &'a [char],
    toks: Vec<SigTok>,
    col: usize,
}

impl SigParser<'_> {
    fn s(&self, a: usize, b: usize) -> String {
        self.orig[a..b]
            .iter()
            .collect::<String>()
            .trim()
            .to_string()
    }

    fn role(&mut self, label: String, representative: Option<String>) {
        self.toks.push(SigTok::Role {
            label,
            col: self.col,
            representative,
        });
        self.col += 1;
    }

    /// Adds `orig[a..b]` to the label of the role before (how it signs, its name).
    fn append_to_last_role(&mut self, a: usize, b: usize) {
        let text = cjk_punct(&self.s(a, b));
        if let Some(SigTok::Role { label, .. }) = self.toks.last_mut() {
            label.push_str(&text);
        }
    }

    /// A bracket at `i`: how the role before signs, a date or role in brackets, or a
    /// party in brackets before its role word.
    fn bracket(&mut self, i: usize, tail_of_role: bool) -> Option<usize> {
        let n = self.n;
        if tail_of_role {
            // `乙方：____（签字）`: how the role before signs, not a role of its own
            if let Some((end, None)) = paren_after(n, i) {
                self.append_to_last_role(i, end);
                return Some(end);
            }
        }
        let close = n[i..]
            .iter()
            .take(14)
            .position(|&x| x == ')')
            .map(|p| p + i)?;
        let inner: Vec<char> = n[i + 1..close].to_vec();
        if DATE_WORDS
            .iter()
            .any(|w| inner.iter().collect::<String>() == *w)
        {
            self.toks.push(SigTok::Date {
                original: self.s(i + 1, close),
                filled: false,
            });
        } else if ROLE_WORDS.iter().any(|w| ends_with(&inner, w)) {
            self.role(self.s(i + 1, close), None);
        } else {
            // `（企业）签字人`: the party in brackets before the role word.
            let start = close + 1;
            let mut j = start;
            while j < n.len() && is_cjk(n[j]) && j - start < 8 {
                j += 1;
            }
            let run: Vec<char> = n[start..j].to_vec();
            if inner.is_empty() || run.is_empty() || !ROLE_WORDS.iter().any(|w| ends_with(&run, w))
            {
                return None;
            }
            self.role(cjk_punct(&self.s(i, j)), None);
            return Some(j);
        }
        Some(close + 1)
    }

    /// A run of ideographs at `start`: a date label, a role, a name filled in after a
    /// role, or a name and its blank.
    fn words(&mut self, start: usize, tail_of_role: bool) -> Option<usize> {
        let n = self.n;
        let mut i = start;
        while i < n.len() && is_cjk(n[i]) && i - start < 14 {
            i += 1;
        }
        let run: Vec<char> = n[start..i].to_vec();
        if let Some(w) = DATE_WORDS.iter().find(|w| starts_with(&run, w)) {
            return self.date_word(start, i, w.chars().count());
        }
        // label followed by (签字)/(盖章), or by its representative (法人代表)
        let (end, paren, representative) = match paren_after(n, i) {
            Some((end, rep)) => (end, true, rep),
            None => (i, false, None),
        };
        // `甲方：某某有限公司（盖章）`: the party's name filled in, and how it signs
        if tail_of_role
            && paren
            && representative.is_none()
            && !ROLE_WORDS.iter().any(|w| ends_with(&run, w))
        {
            self.append_to_last_role(i, end);
            return Some(end);
        }
        let role_word = ROLE_WORDS.iter().any(|w| ends_with(&run, w));
        // `签字人（矿方）`: the party in brackets after the role word
        let (end, paren) = match (paren, role_word, n.get(i)) {
            (false, true, Some('(')) => n[i..]
                .iter()
                .take(10)
                .position(|&x| x == ')')
                .map(|p| p + i)
                .filter(|&close| close > i + 1 && n[i + 1..close].iter().all(|&c| is_cjk(c)))
                .map_or((end, paren), |close| (close + 1, true)),
            _ => (end, paren),
        };
        if paren || role_word {
            self.role(cjk_punct(&self.s(start, end)), representative);
            return Some(end);
        }
        self.name_and_blank(start, i, run.len())
    }

    /// A date word (`日期`, `签订时间`) from `start` to `i`, `wl` characters long, with the
    /// date after it if there is one.
    fn date_word(&mut self, start: usize, i: usize, wl: usize) -> Option<usize> {
        let n = self.n;
        if wl == i - start {
            // optional value after `日期:`
            let mut j = i;
            while j < n.len() && (is_space(n[j]) || n[j] == ':') {
                j += 1;
            }
            if let Some((end, filled)) = date_at(n, j) {
                self.toks.push(SigTok::Date {
                    original: self.s(j, end),
                    filled,
                });
                return Some(end);
            }
            self.toks.push(SigTok::Date {
                original: self.s(start, i),
                filled: false,
            });
            return Some(i);
        }
        // `签订时间2012年…` with the date run into the word
        let (end, filled) = date_at(n, start + wl)?;
        self.toks.push(SigTok::Date {
            original: self.s(start + wl, end),
            filled,
        });
        Some(end)
    }

    /// `名称：____`: a name (from `start` to `i`, `len` characters) and its blank — a
    /// blank, or a party; the caller decides.
    fn name_and_blank(&mut self, start: usize, i: usize, len: usize) -> Option<usize> {
        let n = self.n;
        let mut j = i;
        while j < n.len() && is_space(n[j]) {
            j += 1;
        }
        if n.get(j) != Some(&':') || len > 12 {
            return None;
        }
        let mut k = j + 1;
        while k < n.len() && (is_space(n[k]) || is_blank_char(n[k])) {
            k += 1;
        }
        let blank = n[j + 1..k].iter().filter(|&&c| is_blank_char(c)).count();
        let spaces = k - (j + 1) - blank;
        if !(blank >= 2 || spaces >= 3 || k == n.len()) {
            return None;
        }
        self.toks.push(SigTok::Label {
            name: self.s(start, i),
            text: self.s(start, k),
            col: self.col,
        });
        self.col += 1;
        Some(k)
    }
}
