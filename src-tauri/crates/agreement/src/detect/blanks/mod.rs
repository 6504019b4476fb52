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

use crate::model::{Field, FieldFill, FieldKind};
use crate::text::{is_cjk, is_sentence_punct, is_space, norm};

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

fn is_blank_char(c: char) -> bool {
    matches!(c, '_' | 'X' | 'x' | '*')
}

/// Length of a run of blank chars at i (X/x only when not part of a Latin word).
fn run(n: &[char], i: usize) -> usize {
    let mut j = i;
    while j < n.len() && is_blank_char(n[j]) {
        j += 1;
    }
    let len = j - i;
    if len == 0 {
        return 0;
    }
    let letters = n[i..j].iter().all(|c| matches!(c, 'X' | 'x'));
    if letters {
        let before = i > 0 && n[i - 1].is_ascii_alphabetic();
        let after = n.get(j).is_some_and(|c| c.is_ascii_alphabetic());
        if before || after || len < 2 {
            return 0;
        }
    }
    if n[i..j].iter().all(|&c| c == '*') && len < 2 {
        return 0;
    }
    len
}

fn skip_sp(n: &[char], mut j: usize) -> usize {
    while j < n.len() && n[j] == ' ' {
        j += 1;
    }
    j
}

/// `XXXX年XX月XX日`, `20__年__月__日`, `____年__月__日` at i (not a filled date).
fn date_blank(n: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    if n.get(j) == Some(&'2') && n.get(j + 1) == Some(&'0') {
        j += 2;
    }
    for (k, unit) in ['年', '月', '日'].into_iter().enumerate() {
        let r = run(n, j);
        if r == 0 && !(k == 0 && j > i) {
            return None;
        }
        j = skip_sp(n, j + r);
        if n.get(j) != Some(&unit) {
            return None;
        }
        j += 1;
        if unit != '日' {
            j = skip_sp(n, j);
        }
    }
    Some(j)
}

pub(crate) struct Ctx<'a> {
    /// Heading of the section the text is in (for `责任期限` dates).
    pub heading: &'a str,
}

/// The phrase before `i` back to punctuation, a marker `}}` or the start, trimmed of
/// verbs around the number (`确保…达到`).
fn phrase_before(o: &[char], n: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && i - j < 16 {
        let c = n[j - 1];
        if is_sentence_punct(c)
            || matches!(c, ':' | '：' | '}' | '、' | ')' | '（' | '(' | '“' | '"')
            || c.is_ascii_digit()
        {
            break;
        }
        if !(is_cjk(c) || c.is_ascii_alphabetic()) {
            break;
        }
        j -= 1;
    }
    let mut s: String = o[j..i].iter().collect();
    for p in [
        "全年实现",
        "确保",
        "保证",
        "实现",
        "力争",
        "其中",
        "使",
        "并",
        "且",
    ] {
        if let Some(x) = s.strip_prefix(p) {
            if x.chars().count() >= 2 {
                s = x.to_string();
            }
        }
    }
    for p in [
        "达到",
        "不低于",
        "不少于",
        "达",
        "为",
        "是",
        "在",
        "控制在",
        "约",
    ] {
        if let Some(x) = s.strip_suffix(p) {
            if x.chars().count() >= 2 {
                s = x.to_string();
                break;
            }
        }
    }
    s
}

/// `工号：____` → `工号`: the name written right before a colon that precedes the
/// blank at `i` (spaces between allowed); empty when no colon is there.
fn colon_label(o: &[char], n: &[char], i: usize) -> String {
    let mut j = i;
    while j > 0 && n[j - 1] == ' ' {
        j -= 1;
    }
    if j == 0 || n[j - 1] != ':' {
        return String::new();
    }
    phrase_before(o, n, j - 1)
}

/// A blank made of spaces or empty brackets: `姓名：      `, `（ ）`, `[ ]`, `【 】`.
/// Returns its end.
fn space_blank(n: &[char], i: usize) -> Option<usize> {
    let close = match n[i] {
        '(' => Some(')'),
        '[' => Some(']'),
        '【' => Some('】'),
        _ => None,
    };
    if let Some(close) = close {
        let mut j = i + 1;
        while j < n.len() && n[j] == ' ' && j - i < 12 {
            j += 1;
        }
        return (j > i + 1 && n.get(j) == Some(&close)).then_some(j + 1);
    }
    // three or more spaces after `名称：`
    if n[i] != ' ' || i == 0 || n[i - 1] != ':' {
        return None;
    }
    let mut j = i;
    while j < n.len() && n[j] == ' ' {
        j += 1;
    }
    (j - i >= 3).then_some(j)
}

fn phrase_after(o: &[char], n: &[char], j: usize) -> String {
    let mut k = j;
    while k < n.len() && k - j < 12 && (is_cjk(n[k]) || n[k].is_ascii_alphabetic()) {
        k += 1;
    }
    o[j..k].iter().collect()
}

fn date_label(o: &[char], n: &[char], i: usize, end: usize, ctx: &Ctx) -> (String, &'static str) {
    // context word: `…期限` / `…期间` before the blank in the same sentence, else heading
    let window: String = o[i.saturating_sub(20)..i].iter().collect();
    let sentence = window.rsplit(['。', '；', ';']).next().unwrap_or("");
    let word = ["期限", "期间", "有效期"].iter().find_map(|w| {
        sentence.find(w).map(|p| {
            let before: Vec<char> = sentence[..p].chars().collect();
            let start = before.len().saturating_sub(2);
            let lead: String = before[start..].iter().filter(|c| is_cjk(**c)).collect();
            format!("{lead}{w}")
        })
    });
    let word = word.or_else(|| {
        ctx.heading
            .contains("期限")
            .then(|| ctx.heading.to_string())
    });
    let after: String = n[end..n.len().min(end + 6)].iter().collect();
    let before: String = n[i.saturating_sub(3)..i].iter().collect();
    let is_start =
        after.starts_with('起') || after.trim_start().starts_with('至') || after.starts_with("到");
    let is_end = before.contains('至') || before.contains('到') || after.starts_with('止');
    let base = word.unwrap_or_default();
    if base.is_empty() && after.starts_with("起生效") && !after.contains('至') {
        return ("生效日期".to_string(), "effective_date");
    }
    if is_start && !is_end {
        (
            format!("{}开始日期", if base.is_empty() { "期限" } else { &base }),
            "period_start",
        )
    } else if is_end {
        (
            format!("{}结束日期", if base.is_empty() { "期限" } else { &base }),
            "period_end",
        )
    } else {
        let p = phrase_before(o, n, i);
        (
            if p.is_empty() {
                "日期".to_string()
            } else {
                format!("{p}日期")
            },
            "date",
        )
    }
}

/// Replaces the blanks in `text` by `{{key}}` markers, registering fields.
pub(crate) fn apply(text: &str, ctx: &Ctx, reg: &mut Registry) -> String {
    let o: Vec<char> = text.chars().collect();
    let n: Vec<char> = o.iter().map(|&c| norm(c)).collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut i = 0;
    let s = |a: usize, b: usize| -> String { o[a..b].iter().collect() };
    while i < n.len() {
        // skip existing markers
        if n[i] == '{' && n.get(i + 1) == Some(&'{') {
            if let Some(p) =
                (i + 2..n.len().saturating_sub(1)).find(|&p| n[p] == '}' && n[p + 1] == '}')
            {
                out.push_str(&s(i, p + 2));
                i = p + 2;
                continue;
            }
        }
        // Right after a lone `{`, a `{{key}}` marker would read as `{{{key}}`: what
        // follows stays text.
        if out.ends_with('{') {
            out.push(o[i]);
            i += 1;
            continue;
        }
        let prev_digit = i > 0 && n[i - 1].is_ascii_digit();
        if !prev_digit {
            if let Some(end) = date_blank(&n, i) {
                let (label, base) = date_label(&o, &n, i, end, ctx);
                let key = reg.register(FieldKind::Date, label, s(i, end), base);
                out.push_str(&format!("{{{{{key}}}}}"));
                i = end;
                continue;
            }
        }
        // year: 20xx年 / XX年度 / XXXX年
        let y0 = if !prev_digit && n.get(i) == Some(&'2') && n.get(i + 1) == Some(&'0') {
            i + 2
        } else {
            i
        };
        let r = if prev_digit { 0 } else { run(&n, y0) };
        if r >= 2 || (y0 > i && r >= 1) {
            let end = y0 + r;
            let after = skip_sp(&n, end);
            let unit_of = |k: usize| n.get(k).copied();
            match unit_of(after) {
                Some('年') => {
                    let unit_end = if n.get(after + 1) == Some(&'度') {
                        after + 2
                    } else {
                        after + 1
                    };
                    let key = reg.register(FieldKind::Year, "年份".into(), s(i, unit_end), "year");
                    out.push_str(&format!("{{{{{key}}}}}"));
                    out.push_str(&s(end, unit_end));
                    i = unit_end;
                    continue;
                }
                Some('%') => {
                    let label = phrase_before(&o, &n, i);
                    let label = if label.is_empty() {
                        "百分比".into()
                    } else {
                        label
                    };
                    let key = reg.register(FieldKind::Number, label, s(i, after + 1), "rate");
                    out.push_str(&format!("{{{{{key}}}}}%"));
                    i = after + 1;
                    continue;
                }
                _ => {}
            }
            if y0 == i {
                // money / quantities / text
                let unit: String = n[after..n.len().min(after + 2)].iter().collect();
                let (kind, base, ulen) = if unit.starts_with("万元") {
                    (FieldKind::Money, "amount", 2)
                } else if unit.starts_with('元') {
                    (FieldKind::Money, "amount", 1)
                } else if let Some(u) = [
                    "万吨", "万户", "万人", "学时", "小时", "吨", "个", "次", "人", "户", "天",
                    "分", "台", "起", "项", "名", "场",
                ]
                .iter()
                .find(|u| unit.starts_with(*u))
                {
                    (FieldKind::Number, "number", u.chars().count())
                } else {
                    (FieldKind::Text, "text", 0)
                };
                let stars_pair = kind == FieldKind::Text && n[i] == '*';
                // `**县**`: stars, 1–3 ideographs, stars
                let mut end = end;
                if stars_pair {
                    let mut k = end;
                    while k < n.len() && is_cjk(n[k]) && k - end < 3 {
                        k += 1;
                    }
                    if k > end && run(&n, k) >= 2 && n[k] == '*' {
                        end = k + run(&n, k);
                    }
                }
                let colon = colon_label(&o, &n, i);
                let label = match kind {
                    FieldKind::Text if !colon.is_empty() => colon,
                    FieldKind::Text => {
                        let after_txt = phrase_after(&o, &n, end);
                        if let Some(p) = after_txt.find("公司") {
                            let _ = p;
                            "单位名称".to_string()
                        } else {
                            let b = phrase_before(&o, &n, i);
                            if b.is_empty() {
                                if after_txt.is_empty() {
                                    "内容".to_string()
                                } else {
                                    after_txt
                                }
                            } else {
                                b
                            }
                        }
                    }
                    _ => {
                        let b = phrase_before(&o, &n, i);
                        if b.is_empty() {
                            "数额".to_string()
                        } else {
                            b
                        }
                    }
                };
                let base = if kind == FieldKind::Text && label == "单位名称" {
                    "company"
                } else {
                    base
                };
                let orig_end = if ulen > 0 { after + ulen } else { end };
                let key = reg.register(kind, label, s(i, orig_end), base);
                out.push_str(&format!("{{{{{key}}}}}"));
                out.push_str(&s(end, orig_end));
                i = orig_end;
                continue;
            }
        }
        if let Some(end) = space_blank(&n, i) {
            let label = match colon_label(&o, &n, i) {
                l if !l.is_empty() => l,
                _ => phrase_before(&o, &n, i),
            };
            if !label.is_empty() {
                let key = reg.register(FieldKind::Text, label, s(i, end), "text");
                out.push_str(&format!("{{{{{key}}}}}"));
                // a space blank keeps one space before what follows
                if n[i] == ' ' && end < n.len() {
                    out.push(' ');
                }
                i = end;
                continue;
            }
        }
        // bare `%` after `率`: `水质综合合格率%`
        if n[i] == '%' && i > 0 && n[i - 1] == '率' {
            let label = phrase_before(&o, &n, i);
            let key = reg.register(FieldKind::Number, label, "%".into(), "rate");
            out.push_str(&format!("{{{{{key}}}}}%"));
            i += 1;
            continue;
        }
        out.push(o[i]);
        i += 1;
    }
    // whitespace inside a date original (`XX 月`) is kept as written in `original`
    let _ = is_space;
    out
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
