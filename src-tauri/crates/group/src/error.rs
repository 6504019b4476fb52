//! One error for the group archive: a kind from the closed list (`site_unknown`,
//! `chain_gap`, …, what scripts match on) and a Chinese message naming the entry,
//! the number or the statement.

use signdesk_base::ErrorKind;

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct GroupError {
    pub kind: ErrorKind,
    /// Chinese, for people.
    pub message: String,
    /// The server's or library's own words, for the log (never shown as the message).
    pub detail: Option<String>,
}

impl GroupError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        GroupError {
            kind,
            message: message.into(),
            detail: None,
        }
    }

    pub fn with_detail(mut self, detail: impl std::fmt::Display) -> Self {
        self.detail = Some(detail.to_string());
        self
    }

    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
}

/// 取消 pressed during long work (the group view's export or verify).
impl From<signdesk_base::Cancelled> for GroupError {
    fn from(_: signdesk_base::Cancelled) -> Self {
        GroupError::new(ErrorKind::Cancelled, "已取消")
    }
}

/// The database's own refusals (the chain and PDF triggers) carry their kind as the
/// message's first word; everything else is a database error with the server's text.
impl From<postgres::Error> for GroupError {
    fn from(e: postgres::Error) -> Self {
        if let Some(db) = e.as_db_error() {
            let msg = db.message();
            for (prefix, kind, title) in [
                ("chain_gap:", ErrorKind::ChainGap, "审计链有缺口"),
                (
                    "chain_rewritten:",
                    ErrorKind::ChainRewritten,
                    "审计链被改写",
                ),
                ("seal_invalid:", ErrorKind::SealInvalid, "PDF 与其哈希不符"),
            ] {
                if let Some(rest) = msg.strip_prefix(prefix) {
                    return GroupError::new(kind, format!("集团档案库拒收：{title}"))
                        .with_detail(rest.trim());
                }
            }
            // The server ended the session (shut down, restarted, or an administrator
            // cut it) or the connection failed: the network's fault, not the data's.
            let code = db.code().code();
            if code.starts_with("08") || code.starts_with("57P") {
                return GroupError::new(
                    ErrorKind::GroupConnect,
                    "与集团档案库的连接已断开，请稍后再试（已送达的部分保留，下次从断开处继续）",
                )
                .with_detail(msg);
            }
            if db.code() == &postgres::error::SqlState::INSUFFICIENT_PRIVILEGE {
                return GroupError::new(
                    ErrorKind::GroupDatabase,
                    "集团档案库拒绝了这次操作：这个账号没有这项权限",
                )
                .with_detail(msg);
            }
            if db.code() == &postgres::error::SqlState::UNDEFINED_TABLE {
                return GroupError::new(
                    ErrorKind::GroupSchema,
                    "集团档案库还没有初始化（请先运行 signdesk-cli group init）",
                );
            }
            return GroupError::new(
                ErrorKind::GroupDatabase,
                format!("集团档案库执行出错（错误代码 {}）", db.code().code()),
            )
            .with_detail(msg);
        }
        if e.is_closed() {
            return GroupError::new(
                ErrorKind::GroupConnect,
                "与集团档案库的连接已断开，请稍后再试",
            )
            .with_detail(e);
        }
        GroupError::new(
            ErrorKind::GroupConnect,
            "与集团档案库的通信中断，请稍后再试",
        )
        .with_detail(e)
    }
}
