//! Blanks to fill: `XXXX年XX月XX日`, `20__年__月__日` (date), `20xx年`, `XX年度` (year),
//! `____万元` (money), `____万吨`, `XX%`, a bare `%` after `率` (number), `**县**`,
//! `________`, `XX` (text).
//!
//! Representation: the blank is replaced by a `{{key}}` marker; a *unit* written after
//! the blank stays in the text (`{{year}}年度`, `{{amount}}万元`, `{{rate}}%`) so the
//! organiser types only the number. A date blank is replaced as a whole
//! (`{{period_start}}` ← `XXXX年XX月XX日`). `Field::original` is the blank as written
//! *including* its unit (`____万元`, `XX%`, `%`, `20xx年`). Identical blanks with the same
//! meaning (`XX年度` twice) share one field. Filled dates (`2018年1月1日`) are not blanks.
//!
//! [`shapes`] says what a blank looks like, [`labels`] what it is called; [`apply`]
//! puts the markers in and registers the fields.

mod labels;
mod shapes;

use crate::model::{Field, FieldFill, FieldKind};
use crate::text::{is_space, norm};
use labels::{colon_label, counted_label, date_label, phrase_before};
use shapes::{date_blank, kind_by_unit, run, skip_sp, space_blank, stars_around};

#[derive(Default)]
pub(crate) struct Registry {
    pub fields: Vec<Field>,
}

impl Registry {
    fn register(&mut self, kind: FieldKind, label: String, original: String, base: &str) -> String {
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| f.kind == kind && f.label == label && f.original == original)
        {
            return f.key.clone();
        }
        let key = if self.fields.iter().any(|f| f.key == base) {
            (2..)
                .map(|i| format!("{base}_{i}"))
                .find(|k| !self.fields.iter().any(|f| &f.key == k))
                .unwrap_or_else(|| base.to_string())
        } else {
            base.to_string()
        };
        self.fields.push(Field {
            key: key.clone(),
            label,
            kind,
            original,
            fill: FieldFill::Typed,
        });
        key
    }
}

pub(crate) struct Ctx<'a> {
    /// Heading of the section the text is in (for `责任期限` dates).
    pub heading: &'a str,
}

/// Replaces the blanks in `text` by `{{key}}` markers, registering fields.
pub(crate) fn apply(text: &str, ctx: &Ctx, reg: &mut Registry) -> String {
    let o: Vec<char> = text.chars().collect();
    let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
    let mut w = BlankWriter {
        o: &o,
        n: &n,
        ctx,
        reg,
        out: String::with_capacity(text.len() + 16),
    };
    let mut i = 0;
    while i < n.len() {
        i = match w.blank_at(i) {
            Some(next) => next,
            None => {
                w.out.push(o[i]);
                i + 1
            }
        };
    }
    // whitespace inside a date original (`XX 月`) is kept as written in `original`
    let _ = is_space;
    w.out
}

/// The text being written with its blanks replaced: `o` as written, `n` normalised.
struct BlankWriter<'a> {
    o: &'a [char],
    n: &'a [char],
    ctx: &'a Ctx<'a>,
    reg: &'a mut Registry,
    out: String,
}

impl BlankWriter<'_> {
    fn s(&self, a: usize, b: usize) -> String {
        self.o[a..b].iter().collect()
    }

    /// Registers a field and writes its `{{key}}` marker.
    fn marker(&mut self, kind: FieldKind, label: String, original: String, base: &str) {
        let key = self.reg.register(kind, label, original, base);
        self.out.push_str(&format!("{{{{{key}}}}}"));
    }

    /// Writes what starts at `i` when it is an existing marker or a blank, and returns
    /// where the text goes on; `None` when the character at `i` is text.
    fn blank_at(&mut self, i: usize) -> Option<usize> {
        let n = self.n;
        // skip existing markers
        if n[i] == '{' && n.get(i + 1) == Some(&'{') {
            if let Some(p) =
                (i + 2..n.len().saturating_sub(1)).find(|&p| n[p] == '}' && n[p + 1] == '}')
            {
                let marker = self.s(i, p + 2);
                self.out.push_str(&marker);
                return Some(p + 2);
            }
        }
        // Right after a lone `{`, a `{{key}}` marker would read as `{{{key}}`: what
        // follows stays text.
        if self.out.ends_with('{') {
            return None;
        }
        let prev_digit = i > 0 && n[i - 1].is_ascii_digit();
        if !prev_digit {
            if let Some(end) = date_blank(n, i) {
                let (label, base) = date_label(self.o, n, i, end, self.ctx);
                self.marker(FieldKind::Date, label, self.s(i, end), base);
                return Some(end);
            }
        }
        if let Some(end) = self.counted(i, prev_digit) {
            return Some(end);
        }
        if let Some(end) = self.spaces(i) {
            return Some(end);
        }
        // bare `%` after `率`: `水质综合合格率%`
        if n[i] == '%' && i > 0 && n[i - 1] == '率' {
            let label = phrase_before(self.o, n, i);
            self.marker(FieldKind::Number, label, "%".into(), "rate");
            self.out.push('%');
            return Some(i + 1);
        }
        None
    }

    /// A run of blank characters at `i`: a year (`20xx年`, `XX年度`, `XXXX年`), a rate
    /// (`XX%`), or (not after `20`) an amount, a quantity or text.
    fn counted(&mut self, i: usize, prev_digit: bool) -> Option<usize> {
        let n = self.n;
        let y0 = if !prev_digit && n.get(i) == Some(&'2') && n.get(i + 1) == Some(&'0') {
            i + 2
        } else {
            i
        };
        let r = if prev_digit { 0 } else { run(n, y0) };
        if !(r >= 2 || (y0 > i && r >= 1)) {
            return None;
        }
        let end = y0 + r;
        let after = skip_sp(n, end);
        match n.get(after).copied() {
            Some('年') => {
                let unit_end = if n.get(after + 1) == Some(&'度') {
                    after + 2
                } else {
                    after + 1
                };
                self.marker(FieldKind::Year, "年份".into(), self.s(i, unit_end), "year");
                self.out.push_str(&self.s(end, unit_end));
                return Some(unit_end);
            }
            Some('%') => {
                let label = phrase_before(self.o, n, i);
                let label = if label.is_empty() {
                    "百分比".into()
                } else {
                    label
                };
                self.marker(FieldKind::Number, label, self.s(i, after + 1), "rate");
                self.out.push('%');
                return Some(after + 1);
            }
            _ => {}
        }
        (y0 == i).then(|| self.amount(i, end, after))
    }

    /// Money, a quantity or text: the blank from `i` to `end`, its unit at `after`.
    fn amount(&mut self, i: usize, end: usize, after: usize) -> usize {
        let n = self.n;
        let unit: String = n[after..n.len().min(after + 2)].iter().collect();
        let (kind, base, ulen) = kind_by_unit(&unit);
        let stars_pair = kind == FieldKind::Text && n[i] == '*';
        let end = if stars_pair {
            stars_around(n, end)
        } else {
            end
        };
        let label = counted_label(self.o, n, i, end, kind);
        let base = if kind == FieldKind::Text && label == "单位名称" {
            "company"
        } else {
            base
        };
        let orig_end = if ulen > 0 { after + ulen } else { end };
        self.marker(kind, label, self.s(i, orig_end), base);
        self.out.push_str(&self.s(end, orig_end));
        orig_end
    }

    /// A blank of spaces or empty brackets with a name before it.
    fn spaces(&mut self, i: usize) -> Option<usize> {
        let n = self.n;
        let end = space_blank(n, i)?;
        let label = match colon_label(self.o, n, i) {
            l if !l.is_empty() => l,
            _ => phrase_before(self.o, n, i),
        };
        if label.is_empty() {
            return None;
        }
        self.marker(FieldKind::Text, label, self.s(i, end), "text");
        // a space blank keeps one space before what follows
        if n[i] == ' ' && end < n.len() {
            self.out.push(' ');
        }
        Some(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_one(s: &str) -> (String, Vec<Field>) {
        let mut reg = Registry::default();
        let out = apply(s, &Ctx { heading: "" }, &mut reg);
        (out, reg.fields)
    }

    #[test]
    fn blanks() {
        let (t, f) = run_one("公司经济效益总目标____万元1.全年");
        assert_eq!(t, "公司经济效益总目标{{amount}}万元1.全年");
        assert_eq!(f[0].label, "公司经济效益总目标");
        assert_eq!(f[0].original, "____万元");
        let (t, f) = run_one("水质综合合格率%;管网压力合格率%;");
        assert_eq!(t, "水质综合合格率{{rate}}%;管网压力合格率{{rate_2}}%;");
        assert_eq!(f[1].label, "管网压力合格率");
        let (t, f) = run_one("本责任书自XXXX年XX月XX日起生效，至XXXX年XX 月XX日止。");
        assert_eq!(t, "本责任书自{{period_start}}起生效，至{{period_end}}止。");
        assert_eq!(f[1].original, "XXXX年XX 月XX日");
        let (t, _) = run_one("考核期限为2018年1月1日至2018年12月31日");
        assert_eq!(t, "考核期限为2018年1月1日至2018年12月31日");
        let (t, f) = run_one("围绕20xx年供水工作重点");
        assert_eq!(t, "围绕{{year}}年供水工作重点");
        assert_eq!(f[0].original, "20xx年");
        let (t, f) = run_one("为确保**县**物业管理有限公司XX年度计划");
        assert_eq!(t, "为确保{{company}}物业管理有限公司{{year}}年度计划");
        assert_eq!(f[0].original, "**县**");
        assert_eq!(f[1].original, "XX年度");
        let (t, f) = run_one("确保客户满意度达到XX%以上");
        assert_eq!(t, "确保客户满意度达到{{rate}}%以上");
        assert_eq!(f[0].label, "客户满意度");
    }
}
