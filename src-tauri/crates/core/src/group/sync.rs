//! 同步到集团档案库: online, as the site's own database role. The group's head for
//! this site says where to start; the chain after it goes in batches, each batch with
//! the agreements and voids its entries record, each batch its own transaction — so a
//! broken connection loses at most the batch in flight, and the next sync starts at
//! the head the group then holds. The desk's archive is only read (one row at a
//! time); its audit records what was sent up to which head.

use serde::Serialize;
use signdesk_archive::{audit, outbox, settings};
use signdesk_base::chain::ChainPosition;
use signdesk_base::{ErrorKind, Job, WorkStage};
use signdesk_group::bundle::Record;
use signdesk_group::ingest::{self, Ingest, Via};
use ts_rs::TS;

use super::bundle_out::BundleHead;
use super::{
    ack_record, assessment_record, outgoing_record, roster_record, void_record, ACKED_KEY,
};
use crate::{CoreError, Desk};

/// How many chain entries one batch carries at most.
const BATCH_ENTRIES: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Synced {
    /// Agreements the group stored now.
    #[ts(type = "number")]
    pub sent: u64,
    /// Agreements it already held.
    #[ts(type = "number")]
    pub unchanged: u64,
    /// The site's head in the group archive afterwards.
    pub head: BundleHead,
}

impl Desk {
    /// Sends what the group archive does not hold yet. `url`/`password` `None`: the
    /// connection kept in 设置 → 集团档案库.
    pub fn group_sync(
        &mut self,
        url: Option<&str>,
        password: Option<&str>,
        job: &Job,
    ) -> Result<Synced, CoreError> {
        self.group_sync_in_batches(url, password, job, BATCH_ENTRIES)
    }

    /// [`Desk::group_sync`] with `batch` chain entries per transaction (tests use small
    /// batches to break a sync between two of them).
    #[doc(hidden)]
    pub fn group_sync_in_batches(
        &mut self,
        url: Option<&str>,
        password: Option<&str>,
        job: &Job,
        batch: usize,
    ) -> Result<Synced, CoreError> {
        self.guard()?;
        let batch = batch.max(1);
        let (url, password) = match url {
            Some(u) => (u.to_string(), password.map(str::to_string)),
            None => self.group_connection()?,
        };
        let root = self.group_root()?;
        job.step(WorkStage::Send, 0, 0, "")?;
        let mut client = signdesk_group::connect(&url, password.as_deref())?;
        signdesk_group::schema::require_current(&mut client)?;
        let site = signdesk_group::sites::current(&mut client)?;
        if site.root_fingerprint != signdesk_group::sites::fingerprint(&root) {
            return Err(CoreError::invalid(
                ErrorKind::SiteUnknown,
                format!(
                    "集团档案库为站点「{}」登记的根证书不是本机的：请管理员用本机导出的根证书登记",
                    site.name
                ),
            ));
        }
        let start = ingest::head(&mut client, site.id)?;
        let conn = self.archive.read();
        if start.entries > 0
            && audit::hash_at(conn, start.entries)?.as_deref() != Some(start.hash.as_str())
        {
            return Err(CoreError::invalid(
                ErrorKind::ChainRewritten,
                format!(
                    "集团档案库收到的第 {} 条审计记录与本机的不同：本机的历史被改写过，或连接的是别的站点",
                    start.entries
                ),
            ));
        }
        let (head_seq, _) = audit::head(conn)?;
        let total = outbox::count(
            conn,
            outbox::Which::Span {
                after: start.entries,
                upto: head_seq,
            },
        )?;
        let (mut sent, mut unchanged) = (0u64, 0u64);
        let mut group_head = start.clone();
        let mut first = true;
        loop {
            // The next batch of entries after what the group holds.
            let mut entries = Vec::new();
            outbox::audit_after(conn, group_head.entries, |e| {
                if entries.len() < batch {
                    entries.push(e);
                }
                Ok::<_, CoreError>(())
            })?;
            if entries.is_empty() && !first {
                break;
            }
            let upto = entries.last().map_or(group_head.entries, |e| e.seq);
            let mut tx = client
                .transaction()
                .map_err(signdesk_group::GroupError::from)?;
            let mut ing = Ingest::begin(&mut tx, site.clone())?;
            for e in entries {
                ing.audit(&e)?;
            }
            let span = outbox::Which::Span {
                after: group_head.entries,
                upto,
            };
            outbox::agreements(conn, span, |a| {
                job.step(WorkStage::Send, sent + unchanged, total, &a.number)?;
                ing.record(Record::Agreement(outgoing_record(&a), a.pdf))?;
                Ok::<_, CoreError>(())
            })?;
            for v in outbox::voids(conn, span)? {
                ing.void(&void_record(&v))?;
            }
            for a in outbox::assessments(conn, span)? {
                ing.assessment(&assessment_record(&a))?;
            }
            outbox::acks(conn, span, |k| {
                ing.record(Record::Ack(ack_record(&k), k.pdf))?;
                Ok::<_, CoreError>(())
            })?;
            if first {
                for r in outbox::rosters(conn, None)? {
                    ing.roster(&roster_record(&r))?;
                }
            }
            job.check()?;
            let out = ing.finish(Via::Sync)?;
            tx.commit().map_err(signdesk_group::GroupError::from)?;
            sent += out.added;
            unchanged += out.unchanged;
            group_head = out.head;
            first = false;
            if upto >= head_seq {
                break;
            }
        }
        job.step(WorkStage::Send, total, total, "")?;
        let head = ChainPosition {
            entries: group_head.entries,
            hash: group_head.hash.clone(),
        };
        let detail = serde_json::json!({
            "site": site.name,
            "sent": sent,
            "unchanged": unchanged,
            "head": head.to_string(),
        });
        let actor = self.actor.clone();
        self.archive.write(|tx| {
            settings::set(
                tx,
                ACKED_KEY,
                &serde_json::to_string(&head)
                    .map_err(|e| CoreError::internal("记录同步位置", e))?,
            )?;
            audit::append(
                tx,
                &actor,
                signdesk_base::AuditEvent::GroupSynced,
                &site.name,
                &detail.to_string(),
            )?;
            Ok::<_, CoreError>(())
        })?;
        Ok(Synced {
            sent,
            unchanged,
            head: head.into(),
        })
    }
}
