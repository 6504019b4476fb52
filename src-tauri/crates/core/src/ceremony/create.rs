//! Opening a ceremony: every blank fixed for all or bound to a roster column, every
//! organisation role given its signer, a title; then one row and its audit entry.

use std::collections::BTreeMap;

use signdesk_agreement::{Side, Template};
use signdesk_archive::{audit, ceremonies, templates};
use signdesk_base::ErrorKind;

use super::{hand, json, CeremonyInput, CeremonySummary, BINDABLE};
use crate::signing::clean_name;
use crate::{CoreError, Desk};

impl Desk {
    /// Creates a ceremony after checking that every blank is either filled or bound
    /// to a roster column and that every organisation role has a signer.
    pub fn ceremony_create(&mut self, input: &CeremonyInput) -> Result<CeremonySummary, CoreError> {
        self.guard()?;
        let id = self.create_ceremony(input, None)?;
        self.ceremony_summary(id)
    }

    pub(super) fn create_ceremony(
        &mut self,
        input: &CeremonyInput,
        renewed_from: Option<i64>,
    ) -> Result<i64, CoreError> {
        let v = templates::version(self.archive.read(), &input.template_id, input.version)?;
        let template = crate::templates::parse(&v)?;
        template.require_signer()?;
        CoreError::year(input.year)?;
        let (values, bindings) = blanks(&template, input)?;
        let org_signers = org_signers(&template, input)?;
        let title = title(&template, input)?;
        let new = ceremonies::NewCeremony {
            title: title.clone(),
            template_version_id: v.id,
            year: input.year,
            values_json: json(&values)?,
            bindings_json: json(&bindings)?,
            org_signers_json: json(&org_signers)?,
            countersign: input.countersign,
            renewed_from,
        };
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            let id = ceremonies::create(tx, &new)?;
            let detail = match renewed_from {
                Some(from) => format!("{title}（由仪式 {from} 续签）"),
                None => title.clone(),
            };
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::CeremonyOpened,
                &id.to_string(),
                &detail,
            )?;
            Ok::<_, CoreError>(id)
        })
    }
}

type Values = BTreeMap<String, String>;

/// Each blank but the signing dates: a value for everyone, or a roster column to take
/// each person's value from. A blank with neither, a column the roster has not, or a
/// key the template has not is refused.
fn blanks(template: &Template, input: &CeremonyInput) -> Result<(Values, Values), CoreError> {
    let mut values = BTreeMap::new();
    let mut bindings = BTreeMap::new();
    for f in template.fields.iter().filter(|f| !template.is_role_date(f)) {
        let column = input
            .bindings
            .get(&f.key)
            .map(|c| c.trim())
            .filter(|c| !c.is_empty());
        if let Some(col) = column {
            if !BINDABLE.iter().any(|(k, _)| *k == col) {
                return Err(CoreError::invalid(
                    ErrorKind::BadBinding,
                    format!("待填项“{}”不能取自名单列“{col}”", f.label),
                ));
            }
            bindings.insert(f.key.clone(), col.to_string());
            continue;
        }
        let value = input
            .values
            .get(&f.key)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                CoreError::invalid(
                    ErrorKind::MissingField,
                    format!("请填写“{}”，或选择从名单中按人填写", f.label),
                )
            })?;
        if value.chars().any(|c| c.is_control()) {
            return Err(CoreError::invalid(
                ErrorKind::BadValue,
                format!("待填项“{}”含有控制字符", f.label),
            ));
        }
        values.insert(f.key.clone(), value.to_string());
    }
    if let Some(k) = input
        .values
        .keys()
        .chain(input.bindings.keys())
        .find(|k| !template.fields.iter().any(|f| &f.key == *k))
    {
        return Err(CoreError::invalid(
            ErrorKind::UnknownField,
            format!("模板中没有待填项“{k}”"),
        ));
    }
    Ok((values, bindings))
}

/// Who signs each hand-signed organisation role, named once for the whole ceremony.
fn org_signers(template: &Template, input: &CeremonyInput) -> Result<Values, CoreError> {
    let mut org_signers = BTreeMap::new();
    for r in template
        .roles
        .iter()
        .filter(|r| hand(r, Side::Organisation))
    {
        let name = input
            .org_signers
            .get(&r.key)
            .map(String::as_str)
            .unwrap_or("");
        org_signers.insert(r.key.clone(), clean_name(&r.label, name)?);
    }
    Ok(org_signers)
}

/// The title given, or 「2027年度<template title>」.
fn title(template: &Template, input: &CeremonyInput) -> Result<String, CoreError> {
    match input
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(t) => clean_name("签约仪式", t).map_err(|_| {
            CoreError::invalid(
                ErrorKind::BadTitle,
                "签约仪式名称不能含控制字符，且不超过 40 个字",
            )
        }),
        None => Ok(format!("{}年度{}", input.year, template.title)),
    }
}
