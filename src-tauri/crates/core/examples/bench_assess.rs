//! The year's assessment at scale: an archive with N signed agreements of one year
//! (default 10,000) on the built-in 2018 template (安全责任 60 + 事故情况 40), then
//! times, in one run and side by side with the obvious alternative:
//!
//! - scoring: `signdesk_assess::score` (exact decimals) against the same sums in f64;
//! - storing every result (`Desk::assess`, one transaction, hashed and audited) and
//!   importing them from a CSV (`Desk::import_assessments`, check and save);
//! - the report screen's data (`Desk::assessment_report`: one indexed pass) against
//!   loading every person's row and grouping in Rust; and the .xlsx export.
//!
//! `cargo run --release -p signdesk-core --example bench_assess -- --n 10000`

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use signdesk_archive::{
    agreements, templates, Archive, ArchiveError, NewAgreement, NewPerson, NewSignature, PersonRef,
};
use signdesk_assess::{Decimal, Value};
use signdesk_core::assess::{AssessInput, ResultsFile};
use signdesk_core::{AssessmentSource, Desk, Job, Year};

const TEMPLATE: &str = "kefu-anquan-mubiao-2018";
const PASS: &str = "测试口令 bench 2027";
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
const NAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘";
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红鹏辉";

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

fn build(dir: &std::path::Path, n: usize, rng: &mut Rng) -> Result<(), ArchiveError> {
    let key = signdesk_core::keyfile::archive_key(dir, PASS).expect("key");
    let mut a = Archive::open_dir(dir, &key)?;
    let version = templates::version(a.read(), TEMPLATE, None)?;
    let text = &version.body_json;
    // A stored agreement is ~100 KB of PDF; its bytes stay out of the way of these
    // queries (they sit after the columns read), so a smaller blob keeps the build fast.
    let mut pdf = b"%PDF-1.7\n".to_vec();
    pdf.resize(20_000, b' ');
    let surnames: Vec<char> = NAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    let mut done = 0;
    while done < n {
        let batch = (n - done).min(2000);
        a.write(|tx| {
            for i in done..done + batch {
                let name = format!(
                    "{}{}{}",
                    surnames[rng.below(surnames.len())],
                    given[rng.below(given.len())],
                    given[rng.below(given.len())]
                );
                let dept = DEPARTMENTS[rng.below(DEPARTMENTS.len())];
                let number = agreements::next_number(tx, 2027)?;
                let signed_at = "2027-01-15T09:30:00+08:00".to_string();
                agreements::insert(
                    tx,
                    &NewAgreement {
                        pdf: pdf.clone(),
                        number,
                        template_version_id: version.id,
                        person: PersonRef::New(NewPerson {
                            name: name.clone(),
                            employee_no: Some(format!("B{i:06}")),
                            department: dept.into(),
                            position: "员工".into(),
                        }),
                        signer_name: name.clone(),
                        department: dept.into(),
                        year: 2027,
                        title: "客服部安全目标责任书".into(),
                        signed_at: signed_at.clone(),
                        signed_text: text.chars().take(2000).collect(),
                        values_json: "{}".into(),
                        content_sha256: "0".repeat(64),
                        pages: 2,
                        copies: 2,
                        operator: "bench".into(),
                        signatures: vec![NewSignature {
                            role_key: "employee".into(),
                            role_label: "员工".into(),
                            signer_name: name,
                            png: vec![0x89, b'P', b'N', b'G', 0, 0, 0, 0],
                            strokes_json: "[]".into(),
                            signed_at,
                        }],
                    },
                )?;
            }
            Ok::<_, ArchiveError>(())
        })?;
        done += batch;
        eprint!("\r  built {done}/{n}   ");
    }
    eprintln!();
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn percentiles(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let at = |q: f64| ms(v[((v.len() as f64 - 1.0) * q).round() as usize]);
    (at(0.5), at(0.95))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .iter()
        .position(|a| a == "--n")
        .and_then(|i| args.get(i + 1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let tmp = tempfile::tempdir()?;
    let dir = tmp.path();
    drop(Desk::create(dir, "宁德新奥燃气有限公司", PASS)?);
    let mut rng = Rng(0x5EED_2027);
    let t = Instant::now();
    build(dir, n, &mut rng)?;
    println!(
        "archive: {n} agreements of 2027 built in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let mut desk = Desk::open(dir, PASS)?;
    let points: Vec<(Decimal, Decimal)> = (0..n)
        .map(|_| {
            // 30.0 … 60.0 and 10.0 … 40.0 in tenths.
            let a = Decimal::new(300 + rng.below(301) as i64, 1);
            let b = Decimal::new(100 + rng.below(301) as i64, 1);
            (a, b)
        })
        .collect();
    let values = scoring(&desk, &points)?;
    let half = n / 2;
    storing(&mut desk, &values[..half])?;
    importing(&mut desk, &points, half)?;
    reporting(&desk, dir, n)
}

/// Scoring alone: exact decimals against f64; returns each person's values.
fn scoring(
    desk: &Desk,
    points: &[(Decimal, Decimal)],
) -> Result<Vec<BTreeMap<String, Value>>, Box<dyn std::error::Error>> {
    let n = points.len();
    let scheme = desk.template_scheme(TEMPLATE, None)?;
    let values: Vec<BTreeMap<String, Value>> = points
        .iter()
        .map(|(a, b)| {
            BTreeMap::from([
                ("part1".to_string(), Value::Points(*a)),
                ("part2".to_string(), Value::Points(*b)),
            ])
        })
        .collect();
    let t = Instant::now();
    let mut sum = Decimal::ZERO;
    for v in &values {
        sum += signdesk_assess::score(&scheme, v)?.score;
    }
    let exact = t.elapsed();
    let floats: Vec<(f64, f64)> = points
        .iter()
        .map(|(a, b)| {
            (
                a.to_string().parse().unwrap(),
                b.to_string().parse().unwrap(),
            )
        })
        .collect();
    let t = Instant::now();
    let mut fsum = 0.0f64;
    for (a, b) in &floats {
        fsum += (a + b).max(0.0);
    }
    let float = t.elapsed();
    println!(
        "score {n}: decimal {:.1} ms (with rule text per line), f64 {:.3} ms; sums {} vs {fsum}",
        ms(exact),
        ms(float),
        sum.normalize()
    );
    Ok(values)
}

/// Storing the first agreements' results through the desk: one transaction, a hash
/// and audit entry each.
fn storing(
    desk: &mut Desk,
    values: &[BTreeMap<String, Value>],
) -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<AssessInput> = values
        .iter()
        .enumerate()
        .map(|(i, v)| AssessInput {
            number: format!("SD-2027-{:06}", i + 1),
            values: v.clone(),
            adjustment: None,
            reason: String::new(),
        })
        .collect();
    let half = inputs.len();
    let t = Instant::now();
    desk.assess(&inputs, AssessmentSource::Grid)?;
    let store = t.elapsed();
    println!(
        "store {half} results (Desk::assess, one transaction): {:.0} ms ({:.2} ms each)",
        ms(store),
        ms(store) / half as f64
    );
    Ok(())
}

/// The other agreements' results from a CSV, checked then saved.
fn importing(
    desk: &mut Desk,
    points: &[(Decimal, Decimal)],
    half: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = String::from("工号,姓名,安全责任,事故情况\n");
    for (i, (a, b)) in points.iter().enumerate().skip(half) {
        csv.push_str(&format!("B{i:06},,{a},{b}\n"));
    }
    let file = ResultsFile {
        name: "成绩.csv",
        bytes: csv.as_bytes(),
        year: Year::new(2027)?,
        template: None,
    };
    let t = Instant::now();
    let check = desk.import_assessments(file, "", false, &Job::silent())?;
    let checked = t.elapsed();
    let t = Instant::now();
    let saved = desk.import_assessments(file, "", true, &Job::silent())?;
    let imported = t.elapsed();
    assert!(
        check.errors.is_empty() && saved.saved,
        "{:?}",
        check.errors.first()
    );
    println!(
        "import {} rows from CSV: check {:.0} ms, check + save {:.0} ms",
        points.len() - half,
        ms(checked),
        ms(imported)
    );
    Ok(())
}

/// The report screen's data: one indexed pass, against every row grouped in Rust;
/// then the .xlsx.
fn reporting(
    desk: &Desk,
    dir: &std::path::Path,
    n: usize,
) -> Result<(), Box<dyn std::error::Error>> {
    let year = Year::new(2027)?;
    let runs = 30;
    let key = signdesk_core::keyfile::archive_key(dir, PASS)?;
    let conn = signdesk_archive::open_connection(&dir.join(signdesk_archive::DB_FILE), &key)?;
    let mut report = Vec::new();
    let mut naive = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let r = desk.assessment_report(year)?;
        report.push(t.elapsed());
        assert_eq!(r.assessed as usize, n);
        let t = Instant::now();
        let rows = naive_report(&conn)?;
        naive.push(t.elapsed());
        assert_eq!(rows, r.departments.len());
    }
    let (p50, p95) = percentiles(report);
    let (n50, n95) = percentiles(naive);
    println!("report (Desk::assessment_report): p50 {p50:.1} ms, p95 {p95:.1} ms");
    println!("report, every row loaded and grouped in Rust: p50 {n50:.1} ms, p95 {n95:.1} ms");
    let t = Instant::now();
    let xlsx = desk.assessment_report_xlsx(year)?;
    println!(
        "report .xlsx ({} rows): {:.0} ms, {} KB",
        n,
        ms(t.elapsed()),
        xlsx.len() / 1024
    );
    Ok(())
}

/// The alternative: every person's row with their current score, grouped here.
fn naive_report(conn: &signdesk_archive::Connection) -> Result<usize, Box<dyn std::error::Error>> {
    let rows = signdesk_archive::assessments::year_scores(conn, 2027)?;
    let mut by: BTreeMap<&str, (u32, u32, f64)> = BTreeMap::new();
    for r in &rows {
        let e = by.entry(r.department.as_str()).or_default();
        e.0 += 1;
        if let Some(s) = r.score_value {
            e.1 += 1;
            e.2 += s;
        }
    }
    Ok(by.len())
}
