//! A receipt carried back from the group office: after `group import`, the position the
//! group's chain for this site reached (`{"entries", "hash"}` in its JSON). The desk
//! takes it only if its own chain holds exactly that hash at that position — a hash no
//! one can make without the desk's records — and from then on a 上报包 starts after it,
//! as after an online sync.

use signdesk_archive::{audit, settings};
use signdesk_base::chain::ChainPosition;
use signdesk_base::ErrorKind;

use super::{GroupSettings, ACKED_KEY};
use crate::{CoreError, Desk};

impl Desk {
    /// Records `head` as what the group holds; an older receipt changes nothing.
    pub fn group_acknowledge(&mut self, head: &ChainPosition) -> Result<GroupSettings, CoreError> {
        self.guard()?;
        if head.entries < 1 {
            return Err(CoreError::invalid(
                ErrorKind::BadArgument,
                "回执中没有审计链位置（entries 至少为 1）",
            ));
        }
        match audit::hash_at(self.archive.read(), head.entries)? {
            None => {
                return Err(CoreError::invalid(
                    ErrorKind::ChainGap,
                    format!(
                        "回执说集团收到了第 {} 条审计记录，但本机的审计链没有这么长：它不是本机上报包的回执",
                        head.entries
                    ),
                ))
            }
            Some(h) if h != head.hash => {
                return Err(CoreError::invalid(
                    ErrorKind::ChainRewritten,
                    format!(
                        "回执与本机审计链第 {} 条不符：它不是本机上报包的回执",
                        head.entries
                    ),
                ))
            }
            Some(_) => {}
        }
        if head.entries > self.group_acked()?.entries {
            let detail = serde_json::json!({ "via": "receipt", "head": head.to_string() });
            let actor = self.actor.clone();
            self.archive.write(|tx| {
                settings::set(
                    tx,
                    ACKED_KEY,
                    &serde_json::to_string(head)
                        .map_err(|e| CoreError::internal("记录集团回执", e))?,
                )?;
                audit::append(
                    tx,
                    &actor,
                    signdesk_base::AuditEvent::GroupSynced,
                    "",
                    &detail.to_string(),
                )?;
                Ok::<_, CoreError>(())
            })?;
        }
        self.group_settings()
    }
}
