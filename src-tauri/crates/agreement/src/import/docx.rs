//! .docx files: a zip of XML parts. We read `word/document.xml` (paragraphs in order,
//! table cells included) and `word/numbering.xml` (automatic numbering rendered as a
//! text prefix such as `一、` or `1.` so detection sees what the reader saw). Bold-only
//! or heading-styled short paragraphs are passed on as heading hints.
//!
//! Hostile files: the archive is refused when it has too many entries, an entry name
//! that is absolute or climbs out (`../`), an entry that *declares* a huge size, or
//! when the parts we read *actually* decompress to more than [`MAX_PART_BYTES`] (read
//! through a capped reader — headers can lie).

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::detect::Line;
use crate::error::ImportError;
use crate::text::cn_numeral;

pub const MAX_ENTRIES: usize = 1_000;
pub const MAX_PART_BYTES: u64 = 32 * 1024 * 1024;
/// Paragraphs longer than this are never headings.
const MAX_HEADING_CHARS: usize = 30;

/// A file that cannot be read: our reason, the library's words kept for the log.
fn corrupt(reason: &'static str, e: impl std::fmt::Display) -> ImportError {
    ImportError::CorruptDocx {
        reason,
        detail: e.to_string(),
    }
}

/// The file is not a readable zip (a damaged file, or not a Word file at all).
fn not_zip(e: zip::result::ZipError) -> ImportError {
    corrupt("文件已损坏，或者它不是 Word 文件", e)
}

const DAMAGED_PART: &str = "文件中有内容无法解压，文件可能已损坏";
const BAD_XML: &str = "正文的格式有错误，文件可能已损坏";

fn unsafe_name(name: &str) -> bool {
    let n = name.replace('\\', "/");
    n.starts_with('/')
        || n.split('/').any(|c| c == "..")
        || n.as_bytes().get(1) == Some(&b':')
        || n.contains('\0')
}

fn read_part(
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<Vec<u8>>, ImportError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(corrupt(DAMAGED_PART, e)),
    };
    if file.size() > MAX_PART_BYTES {
        return Err(ImportError::ZipBomb);
    }
    let mut buf = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut buf)
        .map_err(|e| corrupt(DAMAGED_PART, e))?;
    if buf.len() as u64 > MAX_PART_BYTES {
        return Err(ImportError::ZipBomb);
    }
    Ok(Some(buf))
}

pub(crate) fn read(bytes: &[u8]) -> Result<Vec<Line>, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_zip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::TooManyEntries(zip.len()));
    }
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(not_zip)?;
        let name = f.name().to_string();
        if unsafe_name(&name) || f.enclosed_name().is_none() {
            return Err(ImportError::UnsafeEntry(name));
        }
        if f.size() > MAX_PART_BYTES {
            return Err(ImportError::ZipBomb);
        }
    }
    let doc =
        read_part(&mut zip, "word/document.xml")?.ok_or_else(|| ImportError::CorruptDocx {
            reason: "文件中没有正文部分，它可能不是 Word 文档",
            detail: "word/document.xml missing".into(),
        })?;
    let numbering = match read_part(&mut zip, "word/numbering.xml")? {
        Some(b) => parse_numbering(&b).unwrap_or_default(),
        None => Numbering::default(),
    };
    parse_document(&doc, &numbering)
}

#[derive(Debug, Clone, Default)]
struct Level {
    fmt: String,
    text: String,
    start: u32,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → ilvl → level
    abstracts: HashMap<String, HashMap<u32, Level>>,
    /// numId → abstractNumId
    nums: HashMap<String, String>,
}

fn attr(e: &BytesStart, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn parse_numbering(xml: &[u8]) -> Result<Numbering, quick_xml::Error> {
    let mut r = Reader::from_reader(xml);
    let mut out = Numbering::default();
    let mut cur_abs: Option<String> = None;
    let mut cur_lvl: Option<u32> = None;
    let mut cur_num: Option<String> = None;
    let mut buf = Vec::new();
    loop {
        let ev = r.read_event_into(&mut buf)?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"abstractNum" => cur_abs = attr(e, b"abstractNumId"),
                b"lvl" => cur_lvl = attr(e, b"ilvl").and_then(|v| v.parse().ok()),
                b"num" => cur_num = attr(e, b"numId"),
                b"abstractNumId" => {
                    if let (Some(n), Some(v)) = (&cur_num, attr(e, b"val")) {
                        out.nums.insert(n.clone(), v);
                    }
                }
                name @ (b"numFmt" | b"lvlText" | b"start") => {
                    if let (Some(a), Some(l), Some(v)) = (&cur_abs, cur_lvl, attr(e, b"val")) {
                        let lvl = out
                            .abstracts
                            .entry(a.clone())
                            .or_default()
                            .entry(l)
                            .or_insert(Level {
                                start: 1,
                                ..Level::default()
                            });
                        match name {
                            b"numFmt" => lvl.fmt = v,
                            b"lvlText" => lvl.text = v,
                            _ => lvl.start = v.parse().unwrap_or(1),
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"abstractNum" => cur_abs = None,
                b"lvl" => cur_lvl = None,
                b"num" => cur_num = None,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn format_num(fmt: &str, n: u32) -> String {
    match fmt {
        "chineseCounting"
        | "chineseCountingThousand"
        | "ideographTraditional"
        | "japaneseCounting"
        | "chineseLegalSimplified"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => cn_numeral(n),
        "lowerLetter" => char::from_u32('a' as u32 + (n.saturating_sub(1) % 26))
            .map(String::from)
            .unwrap_or_default(),
        "upperLetter" => char::from_u32('A' as u32 + (n.saturating_sub(1) % 26))
            .map(String::from)
            .unwrap_or_default(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32('①' as u32 + n - 1)
                .map(String::from)
                .unwrap_or_default()
        }
        "lowerRoman" | "upperRoman" | "decimal" | "decimalZero" | "decimalFullWidth" | "" => {
            n.to_string()
        }
        _ => n.to_string(),
    }
}

struct NumState {
    counters: HashMap<String, [u32; 9]>,
}

impl NumState {
    fn prefix(&mut self, numbering: &Numbering, num_id: &str, ilvl: u32) -> Option<String> {
        let abs = numbering.abstracts.get(numbering.nums.get(num_id)?)?;
        let ilvl = ilvl.min(8) as usize;
        let lvl = abs.get(&(ilvl as u32))?;
        if lvl.fmt == "none" {
            return None;
        }
        if lvl.fmt == "bullet" {
            return Some("• ".into());
        }
        let c = self.counters.entry(num_id.to_string()).or_insert([0; 9]);
        for (k, slot) in c.iter_mut().enumerate() {
            if k > ilvl {
                *slot = 0;
            }
        }
        c[ilvl] = if c[ilvl] == 0 {
            lvl.start.max(1)
        } else {
            c[ilvl] + 1
        };
        let c = *c;
        let mut text = lvl.text.clone();
        for (k, &ck) in c.iter().enumerate() {
            let pat = format!("%{}", k + 1);
            if text.contains(&pat) {
                let (fmt, start) = abs
                    .get(&(k as u32))
                    .map(|l| (l.fmt.as_str(), l.start))
                    .unwrap_or(("decimal", 1));
                let v = if ck == 0 { start.max(1) } else { ck };
                text = text.replace(&pat, &format_num(fmt, v));
            }
        }
        Some(text)
    }
}

fn is_heading_style(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.starts_with("heading")
        || l == "title"
        || l.starts_with("标题")
        || (s.len() == 1 && s.as_bytes()[0].is_ascii_digit())
}

fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off"))
}

fn parse_document(xml: &[u8], numbering: &Numbering) -> Result<Vec<Line>, ImportError> {
    let mut r = Reader::from_reader(xml);
    let mut state = NumState {
        counters: HashMap::new(),
    };
    let mut lines = Vec::new();
    let mut buf = Vec::new();
    // paragraph state
    let mut text = String::new();
    let mut num: (Option<String>, u32) = (None, 0);
    let mut heading_style = false;
    let mut all_bold = true;
    let mut in_run = false;
    let mut run_bold = false;
    let mut in_rpr = false;
    let mut in_t = false;
    let mut in_ppr = false;
    loop {
        let ev = r
            .read_event_into(&mut buf)
            .map_err(|e| corrupt(BAD_XML, e))?;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"p" if !empty => {
                        text.clear();
                        num = (None, 0);
                        heading_style = false;
                        all_bold = true;
                    }
                    b"pPr" if !empty => in_ppr = true,
                    b"r" if !empty => {
                        in_run = true;
                        run_bold = false;
                    }
                    b"rPr" if !empty => in_rpr = true,
                    b"b" if in_run && in_rpr => run_bold = on(e),
                    b"t" if !empty => in_t = true,
                    b"tab" if in_run => text.push(' '),
                    b"br" | b"cr" if in_run => text.push(' '),
                    b"numId" if in_ppr => num.0 = attr(e, b"val"),
                    b"ilvl" if in_ppr => {
                        num.1 = attr(e, b"val").and_then(|v| v.parse().ok()).unwrap_or(0)
                    }
                    b"pStyle" if in_ppr => {
                        heading_style = attr(e, b"val").is_some_and(|v| is_heading_style(&v))
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_t => {
                let s = t.unescape().map_err(|e| corrupt(BAD_XML, e))?;
                if !s.trim().is_empty() && !run_bold {
                    all_bold = false;
                }
                text.push_str(&s);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"rPr" => in_rpr = false,
                b"r" => in_run = false,
                b"pPr" => in_ppr = false,
                b"p" => {
                    let mut line = text.trim().to_string();
                    if let Some(id) = num.0.as_deref().filter(|id| *id != "0") {
                        if let Some(p) = state.prefix(numbering, id, num.1) {
                            line = format!("{p}{line}");
                        }
                    }
                    if !line.is_empty() {
                        let short = line.chars().count() <= MAX_HEADING_CHARS;
                        let heading = short
                            && num.0.is_none()
                            && (heading_style || (all_bold && !text.trim().is_empty()));
                        lines.push(Line {
                            text: line,
                            heading,
                        });
                    }
                    text.clear();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // the title is taken by detection from the first line; a heading hint there is moot
    if let Some(first) = lines.first_mut() {
        first.heading = false;
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(unsafe_name("../evil"));
        assert!(unsafe_name("/etc/passwd"));
        assert!(unsafe_name("word/../../x"));
        assert!(unsafe_name("C:/x"));
        assert!(!unsafe_name("word/document.xml"));
    }
}
