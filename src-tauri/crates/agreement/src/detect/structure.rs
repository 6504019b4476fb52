//! Sections and clauses: one pass over the lines with a numbering state.
//!
//! Pasted agreements run headings and clauses together on one line
//! (`二、共性目标:(一)公司…____万元1.全年…;2.安装队…`). A marker found in the
//! middle of a line starts a new block only when the numbering state expects it:
//! it continues an open list (`2.` after `1.`, `(三)` after `(二)`, `三、` after `二、`),
//! or it starts a new list (`1.`, `(一)`, `a)`) right after a colon/semicolon or after
//! a short heading-like run (`责任1.`, `一、安全目标1.1`). Anything else — `分别为1、0.9`,
//! `加2分` — stays text. The section numbering style of the document is the first of
//! `第X条` / `一、` that starts a line; without one, clauses live in a single unnumbered
//! section, and short headings that run into a `1.` (`责任1. 您有责任…`) open
//! unnumbered sections.

use super::lines::Line;
use super::markers::{self, Family, Marker};
use super::roles::{self, SigTok};
use crate::model::{Block, Section};
use crate::text::{char_len, cjk_punct, is_cjk, is_sentence_punct, norm, trim};

pub(crate) struct Body {
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    pub closing: Vec<String>,
    pub sig: Vec<Vec<SigTok>>,
}

/// Words that end a section heading run into its text (`工作目标作为…`).
const HEADING_WORDS: [&str; 27] = [
    "目标", "职责", "责任", "措施", "奖惩", "奖罚", "奖励", "附则", "总结", "背景", "义务", "范围",
    "原则", "期限", "条款", "概述", "设定", "改进", "任务", "要求", "标准", "办法", "评价", "内容",
    "划分", "目的", "说明",
];
/// Two-character headings that may stand alone.
const SHORT_HEADINGS: [&str; 6] = ["总结", "背景", "附则", "目的", "原则", "总则"];

const CLOSING_STARTS: [&str; 11] = [
    "本责任书",
    "本协议",
    "本承诺书",
    "本合同",
    "本目标责任书",
    "此责任书",
    "本书",
    "如您",
    "请您",
    "以上",
    "本状",
];

fn heading_like(seg: &[char]) -> bool {
    let t: Vec<char> = seg.iter().copied().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty() && t.len() <= 16 && !t.iter().any(|&c| is_sentence_punct(c))
}

/// Splits the text after a section number into heading and body.
fn split_heading(text: &str) -> (String, String) {
    let t = trim(text);
    let o: Vec<char> = t.chars().collect();
    let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
    if o.is_empty() {
        return (String::new(), String::new());
    }
    if let Some(p) = n.iter().take(17).position(|&c| c == ':') {
        if !n[..p].iter().any(|&c| is_sentence_punct(c)) && p > 0 {
            let h: String = o[..p].iter().collect();
            let r: String = o[p + 1..].iter().collect();
            return (trim(&h).to_string(), trim(&r).to_string());
        }
    }
    if o.len() <= 20 && !n.iter().any(|&c| is_sentence_punct(c)) {
        return (t.to_string(), String::new());
    }
    for end in 2..=o.len().min(12) {
        let p: String = o[..end].iter().collect();
        if n[..end].iter().any(|&c| !is_cjk(c)) {
            break;
        }
        let ok = if end == 2 {
            SHORT_HEADINGS.contains(&p.as_str())
        } else {
            HEADING_WORDS.iter().any(|w| p.ends_with(w))
        };
        let joins = o
            .get(end)
            .is_some_and(|c| "书人制状的和与及是为".contains(*c) || !is_cjk(norm(*c)));
        if ok && end < o.len() && !joins {
            return (p, o[end..].iter().collect());
        }
    }
    (String::new(), t.to_string())
}

enum Pending {
    None,
    Section,
    Clause { number: String, level: u8 },
}

struct Builder {
    style: Option<Family>,
    sec_val: u32,
    have_section: bool,
    any_clause: bool,
    preamble: Vec<String>,
    sections: Vec<Section>,
    stack: Vec<Marker>,
    sig: Vec<Vec<SigTok>>,
    /// Each signature line as written, to put back when the body goes on after it.
    sig_text: Vec<String>,
    last_sig: bool,
    /// How many representatives (`法定代表人（盖章）`) the next line names: a line of
    /// bare names above it (`工业区：____ 企业：____`) names the parties.
    next_reps: usize,
}

/// Names that are blanks to fill, never parties: `工号：____`, `所属营业厅：____`.
const FIELD_WORDS: [&str; 20] = [
    "工号",
    "姓名",
    "岗位",
    "职务",
    "班组",
    "部门",
    "科室",
    "车间",
    "营业厅",
    "电话",
    "手机",
    "身份证",
    "编号",
    "所属",
    "所在",
    "地址",
    "职位",
    "工种",
    "证号",
    "名称",
];
/// Names of parties: `工业区`, `某某公司`, `施工单位`, `乙方`.
const PARTY_WORDS: [&str; 18] = [
    "方",
    "公司",
    "集团",
    "管委会",
    "委员会",
    "政府",
    "局",
    "园区",
    "工业区",
    "开发区",
    "企业",
    "单位",
    "项目部",
    "学校",
    "医院",
    "中心",
    "厂",
    "站",
];

fn party_name(name: &str) -> bool {
    PARTY_WORDS.iter().any(|w| name.contains(w)) && !FIELD_WORDS.iter().any(|w| name.contains(w))
}

fn number_text(o: &[char], i: usize, m: &Marker) -> String {
    let s: String = o[i..(i + m.len).min(o.len())].iter().collect();
    let s = trim(&s).to_string();
    match m.family {
        Family::ParenCn | Family::ParenNum => s.replace('(', "（").replace(')', "）"),
        _ => s,
    }
}

impl Builder {
    fn current(&mut self) -> &mut Section {
        if self.sections.is_empty() {
            self.sections.push(Section {
                number: String::new(),
                heading: String::new(),
                blocks: Vec::new(),
            });
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn accept_mid(&self, m: &Marker, seg: &[char], prev: char) -> bool {
        let colonish = matches!(prev, ':' | '：' | ';' | '；');
        if Some(m.family) == self.style {
            return if self.have_section {
                m.value.first() == Some(&(self.sec_val + 1))
            } else {
                m.is_start() && (colonish || prev == '。' || heading_like(seg))
            };
        }
        if m.family == Family::Bullet {
            return true;
        }
        if self.stack.iter().any(|s| m.follows(s)) {
            return true;
        }
        m.is_start() && (colonish || heading_like(seg))
    }

    /// Applies a marker to the numbering state; returns what its text will become.
    fn enter(&mut self, o: &[char], i: usize, m: &Marker) -> Pending {
        let number = number_text(o, i, m);
        if Some(m.family) == self.style {
            self.sec_val = m.value.first().copied().unwrap_or(0);
            self.have_section = true;
            self.stack.clear();
            self.sections.push(Section {
                number,
                heading: String::new(),
                blocks: Vec::new(),
            });
            return Pending::Section;
        }
        if let Some(d) = self.stack.iter().rposition(|s| s.family == m.family) {
            self.stack.truncate(d);
        }
        self.stack.push(m.clone());
        self.any_clause = true;
        Pending::Clause {
            number,
            level: self.stack.len().min(9) as u8,
        }
    }

    /// A paragraph where it belongs: the preamble before the first section or clause.
    fn paragraph(&mut self, text: String) {
        if self.sections.is_empty() && !self.any_clause {
            self.preamble.push(text);
        } else {
            self.current().blocks.push(Block::Paragraph { text });
        }
    }

    /// The signature block is the last one: lines that looked like one but are followed
    /// by more of the body (`甲方：某公司` / `乙方：____车间` introducing the parties at
    /// the top) are text again, with their blanks.
    /// A block with a date line is a signature block wherever it stands (some texts put
    /// `签约人:发约人:日期:` under the title).
    fn body_continues(&mut self) {
        let dated = self
            .sig
            .iter()
            .flatten()
            .any(|t| matches!(t, SigTok::Date { .. }));
        if dated {
            self.sig_text.clear();
            self.last_sig = false;
            return;
        }
        self.sig.clear();
        for text in std::mem::take(&mut self.sig_text) {
            self.paragraph(cjk_punct(&text));
        }
        self.last_sig = false;
    }

    fn emit(&mut self, pending: Pending, text: &str, heading_run: bool, hint: bool) {
        let t = trim(text);
        if !matches!(pending, Pending::None)
            || (char_len(t) > 40 && !closing_like(t, false) && roles::parse_sig(t).is_none())
        {
            self.body_continues();
        }
        match pending {
            Pending::Section => {
                let (h, rest) = split_heading(t);
                let sec = self.current();
                sec.heading = cjk_punct(&h);
                if !rest.is_empty() {
                    sec.blocks.push(Block::Paragraph {
                        text: cjk_punct(&rest),
                    });
                }
                self.last_sig = false;
            }
            Pending::Clause { number, level } => {
                let text = cjk_punct(t);
                self.current().blocks.push(Block::Clause {
                    number,
                    level,
                    text,
                });
                self.last_sig = false;
            }
            Pending::None => {
                if t.is_empty() {
                    return;
                }
                if let Some(toks) = roles::parse_sig(t) {
                    let has_role = toks.iter().any(|x| matches!(x, SigTok::Role { .. }));
                    let labels: Vec<&str> = toks
                        .iter()
                        .filter_map(|x| match x {
                            SigTok::Label { name, .. } => Some(name.as_str()),
                            _ => None,
                        })
                        .collect();
                    // A line of bare names is the parties' line when the next line names
                    // as many representatives, or every name is a party's.
                    let parties = !has_role
                        && !labels.is_empty()
                        && (self.next_reps == labels.len()
                            || (self.last_sig && labels.iter().all(|n| party_name(n))));
                    if parties {
                        self.sig.push(toks);
                        self.sig_text.push(t.to_string());
                        self.last_sig = true;
                        return;
                    }
                    if has_role || self.last_sig {
                        // Blanks written beside the signature (`工号：____`) stay text, so
                        // they become fields; parties' names stay in the block.
                        let (fields, sig): (Vec<SigTok>, Vec<SigTok>) = toks.into_iter().partition(
                            |x| matches!(x, SigTok::Label { name, .. } if !party_name(name)),
                        );
                        let text: Vec<String> = fields
                            .into_iter()
                            .filter_map(|x| match x {
                                SigTok::Label { text, .. } => Some(text),
                                _ => None,
                            })
                            .collect();
                        if !sig.is_empty() {
                            self.sig.push(sig);
                            self.sig_text.push(t.to_string());
                        }
                        if !text.is_empty() {
                            self.paragraph(cjk_punct(&text.join("　")));
                        }
                        self.last_sig = true;
                        return;
                    }
                }
                self.last_sig = false;
                let short = char_len(t) <= 8 && t.chars().all(is_cjk);
                if hint || (heading_run && short && self.style.is_none()) {
                    self.stack.clear();
                    self.sections.push(Section {
                        number: String::new(),
                        heading: cjk_punct(t),
                        blocks: Vec::new(),
                    });
                    return;
                }
                self.paragraph(cjk_punct(t));
            }
        }
    }

    fn line(&mut self, line: &Line) {
        let o: Vec<char> = line.text.chars().collect();
        let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
        let mut pending = Pending::None;
        let mut seg_start = 0;
        if let Some(m) = markers::parse(&n, 0) {
            pending = self.enter(&o, 0, &m);
            seg_start = m.len;
        }
        let mut i = seg_start + 1;
        while i < n.len() {
            if let Some(m) = markers::parse(&n, i) {
                let seg = &n[seg_start..i];
                if self.accept_mid(&m, seg, n[i - 1]) {
                    let text: String = o[seg_start..i].iter().collect();
                    let heading_run =
                        matches!(pending, Pending::None) && seg_start == 0 && heading_like(seg);
                    let p = std::mem::replace(&mut pending, Pending::None);
                    self.emit(p, &text, heading_run, false);
                    pending = self.enter(&o, i, &m);
                    seg_start = i + m.len;
                    i = seg_start + 1;
                    continue;
                }
            }
            i += 1;
        }
        let text: String = o[seg_start.min(o.len())..].iter().collect();
        let whole = seg_start == 0;
        self.emit(pending, &text, false, line.heading && whole);
    }
}

fn closing_like(t: &str, last: bool) -> bool {
    if CLOSING_STARTS.iter().any(|s| t.starts_with(s)) {
        return true;
    }
    if t.contains("一式") && t.contains('份') {
        return true;
    }
    last && char_len(t) <= 20 && (t.contains('：') || t.contains(':'))
}

/// Numbered short headings (`1、控制指标`, `2.安全职责：`) with bracketed clauses under
/// them: two levels, the upper one the sections. A flat list of numbered sentences
/// stays clauses.
fn two_level(lines: &[Line], starts: &[Option<Family>]) -> bool {
    let headings = lines
        .iter()
        .zip(starts)
        .filter(|(l, f)| {
            **f == Some(Family::Num) && {
                let n: Vec<char> = l.text.chars().map(norm).collect();
                let len = markers::parse(&n, 0).map_or(0, |m| m.len);
                let rest: Vec<char> = n[len..]
                    .iter()
                    .copied()
                    .filter(|&c| c != ':' && c != ' ')
                    .collect();
                !rest.is_empty() && heading_like(&rest)
            }
        })
        .count();
    let bracketed = starts
        .iter()
        .any(|f| matches!(f, Some(Family::ParenNum | Family::ParenCn)));
    headings >= 2 && bracketed
}

pub(crate) fn build(lines: &[Line]) -> Body {
    let starts: Vec<Option<Family>> = lines
        .iter()
        .map(|l| {
            let n: Vec<char> = l.text.chars().map(norm).collect();
            markers::parse(&n, 0).map(|m| m.family)
        })
        .collect();
    // `第一条` anywhere (pasted text runs articles together) also sets the style.
    let article_anywhere = || {
        lines.iter().any(|l| {
            let n: Vec<char> = l.text.chars().map(norm).collect();
            (0..n.len()).any(|i| {
                n[i] == '第'
                    && markers::parse(&n, i)
                        .is_some_and(|m| m.family == Family::Article && m.is_start())
            })
        })
    };
    let style = if starts.contains(&Some(Family::Article)) || article_anywhere() {
        Some(Family::Article)
    } else if starts.contains(&Some(Family::CnComma)) {
        Some(Family::CnComma)
    } else if two_level(lines, &starts) {
        // `1、控制指标` over `(1)…(2)…`: the numbered headings are the sections
        Some(Family::Num)
    } else {
        None
    };
    let mut b = Builder {
        style,
        sec_val: 0,
        have_section: false,
        any_clause: false,
        preamble: Vec::new(),
        sections: Vec::new(),
        stack: Vec::new(),
        sig: Vec::new(),
        sig_text: Vec::new(),
        last_sig: false,
        next_reps: 0,
    };
    for (i, l) in lines.iter().enumerate() {
        b.next_reps = lines
            .get(i + 1)
            .and_then(|n| roles::parse_sig(&n.text))
            .map(|toks| {
                toks.iter()
                    .filter(|t| {
                        matches!(t, SigTok::Role { label, representative, .. }
                            if representative.is_some() || roles::representative_of(label).is_some())
                    })
                    .count()
            })
            .unwrap_or(0);
        b.line(l);
    }
    let mut preamble = b.preamble;
    let mut sections = b.sections;
    if sections.is_empty() && !preamble.is_empty() {
        let blocks = preamble
            .drain(..)
            .map(|text| Block::Paragraph { text })
            .collect();
        sections.push(Section {
            number: String::new(),
            heading: String::new(),
            blocks,
        });
    }
    let mut closing = Vec::new();
    if let Some(last) = sections.last_mut() {
        let mut first = true;
        while let Some(Block::Paragraph { text }) = last.blocks.last() {
            // a numbered section without heading keeps its only text (`第三条 本责任书…`)
            let only_text =
                last.blocks.len() == 1 && last.heading.is_empty() && !last.number.is_empty();
            if only_text || !closing_like(text, first) {
                break;
            }
            first = false;
            if let Some(Block::Paragraph { text }) = last.blocks.pop() {
                closing.insert(0, text);
            }
        }
    }
    Body {
        preamble,
        sections,
        closing,
        sig: b.sig,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings() {
        assert_eq!(split_heading("安全职责"), ("安全职责".into(), "".into()));
        assert_eq!(
            split_heading("基本原则:根据公司的实际情况,为充分调动"),
            ("基本原则".into(), "根据公司的实际情况,为充分调动".into())
        );
        assert_eq!(
            split_heading("工作目标作为物业公司客服部的一员,你的工作目标是:"),
            (
                "工作目标".into(),
                "作为物业公司客服部的一员,你的工作目标是:".into()
            )
        );
        assert_eq!(
            split_heading("总结客服部是物业公司与客户之间的桥梁和纽带，提供"),
            (
                "总结".into(),
                "客服部是物业公司与客户之间的桥梁和纽带，提供".into()
            )
        );
    }
}
