//! One site's ten years, as its desk would have sent them: a workforce that changes a
//! little each year (its roster), most of it signing early in the year, each signing
//! an `agreement_signed` entry of the site's chain with the desk's detail JSON, a few
//! agreements voided later in the year.

use chrono::NaiveDate;
use signdesk_base::chain::{entry_hash, sha256_hex, AuditEntry, GENESIS};
use signdesk_base::AuditEvent;

use crate::data::{self, Names, Rng, Weighted};

pub const FIRST_YEAR: i32 = 2017;
pub const YEARS: usize = 10;
const ACTOR: &str = "管理员";

pub struct Person {
    pub name: String,
    pub department: String,
    pub employee_no: Option<String>,
    /// Search columns, computed once per person exactly as `ingest.rs` does.
    pub grams: Vec<String>,
    pub pinyin: Vec<String>,
    pub initials: Vec<String>,
}

pub struct Agreement {
    pub number: String,
    pub year: i32,
    pub template: usize,
    pub template_version: i32,
    pub person: usize,
    pub signed_at: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pages: i32,
    pub audit_seq: i64,
    /// Its signed text: indexes into the site's `lines`.
    pub lines: Vec<u32>,
}

pub struct Void {
    pub number: String,
    pub reason: &'static str,
    pub voided_at: String,
    pub audit_seq: i64,
}

/// Everything one site sends: what the loader copies in.
pub struct SiteBatch {
    pub site_id: i32,
    pub people: Vec<Person>,
    pub pdfs: Vec<(String, Vec<u8>)>,
    pub audit: Vec<AuditEntry>,
    pub agreements: Vec<Agreement>,
    pub voids: Vec<Void>,
    /// (year, person)
    pub rosters: Vec<(i32, usize)>,
    /// The distinct lines of the site's signed texts.
    pub lines: crate::texts::Lines,
}

/// A site's departments and how many people each tends to have.
fn departments(rng: &mut Rng) -> (Vec<&'static str>, Weighted) {
    let mut out = Vec::new();
    let mut weights = Vec::new();
    for (list, n, w) in [
        (data::WORKSHOPS, 5, 10),
        (data::TEAMS, 3, 4),
        (data::OFFICES, 4, 2),
    ] {
        let mut l = list.to_vec();
        rng.shuffle(&mut l);
        out.extend_from_slice(&l[..n]);
        weights.extend(std::iter::repeat_n(w, n));
    }
    (out, Weighted::new(weights))
}

pub fn person(name: String, department: &str, employee_no: Option<String>) -> Person {
    let readings = signdesk_base::reading::pinyin_readings(&name);
    let pinyin: Vec<String> = readings.iter().map(|(f, _)| f.clone()).collect();
    let mut initials: Vec<String> = readings.iter().map(|(_, i)| i.clone()).collect();
    initials.dedup();
    Person {
        grams: signdesk_group::grams::name_grams(&name),
        name,
        department: department.to_string(),
        employee_no,
        pinyin,
        initials,
    }
}

/// A signing time in `year`: most in the first quarter, the rest (new hires) any day.
pub fn signing_time(year: i32, rng: &mut Rng) -> String {
    let day = if rng.chance(0.75) {
        3 + rng.below(88) as u32
    } else {
        1 + rng.below(365) as u32
    };
    let date = NaiveDate::from_yo_opt(year, day).expect("a day of the year");
    format!(
        "{}T{:02}:{:02}:{:02}+08:00",
        date.format("%Y-%m-%d"),
        8 + rng.below(10),
        rng.below(60),
        rng.below(60)
    )
}

/// The site's chain as it grows.
pub struct Chain {
    pub seq: i64,
    pub hash: String,
}

impl Chain {
    pub fn new() -> Self {
        Chain {
            seq: 0,
            hash: GENESIS.to_string(),
        }
    }

    pub fn append(
        &mut self,
        at: &str,
        event: AuditEvent,
        subject: &str,
        detail: String,
    ) -> AuditEntry {
        self.seq += 1;
        let event = event.as_str();
        let hash = entry_hash(&self.hash, self.seq, at, ACTOR, event, subject, &detail);
        AuditEntry {
            seq: self.seq,
            at: at.to_string(),
            actor: ACTOR.to_string(),
            event: event.to_string(),
            subject: subject.to_string(),
            detail,
            prev_hash: std::mem::replace(&mut self.hash, hash.clone()),
            hash,
        }
    }
}

/// What the desk hashes as the agreement's content (here: its identifying fields).
pub fn content_hash(number: &str, p: &Person, slug: &str, version: i32) -> String {
    sha256_hex(format!("{number}|{}|{}|{slug}|{version}", p.name, p.department).as_bytes())
}

/// The desk's `agreement_signed` detail.
pub fn signed_detail(id: i64, p: &Person, year: i32, pdf: &str, content: &str) -> String {
    serde_json::json!({
        "id": id,
        "signer": p.name,
        "department": p.department,
        "year": year,
        "pdf_sha256": pdf,
        "content_sha256": content,
    })
    .to_string()
}

/// One site's ten years; `counts[i]` agreements in year `FIRST_YEAR + i`.
pub fn site(site_no: usize, site_id: i32, counts: &[usize], names: &Names, seed: u64) -> SiteBatch {
    let mut rng = Rng::new(seed);
    let (depts, dept_w) = departments(&mut rng);
    let template = rng.below(data::TEMPLATES.len());
    let mut b = SiteBatch {
        site_id,
        people: Vec::new(),
        pdfs: Vec::new(),
        audit: Vec::new(),
        agreements: Vec::new(),
        voids: Vec::new(),
        rosters: Vec::new(),
        lines: Default::default(),
    };
    let mut chain = Chain::new();
    let mut workforce: Vec<usize> = Vec::new();
    let mut hired = 0usize;
    for (i, &n) in counts.iter().enumerate() {
        let year = FIRST_YEAR + i as i32;
        // A few leave each year; new people are hired up to this year's roster.
        workforce.retain(|_| rng.chance(0.94));
        let roster = (n as f64 / (0.92 + 0.07 * rng.unit())).ceil() as usize;
        while workforce.len() < roster {
            hired += 1;
            let no = (!rng.chance(0.02)).then(|| format!("{:02}{:05}", site_no + 1, hired));
            let dept = depts[dept_w.sample(&mut rng)];
            b.people.push(person(names.name(&mut rng), dept, no));
            workforce.push(b.people.len() - 1);
        }
        rng.shuffle(&mut workforce);
        workforce.truncate(roster);
        let mut keys = std::collections::HashSet::new();
        for &p in &workforce {
            let person = &b.people[p];
            let key = match &person.employee_no {
                Some(no) => format!("no:{no}"),
                None => format!("name:{}/{}", person.name, person.department),
            };
            if keys.insert(key) {
                b.rosters.push((year, p));
            }
        }
        let mut signers: Vec<(String, usize)> = workforce[..n]
            .iter()
            .map(|&p| (signing_time(year, &mut rng), p))
            .collect();
        signers.sort();
        year_of(
            &mut b, &mut chain, &mut rng, site_no, year, template, &signers,
        );
    }
    b
}

/// The signings of one year (in time order), then a few voids at its end.
fn year_of(
    b: &mut SiteBatch,
    chain: &mut Chain,
    rng: &mut Rng,
    site_no: usize,
    year: i32,
    template: usize,
    signers: &[(String, usize)],
) {
    let slug = data::TEMPLATES[template].0;
    let version = 1 + (year - FIRST_YEAR) / 4;
    let first = b.agreements.len();
    let clauses = crate::texts::clauses(slug, version);
    for (k, (at, p)) in signers.iter().enumerate() {
        let person = &b.people[*p];
        let number = format!("SD-{year}-{:06}", k + 1);
        let text = format!(
            "{number} site {:02} {} {at}",
            site_no + 1,
            person.employee_no.as_deref().unwrap_or("-")
        );
        let pdf = crate::pdf::minimal(&text, 0, rng);
        let pdf_sha = sha256_hex(&pdf);
        let content = content_hash(&number, person, slug, version);
        let id = b.agreements.len() as i64 + 1;
        let detail = signed_detail(id, person, year, &pdf_sha, &content);
        let e = chain.append(at, AuditEvent::AgreementSigned, &number, detail);
        let filled = crate::texts::filled(person, at);
        let values = [
            person.name.as_str(),
            person.department.as_str(),
            person.employee_no.as_deref().unwrap_or(""),
            &at[..10],
        ];
        let lines = b.lines.ids(clauses.iter().cloned().chain(filled), &values);
        b.agreements.push(Agreement {
            lines,
            number,
            year,
            template,
            template_version: version,
            person: *p,
            signed_at: at.clone(),
            content_sha256: content,
            pdf_sha256: pdf_sha.clone(),
            pages: 2 + rng.below(2) as i32,
            audit_seq: e.seq,
        });
        b.audit.push(e);
        b.pdfs.push((pdf_sha, pdf));
    }
    // About 3 in 1,000 are voided on the year's last day.
    for i in first..b.agreements.len() {
        if !rng.chance(0.003) {
            continue;
        }
        let number = b.agreements[i].number.clone();
        let reason = *rng.pick(data::VOID_REASONS);
        let at = format!("{year}-12-31T18:{:02}:00+08:00", rng.below(60));
        let detail = serde_json::json!({ "id": i as i64 + 1, "reason": reason }).to_string();
        let e = chain.append(&at, AuditEvent::AgreementVoided, &number, detail);
        b.voids.push(Void {
            number,
            reason,
            voided_at: at,
            audit_seq: e.seq,
        });
        b.audit.push(e);
    }
}
