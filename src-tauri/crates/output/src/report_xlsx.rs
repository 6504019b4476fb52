//! Tables as an .xlsx workbook: one worksheet per [`Sheet`], a bold header row frozen
//! at the top, columns sized to their text (CJK characters count double, as Excel
//! draws them). Numbers stay numbers, so Excel and WPS can sum and sort them.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    /// At most 31 characters, no `[]:*?/\` (Excel's rules; checked by the writer).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Display width of a text in Excel's character units (CJK is two).
fn width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c.is_ascii() { 1.0 } else { 2.0 })
        .sum::<f64>()
}

fn write_sheets(sheets: &[&Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("0.##");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(&s.name)?;
        let mut widths: Vec<f64> = s.headers.iter().map(|h| width(h)).collect();
        for (c, h) in s.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &bold)?;
        }
        for (r, row) in s.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let col = c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string(r, col, t)?;
                        if let Some(w) = widths.get_mut(c) {
                            *w = w.max(width(t));
                        }
                    }
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, col, *n, &number)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            ws.set_column_width(c as u16, (w + 2.0).min(60.0))?;
        }
        ws.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}

/// The workbook's bytes: a summary sheet and a detail sheet.
pub fn write(summary: &Sheet, detail: &Sheet) -> Result<Vec<u8>, signdesk_archive::ArchiveError> {
    write_sheets(&[summary, detail]).map_err(|e| signdesk_archive::ArchiveError::Io {
        what: "生成 Excel 文件",
        reason: "表格无法写出，请重试".into(),
        detail: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn a_workbook_reads_back_with_its_chinese_headers_and_numbers() {
        let summary = Sheet {
            name: "2027年度汇总".into(),
            headers: vec!["部门".into(), "平均分".into()],
            rows: vec![vec![Cell::Text("客服部".into()), Cell::Number(87.5)]],
        };
        let detail = Sheet {
            name: "明细".into(),
            headers: vec!["姓名".into(), "考核得分".into()],
            rows: vec![vec![Cell::Text("张三".into()), Cell::Empty]],
        };
        let bytes = write(&summary, &detail).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names(), vec!["2027年度汇总", "明细"]);
        let r = book.worksheet_range("2027年度汇总").unwrap();
        assert_eq!(r.get((0, 0)), Some(&Data::String("部门".into())));
        assert_eq!(r.get((1, 1)), Some(&Data::Float(87.5)));
        let d = book.worksheet_range("明细").unwrap();
        assert_eq!(d.get((1, 0)), Some(&Data::String("张三".into())));
        assert_eq!(d.get((1, 1)).filter(|c| **c != Data::Empty), None);
    }
}
