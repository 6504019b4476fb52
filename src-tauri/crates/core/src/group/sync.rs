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
        let (url, password) = match url {
            Some(u) => (u.to_string(), password.map(str::to_string)),
            None => self.group_connection()?,
        };
        let root = self.group_root()?;
        job.step(WorkStage::Send, 0, 0, "")?;
        let (mut client, site) = connect_as_site(&url, password.as_deref(), &root)?;
        let start = ingest::head(&mut client, site.id)?;
        let conn = self.archive.read();
        check_same_history(conn, &start)?;
        let (head_seq, _) = audit::head(conn)?;
        let span = outbox::Which::Span {
            after: start.entries,
            upto: head_seq,
        };
        let mut run = Run {
            client: &mut client,
            site: &site,
            job,
            total: outbox::count(conn, span)?,
            sent: 0,
            unchanged: 0,
        };
        let mut group_head = start;
        let mut first = true;
        loop {
            let Some(out) = run.batch(conn, &group_head, batch.max(1), first)? else {
                break;
            };
            group_head = out.head;
            first = false;
            if group_head.entries >= head_seq {
                break;
            }
        }
        job.step(WorkStage::Send, run.total, run.total, "")?;
        let (sent, unchanged) = (run.sent, run.unchanged);
        self.record_synced(&site.name, group_head, sent, unchanged)
    }

    /// Keeps the position the group acknowledged and audits what was sent.
    fn record_synced(
        &mut self,
        site: &str,
        group_head: signdesk_group::Head,
        sent: u64,
        unchanged: u64,
    ) -> Result<Synced, CoreError> {
        let head = ChainPosition {
            entries: group_head.entries,
            hash: group_head.hash,
        };
        let detail = serde_json::json!({
            "site": site,
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
                site,
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

/// Connects as the site's own role and checks that the group registered this desk's
/// root for it.
fn connect_as_site(
    url: &str,
    password: Option<&str>,
    root: &[u8],
) -> Result<(signdesk_group::Client, signdesk_group::sites::Site), CoreError> {
    let mut client = signdesk_group::connect(url, password)?;
    signdesk_group::schema::require_current(&mut client)?;
    let site = signdesk_group::sites::current(&mut client)?;
    if site.root_fingerprint != signdesk_group::sites::fingerprint(root) {
        return Err(CoreError::invalid(
            ErrorKind::SiteUnknown,
            format!(
                "集团档案库为站点「{}」登记的根证书不是本机的：请管理员用本机导出的根证书登记",
                site.name
            ),
        ));
    }
    Ok((client, site))
}

/// The group's head must be a position of this desk's own chain.
fn check_same_history(
    conn: &signdesk_archive::Connection,
    start: &signdesk_group::Head,
) -> Result<(), CoreError> {
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
    Ok(())
}

/// One sync in progress: the connection, the counts so far.
struct Run<'a> {
    client: &'a mut signdesk_group::Client,
    site: &'a signdesk_group::sites::Site,
    job: &'a Job,
    total: u64,
    sent: u64,
    unchanged: u64,
}

impl Run<'_> {
    /// Sends the next `batch` entries after `group_head` with the agreements, voids,
    /// results and acknowledgements they record (the rosters with the first), in one
    /// transaction; `None` when there was nothing left to send.
    fn batch(
        &mut self,
        conn: &signdesk_archive::Connection,
        group_head: &signdesk_group::Head,
        batch: usize,
        first: bool,
    ) -> Result<Option<ingest::Outcome>, CoreError> {
        let mut entries = Vec::new();
        outbox::audit_after(conn, group_head.entries, Some(batch), |e| {
            entries.push(e);
            Ok::<_, CoreError>(())
        })?;
        if entries.is_empty() && !first {
            return Ok(None);
        }
        let upto = entries.last().map_or(group_head.entries, |e| e.seq);
        let span = outbox::Which::Span {
            after: group_head.entries,
            upto,
        };
        let (job, total, done) = (self.job, self.total, self.sent + self.unchanged);
        let mut tx = self
            .client
            .transaction()
            .map_err(signdesk_group::GroupError::from)?;
        let mut ing = Ingest::begin(&mut tx, self.site.clone())?;
        for e in entries {
            ing.audit(&e)?;
        }
        outbox::agreements(conn, span, |a| {
            job.step(WorkStage::Send, done, total, &a.number)?;
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
        self.sent += out.added;
        self.unchanged += out.unchanged;
        Ok(Some(out))
    }
}
