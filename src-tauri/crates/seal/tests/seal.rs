//! Real end-to-end checks: a PDF rendered by signdesk-typeset is sealed, then judged by
//! poppler's `pdfsig` (its TEXT, since it exits 0 even on a mismatch), `qpdf --check`
//! and our own verifier.

use std::process::Command;
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use signdesk_seal::{create, open_key, seal_key, sign_pdf, verify_pdf, Installation};
use signdesk_typeset::{render, Block, Document, Meta, SignatureLine, Typesetter};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 15, 1, 30, 12).unwrap()
}

fn installation() -> &'static Installation {
    static INST: OnceLock<Installation> = OnceLock::new();
    // Certificates valid from today, so poppler reports the chain, not "not yet valid".
    INST.get_or_init(|| create("华东精工机械有限公司", Utc::now()).unwrap())
}

fn rendered_pdf() -> Vec<u8> {
    let fonts = Typesetter::bundled().unwrap();
    let doc = Document {
        number: "SD-2027-000123".into(),
        title: "安全生产责任书".into(),
        blocks: vec![
            Block::Heading {
                number: "一、".into(),
                text: "总则".into(),
            },
            Block::Paragraph {
                text: "为落实安全生产责任制，特签订本责任书。".into(),
            },
            Block::Clause {
                number: "1.".into(),
                level: 1,
                text: "遵守安全操作规程。".into(),
            },
        ],
        signatures: vec![SignatureLine {
            label: "员工签名".into(),
            name: Some("张三".into()),
            signature_png: None,
            seal_png: None,
            date: None,
        }],
        record: None,
        meta: Meta {
            title: "安全生产责任书".into(),
            author: "华东精工机械有限公司".into(),
            subject: String::new(),
            keywords: vec![],
            created: now().fixed_offset(),
            modified: None,
        },
    };
    render(&doc, &fonts).unwrap().bytes
}

fn signed() -> &'static Vec<u8> {
    static SIGNED: OnceLock<Vec<u8>> = OnceLock::new();
    SIGNED.get_or_init(|| {
        sign_pdf(&rendered_pdf(), installation(), "签署安全生产责任书", now()).unwrap()
    })
}

fn pdfsig(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdfsig")
        .arg(&path)
        .output()
        .expect("pdfsig (poppler-utils) installed");
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Index of a byte inside the first signed range that we can change harmlessly
/// (a digit of the page content would change the drawing; a byte in the middle of the
/// first range is inside a compressed stream and keeps the file parseable).
fn flip_inside_signed_range(pdf: &[u8]) -> Vec<u8> {
    let mut bad = pdf.to_vec();
    let at = pdf.len() / 4;
    bad[at] ^= 0x01;
    bad
}

#[test]
fn pdfsig_says_valid_and_our_verifier_agrees() {
    let pdf = signed();
    let text = pdfsig(pdf);
    println!("{text}");
    assert!(text.contains("Signature is Valid."), "pdfsig said:\n{text}");
    assert!(text.contains("ETSI.CAdES.detached"), "pdfsig said:\n{text}");
    assert!(
        text.contains("Total document signed"),
        "pdfsig said:\n{text}"
    );

    let report = verify_pdf(pdf, &installation().root_cert_der).unwrap();
    assert_eq!(report.signer, "华东精工机械有限公司");
    assert!(
        pdf.starts_with(&rendered_pdf()),
        "incremental update keeps the rendered bytes"
    );
}

#[test]
fn one_flipped_byte_is_a_digest_mismatch_for_pdfsig_and_verify() {
    let bad = flip_inside_signed_range(signed());
    let text = pdfsig(&bad);
    println!("{text}");
    assert!(text.contains("Digest Mismatch"), "pdfsig said:\n{text}");
    assert!(!text.contains("Signature is Valid."));
    let err = verify_pdf(&bad, &installation().root_cert_der).unwrap_err();
    assert_eq!(err.kind(), "digest_mismatch", "{err}");
}

#[test]
fn qpdf_check_passes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.pdf");
    std::fs::write(&path, signed()).unwrap();
    let out = Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf installed");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "qpdf --check:\n{text}");
    assert!(
        text.contains("No syntax or stream encoding errors found"),
        "{text}"
    );
}

#[test]
fn wrong_root_is_untrusted() {
    let other = create("另一家公司", now()).unwrap();
    let err = verify_pdf(signed(), &other.root_cert_der).unwrap_err();
    assert_eq!(err.kind(), "untrusted_cert", "{err}");
}

#[test]
fn unsigned_pdf_has_no_signature() {
    let err = verify_pdf(&rendered_pdf(), &installation().root_cert_der).unwrap_err();
    assert_eq!(err.kind(), "no_signature");
    assert_eq!(err.to_string(), "文件中没有数字签名");
}

#[test]
fn appended_bytes_break_the_byte_range() {
    let mut pdf = signed().clone();
    pdf.extend_from_slice(b"\n% appended later\n");
    assert_eq!(
        verify_pdf(&pdf, &installation().root_cert_der)
            .unwrap_err()
            .kind(),
        "byte_range"
    );
}

#[test]
fn changed_cms_signature_is_bad_signature() {
    let pdf = signed();
    // The signature value sits inside the /Contents hex; flip a hex digit of the ECDSA
    // signature near the end of the DER (before the zero padding).
    let lt = pdf.windows(9).rposition(|w| w == b"/Contents").unwrap();
    let lt = lt + pdf[lt..].iter().position(|&b| b == b'<').unwrap();
    // End of the DER: the first run of 64 zero digits (the padding).
    let mut end = lt + 1;
    while pdf[end..end + 64].iter().any(|&b| b != b'0') {
        end += 2;
    }
    let mut bad = pdf.clone();
    let at = end - 10;
    bad[at] = if bad[at] == b'A' { b'B' } else { b'A' };
    assert_eq!(
        verify_pdf(&bad, &installation().root_cert_der)
            .unwrap_err()
            .kind(),
        "bad_signature"
    );
}

#[test]
fn signing_is_deterministic() {
    let again = sign_pdf(&rendered_pdf(), installation(), "签署安全生产责任书", now()).unwrap();
    assert_eq!(&again, signed());
}

#[test]
fn root_pem_exports_the_root() {
    let pem = installation().root_pem();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("root.pem");
    std::fs::write(&path, &pem).unwrap();
    if let Ok(out) = Command::new("openssl")
        .args(["x509", "-noout", "-subject", "-nameopt", "utf8", "-in"])
        .arg(&path)
        .output()
    {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("华东精工机械有限公司 SignDesk 根证书"),
            "{text}"
        );
    }
}

#[test]
fn key_sealing_round_trips_and_wrong_secret_fails_cleanly() {
    let key = &installation().signing_key_pkcs8_der;
    let sealed = seal_key(key, b"machine secret");
    assert!(!sealed.windows(key.len()).any(|w| w == key.as_slice()));
    assert_eq!(&open_key(&sealed, b"machine secret").unwrap(), key);
    let err = open_key(&sealed, b"wrong").unwrap_err();
    assert_eq!(err.kind(), "key_unseal");
    let mut tampered = sealed.clone();
    *tampered.last_mut().unwrap() ^= 1;
    assert_eq!(
        open_key(&tampered, b"machine secret").unwrap_err().kind(),
        "key_unseal"
    );
    assert_eq!(open_key(b"garbage", b"x").unwrap_err().kind(), "key_format");
}

/// The /Contents reservation is a trial CMS plus a small margin: a long organisation
/// name (in both certificates and the signer's issuer) still fits, and little of the
/// reservation is left as zeros.
#[test]
fn the_reservation_fits_the_cms_whatever_the_organisation_name() {
    for org in [
        "华东精工机械有限公司",
        &"福建省宁德市新奥燃气集团有限责任公司".repeat(3),
    ] {
        let inst = create(org, Utc::now()).unwrap();
        let pdf = sign_pdf(&rendered_pdf(), &inst, "签署安全生产责任书", now()).unwrap();
        let text = pdfsig(&pdf);
        assert!(
            text.contains("Signature is Valid."),
            "{org}: pdfsig said:\n{text}"
        );
        verify_pdf(&pdf, &inst.root_cert_der).unwrap();
        let tail = String::from_utf8_lossy(&pdf[rendered_pdf().len()..]).into_owned();
        let from = tail.find("/Contents<").unwrap() + "/Contents<".len();
        let hex = &tail[from..from + tail[from..].find('>').unwrap()];
        let zeros = hex.len() - hex.trim_end_matches('0').len();
        assert!(zeros <= 2 * 80, "{org}: {zeros} hex zeros of {}", hex.len());
    }
}
