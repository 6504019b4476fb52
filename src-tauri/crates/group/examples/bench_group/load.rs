//! Filling the group archive: 50 registered sites (real root certificates), then each
//! site's ten years by binary COPY, one transaction per site, while the next site is
//! generated on another thread.

use std::time::{Duration, Instant};

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use postgres::{Client, Transaction};
use signdesk_seal::Installation;

use crate::data::{self, Names, Rng};
use crate::gen::{self, SiteBatch, YEARS};

pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// The migration's secondary indexes the `rebuild` load drops and re-creates.
const REBUILT: &[&str] = &[
    "agreements_name_grams",
    "agreements_pinyin",
    "agreements_initials",
    "agreements_employee_no",
    "agreements_year_site",
    "agreements_department",
    "agreements_line_keys",
    "audit_subject",
];

pub struct Loaded {
    pub rows: Rows,
    pub copy: Duration,
    pub indexes: Duration,
    pub vacuum: Duration,
}

#[derive(Default, Clone, Copy)]
pub struct Rows {
    pub agreements: u64,
    pub audit: u64,
    pub pdfs: u64,
    pub voids: u64,
    pub rosters: u64,
}

impl Rows {
    pub fn total(&self) -> u64 {
        self.agreements + self.audit + self.pdfs + self.voids + self.rosters
    }
}

/// Registers the sites through `sites::add`, each with its own installation.
pub fn register(client: &mut Client, sites: usize) -> Res<Vec<(i32, Installation)>> {
    data::CITIES
        .iter()
        .cycle()
        .take(sites)
        .map(|city| register_one(client, &format!("{city}分公司")))
        .collect()
}

pub fn register_one(client: &mut Client, name: &str) -> Res<(i32, Installation)> {
    let inst = signdesk_seal::create(name, chrono::Utc::now())?;
    let added =
        signdesk_group::sites::add(client, name, &inst.root_cert_der).map_err(crate::group_err)?;
    Ok((added.site.id, inst))
}

/// How many agreements each site signs each year: sites of different sizes, a little
/// more each year, summing to exactly `total`.
pub fn plan(total: usize, sites: usize, rng: &mut Rng) -> Vec<[usize; YEARS]> {
    let size: Vec<f64> = (0..sites).map(|_| 0.4 + 1.6 * rng.unit()).collect();
    let growth = |y: usize| 1.0 + 0.03 * y as f64;
    let weight: f64 = size.iter().sum::<f64>() * (0..YEARS).map(growth).sum::<f64>();
    let mut out: Vec<[usize; YEARS]> = size
        .iter()
        .map(|s| std::array::from_fn(|y| (total as f64 * s * growth(y) / weight) as usize))
        .collect();
    let made: usize = out.iter().flatten().sum();
    out[0][YEARS - 1] += total - made;
    out
}

pub fn load(client: &mut Client, sites: &[i32], total: usize, rebuild: bool) -> Res<Loaded> {
    let mut rng = Rng::new(25);
    let counts = plan(total, sites.len(), &mut rng);
    let mut defs = Vec::new();
    if rebuild {
        for name in REBUILT {
            let def: String = client
                .query_one(
                    "SELECT indexdef FROM pg_indexes WHERE indexname = $1",
                    &[name],
                )?
                .get(0);
            defs.push(def);
            client.batch_execute(&format!("DROP INDEX {name}"))?;
        }
    }
    let (tx_batches, rx) = std::sync::mpsc::sync_channel::<SiteBatch>(1);
    let ids = sites.to_vec();
    let producer = std::thread::spawn(move || {
        let names = Names::new();
        for (i, id) in ids.iter().enumerate() {
            let b = gen::site(i, *id, &counts[i], &names, 1000 + i as u64);
            if tx_batches.send(b).is_err() {
                return;
            }
        }
    });
    let start = Instant::now();
    let mut rows = Rows::default();
    for b in rx {
        let mut tx = client.transaction()?;
        copy_site(&mut tx, &b, &mut rows)?;
        tx.commit()?;
        eprintln!(
            "  site {:>2}: {:>7} agreements so far, {:.1} s",
            b.site_id,
            rows.agreements,
            start.elapsed().as_secs_f64()
        );
    }
    producer
        .join()
        .map_err(|_| "the generator thread panicked")?;
    let copy = start.elapsed();
    let t = Instant::now();
    if rebuild {
        client.batch_execute("SET maintenance_work_mem = '1GB'")?;
        for def in &defs {
            client.batch_execute(def)?;
        }
        client.batch_execute("RESET maintenance_work_mem")?;
    }
    let indexes = t.elapsed();
    let t = Instant::now();
    client.batch_execute("VACUUM (ANALYZE) pdfs, audit, agreements, voids, rosters, text_lines")?;
    Ok(Loaded {
        rows,
        copy,
        indexes,
        vacuum: t.elapsed(),
    })
}

fn copy_site(tx: &mut Transaction<'_>, b: &SiteBatch, rows: &mut Rows) -> Res<()> {
    let site = b.site_id;
    let sink = tx.copy_in("COPY pdfs (sha256, bytes, site_id) FROM STDIN (FORMAT binary)")?;
    let mut w = BinaryCopyInWriter::new(sink, &[Type::TEXT, Type::BYTEA, Type::INT4]);
    for (sha, bytes) in &b.pdfs {
        w.write(&[sha, bytes, &site])?;
    }
    rows.pdfs += w.finish()?;
    let sink = tx.copy_in(
        "COPY audit (site_id, seq, at, actor, event, subject, detail, prev_hash, hash)
         FROM STDIN (FORMAT binary)",
    )?;
    let text = Type::TEXT;
    let types = [
        Type::INT4,
        Type::INT8,
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for e in &b.audit {
        w.write(&[
            &site,
            &e.seq,
            &e.at,
            &e.actor,
            &e.event,
            &e.subject,
            &e.detail,
            &e.prev_hash,
            &e.hash,
        ])?;
    }
    rows.audit += w.finish()?;
    rows.agreements += copy_agreements(tx, b)?;
    let sink = tx.copy_in(
        "COPY voids (site_id, number, reason, voided_at, actor, audit_seq)
         FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT4,
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        Type::INT8,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for v in &b.voids {
        w.write(&[
            &site,
            &v.number,
            &v.reason,
            &v.voided_at,
            &"管理员",
            &v.audit_seq,
        ])?;
    }
    rows.voids += w.finish()?;
    rows.rosters += copy_rosters(tx, b)?;
    Ok(())
}

/// The site's distinct lines, as ingest stores them; their keys in the site's order.
fn insert_lines(tx: &mut Transaction<'_>, b: &SiteBatch) -> Res<Vec<i64>> {
    let lines = &b.lines.lines;
    let shas: Vec<String> = lines
        .iter()
        .map(|l| signdesk_base::chain::sha256_hex(l.as_bytes()))
        .collect();
    let keys: Vec<i64> = shas
        .iter()
        .map(|s| signdesk_group::ingest::line_key(s))
        .collect();
    tx.execute(
        "INSERT INTO text_lines(site_id, sha256, key, line, pairs)
         SELECT $1, sha, k, line, coalesce(string_to_array(nullif(p, ''), E'\\x1f'), '{}')
         FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[]) AS u(sha, k, line, p)",
        &[&b.site_id, &shas, &keys, lines, &b.lines.pairs],
    )?;
    Ok(keys)
}

fn copy_agreements(tx: &mut Transaction<'_>, b: &SiteBatch) -> Res<u64> {
    let keys = insert_lines(tx, b)?;
    let sink = tx.copy_in(
        "COPY agreements (site_id, number, year, template_slug, template_version, title,
            signer, department, employee_no, signed_at, content_sha256, pdf_sha256, pages,
            copies, audit_seq, name_grams, pinyin, initials, line_keys)
         FROM STDIN (FORMAT binary)",
    )?;
    let (int, text, arr) = (Type::INT4, Type::TEXT, Type::TEXT_ARRAY);
    let types = [
        int.clone(),
        text.clone(),
        int.clone(),
        text.clone(),
        int.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        text.clone(),
        int.clone(),
        int,
        Type::INT8,
        arr.clone(),
        arr.clone(),
        arr,
        Type::INT8_ARRAY,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for a in &b.agreements {
        let line_keys: Vec<i64> = a.lines.iter().map(|&i| keys[i as usize]).collect();
        let p = &b.people[a.person];
        let (slug, title) = data::TEMPLATES[a.template];
        w.write(&[
            &b.site_id,
            &a.number,
            &a.year,
            &slug,
            &a.template_version,
            &title,
            &p.name,
            &p.department,
            &p.employee_no,
            &a.signed_at,
            &a.content_sha256,
            &a.pdf_sha256,
            &a.pages,
            &2i32,
            &a.audit_seq,
            &p.grams,
            &p.pinyin,
            &p.initials,
            &line_keys,
        ])?;
    }
    Ok(w.finish()?)
}

fn copy_rosters(tx: &mut Transaction<'_>, b: &SiteBatch) -> Res<u64> {
    let sink = tx.copy_in(
        "COPY rosters (site_id, year, person_key, name, department, employee_no)
         FROM STDIN (FORMAT binary)",
    )?;
    let types = [
        Type::INT4,
        Type::INT4,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
        Type::TEXT,
    ];
    let mut w = BinaryCopyInWriter::new(sink, &types);
    for (year, p) in &b.rosters {
        let p = &b.people[*p];
        let r = signdesk_group::RosterRecord {
            year: *year,
            name: p.name.clone(),
            department: p.department.clone(),
            employee_no: p.employee_no.clone(),
        };
        w.write(&[
            &b.site_id,
            year,
            &r.person_key(),
            &p.name,
            &p.department,
            &p.employee_no,
        ])?;
    }
    Ok(w.finish()?)
}
