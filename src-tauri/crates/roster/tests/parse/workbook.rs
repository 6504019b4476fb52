//! Workbooks built for the tests: zips of given entries, and the real LibreOffice
//! workbook `roster_title.xlsx` with entries added or its sheet replaced.

use std::io::{Cursor, Write};

use crate::fixture;

/// A zip with the given entries, deflated.
pub fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The entries of the real LibreOffice workbook `roster_title.xlsx`.
pub fn workbook_entries() -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(Cursor::new(fixture("roster_title.xlsx"))).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (String::from_utf8_lossy(f.name_raw()).into_owned(), data)
        })
        .collect()
}

pub fn zip_owned(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let refs: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    zip_of(&refs)
}

/// The real LibreOffice workbook's entries, plus `extra`.
pub fn workbook_plus(extra: (&str, Vec<u8>)) -> Vec<u8> {
    let mut entries = workbook_entries();
    entries.push((extra.0.to_string(), extra.1));
    zip_owned(&entries)
}

/// The real LibreOffice workbook with its sheet (and shared strings, when given)
/// replaced.
pub fn workbook_with_sheet(sheet: &str, strings: Option<&str>) -> Vec<u8> {
    let mut entries = workbook_entries();
    for (name, data) in &mut entries {
        match (name.as_str(), strings) {
            ("xl/worksheets/sheet1.xml", _) => *data = sheet.as_bytes().to_vec(),
            ("xl/sharedStrings.xml", Some(s)) => *data = s.as_bytes().to_vec(),
            _ => {}
        }
    }
    zip_owned(&entries)
}

pub fn sheet_xml(rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

pub fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}
