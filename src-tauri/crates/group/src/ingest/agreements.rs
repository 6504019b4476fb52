//! Agreements, voids and roster lines on arrival: a PDF must hash to its recorded hash
//! and its seal verify against the site's root, and the site's chain must hold the
//! `agreement_signed` entry recording exactly these hashes; a void needs its entry.

use postgres::GenericClient;
use signdesk_base::{AuditEvent, ErrorKind};

use super::{signed_detail, Ingest, Signed};
use crate::records::{AgreementRecord, RosterRecord, VoidRecord};
use crate::GroupError;

impl<C: GenericClient> Ingest<'_, C> {
    pub fn agreement(&mut self, a: &AgreementRecord, pdf: &[u8]) -> Result<(), GroupError> {
        if self.held_unchanged(a)? {
            self.out.unchanged += 1;
            return Ok(());
        }
        self.check_content(a, pdf)?;
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
                    "站点「{}」的协议 {} 没有记录这份内容的签署审计记录",
                    self.site.name, a.number
                ),
            ));
        };
        self.store(a, pdf, signed.seq)
    }

    /// Whether the group holds this number with this content already; a `conflict`
    /// when it holds the number with other content.
    fn held_unchanged(&mut self, a: &AgreementRecord) -> Result<bool, GroupError> {
        let site = self.site.name.clone();
        let held = self.db.query_opt(
            "SELECT content_sha256, pdf_sha256 FROM agreements WHERE site_id = $1 AND number = $2",
            &[&self.site.id, &a.number],
        )?;
        if let Some(r) = held {
            let (content, pdf_hash): (String, String) = (r.get(0), r.get(1));
            if content == a.content_sha256 && pdf_hash == a.pdf_sha256 {
                return Ok(true);
            }
            return Err(GroupError::new(
                ErrorKind::Conflict,
                format!(
                    "站点「{site}」的协议 {} 已在集团档案库中，但这次收到的内容不同",
                    a.number
                ),
            ));
        }
        Ok(false)
    }

    /// The PDF hashes to its recorded hash and its seal holds against the site's root;
    /// the text, blanks and signatures recompute the content hash.
    fn check_content(&self, a: &AgreementRecord, pdf: &[u8]) -> Result<(), GroupError> {
        let site = &self.site.name;
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
        if a.content_digest() != a.content_sha256 {
            return Err(GroupError::new(
                ErrorKind::NotAudited,
                format!(
                    "站点「{site}」的协议 {} 的正文、填写内容或签名与它记录的内容哈希不符",
                    a.number
                ),
            ));
        }
        Ok(())
    }

    fn store(&mut self, a: &AgreementRecord, pdf: &[u8], seq: i64) -> Result<(), GroupError> {
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
        let filled = super::texts::filled_values(a);
        let filled: Vec<&str> = filled.iter().map(String::as_str).collect();
        let line_keys = self.line_keys(&a.signed_text, &filled)?;
        let signatures = serde_json::to_string(&a.signatures)
            .map_err(|e| GroupError::new(ErrorKind::Internal, e.to_string()))?;
        self.db.execute(
            "INSERT INTO agreements(site_id, number, year, template_slug, template_version,
                title, signer, department, employee_no, signed_at, content_sha256, pdf_sha256,
                pages, copies, audit_seq, name_grams, pinyin, initials, line_keys, values_json,
                signatures_json)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20, $21)",
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
                &seq,
                &grams,
                &pinyin,
                &initials,
                &line_keys,
                &a.values_json,
                &signatures,
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
}
