//! Signing a finished PDF as an incremental update (ISO 32000-1 §12.8): the rendered
//! bytes stay untouched at the start of the file, and we append a signature dictionary,
//! an invisible signature widget on page 1, the updated page and catalog, a new xref
//! section and trailer. `/Contents` is reserved as a zero-filled hex string and
//! `/ByteRange` as fixed-width numbers; after lopdf writes the update we patch both in
//! place, so no offset moves, hash everything except the `/Contents` hex string and put
//! the CMS there.

use chrono::{DateTime, Utc};
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::sync::{Mutex, PoisonError};

use crate::{cms, Installation, SealError};

/// Bytes reserved for the CMS beyond the size of a trial one (hex doubles it, and every
/// agreement carries the whole reservation). Our ECDSA P-256 CMS with its two
/// certificates and signed attributes is about 1.5 KiB, and its size depends only on
/// the certificates: the digest is 32 bytes, the signing time a fixed-width UTCTime,
/// and a DER ECDSA signature 70–72 bytes (rarely fewer). So the reservation is a CMS
/// made over a zero digest plus this margin, instead of a fixed 3 KiB (was 8 KiB;
/// 3 KiB left ~1.5 KiB — 3 KB of hex zeros — in every stored PDF). (An RFC 3161
/// timestamp would need ~5 KiB more — there is no timestamp authority on an offline
/// desk.)
const CONTENTS_MARGIN: usize = 64;
/// Ten digits so any real offset fits without moving a byte.
const PLACEHOLDER: i64 = 9_999_999_999;

/// Sign `pdf` with the installation's key. `reason` goes into `/Reason`,
/// `signing_time` into `/M` (the PAdES claimed signing time).
pub fn sign_pdf(
    pdf: &[u8],
    inst: &Installation,
    reason: &str,
    signing_time: DateTime<Utc>,
) -> Result<Vec<u8>, SealError> {
    let pdf_err = |e: lopdf::Error| SealError::pdf("文件结构无法读取", e);
    let prev = Document::load_mem(pdf).map_err(pdf_err)?;
    if prev.is_encrypted() {
        return Err(SealError::pdf("不能给加密的 PDF 签名", ""));
    }
    let root_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let page_id = *prev
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| SealError::pdf("文件中没有页面", ""))?;
    let signer_name = common_name(&inst.signing_cert_der).unwrap_or_default();

    let contents_len = trial_cms_len(inst)? + CONTENTS_MARGIN;

    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let new = &mut inc.new_document;

    let mut sig = Dictionary::new();
    sig.set("Type", Object::Name(b"Sig".to_vec()));
    sig.set("Filter", Object::Name(b"Adobe.PPKLite".to_vec()));
    sig.set("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec()));
    sig.set(
        "ByteRange",
        Object::Array(vec![
            Object::Integer(0),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
            Object::Integer(PLACEHOLDER),
        ]),
    );
    sig.set(
        "Contents",
        Object::String(vec![0; contents_len], StringFormat::Hexadecimal),
    );
    sig.set("M", Object::string_literal(pdf_date(signing_time)));
    sig.set("Name", text_string(&signer_name));
    sig.set("Reason", text_string(reason));
    let sig_id = new.add_object(sig);

    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set("T", text_string(&format!("SignDesk-{}", sig_id.0)));
    widget.set("V", Object::Reference(sig_id));
    widget.set(
        "Rect",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    // Print | Locked: invisible, but part of the document and not editable.
    widget.set("F", Object::Integer(132));
    widget.set("P", Object::Reference(page_id));
    let widget_id = new.add_object(widget);

    append_to_array(&mut inc, page_id, b"Annots", widget_id)?;
    add_field(&mut inc, root_id, widget_id)?;

    let mut out = Vec::with_capacity(pdf.len() + 3 * contents_len);
    inc.save_to(&mut out)
        .map_err(|e| SealError::pdf("签名后的文件无法写出", e))?;
    fill_signature(&mut out, pdf.len(), contents_len, inst)?;
    Ok(out)
}

/// The length of a CMS made with `inst`'s certificates and key over a zero digest,
/// remembered for the last certificates seen (the signing certificate holds the key's
/// public half): an ECDSA signature is ~0.3 ms, and a desk seals every agreement with
/// the same installation.
fn trial_cms_len(inst: &Installation) -> Result<usize, SealError> {
    static LAST: Mutex<Option<([u8; 32], usize)>> = Mutex::new(None);
    let mut h = Sha256::new();
    for part in [
        &inst.signing_cert_der,
        &inst.root_cert_der,
        &inst.signing_key_pkcs8_der,
    ] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part);
    }
    let key: [u8; 32] = h.finalize().into();
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((k, len)) = *last {
        if k == key {
            return Ok(len);
        }
    }
    let len = cms::sign_detached(
        &[0; 32],
        &inst.signing_cert_der,
        &inst.root_cert_der,
        &inst.signing_key_pkcs8_der,
    )?
    .len();
    *last = Some((key, len));
    Ok(len)
}

/// Add `widget` to the array `key` of object `owner` (inline or indirect array).
fn append_to_array(
    inc: &mut IncrementalDocument,
    owner: ObjectId,
    key: &[u8],
    widget: ObjectId,
) -> Result<(), SealError> {
    let pdf_err = |e: lopdf::Error| SealError::pdf("文件结构无法读取", e);
    inc.opt_clone_object_to_new_document(owner)
        .map_err(pdf_err)?;
    let existing = inc
        .new_document
        .get_dictionary(owner)
        .map_err(pdf_err)?
        .get(key)
        .ok()
        .cloned();
    match existing {
        Some(Object::Reference(array_id)) => {
            inc.opt_clone_object_to_new_document(array_id)
                .map_err(pdf_err)?;
            match inc.new_document.get_object_mut(array_id).map_err(pdf_err)? {
                Object::Array(items) => items.push(Object::Reference(widget)),
                _ => {
                    return Err(SealError::pdf(
                        "文件结构异常",
                        "Annots/Fields is not an array",
                    ))
                }
            }
        }
        Some(Object::Array(mut items)) => {
            items.push(Object::Reference(widget));
            inc.new_document
                .get_dictionary_mut(owner)
                .map_err(pdf_err)?
                .set(key, Object::Array(items));
        }
        _ => {
            let items = vec![Object::Reference(widget)];
            inc.new_document
                .get_dictionary_mut(owner)
                .map_err(pdf_err)?
                .set(key, Object::Array(items));
        }
    }
    Ok(())
}

/// Register the widget in the catalog's /AcroForm and set /SigFlags 3
/// (SignaturesExist | AppendOnly).
fn add_field(
    inc: &mut IncrementalDocument,
    root_id: ObjectId,
    widget: ObjectId,
) -> Result<(), SealError> {
    let pdf_err = |e: lopdf::Error| SealError::pdf("文件结构无法读取", e);
    inc.opt_clone_object_to_new_document(root_id)
        .map_err(pdf_err)?;
    let existing = inc
        .new_document
        .get_dictionary(root_id)
        .map_err(pdf_err)?
        .get(b"AcroForm")
        .ok()
        .cloned();
    let form_id = match existing {
        Some(Object::Reference(id)) => id,
        Some(Object::Dictionary(dict)) => {
            let id = inc.new_document.add_object(dict);
            inc.new_document
                .get_dictionary_mut(root_id)
                .map_err(pdf_err)?
                .set("AcroForm", Object::Reference(id));
            id
        }
        _ => {
            let id = inc.new_document.add_object(Dictionary::new());
            inc.new_document
                .get_dictionary_mut(root_id)
                .map_err(pdf_err)?
                .set("AcroForm", Object::Reference(id));
            id
        }
    };
    append_to_array(inc, form_id, b"Fields", widget)?;
    inc.new_document
        .get_dictionary_mut(form_id)
        .map_err(pdf_err)?
        .set("SigFlags", Object::Integer(3));
    Ok(())
}

/// Patch `/ByteRange` and `/Contents` (`contents_len` bytes reserved) in the appended
/// part (`from` onwards).
fn fill_signature(
    out: &mut [u8],
    from: usize,
    contents_len: usize,
    inst: &Installation,
) -> Result<(), SealError> {
    let missing = || SealError::pdf("写出的签名占位符找不到", "");
    let br_key = find(out, b"/ByteRange", from).ok_or_else(missing)?;
    let br_open = find(out, b"[", br_key).ok_or_else(missing)?;
    let br_close = find(out, b"]", br_open).ok_or_else(missing)?;
    // /Contents follows /ByteRange in our dictionary; the cloned page also has a /Contents.
    let c_key = find(out, b"/Contents", br_close).ok_or_else(missing)?;
    let lt = find(out, b"<", c_key).ok_or_else(missing)?;
    let gt = find(out, b">", lt).ok_or_else(missing)?;
    if gt - lt - 1 != 2 * contents_len || !out[lt + 1..gt].iter().all(|&b| b == b'0') {
        return Err(missing());
    }
    let after = gt + 1;
    let ranges = format!("0 {lt} {after} {}", out.len() - after);
    let width = br_close - br_open - 1;
    if ranges.len() > width {
        return Err(SealError::pdf(
            "签名范围的占位符太短",
            "ByteRange placeholder too short",
        ));
    }
    let padded = format!("{ranges:<width$}");
    out[br_open + 1..br_close].copy_from_slice(padded.as_bytes());

    let mut h = Sha256::new();
    h.update(&out[..lt]);
    h.update(&out[after..]);
    let digest = h.finalize();
    let der = cms::sign_detached(
        &digest,
        &inst.signing_cert_der,
        &inst.root_cert_der,
        &inst.signing_key_pkcs8_der,
    )?;
    if der.len() > contents_len {
        return Err(SealError::cms("签名超过预留空间", ""));
    }
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for (i, b) in der.iter().enumerate() {
        out[lt + 1 + 2 * i] = HEX[(b >> 4) as usize];
        out[lt + 2 + 2 * i] = HEX[(b & 15) as usize];
    }
    Ok(())
}

pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay.get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// PDF date string `D:YYYYMMDDHHmmSSZ`.
fn pdf_date(t: DateTime<Utc>) -> String {
    t.format("D:%Y%m%d%H%M%SZ").to_string()
}

/// PDF text string: plain when ASCII, else UTF-16BE with BOM (Chinese names, reasons).
fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::string_literal(s);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// CN of a DER certificate, for `/Name` and reports.
pub(crate) fn common_name(cert_der: &[u8]) -> Option<String> {
    use der::Decode;
    let cert = x509_cert::Certificate::from_der(cert_der).ok()?;
    cert.tbs_certificate
        .subject
        .0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find_map(|atv| {
            if atv.oid != const_oid::db::rfc4519::CN {
                return None;
            }
            atv.value
                .decode_as::<der::asn1::Utf8StringRef<'_>>()
                .map(|s| s.as_str().to_owned())
                .or_else(|_| {
                    atv.value
                        .decode_as::<der::asn1::PrintableStringRef<'_>>()
                        .map(|s| s.as_str().to_owned())
                })
                .ok()
        })
}
