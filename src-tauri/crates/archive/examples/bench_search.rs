//! Archive search at scale: builds an archive of N agreements (default 100,000) with
//! realistic names, departments, years 2016–2027, the built-in template texts and
//! tiny real PDFs, then times search against a LIKE scan in the same run.
//!
//! `cargo run --release -p signdesk-archive --example bench_search -- --n 100000`
//! Options: `--runs R` (queries per kind, default 200), `--keep DIR` (build into DIR
//! and reuse it when it already holds the archive), `--plain` (an unencrypted archive,
//! to compare with SQLCipher; needs `--features bench-plaintext`).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use lopdf::{dictionary, Document, Object, Stream};
use signdesk_archive::search::{self, SearchQuery};
use signdesk_archive::{
    agreements, templates, Archive, ArchiveError, NewAgreement, NewPerson, NewSignature, PersonRef,
};

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红鹏辉建国建华文斌志强海燕宇浩晨欣怡子涵梓轩一诺雨桐佳琪俊杰天宇思远晓东国庆春梅丹丹婷婷亮飞雪梅";
const DEPARTMENTS: &[&str] = &[
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
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
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

fn texts() -> Vec<(String, String)> {
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

fn build(a: &mut Archive, n: usize, rng: &mut Rng) -> Result<(), ArchiveError> {
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

fn pct(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (
        ms(v[v.len() / 2]),
        ms(v[(v.len() * 95 / 100).min(v.len() - 1)]),
    )
}

fn time<F: FnMut(usize) -> i64>(runs: usize, mut f: F) -> (f64, f64, f64) {
    let mut v = Vec::with_capacity(runs);
    let mut total = 0i64;
    for i in 0..runs {
        let t = Instant::now();
        total += f(i);
        v.push(t.elapsed());
    }
    let (p50, p95) = pct(v);
    (p50, p95, total as f64 / runs as f64)
}

#[cfg(feature = "bench-plaintext")]
fn open_plain(dir: &std::path::Path) -> Result<Archive, ArchiveError> {
    std::fs::create_dir_all(dir).map_err(ArchiveError::io_with("创建文件夹"))?;
    Archive::open_unencrypted(&dir.join(signdesk_archive::DB_FILE))
}

#[cfg(not(feature = "bench-plaintext"))]
fn open_plain(_: &std::path::Path) -> Result<Archive, ArchiveError> {
    Err(ArchiveError::invalid(
        signdesk_base::ErrorKind::BadArgument,
        "--plain needs --features bench-plaintext",
    ))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let n: usize = arg("--n")
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(100_000);
    let runs: usize = arg("--runs").map(|s| s.parse()).transpose()?.unwrap_or(200);
    let tmp = tempfile::tempdir()?;
    let dir = arg("--keep")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("data"));
    let mut a = if args.iter().any(|a| a == "--plain") {
        open_plain(&dir)?
    } else {
        Archive::open_dir(&dir, &signdesk_archive::DbKey::from_bytes([0x5a; 32]))?
    };
    println!(
        "archive: {}",
        if args.iter().any(|a| a == "--plain") {
            "unencrypted"
        } else {
            "SQLCipher"
        }
    );
    let mut rng = Rng(0x5167_4E44_4553_4B21);
    let have: i64 = a
        .read()
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))?;
    if have == 0 {
        let t = Instant::now();
        build(&mut a, n, &mut rng)?;
        println!("built {n} agreements in {:.1} s", t.elapsed().as_secs_f64());
    } else {
        println!("reusing {have} agreements in {}", dir.display());
    }
    a.read()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
    let n_real: i64 = a
        .read()
        .query_row("SELECT count(*) FROM agreements", [], |r| r.get(0))?;
    let size = std::fs::metadata(a.path())?.len();
    let pdf_avg: f64 = a
        .read()
        .query_row("SELECT avg(length(pdf)) FROM agreements", [], |r| r.get(0))?;
    println!(
        "archive: {:.1} MB, {:.1} KB per agreement (PDF {:.1} KB)",
        size as f64 / 1e6,
        size as f64 / n_real as f64 / 1e3,
        pdf_avg / 1e3
    );

    // Query material drawn from the archive itself.
    let conn = a.read();
    let sample = |sql: &str| -> rusqlite::Result<Vec<String>> {
        let mut st = conn.prepare(sql)?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(v)
    };
    let names = sample("SELECT name FROM people ORDER BY random() LIMIT 500")?;
    let initials = sample("SELECT initials FROM people ORDER BY random() LIMIT 500")?;
    let texts = texts();
    let phrases: Vec<String> = (0..500)
        .map(|_| {
            let t: Vec<char> = texts[rng.below(texts.len())].1.chars().collect();
            loop {
                let i = rng.below(t.len().saturating_sub(6).max(1));
                let p: String = t[i..(i + 4).min(t.len())].iter().collect();
                if p.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                    return p;
                }
            }
        })
        .collect();

    let page_in = |text: &str, year: Option<i32>, department: Option<&str>| -> i64 {
        let q = SearchQuery {
            text: text.into(),
            year,
            department: department.map(String::from),
            limit: 50,
            ..Default::default()
        };
        search::search(conn, &q).expect("search").total
    };
    let page = |text: &str, year: Option<i32>| page_in(text, year, None);
    let like = |sql: &str, args: &[&str]| -> i64 {
        conn.query_row(
            &format!("SELECT count(*) OVER (), id FROM agreements a WHERE {sql} ORDER BY signed_at DESC LIMIT 50"),
            rusqlite::params_from_iter(args.iter()),
            |r| r.get(0),
        )
        .unwrap_or(0)
    };
    let like_runs = (runs / 10).max(5);
    println!("\n| query | search p50 | search p95 | avg hits | LIKE scan p50 | LIKE scan p95 |");
    println!("|---|---|---|---|---|---|");
    let row = |label: &str, s: (f64, f64, f64), l: Option<(f64, f64, f64)>| {
        let (lp50, lp95) = l
            .map(|l| (format!("{:.1} ms", l.0), format!("{:.1} ms", l.1)))
            .unwrap_or(("—".into(), "—".into()));
        println!(
            "| {label} | {:.2} ms | {:.2} ms | {:.0} | {lp50} | {lp95} |",
            s.0, s.1, s.2
        );
    };
    let s = time(runs, |i| page(&names[i % names.len()], None));
    let l = time(like_runs, |i| {
        like(
            "signer_name LIKE '%' || ?1 || '%'",
            &[&names[i % names.len()]],
        )
    });
    row("name (张伟, 欧阳丽 …)", s, Some(l));
    let two: Vec<&String> = names.iter().filter(|n| n.chars().count() == 2).collect();
    let s = time(runs, |i| page(two[i % two.len()], None));
    row("two-character name", s, None);
    let s = time(runs, |i| {
        page(
            &names[i % names.len()]
                .chars()
                .last()
                .unwrap_or('伟')
                .to_string(),
            None,
        )
    });
    row("single character (part of a name)", s, None);
    let s = time(runs, |i| page(&initials[i % initials.len()], None));
    let l = time(like_runs, |i| {
        like(
            "person_id IN (SELECT id FROM people WHERE initials LIKE ?1 || '%')",
            &[&initials[i % initials.len()]],
        )
    });
    row("pinyin initials (wxm …)", s, Some(l));
    let s = time(runs, |i| page(&phrases[i % phrases.len()], None));
    let l = time(like_runs, |i| {
        like(
            "signed_text LIKE '%' || ?1 || '%'",
            &[&phrases[i % phrases.len()]],
        )
    });
    row("phrase of the text (4 chars)", s, Some(l));
    let worst = "安全生产";
    let s = time(runs, |_| page(worst, None));
    let l = time(like_runs, |_| {
        like("signed_text LIKE '%' || ?1 || '%'", &[worst])
    });
    row("phrase in a third of the archive (安全生产)", s, Some(l));
    let s = time(runs, |i| {
        page(&phrases[i % phrases.len()], Some(2016 + (i % 12) as i32))
    });
    let l = time(like_runs, |i| {
        like(
            "signed_text LIKE '%' || ?1 || '%' AND year = CAST(?2 AS INTEGER)",
            &[&phrases[i % phrases.len()], &(2016 + (i % 12)).to_string()],
        )
    });
    row("phrase + year", s, Some(l));
    let s = time(runs, |i| {
        page_in(
            &phrases[i % phrases.len()],
            None,
            Some(DEPARTMENTS[i % DEPARTMENTS.len()]),
        )
    });
    let l = time(like_runs, |i| {
        like(
            "signed_text LIKE '%' || ?1 || '%' AND department = ?2",
            &[
                &phrases[i % phrases.len()],
                DEPARTMENTS[i % DEPARTMENTS.len()],
            ],
        )
    });
    row("phrase + department", s, Some(l));
    let s = time(runs, |i| page("", Some(2016 + (i % 12) as i32)));
    let l = time(like_runs, |i| {
        like(
            "+year = CAST(?1 AS INTEGER)",
            &[&(2016 + (i % 12)).to_string()],
        )
    });
    row("year filter (browse a year)", s, Some(l));
    let s = time(runs, |i| {
        page(&names[i % names.len()], Some(2016 + (i % 12) as i32))
    });
    row("name + year", s, None);

    Ok(())
}
