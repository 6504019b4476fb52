//! The numbering state and what each line becomes under it: a section, a clause, a
//! paragraph, or a line of the signature block ([`super::signature`]).

use super::closing::closing_like;
use super::headings::{heading_like, split_heading};
use crate::detect::lines::Line;
use crate::detect::markers::{self, Family, Marker};
use crate::detect::roles::{self, SigTok};
use crate::model::{Block, Section};
use crate::text::{char_len, cjk_punct, is_cjk, norm, trim};

pub(super) enum Pending {
    None,
    Section,
    Clause { number: String, level: u8 },
}

pub(super) struct Builder {
    pub(super) style: Option<Family>,
    pub(super) sec_val: u32,
    pub(super) have_section: bool,
    pub(super) any_clause: bool,
    pub(super) preamble: Vec<String>,
    pub(super) sections: Vec<Section>,
    pub(super) stack: Vec<Marker>,
    pub(super) sig: Vec<Vec<SigTok>>,
    /// Each signature line as written, to put back when the body goes on after it.
    pub(super) sig_text: Vec<String>,
    pub(super) last_sig: bool,
    /// How many representatives (`法定代表人（盖章）`) the next line names: a line of
    /// bare names above it (`工业区：____ 企业：____`) names the parties.
    pub(super) next_reps: usize,
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
    pub(super) fn new(style: Option<Family>) -> Self {
        Builder {
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
        }
    }

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
    pub(super) fn paragraph(&mut self, text: String) {
        if self.sections.is_empty() && !self.any_clause {
            self.preamble.push(text);
        } else {
            self.current().blocks.push(Block::Paragraph { text });
        }
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
            Pending::None => self.unnumbered(t, heading_run, hint),
        }
    }

    /// Text without a number of its own: a line of the signature block, an unnumbered
    /// section's heading, or a paragraph.
    fn unnumbered(&mut self, t: &str, heading_run: bool, hint: bool) {
        if t.is_empty() || self.signature_line(t) {
            return;
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

    pub(super) fn line(&mut self, line: &Line) {
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
