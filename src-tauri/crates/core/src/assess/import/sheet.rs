//! Reading a results sheet: where its header is, which column holds the name, the
//! employee number and each scheme item (by the item's label), and each row's values
//! as the scheme reads them.

use std::collections::BTreeMap;

use signdesk_assess::entry::{as_percent, fractions_as_percent, header_key};
use signdesk_assess::{read_cell, ItemKind, Scheme, Value};
use signdesk_roster::table::{Record, Table, HEADER_SEARCH};
use signdesk_roster::{header_field, Field};

use super::rejected;
use crate::CoreError;

/// A sheet's layout and its rows below the header.
pub(super) struct Sheet<'t> {
    name: Option<usize>,
    employee_no: Option<usize>,
    /// Column index → its normalised header, for columns that name a scheme item.
    items: Vec<(usize, String)>,
    /// Columns of targets written as fractions (Excel's 0.89 for 89%).
    fractions: BTreeMap<usize, bool>,
    /// The rows below the header, blank ones left out.
    pub rows: Vec<&'t Record>,
}

/// A cell's text, trimmed; empty when the row is shorter.
fn cell(r: &Record, i: Option<usize>) -> String {
    i.and_then(|i| r.cells.get(i))
        .map(|c| c.trim().to_string())
        .unwrap_or_default()
}

impl<'t> Sheet<'t> {
    /// Finds the header (within the first [`HEADER_SEARCH`] non-blank rows: a title
    /// may stand above it) and the columns; columns that are no item are named in
    /// `notes`.
    pub fn read(
        table: &'t Table,
        schemes: &BTreeMap<i64, Scheme>,
        notes: &mut Vec<String>,
    ) -> Result<Sheet<'t>, CoreError> {
        let (header, rec) = table
            .records
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.is_blank())
            .take(HEADER_SEARCH)
            .find(|(_, r)| {
                r.cells
                    .iter()
                    .any(|c| matches!(header_field(c), Some(Field::Name | Field::EmployeeNo)))
            })
            .ok_or_else(|| {
                rejected("表中找不到表头：需要“姓名”或“工号”列，以及各考核项的列".into())
            })?;
        let mut sheet = Sheet {
            name: None,
            employee_no: None,
            items: Vec::new(),
            fractions: BTreeMap::new(),
            rows: Vec::new(),
        };
        sheet.columns(rec, schemes, notes)?;
        let data = &table.records[header + 1..];
        sheet.fractions = sheet
            .items
            .iter()
            .map(|(col, _)| {
                let cells: Vec<&str> = data
                    .iter()
                    .map(|r| r.cells.get(*col).map(String::as_str).unwrap_or(""))
                    .collect();
                (*col, fractions_as_percent(&cells))
            })
            .collect();
        sheet.rows = data.iter().filter(|r| !r.is_blank()).collect();
        Ok(sheet)
    }

    /// Which column holds what, from the header row.
    fn columns(
        &mut self,
        header: &Record,
        schemes: &BTreeMap<i64, Scheme>,
        notes: &mut Vec<String>,
    ) -> Result<(), CoreError> {
        let mut ignored = Vec::new();
        for (i, cell) in header.cells.iter().enumerate() {
            match header_field(cell) {
                Some(Field::Name) if self.name.is_none() => self.name = Some(i),
                Some(Field::EmployeeNo) if self.employee_no.is_none() => self.employee_no = Some(i),
                Some(Field::Department | Field::Position) => {}
                _ if schemes.values().any(|s| s.item_for_header(cell).is_some()) => {
                    let key = header_key(cell);
                    if self.items.iter().any(|(_, k)| *k == key) {
                        return Err(rejected(format!("表头“{}”出现了两次", cell.trim())));
                    }
                    self.items.push((i, key));
                }
                _ if cell.trim().is_empty() => {}
                _ => ignored.push(cell.trim().to_string()),
            }
        }
        if self.items.is_empty() {
            let labels: Vec<String> = schemes
                .values()
                .flat_map(|s| s.items())
                .map(|i| i.label)
                .collect();
            return Err(rejected(format!(
                "表中没有考核项的列；列名应为考核方案中的项目：{}",
                labels.join("、")
            )));
        }
        if !ignored.is_empty() {
            notes.push(format!("以下列不是考核项，未读取：{}", ignored.join("、")));
        }
        Ok(())
    }

    /// A row's 姓名 and 工号, cleaned as a roster's are.
    pub fn person(&self, r: &Record) -> (String, String) {
        (
            signdesk_roster::clean_name(&cell(r, self.name)),
            signdesk_roster::clean_employee_no(&cell(r, self.employee_no)),
        )
    }

    /// A row's values for `scheme`'s items, by column; what cannot be read is
    /// returned as the reasons, all of them.
    pub fn values(
        &self,
        scheme: &Scheme,
        r: &Record,
    ) -> Result<BTreeMap<String, Value>, Vec<String>> {
        let mut values = BTreeMap::new();
        let mut bad = Vec::new();
        for item in scheme.items() {
            let col = self
                .items
                .iter()
                .find(|(_, k)| *k == header_key(&item.label) || k.eq_ignore_ascii_case(&item.key))
                .map(|(col, _)| *col);
            let Some(col) = col else { continue };
            match read_cell(scheme, &item, &cell(r, Some(col))) {
                Ok(Some(v)) => {
                    let v = match (item.kind, self.fractions[&col]) {
                        (ItemKind::Target, true) => as_percent(v),
                        _ => v,
                    };
                    values.insert(item.key.clone(), v);
                }
                Ok(None) => {}
                Err(m) => bad.push(m.0),
            }
        }
        if bad.is_empty() {
            Ok(values)
        } else {
            Err(bad)
        }
    }
}
