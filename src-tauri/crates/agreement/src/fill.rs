//! Filling blanks: `{{key}}` markers replaced by values. A missing or empty value is
//! an error naming the field (by its label when the template is known), so nothing
//! is ever printed with a raw marker in it.

use std::collections::BTreeMap;

use crate::error::FillError;
use crate::model::{Block, Field, FieldFill, FieldKind, Template};

/// Longest value accepted for one blank.
pub const MAX_VALUE_CHARS: usize = 200;

/// Keys of the `{{key}}` markers in `text`, in order (with repetitions). Only
/// `[a-z0-9_]+` keys count; other braces are text.
pub fn markers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(p) = rest.find("{{") {
        let after = &rest[p + 2..];
        match after.find("}}") {
            Some(q) if is_key(&after[..q]) => {
                out.push(after[..q].to_string());
                rest = &after[q + 2..];
            }
            _ => rest = &rest[p + 2..],
        }
    }
    out
}

pub(crate) fn is_key(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 64
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && k.as_bytes()[0].is_ascii_lowercase()
}

fn fill_with(
    text: &str,
    values: &BTreeMap<String, String>,
    fields: &[Field],
) -> Result<String, FillError> {
    let label = |k: &str| {
        fields
            .iter()
            .find(|f| f.key == k)
            .map(|f| f.label.clone())
            .unwrap_or_else(|| k.to_string())
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(p) = rest.find("{{") {
        let after = &rest[p + 2..];
        match after.find("}}") {
            Some(q) if is_key(&after[..q]) => {
                let key = &after[..q];
                let v = values.get(key).map(|v| v.trim()).filter(|v| !v.is_empty());
                let Some(v) = v else {
                    return Err(FillError::Missing {
                        key: key.to_string(),
                        label: label(key),
                    });
                };
                if v.chars().count() > MAX_VALUE_CHARS {
                    return Err(FillError::TooLong {
                        key: key.to_string(),
                        label: label(key),
                        max: MAX_VALUE_CHARS,
                    });
                }
                out.push_str(&rest[..p]);
                out.push_str(v);
                rest = &after[q + 2..];
            }
            _ => {
                out.push_str(&rest[..p + 2]);
                rest = &rest[p + 2..];
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// Replaces every `{{key}}` in `text` by `values[key]`; a missing key is an error
/// naming the key.
pub fn fill(text: &str, values: &BTreeMap<String, String>) -> Result<String, FillError> {
    fill_with(text, values, &[])
}

impl Template {
    /// Like [`fill`], but errors name the field's label (`请填写“考核期限开始日期”`).
    pub fn fill_text(
        &self,
        text: &str,
        values: &BTreeMap<String, String>,
    ) -> Result<String, FillError> {
        fill_with(text, values, &self.fields)
    }

    /// The template with every body blank filled (title, preamble, sections, closing,
    /// period). Role date fields are not in the body and are not required here.
    pub fn filled(&self, values: &BTreeMap<String, String>) -> Result<Template, FillError> {
        let f = |s: &str| self.fill_text(s, values);
        let mut t = self.clone();
        t.title = f(&t.title)?;
        t.preamble = t.preamble.iter().map(|p| f(p)).collect::<Result<_, _>>()?;
        for s in &mut t.sections {
            s.heading = f(&s.heading)?;
            for b in &mut s.blocks {
                match b {
                    Block::Paragraph { text } | Block::Clause { text, .. } => *text = f(text)?,
                }
            }
        }
        t.closing = t.closing.iter().map(|p| f(p)).collect::<Result<_, _>>()?;
        t.period = t.period.as_deref().map(f).transpose()?;
        Ok(t)
    }

    /// Fields filled at signing time rather than in the text: the dates next to the
    /// signatures (`<role>_date`, `signing_date`).
    pub fn is_role_date(&self, field: &Field) -> bool {
        field.kind == FieldKind::Date
            && (field.key == "signing_date"
                || self
                    .roles
                    .iter()
                    .any(|r| field.key == format!("{}_date", r.key)))
    }

    /// Sets every field's [`FieldFill`] from the rule of [`Template::is_role_date`]:
    /// called after detection and whenever a template is loaded or saved, so what the
    /// front ends read is always Rust's rule.
    pub fn resolve_fills(&mut self) {
        let fills: Vec<FieldFill> = self
            .fields
            .iter()
            .map(|f| {
                if self.is_role_date(f) {
                    FieldFill::SigningDate
                } else {
                    FieldFill::Typed
                }
            })
            .collect();
        for (f, fill) in self.fields.iter_mut().zip(fills) {
            f.fill = fill;
        }
    }

    /// The date field of a role, if the signature block has one for it (its own
    /// `<role>_date`, else the shared `signing_date`).
    pub fn role_date(&self, role_key: &str) -> Option<&Field> {
        let own = format!("{role_key}_date");
        self.fields
            .iter()
            .find(|f| f.key == own)
            .or_else(|| self.fields.iter().find(|f| f.key == "signing_date"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills() {
        let mut v = BTreeMap::new();
        v.insert("year".to_string(), "2026".to_string());
        assert_eq!(fill("{{year}}年度", &v).ok(), Some("2026年度".to_string()));
        let e = fill("{{x}}年", &v).err();
        assert_eq!(e.map(|e| e.kind().as_str()), Some("missing_value"));
        assert_eq!(fill("a {{ b", &v).ok(), Some("a {{ b".to_string()));
        assert_eq!(markers("{{a}}x{{B}}{{c_1}}"), vec!["a", "c_1"]);
    }
}
