//! Ingest rate: one site's next year (5,000 agreements) as a 上报包 — each PDF really
//! sealed with the site's installation key (`sign_pdf`), each signing a real entry of
//! the site's chain, the bundle written by `bundle::Writer` and sealed with
//! `seal_bytes` — then `ingest::import_bundle`, the group office's import, timed.

use std::io::{BufReader, BufWriter};
use std::path::Path;
use std::time::{Duration, Instant};

use base64::Engine as _;
use postgres::Client;
use signdesk_base::AuditEvent;
use signdesk_group::bundle::{Header, Writer};
use signdesk_group::{AgreementRecord, RosterRecord, SignatureDigest};
use signdesk_seal::Installation;

use crate::data::{self, Names, Rng};
use crate::gen::{self, Chain};
use crate::load::Res;

pub struct Arrival {
    pub agreements: usize,
    pub pdf_bytes: usize,
    pub bundle_bytes: u64,
    pub seal_time: Duration,
    pub import: Duration,
    /// What the import answered: added, entries, roster, head.
    pub outcome: [i64; 4],
    pub peak_rss_kb: Option<u64>,
}

/// What the site's desk would carry: sealed PDFs and the chain after `head`.
struct Made {
    entries: Vec<signdesk_base::chain::AuditEntry>,
    agreements: Vec<(AgreementRecord, Vec<u8>)>,
    roster: Vec<RosterRecord>,
}

fn make(
    site_no: usize,
    inst: &Installation,
    head: Chain,
    year: i32,
    n: usize,
    pad: usize,
) -> Res<Made> {
    let mut rng = Rng::new(2027);
    let names = Names::new();
    let mut chain = head;
    let mut m = Made {
        entries: Vec::new(),
        agreements: Vec::new(),
        roster: Vec::new(),
    };
    let mut times: Vec<String> = (0..n).map(|_| gen::signing_time(year, &mut rng)).collect();
    times.sort();
    let (slug, title) = data::TEMPLATES[0];
    let clauses = crate::texts::clauses(slug, 3);
    for (k, at) in times.iter().enumerate() {
        let dept = *rng.pick(data::WORKSHOPS);
        let no = format!("{:02}{:05}", site_no + 1, 90_000 + k);
        let p = gen::person(names.name(&mut rng), dept, Some(no.clone()));
        let number = format!("SD-{year}-{:06}", k + 1);
        let plain = crate::pdf::minimal(
            &format!("{number} site {:02} {no} {at}", site_no + 1),
            pad,
            &mut rng,
        );
        let when = chrono::DateTime::parse_from_rfc3339(at)?.with_timezone(&chrono::Utc);
        let pdf = signdesk_seal::sign_pdf(&plain, inst, "签署年度安全生产目标责任书", when)?;
        let pdf_sha = signdesk_base::chain::sha256_hex(&pdf);
        let signed_text = clauses
            .iter()
            .cloned()
            .chain(crate::texts::filled(&p, at))
            .collect::<Vec<_>>()
            .join("\n");
        let mut rec = AgreementRecord {
            number: number.clone(),
            year,
            template_slug: slug.into(),
            template_version: 3,
            title: title.into(),
            signer: p.name.clone(),
            department: p.department.clone(),
            employee_no: p.employee_no.clone(),
            signed_at: at.clone(),
            content_sha256: String::new(),
            pdf_sha256: pdf_sha.clone(),
            pages: 3,
            copies: 2,
            signed_text,
            values_json: "{}".into(),
            signatures: vec![SignatureDigest {
                role_key: "yifang".into(),
                png_sha256: signdesk_base::chain::sha256_hex(p.name.as_bytes()),
            }],
        };
        rec.content_sha256 = rec.content_digest();
        let content = rec.content_sha256.clone();
        let detail = gen::signed_detail(100_000 + k as i64, &p, year, &pdf_sha, &content);
        m.entries
            .push(chain.append(at, AuditEvent::AgreementSigned, &number, detail));
        m.roster.push(RosterRecord {
            year,
            name: p.name.clone(),
            department: p.department.clone(),
            employee_no: p.employee_no.clone(),
        });
        m.agreements.push((rec, pdf));
    }
    Ok(m)
}

fn write_bundle(path: &Path, site_name: &str, inst: &Installation, m: &Made) -> Res<()> {
    let header = Header {
        site_name: site_name.to_string(),
        root_der: base64::engine::general_purpose::STANDARD.encode(&inst.root_cert_der),
        created_at: chrono::Local::now().to_rfc3339(),
        from_seq: m.entries.first().map_or(0, |e| e.seq),
        to_seq: m.entries.last().map_or(-1, |e| e.seq),
    };
    let f = std::fs::File::create(path)?;
    let mut w = Writer::new(BufWriter::new(f), &header)?;
    for e in &m.entries {
        w.audit(e)?;
    }
    for (a, pdf) in &m.agreements {
        w.agreement(a, pdf)?;
    }
    for r in &m.roster {
        w.roster(r)?;
    }
    let seal = signdesk_seal::seal_bytes(inst, &w.digest())?;
    let out = w.finish(&seal)?;
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(())
}

/// Continues site `site_id`'s chain (as the group holds it) with `n` agreements of `year`.
#[allow(clippy::too_many_arguments)]
pub fn run(
    client: &mut Client,
    db_url: &str,
    site_no: usize,
    site_id: i32,
    inst: &Installation,
    year: i32,
    n: usize,
    pad: usize,
) -> Res<Arrival> {
    let head = signdesk_group::ingest::head(client, site_id)?;
    let site_name: String = client
        .query_one("SELECT name FROM sites WHERE id = $1", &[&site_id])?
        .get(0);
    let t = Instant::now();
    let made = make(
        site_no,
        inst,
        Chain {
            seq: head.entries,
            hash: head.hash,
        },
        year,
        n,
        pad,
    )?;
    let seal_time = t.elapsed();
    let pdf_bytes = made.agreements.iter().map(|(_, p)| p.len()).sum::<usize>() / n.max(1);
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("上报包.sdbundle");
    write_bundle(&path, &site_name, inst, &made)?;
    drop(made);
    let bundle_bytes = std::fs::metadata(&path)?.len();
    // The import in a process of its own, so its peak memory is its own.
    let out = std::process::Command::new(std::env::current_exe()?)
        .arg("--import-bundle")
        .arg(&path)
        .arg("--url")
        .arg(db_url)
        .output()?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
    }
    let v: Vec<f64> = String::from_utf8(out.stdout)?
        .split_whitespace()
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let [secs, rss, added, entries, roster, head] = v[..] else {
        return Err("the import process answered something else".into());
    };
    Ok(Arrival {
        agreements: n,
        pdf_bytes,
        bundle_bytes,
        seal_time,
        import: Duration::from_secs_f64(secs),
        outcome: [added as i64, entries as i64, roster as i64, head as i64],
        peak_rss_kb: (rss > 0.0).then_some(rss as u64),
    })
}

/// `--import-bundle FILE`: imports it and prints seconds, peak RSS (KiB), added,
/// entries, roster lines and the head.
pub fn import_only(url: &str, file: &str) -> Res<()> {
    let mut client = signdesk_group::connect(url, None).map_err(crate::group_err)?;
    let t = Instant::now();
    let f = std::fs::File::open(file)?;
    let o = signdesk_group::ingest::import_bundle(&mut client, BufReader::new(f))
        .map_err(crate::group_err)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{secs} {} {} {} {} {}",
        crate::vm_hwm_kb().unwrap_or(0),
        o.added,
        o.entries,
        o.roster,
        o.head.entries
    );
    Ok(())
}
