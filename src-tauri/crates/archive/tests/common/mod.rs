//! Test helpers: a real on-disk archive and tiny but valid PDFs.
#![allow(dead_code, clippy::unwrap_used)]

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};
use signdesk_archive::{
    agreements, templates, Archive, ArchiveError, NewAgreement, NewPerson, NewSignature, PersonRef,
};

/// A valid PDF of `pages` A4 pages, each with one line of (ASCII) text.
pub fn tiny_pdf(pages: u32, label: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids: Vec<Object> = Vec::new();
    for i in 0..pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 12.into()]),
                Operation::new("Td", vec![72.into(), 760.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!("{label} p{}", i + 1))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        kids.push(page_id.into());
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages,
            "Resources" => resources_id, "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// A fixed key for test archives (real archives get a random one).
pub fn test_key() -> signdesk_archive::DbKey {
    signdesk_archive::DbKey::from_bytes([7; 32])
}

pub fn fresh() -> (tempfile::TempDir, Archive) {
    let dir = tempfile::tempdir().unwrap();
    let archive = Archive::open_dir(&dir.path().join("data"), &test_key()).unwrap();
    (dir, archive)
}

/// Creates a template with one version and returns the version id.
pub fn template(a: &mut Archive, slug: &str, title: &str) -> i64 {
    a.write(|tx| {
        let id = templates::insert(tx, slug, title, false)?;
        Ok::<_, ArchiveError>(templates::add_version(tx, id, title, "{}", "测试")?.0)
    })
    .unwrap()
}

pub struct Spec<'a> {
    pub name: &'a str,
    pub employee_no: Option<&'a str>,
    pub department: &'a str,
    pub year: i32,
    pub title: &'a str,
    pub text: &'a str,
    pub pages: u32,
    pub copies: u32,
}

impl Default for Spec<'_> {
    fn default() -> Self {
        Spec {
            name: "张三",
            employee_no: None,
            department: "客服部",
            year: 2027,
            title: "安全目标责任书",
            text: "为认真贯彻落实安全生产方针，明确安全生产责任，特签订本责任书。",
            pages: 1,
            copies: 2,
        }
    }
}

pub fn new_agreement(a: &Archive, version_id: i64, s: &Spec<'_>) -> NewAgreement {
    let number = agreements::next_number(a.read(), s.year).unwrap();
    NewAgreement {
        number: number.clone(),
        template_version_id: version_id,
        person: PersonRef::New(NewPerson {
            name: s.name.into(),
            employee_no: s.employee_no.map(Into::into),
            department: s.department.into(),
            position: "员工".into(),
        }),
        signer_name: s.name.into(),
        department: s.department.into(),
        year: s.year,
        title: s.title.into(),
        signed_at: format!("{}-03-01T09:00:00+08:00", s.year),
        signed_text: format!(
            "{}\n签约人：{}（{}）\n{}",
            s.title, s.name, s.department, s.text
        ),
        values_json: "{}".into(),
        content_sha256: "0".repeat(64),
        pdf: tiny_pdf(s.pages, &number),
        pages: s.pages,
        copies: s.copies,
        operator: "测试员".into(),
        signatures: vec![NewSignature {
            role_key: "employee".into(),
            role_label: "员工".into(),
            signer_name: s.name.into(),
            png: vec![0x89, b'P', b'N', b'G'],
            strokes_json: "[]".into(),
            signed_at: format!("{}-03-01T09:00:00+08:00", s.year),
        }],
    }
}

/// Signs one agreement and returns its id.
pub fn sign(a: &mut Archive, version_id: i64, s: &Spec<'_>) -> i64 {
    let new = new_agreement(a, version_id, s);
    a.write(|tx| agreements::insert(tx, &new)).unwrap()
}
