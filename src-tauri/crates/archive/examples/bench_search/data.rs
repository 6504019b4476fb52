//! The benchmark's archive: people with realistic names (common surnames far more
//! common), departments, years 2016–2027, the built-in template texts and tiny real
//! PDFs, all drawn from a deterministic generator.

use std::path::PathBuf;
use std::time::Instant;

use lopdf::{dictionary, Document, Object, Stream};
use signdesk_archive::{
    agreements, templates, Archive, ArchiveError, NewAgreement, NewPerson, NewSignature, PersonRef,
};

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉建国建华文斌志强海燕宇浩晨欣怡子涵梓轩一诺雨桐佳琪俊杰天宇思远晓东国庆春梅丹丹婷婷亮飞雪梅";
pub const DEPARTMENTS: &[&str] = &[
    "客服部",
    "工程部",
    "财务部",
    "综合办公室",
    "安全生产部",
    "输配气管理所",
    "热力站",
    "营业厅",
    "水质检测中心",
    "物业服务中心",
    "人力资源部",
    "信息中心",
    "调度中心",
    "维修班",
];

/// Tiny deterministic PRNG (xorshift64*): no dependency, reproducible data.
pub struct Rng(pub u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn tiny_pdf(label: &str) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font = doc.add_object(
        dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica" },
    );
    let content = format!("BT /F1 12 Tf 72 760 Td ({label}) Tj ET");
    let content_id = doc.add_object(Stream::new(dictionary! {}, content.into_bytes()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("pdf");
    out
}

pub fn texts() -> Vec<(String, String)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../agreement/builtin");
    let mut out = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("builtin texts")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        if e.path().extension().is_some_and(|x| x == "txt") {
            let text = std::fs::read_to_string(e.path()).expect("text");
            let slug = e
                .path()
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push((slug, text));
        }
    }
    assert!(!out.is_empty(), "no template texts in {}", dir.display());
    out
}

struct Person {
    name: String,
    no: String,
    dept: &'static str,
}

fn people(rng: &mut Rng, n: usize) -> Vec<Person> {
    let surnames: Vec<String> = {
        let mut v: Vec<String> = SURNAMES.chars().map(String::from).collect();
        v.truncate(v.len() - 2);
        v.push("欧阳".into());
        v
    };
    let given: Vec<char> = GIVEN.chars().collect();
    (0..n)
        .map(|i| {
            // Common surnames are much more common: square the uniform draw.
            let s = (rng.below(1000) * rng.below(1000)) * surnames.len() / 1_000_000;
            let mut name = surnames[s].clone();
            name.push(given[rng.below(given.len())]);
            if rng.below(3) > 0 {
                name.push(given[rng.below(given.len())]);
            }
            Person {
                name,
                no: format!("E{:06}", i + 1),
                dept: DEPARTMENTS[rng.below(DEPARTMENTS.len())],
            }
        })
        .collect()
}

pub fn build(a: &mut Archive, n: usize, rng: &mut Rng) -> Result<(), ArchiveError> {
    let texts = texts();
    let mut versions = Vec::new();
    for (slug, text) in &texts {
        let title = text
            .lines()
            .next()
            .unwrap_or("安全目标责任书")
            .chars()
            .take(20)
            .collect::<String>();
        let v = a.write(|tx| {
            let id = templates::insert(tx, slug, &title, true)?;
            Ok::<_, ArchiveError>(templates::add_version(tx, id, &title, "{}", "内置")?.0)
        })?;
        versions.push((v, title, text.clone()));
    }
    let staff = people(rng, (n / 8).max(10));
    let years: Vec<i32> = (2016..=2027).collect();
    let per_year = n.div_ceil(years.len());
    let mut done = 0;
    let start = Instant::now();
    for &year in &years {
        let mut left = per_year.min(n - done);
        while left > 0 {
            let batch = left.min(2000);
            a.write(|tx| {
                for _ in 0..batch {
                    let p = &staff[rng.below(staff.len())];
                    let (v, title, text) = &versions[rng.below(versions.len())];
                    let number = agreements::next_number(tx, year)?;
                    let signed_at = format!(
                        "{year}-{:02}-{:02}T{:02}:{:02}:00+08:00",
                        1 + rng.below(12),
                        1 + rng.below(28),
                        8 + rng.below(10),
                        rng.below(60)
                    );
                    let signed_text = format!(
                        "{title}\n签约人：{}（{}，工号 {}）\n{year}年度\n{}",
                        p.name,
                        p.dept,
                        p.no,
                        text.replace("20xx", &year.to_string())
                    );
                    agreements::insert(
                        tx,
                        &NewAgreement {
                            pdf: tiny_pdf(&number),
                            number,
                            template_version_id: *v,
                            person: PersonRef::New(NewPerson {
                                name: p.name.clone(),
                                employee_no: Some(p.no.clone()),
                                department: p.dept.into(),
                                position: "员工".into(),
                            }),
                            signer_name: p.name.clone(),
                            department: p.dept.into(),
                            year,
                            title: title.clone(),
                            signed_at: signed_at.clone(),
                            signed_text,
                            values_json: "{}".into(),
                            content_sha256: "0".repeat(64),
                            pages: 1,
                            copies: 2,
                            operator: "bench".into(),
                            signatures: vec![NewSignature {
                                role_key: "employee".into(),
                                role_label: "员工".into(),
                                signer_name: p.name.clone(),
                                png: vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0],
                                strokes_json: "[]".into(),
                                signed_at,
                            }],
                        },
                    )?;
                }
                Ok::<_, ArchiveError>(())
            })?;
            left -= batch;
            done += batch;
            eprint!(
                "\r  built {done}/{n} ({:.0}/s)   ",
                done as f64 / start.elapsed().as_secs_f64()
            );
        }
    }
    eprintln!();
    Ok(())
}
