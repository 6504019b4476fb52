//! Merging a selection into one PDF: each agreement's pages, with what they inherit
//! made explicit, `copies` times, in the order of the selection.

use lopdf::{Dictionary, Document, Object, ObjectId};
use signdesk_archive::{agreements, ArchiveError};
use signdesk_base::{ErrorKind, Job, WorkStage};

use super::MergedPdf;

fn bad_pdf(number: &str, e: impl std::fmt::Display) -> ArchiveError {
    ArchiveError::corrupt(format!("协议 {number} 的 PDF 无法读取"), e)
}

/// Attributes a page may inherit from its parents; copied onto the page so that it
/// keeps them under its new parent.
const INHERITED: &[&[u8]] = &[b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

fn inherited(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    if let Ok(v) = page.get(key) {
        return Some(v.clone());
    }
    let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
    for _ in 0..64 {
        let dict = doc.get_dictionary(parent?).ok()?;
        if let Ok(v) = dict.get(key) {
            return Some(v.clone());
        }
        parent = dict.get(b"Parent").and_then(Object::as_reference).ok();
    }
    None
}

/// One agreement to merge: its number (for progress and messages), how many copies,
/// its PDF.
pub struct ToMerge {
    pub number: String,
    pub copies: u32,
    pub pdf: Vec<u8>,
}

/// One PDF with each agreement `copies` times, in the order of `ids`.
pub fn merged_pdf(
    conn: &signdesk_archive::Connection,
    ids: &[i64],
    job: &Job,
) -> Result<MergedPdf, ArchiveError> {
    if ids.is_empty() {
        return Err(ArchiveError::invalid(
            ErrorKind::EmptySelection,
            "没有符合条件的协议可打印",
        ));
    }
    let items = ids.iter().map(|&id| {
        let row = agreements::get(conn, id)?;
        Ok(ToMerge {
            number: row.number,
            copies: row.copies,
            pdf: agreements::pdf(conn, id)?,
        })
    });
    merge(items, ids.len() as u64, job)
}

/// One PDF with each of `items` (`total` of them) `copies` times, in their order: the
/// desk's selection, or the group view's.
pub fn merge(
    items: impl IntoIterator<Item = Result<ToMerge, ArchiveError>>,
    total: u64,
    job: &Job,
) -> Result<MergedPdf, ArchiveError> {
    let mut out = Document::with_version("1.7");
    let pages_id = out.new_object_id();
    let mut kids: Vec<Object> = Vec::new();
    let mut agreements = 0usize;
    for (done, item) in items.into_iter().enumerate() {
        let item = item?;
        job.step(WorkStage::Merge, done as u64, total, &item.number)?;
        agreements += 1;
        let mut doc = Document::load_mem(&item.pdf).map_err(|e| bad_pdf(&item.number, e))?;
        doc.renumber_objects_with(out.max_id + 1);
        let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
        if pages.is_empty() {
            return Err(bad_pdf(&item.number, "没有页面"));
        }
        // Page dictionaries with inherited attributes made explicit.
        let mut page_dicts = Vec::with_capacity(pages.len());
        for pid in &pages {
            let mut dict = doc
                .get_dictionary(*pid)
                .map_err(|e| bad_pdf(&item.number, e))?
                .clone();
            for key in INHERITED {
                if let Some(v) = inherited(&doc, &dict, key) {
                    dict.set(key.to_vec(), v);
                }
            }
            dict.set("Parent", pages_id);
            page_dicts.push(dict);
        }
        out.max_id = doc.max_id;
        // Everything except the page tree and the catalog; pages are re-added per copy.
        for (oid, obj) in doc.objects {
            let skip = match obj.type_name() {
                Ok(t) => t == b"Page" || t == b"Pages" || t == b"Catalog",
                Err(_) => false,
            };
            if !skip {
                out.objects.insert(oid, obj);
            }
        }
        for _ in 0..item.copies.max(1) {
            for dict in &page_dicts {
                let new_id = out.add_object(Object::Dictionary(dict.clone()));
                kids.push(new_id.into());
            }
        }
    }
    job.step(WorkStage::Merge, total, total, "")?;
    let count = kids.len() as u32;
    out.objects.insert(
        pages_id,
        Object::Dictionary(
            lopdf::dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count },
        ),
    );
    let catalog = out.add_object(lopdf::dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    out.trailer.set("Root", catalog);
    let mut pdf = Vec::new();
    out.save_to(&mut pdf).map_err(|e| ArchiveError::Io {
        what: "生成合并打印文件",
        reason: "合并后的文件无法写出，请重试".into(),
        detail: e.to_string(),
    })?;
    Ok(MergedPdf {
        pdf,
        agreements,
        pages: count,
    })
}
