//! Rules an edited template must satisfy before it can be saved as a version.

use crate::error::ValidationError;
use crate::fill::{is_key, markers};
use crate::model::{Block, Side, Template};

pub const MAX_TITLE_CHARS: usize = 100;
pub const MAX_PARAGRAPH_CHARS: usize = 5_000;
pub const MAX_TOTAL_CHARS: usize = 200_000;
pub const MAX_LABEL_CHARS: usize = 50;
pub const MAX_PARTS: usize = 2_000;

fn too_long(what: &str, s: &str, max: usize) -> Result<(), ValidationError> {
    if s.chars().count() > max {
        return Err(ValidationError::TooLong {
            what: what.to_string(),
            max,
        });
    }
    Ok(())
}

impl Template {
    /// Checks the template before it is saved: [`Template::require_signer`] (first:
    /// a role added may be what a date blank was waiting for) and
    /// [`Template::validate_draft`].
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.require_signer()?;
        // Like the signer, a title the text did not have is asked for in the editor.
        if self.title.trim().is_empty() {
            return Err(ValidationError::EmptyTitle);
        }
        self.validate_draft()
    }

    /// Someone signs for the signer's side: a template is not saved, and not signed
    /// or used in a ceremony, without a role on that side. An imported text whose
    /// signature block was not found is stored without one — detection never invents
    /// a signer — and the editor asks for it before the first save.
    pub fn require_signer(&self) -> Result<(), ValidationError> {
        if self.roles.is_empty() {
            return Err(ValidationError::NoRoles);
        }
        if !self.roles.iter().any(|r| r.side == Side::Signer) {
            return Err(ValidationError::NoSignerRole);
        }
        Ok(())
    }

    /// Checks what an imported template must satisfy to be stored (its title and signer
    /// may still be missing: the editor asks for them):
    /// sane lengths, unique snake_case keys and non-empty labels, every `{{key}}` has
    /// a field and every field is used (role dates excepted — they are filled at
    /// signing), copies 1..=10. Who signs is [`Template::require_signer`]'s.
    pub fn validate_draft(&self) -> Result<(), ValidationError> {
        too_long("标题", &self.title, MAX_TITLE_CHARS)?;
        let mut texts: Vec<(&str, &str)> = Vec::new();
        texts.extend(self.preamble.iter().map(|p| ("前言段落", p.as_str())));
        let mut parts = 0;
        for s in &self.sections {
            texts.push(("章节标题", &s.heading));
            parts += 1 + s.blocks.len();
            for b in &s.blocks {
                match b {
                    Block::Paragraph { text } => texts.push(("段落", text)),
                    Block::Clause { number, text, .. } => {
                        too_long("条款编号", number, 20)?;
                        texts.push(("条款", text));
                    }
                }
            }
        }
        if parts > MAX_PARTS {
            return Err(ValidationError::TooManyParts(MAX_PARTS));
        }
        texts.extend(self.closing.iter().map(|p| ("结尾段落", p.as_str())));
        let mut total = self.title.chars().count();
        for (what, t) in &texts {
            too_long(what, t, MAX_PARAGRAPH_CHARS)?;
            total += t.chars().count();
        }
        if total > MAX_TOTAL_CHARS {
            return Err(ValidationError::TooLong {
                what: "协议全文".into(),
                max: MAX_TOTAL_CHARS,
            });
        }
        for (i, r) in self.roles.iter().enumerate() {
            if !is_key(&r.key) {
                return Err(ValidationError::BadKey(r.key.clone()));
            }
            if r.label.trim().is_empty() {
                return Err(ValidationError::EmptyRoleLabel);
            }
            too_long("签名角色名称", &r.label, MAX_LABEL_CHARS)?;
            if self.roles[..i].iter().any(|x| x.key == r.key) {
                return Err(ValidationError::DuplicateRoleKey(r.key.clone()));
            }
        }
        for (i, f) in self.fields.iter().enumerate() {
            if !is_key(&f.key) {
                return Err(ValidationError::BadKey(f.key.clone()));
            }
            if f.label.trim().is_empty() {
                return Err(ValidationError::EmptyFieldLabel(f.key.clone()));
            }
            too_long("填写项名称", &f.label, MAX_LABEL_CHARS)?;
            if self.fields[..i].iter().any(|x| x.key == f.key) {
                return Err(ValidationError::DuplicateFieldKey(f.key.clone()));
            }
        }
        let mut used: Vec<String> = markers(&self.title);
        for (_, t) in &texts {
            used.extend(markers(t));
        }
        if let Some(p) = &self.period {
            used.extend(markers(p));
        }
        for k in &used {
            if !self.fields.iter().any(|f| &f.key == k) {
                return Err(ValidationError::UnknownMarker(k.clone()));
            }
        }
        for f in &self.fields {
            if !used.contains(&f.key) && !self.is_role_date(f) {
                return Err(ValidationError::UnusedField(f.label.clone()));
            }
        }
        if !(1..=10).contains(&self.copies) {
            return Err(ValidationError::Copies(self.copies));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::model::Side;

    const TEXT: &str = "仓库安全责任书\n一、安全目标\n1、全年不发生火灾事故。\n2、消防器材完好率100%。\n二、安全职责\n1、遵守安全规章制度。\n甲方（盖章）：            乙方（签字）：\n";

    #[test]
    fn a_template_without_a_signer_side_role_is_not_saved() {
        let t = crate::detect(TEXT).unwrap();
        assert_eq!(t.validate(), Ok(()));

        let mut org_only = t.clone();
        for r in &mut org_only.roles {
            r.side = Side::Organisation;
        }
        let e = org_only.validate().unwrap_err();
        assert_eq!(e.kind(), "no_signer_role");
        assert_eq!(
            e.to_string(),
            "模板没有签约人一方的签字栏：请先添加签约人角色"
        );
        assert_eq!(org_only.require_signer(), Err(e));

        let mut none = t.clone();
        none.roles.clear();
        none.fields.retain(|f| !t.is_role_date(f));
        let e = none.validate().unwrap_err();
        assert_eq!(e.kind(), "no_roles");
        assert!(e.to_string().contains("请先添加签约人角色"), "{e}");

        // Both can be stored as an import for the editor to finish.
        assert_eq!(org_only.validate_draft(), Ok(()));
        assert_eq!(none.validate_draft(), Ok(()));
    }
}
