//! The one way into the group archive. A bundle import and a desk's online sync feed
//! the same [`Ingest`], inside one transaction of the caller's: every record is checked
//! before it is stored, and the first refusal is returned (kind and the entry or
//! number it concerns) so the caller rolls everything back.
//!
//! - an audit entry must hash to what it says, and either continue the site's chain
//!   (the next position, linking to the last hash the group holds) or be exactly the
//!   entry the group already holds at its position (sent twice: nothing changes);
//!   a later position is a gap, a different entry a rewrite;
//! - an agreement's PDF must hash to its recorded hash and its seal verify against
//!   the root the site registered, and the site's chain must hold the
//!   `agreement_signed` entry that recorded exactly these hashes; the same number
//!   again is `unchanged` when its content hash matches, a `conflict` when not;
//! - a void must be recorded by an `agreement_voided` entry of the same number.

use std::collections::HashMap;

use postgres::GenericClient;
use serde::Serialize;
use signdesk_base::chain::{AuditEntry, GENESIS};
use signdesk_base::{AuditEvent, ErrorKind};

use crate::bundle::Record;
use crate::records::{
    AckRecord, AgreementRecord, AssessmentRecord, Head, RosterRecord, VoidRecord,
};
use crate::sites::Site;
use crate::GroupError;

/// What an arrival did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub site: String,
    /// Agreements stored now.
    pub added: u64,
    /// Agreements the group already held with the same content.
    pub unchanged: u64,
    pub voids: u64,
    /// New audit entries stored.
    pub entries: u64,
    pub roster: u64,
    /// Assessment result versions and acknowledgements stored now.
    pub assessments: u64,
    pub acknowledgements: u64,
    /// The site's chain head in the group archive afterwards.
    pub head: Head,
}

/// How an arrival came, as `arrivals.via` records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Sync,
    Bundle,
}

impl Via {
    fn as_str(self) -> &'static str {
        match self {
            Via::Sync => "sync",
            Via::Bundle => "bundle",
        }
    }
}

/// The hashes an `agreement_signed` entry recorded, and where.
#[derive(Debug, Clone)]
struct Signed {
    seq: i64,
    pdf_sha256: String,
    content_sha256: String,
}

pub struct Ingest<'a, C: GenericClient> {
    db: &'a mut C,
    site: Site,
    head: Head,
    /// `agreement_signed` entries of this arrival, by document number.
    signed: HashMap<String, Signed>,
    /// `agreement_voided` entries of this arrival: number → seq.
    voided: HashMap<String, i64>,
    /// `assessed` and `assessment_acknowledged` entries of this arrival: (number,
    /// version) → (seq, the digest or page hash they recorded).
    assessed: HashMap<(String, u32), (i64, String)>,
    acknowledged: HashMap<(String, u32), (i64, String)>,
    out: Outcome,
}

/// The site's chain head as the group holds it (0 entries: the genesis hash).
pub fn head(db: &mut impl GenericClient, site_id: i32) -> Result<Head, GroupError> {
    let row = db.query_opt(
        "SELECT seq, hash FROM audit WHERE site_id = $1 ORDER BY seq DESC LIMIT 1",
        &[&site_id],
    )?;
    Ok(match row {
        Some(r) => Head {
            entries: r.get(0),
            hash: r.get(1),
        },
        None => Head {
            entries: 0,
            hash: GENESIS.to_string(),
        },
    })
}

impl<'a, C: GenericClient> Ingest<'a, C> {
    pub fn begin(db: &'a mut C, site: Site) -> Result<Self, GroupError> {
        let head = head(db, site.id)?;
        let out = Outcome {
            site: site.name.clone(),
            added: 0,
            unchanged: 0,
            voids: 0,
            entries: 0,
            roster: 0,
            assessments: 0,
            acknowledgements: 0,
            head: head.clone(),
        };
        Ok(Ingest {
            db,
            site,
            head,
            signed: HashMap::new(),
            voided: HashMap::new(),
            assessed: HashMap::new(),
            acknowledged: HashMap::new(),
            out,
        })
    }

    pub fn site(&self) -> &Site {
        &self.site
    }

    pub fn record(&mut self, rec: Record) -> Result<(), GroupError> {
        match rec {
            Record::Audit(e) => self.audit(&e),
            Record::Agreement(a, pdf) => self.agreement(&a, &pdf),
            Record::Void(v) => self.void(&v),
            Record::Roster(r) => self.roster(&r),
            Record::Assessment(a) => self.assessment(&a),
            Record::Ack(k, pdf) => self.ack(&k, &pdf),
        }
    }

    pub fn audit(&mut self, e: &AuditEntry) -> Result<(), GroupError> {
        if !e.hash_holds() {
            return Err(GroupError::new(
                ErrorKind::ChainRewritten,
                format!(
                    "站点「{}」的审计记录第 {} 条（{}）与它的哈希不符：记录在离开签约台后被改过",
                    self.site.name, e.seq, e.event
                ),
            ));
        }
        if e.seq <= self.head.entries {
            let held: Option<String> = self
                .db
                .query_opt(
                    "SELECT hash FROM audit WHERE site_id = $1 AND seq = $2",
                    &[&self.site.id, &e.seq],
                )?
                .map(|r| r.get(0));
            return match held {
                Some(h) if h == e.hash => {
                    self.remember(e);
                    Ok(())
                }
                _ => Err(GroupError::new(
                    ErrorKind::ChainRewritten,
                    format!(
                        "站点「{}」的审计记录第 {} 条（{}，{}）与集团档案库已收到的同一条不同：这台签约台的历史被改写过",
                        self.site.name, e.seq, e.event, e.at
                    ),
                )),
            };
        }
        if e.seq != self.head.entries + 1 {
            return Err(GroupError::new(
                ErrorKind::ChainGap,
                format!(
                    "站点「{}」的审计记录从第 {} 条开始，集团档案库只收到第 {} 条：中间的第 {} 至 {} 条缺失",
                    self.site.name,
                    e.seq,
                    self.head.entries,
                    self.head.entries + 1,
                    e.seq - 1
                ),
            ));
        }
        if e.prev_hash != self.head.hash {
            return Err(GroupError::new(
                ErrorKind::ChainRewritten,
                format!(
                    "站点「{}」的审计记录第 {} 条（{}）接不上集团档案库收到的第 {} 条：这台签约台的历史被改写过",
                    self.site.name, e.seq, e.event, self.head.entries
                ),
            ));
        }
        self.db.execute(
            "INSERT INTO audit(site_id, seq, at, actor, event, subject, detail, prev_hash, hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &self.site.id,
                &e.seq,
                &e.at,
                &e.actor,
                &e.event,
                &e.subject,
                &e.detail,
                &e.prev_hash,
                &e.hash,
            ],
        )?;
        self.head = Head {
            entries: e.seq,
            hash: e.hash.clone(),
        };
        self.out.entries += 1;
        self.remember(e);
        Ok(())
    }

    fn remember(&mut self, e: &AuditEntry) {
        if e.event == AuditEvent::AgreementSigned.as_str() {
            if let Some(s) = signed_detail(e.seq, &e.detail) {
                self.signed.insert(e.subject.clone(), s);
            }
        } else if e.event == AuditEvent::AgreementVoided.as_str() {
            self.voided.insert(e.subject.clone(), e.seq);
        } else if e.event == AuditEvent::Assessed.as_str() {
            if let Some((v, sha)) = versioned_detail(&e.detail, "sha256") {
                self.assessed.insert((e.subject.clone(), v), (e.seq, sha));
            }
        } else if e.event == AuditEvent::AssessmentAcknowledged.as_str() {
            if let Some((v, sha)) = versioned_detail(&e.detail, "pdf_sha256") {
                self.acknowledged
                    .insert((e.subject.clone(), v), (e.seq, sha));
            }
        }
    }

    /// The `(seq, recorded hash)` of the entry `event` wrote for `number`'s `version`,
    /// from this arrival or from what the group holds.
    fn versioned_entry(
        &mut self,
        event: AuditEvent,
        number: &str,
        version: u32,
        key: &str,
    ) -> Result<Option<(i64, String)>, GroupError> {
        let mine = match event {
            AuditEvent::Assessed => &self.assessed,
            _ => &self.acknowledged,
        };
        if let Some(hit) = mine.get(&(number.to_string(), version)) {
            return Ok(Some(hit.clone()));
        }
        let rows = self.db.query(
            "SELECT seq, detail FROM audit WHERE site_id = $1 AND event = $2 AND subject = $3",
            &[&self.site.id, &event.as_str(), &number],
        )?;
        Ok(rows.iter().find_map(|r| {
            let (v, sha) = versioned_detail(r.get::<_, &str>(1), key)?;
            (v == version).then(|| (r.get::<_, i64>(0), sha))
        }))
    }

    /// One version of a result: its digest recomputed, its `assessed` entry found.
    pub fn assessment(&mut self, a: &AssessmentRecord) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let version = a.version as i32;
        let held: Option<String> = self
            .db
            .query_opt(
                "SELECT content_sha256 FROM assessments WHERE site_id = $1 AND number = $2 AND version = $3",
                &[&self.site.id, &a.number, &version],
            )?
            .map(|r| r.get(0));
        if let Some(h) = held {
            if h == a.content_sha256 {
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果与已收到的不同",
                    a.number, a.version
                ),
            ));
        }
        if a.digest() != a.content_sha256 {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果与它的摘要不符",
                    a.number, a.version
                ),
            ));
        }
        let entry = self.versioned_entry(AuditEvent::Assessed, &a.number, a.version, "sha256")?;
        let Some((seq, _)) = entry.filter(|(_, sha)| *sha == a.content_sha256) else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的第 {} 版考核结果没有对应的审计记录",
                    a.number, a.version
                ),
            ));
        };
        self.db.execute(
            "INSERT INTO assessments(site_id, number, version, scheme_json, values_json, adjustment,
                reason, score, score_value, reward_value, pass_value, lines_json, source, source_file,
                actor, assessed_at, content_sha256, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            &[
                &self.site.id, &a.number, &version, &a.scheme_json, &a.values_json, &a.adjustment,
                &a.reason, &a.score, &a.score_value, &a.reward_value, &a.pass_value, &a.lines_json,
                &a.source, &a.source_file, &a.actor, &a.assessed_at, &a.content_sha256, &seq,
            ],
        )?;
        self.out.assessments += 1;
        Ok(())
    }

    /// A signed acknowledgement: its page hashes and verifies against the site's root,
    /// and the `assessment_acknowledged` entry recorded that page.
    pub fn ack(&mut self, k: &AckRecord, pdf: &[u8]) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let version = k.version as i32;
        let held = self
            .db
            .query_opt(
                "SELECT pdf_sha256 FROM acknowledgements WHERE site_id = $1 AND number = $2 AND version = $3",
                &[&self.site.id, &k.number, &version],
            )?
            .map(|r| r.get::<_, String>(0));
        if let Some(h) = held {
            if h == k.pdf_sha256 {
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!("站点「{site}」协议 {} 的考核确认与已收到的不同", k.number),
            ));
        }
        if signdesk_base::chain::sha256_hex(pdf) != k.pdf_sha256 {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」协议 {} 的考核确认页与它记录的哈希不符",
                    k.number
                ),
            ));
        }
        if let Err(e) = signdesk_seal::verify_pdf(pdf, &self.site.root_der) {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」协议 {} 的考核确认页的电子印章不能验证：{e}",
                    k.number
                ),
            ));
        }
        let entry = self.versioned_entry(
            AuditEvent::AssessmentAcknowledged,
            &k.number,
            k.version,
            "pdf_sha256",
        )?;
        let Some((seq, _)) = entry.filter(|(_, sha)| *sha == k.pdf_sha256) else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」协议 {} 的考核确认没有对应的审计记录",
                    k.number
                ),
            ));
        };
        self.db.execute(
            "INSERT INTO pdfs(sha256, bytes, site_id) VALUES ($1, $2, $3)
             ON CONFLICT (sha256) DO NOTHING",
            &[&k.pdf_sha256, &pdf, &self.site.id],
        )?;
        self.db.execute(
            "INSERT INTO acknowledgements(site_id, number, version, signed_at, pdf_sha256, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[&self.site.id, &k.number, &version, &k.signed_at, &k.pdf_sha256, &seq],
        )?;
        self.out.acknowledgements += 1;
        Ok(())
    }

    pub fn agreement(&mut self, a: &AgreementRecord, pdf: &[u8]) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let held = self.db.query_opt(
            "SELECT content_sha256, pdf_sha256 FROM agreements WHERE site_id = $1 AND number = $2",
            &[&self.site.id, &a.number],
        )?;
        if let Some(r) = held {
            let (content, pdf_hash): (String, String) = (r.get(0), r.get(1));
            if content == a.content_sha256 && pdf_hash == a.pdf_sha256 {
                self.out.unchanged += 1;
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!(
                    "站点「{site}」的协议 {} 已在集团档案库中，但这次收到的内容不同",
                    a.number
                ),
            ));
        }
        if signdesk_base::chain::sha256_hex(pdf) != a.pdf_sha256 {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」的协议 {} 的 PDF 与它记录的哈希不符",
                    a.number
                ),
            ));
        }
        if let Err(e) = signdesk_seal::verify_pdf(pdf, &self.site.root_der) {
            return Err(GroupError::new(
                ErrorKind::SealInvalid,
                format!(
                    "站点「{site}」的协议 {} 的电子印章不能用该站点登记的根证书验证：{e}",
                    a.number
                ),
            ));
        }
        let signed = match self.signed.get(&a.number) {
            Some(s) => Some(s.clone()),
            None => self.signed_in_db(&a.number)?,
        };
        let Some(signed) =
            signed.filter(|s| s.pdf_sha256 == a.pdf_sha256 && s.content_sha256 == a.content_sha256)
        else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」的协议 {} 没有记录这份内容的签署审计记录",
                    a.number
                ),
            ));
        };
        self.db.execute(
            "INSERT INTO pdfs(sha256, bytes, site_id) VALUES ($1, $2, $3)
             ON CONFLICT (sha256) DO NOTHING",
            &[&a.pdf_sha256, &pdf, &self.site.id],
        )?;
        let readings = signdesk_base::reading::pinyin_readings(&a.signer);
        let pinyin: Vec<&str> = readings.iter().map(|(f, _)| f.as_str()).collect();
        let mut initials: Vec<&str> = readings.iter().map(|(_, i)| i.as_str()).collect();
        initials.dedup();
        let grams = crate::grams::name_grams(&a.signer);
        self.db.execute(
            "INSERT INTO agreements(site_id, number, year, template_slug, template_version,
                title, signer, department, employee_no, signed_at, content_sha256, pdf_sha256,
                pages, copies, audit_seq, name_grams, pinyin, initials)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
            &[
                &self.site.id,
                &a.number,
                &a.year,
                &a.template_slug,
                &a.template_version,
                &a.title,
                &a.signer,
                &a.department,
                &a.employee_no,
                &a.signed_at,
                &a.content_sha256,
                &a.pdf_sha256,
                &a.pages,
                &a.copies,
                &signed.seq,
                &grams,
                &pinyin,
                &initials,
            ],
        )?;
        self.out.added += 1;
        Ok(())
    }

    fn signed_in_db(&mut self, number: &str) -> Result<Option<Signed>, GroupError> {
        let row = self.db.query_opt(
            "SELECT seq, detail FROM audit
             WHERE site_id = $1 AND event = $2 AND subject = $3 ORDER BY seq DESC LIMIT 1",
            &[
                &self.site.id,
                &AuditEvent::AgreementSigned.as_str(),
                &number,
            ],
        )?;
        Ok(row.and_then(|r| signed_detail(r.get(0), r.get::<_, &str>(1))))
    }

    pub fn void(&mut self, v: &VoidRecord) -> Result<(), GroupError> {
        let site = self.site.name.clone();
        let held = self
            .db
            .query_opt(
                "SELECT reason FROM voids WHERE site_id = $1 AND number = $2",
                &[&self.site.id, &v.number],
            )?
            .map(|r| r.get::<_, String>(0));
        if let Some(reason) = held {
            if reason == v.reason {
                return Ok(());
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!(
                    "站点「{site}」的协议 {} 的作废记录与集团档案库已收到的不同",
                    v.number
                ),
            ));
        }
        let seq = match self.voided.get(&v.number) {
            Some(s) => Some(*s),
            None => self
                .db
                .query_opt(
                    "SELECT seq FROM audit WHERE site_id = $1 AND event = $2 AND subject = $3
                     ORDER BY seq DESC LIMIT 1",
                    &[
                        &self.site.id,
                        &AuditEvent::AgreementVoided.as_str(),
                        &v.number,
                    ],
                )?
                .map(|r| r.get::<_, i64>(0)),
        };
        let Some(seq) = seq else {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!("站点「{site}」作废协议 {} 没有对应的审计记录", v.number),
            ));
        };
        let exists = self
            .db
            .query_opt(
                "SELECT 1 FROM agreements WHERE site_id = $1 AND number = $2",
                &[&self.site.id, &v.number],
            )?
            .is_some();
        if !exists {
            return Err(GroupError::new(
                ErrorKind::NotFound,
                format!("站点「{site}」作废的协议 {} 不在集团档案库中", v.number),
            ));
        }
        self.db.execute(
            "INSERT INTO voids(site_id, number, reason, voided_at, actor, audit_seq)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &self.site.id,
                &v.number,
                &v.reason,
                &v.voided_at,
                &v.actor,
                &seq,
            ],
        )?;
        self.out.voids += 1;
        Ok(())
    }

    pub fn roster(&mut self, r: &RosterRecord) -> Result<(), GroupError> {
        let n = self.db.execute(
            "INSERT INTO rosters(site_id, year, person_key, name, department, employee_no)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
            &[
                &self.site.id,
                &r.year,
                &r.person_key(),
                &r.name,
                &r.department,
                &r.employee_no,
            ],
        )?;
        self.out.roster += n;
        Ok(())
    }

    /// Records the arrival and answers what it did (the caller commits).
    pub fn finish(self, via: Via) -> Result<Outcome, GroupError> {
        let mut out = self.out;
        out.head = self.head;
        let (added, unchanged) = (out.added as i32, out.unchanged as i32);
        self.db.execute(
            "INSERT INTO arrivals(site_id, via, head_seq, head_hash, added, unchanged)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &self.site.id,
                &via.as_str(),
                &out.head.entries,
                &out.head.hash,
                &added,
                &unchanged,
            ],
        )?;
        Ok(out)
    }
}

/// `(version, detail[key])` of an `assessed` / `assessment_acknowledged` entry.
fn versioned_detail(detail: &str, key: &str) -> Option<(u32, String)> {
    let v: serde_json::Value = serde_json::from_str(detail).ok()?;
    Some((
        u32::try_from(v.get("version")?.as_u64()?).ok()?,
        v.get(key)?.as_str()?.to_string(),
    ))
}

fn signed_detail(seq: i64, detail: &str) -> Option<Signed> {
    let v: serde_json::Value = serde_json::from_str(detail).ok()?;
    Some(Signed {
        seq,
        pdf_sha256: v.get("pdf_sha256")?.as_str()?.to_string(),
        content_sha256: v.get("content_sha256")?.as_str()?.to_string(),
    })
}

/// Imports a bundle file at the group office (run with the owner's or an importer's
/// connection): the site is the one registered with the bundle's root; everything is
/// stored in one transaction, committed only after the bundle's own seal verified.
pub fn import_bundle(
    client: &mut postgres::Client,
    input: impl std::io::Read,
) -> Result<Outcome, GroupError> {
    crate::schema::require_current(client)?;
    let mut reader = crate::bundle::Reader::open(input)?;
    let root = reader.header().root()?;
    let fp = crate::sites::fingerprint(&root);
    let mut tx = client.transaction()?;
    let site = crate::sites::by_fingerprint(&mut tx, &fp)?.ok_or_else(|| {
        GroupError::new(
            ErrorKind::SiteUnknown,
            format!(
                "上报包来自「{}」，但集团档案库没有登记这个根证书（指纹 {}）：请管理员先用 group site add 登记这个站点",
                reader.header().site_name,
                signdesk_base::chain::fingerprint(&fp)
            ),
        )
    })?;
    let mut ingest = Ingest::begin(&mut tx, site)?;
    while let Some(rec) = reader.next()? {
        ingest.record(rec)?;
    }
    let (digest, seal) = reader
        .seal()
        .ok_or_else(|| GroupError::new(ErrorKind::BundleDamaged, "上报包没有印章"))?;
    signdesk_seal::verify_sealed_bytes(digest, seal, &ingest.site().root_der).map_err(|e| {
        GroupError::new(
            ErrorKind::SealInvalid,
            format!("上报包的印章不能用该站点登记的根证书验证：{e}"),
        )
    })?;
    let out = ingest.finish(Via::Bundle)?;
    tx.commit()?;
    Ok(out)
}
