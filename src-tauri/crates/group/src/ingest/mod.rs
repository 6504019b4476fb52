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
//! - an agreement's signed text, filled blanks and signature hashes must recompute
//!   its content hash;
//! - a void must be recorded by an `agreement_voided` entry of the same number.

mod agreements;
mod results;
mod texts;

pub use texts::{line_key, lines};

use std::collections::HashMap;

use postgres::GenericClient;
use serde::Serialize;
use signdesk_base::chain::{AuditEntry, GENESIS};
use signdesk_base::{AuditEvent, ErrorKind};

use crate::bundle::Record;
use crate::records::Head;
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
pub(super) struct Signed {
    pub(super) seq: i64,
    pub(super) pdf_sha256: String,
    pub(super) content_sha256: String,
}

pub struct Ingest<'a, C: GenericClient> {
    pub(super) db: &'a mut C,
    pub(super) site: Site,
    pub(super) head: Head,
    /// `agreement_signed` entries of this arrival, by document number.
    pub(super) signed: HashMap<String, Signed>,
    /// `agreement_voided` entries of this arrival: number → seq.
    pub(super) voided: HashMap<String, i64>,
    /// `assessed` and `assessment_acknowledged` entries of this arrival: (number,
    /// version) → (seq, the digest or page hash they recorded).
    pub(super) assessed: HashMap<(String, u32), (i64, String)>,
    pub(super) acknowledged: HashMap<(String, u32), (i64, String)>,
    /// The site's text lines this arrival has stored or found.
    pub(super) lines: texts::KnownLines,
    pub(super) out: Outcome,
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
            lines: Default::default(),
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
            if let Some((v, sha)) = results::versioned_detail(&e.detail, "sha256") {
                self.assessed.insert((e.subject.clone(), v), (e.seq, sha));
            }
        } else if e.event == AuditEvent::AssessmentAcknowledged.as_str() {
            if let Some((v, sha)) = results::versioned_detail(&e.detail, "pdf_sha256") {
                self.acknowledged
                    .insert((e.subject.clone(), v), (e.seq, sha));
            }
        }
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

pub(super) fn signed_detail(seq: i64, detail: &str) -> Option<Signed> {
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
