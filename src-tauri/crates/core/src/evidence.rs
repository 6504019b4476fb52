//! Anchors outside the database. The audit chain proves that no entry was changed
//! *relative to the newest hash* — but whoever holds the passphrase can rewrite an
//! entry and recompute every hash after it. So the head (entry count and hash) leaves
//! the database at every occasion: printed on each signed agreement's record page (and
//! so on every paper copy the employee keeps), written as the last row of every export
//! manifest, and shown as a short fingerprint to write down. `verify --anchor` checks
//! the archive against any of them: a history rewritten after the anchor was taken no
//! longer has the anchored hash at the anchored position.

use signdesk_base::ProblemKind;
use std::path::Path;

use signdesk_archive::{audit, backup, Connection};
use signdesk_base::ErrorKind;

pub use crate::dto::ChainHead;
use crate::dto::Problem;
use crate::CoreError;

/// The last row of an export's `manifest.csv`: `存证链位置,<entries>,<hash>`.
pub use signdesk_output::export::ANCHOR_ROW;

/// The one fingerprint of a hash (`signdesk_base::chain`).
pub use signdesk_base::chain::fingerprint;

/// A root certificate exported earlier (PEM), as `VerifyOptions::root_der` takes it.
pub fn root_from_pem(pem_text: &str) -> Option<Vec<u8>> {
    signdesk_seal::root_der_from_pem(pem_text)
}

pub(crate) fn head(conn: &Connection) -> Result<ChainHead, CoreError> {
    let (entries, hash) = audit::head(conn)?;
    Ok(ChainHead {
        entries,
        fingerprint: fingerprint(&hash),
        hash,
    })
}

/// A head taken earlier: from a paper copy, a manifest or typed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub entries: i64,
    /// Lower-case hex, at least the 16 digits of a fingerprint.
    pub hash: String,
    /// Where it came from, for the report: 「manifest.csv」, 「手工输入」.
    pub source: String,
}

fn bad(message: impl Into<String>) -> CoreError {
    CoreError::invalid(ErrorKind::BadArgument, message)
}

impl Anchor {
    /// `N:HASH` (the hash whole, or its fingerprint with or without dashes).
    pub fn parse(text: &str, source: &str) -> Result<Anchor, CoreError> {
        let (n, h) = text.trim().split_once([':', '：']).ok_or_else(|| {
            bad(format!(
                "存证锚点“{text}”应写成 条数:摘要，例如 42:a1b2-c3d4-e5f6-0718"
            ))
        })?;
        let entries: i64 = n
            .trim()
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| bad(format!("存证锚点的条数“{n}”不是正整数")))?;
        let hash: String = h
            .trim()
            .chars()
            .filter(|c| *c != '-')
            .collect::<String>()
            .to_lowercase();
        if hash.len() < 16 || hash.len() > 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(bad(format!(
                "存证锚点的摘要“{h}”应为至少 16 位十六进制数字"
            )));
        }
        Ok(Anchor {
            entries,
            hash,
            source: source.to_string(),
        })
    }

    /// An anchor written as text, or the file that holds one: an export's
    /// `manifest.csv` (its last row) or a `.sdbak` backup (its envelope).
    pub fn read(arg: &str) -> Result<Anchor, CoreError> {
        let path = Path::new(arg);
        if !path.exists() {
            return Anchor::parse(arg, "手工输入");
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if backup::looks_like_backup(path) {
            return from_backup(path, &name);
        }
        let text = std::fs::read(path)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .map_err(|e| CoreError::io(ErrorKind::FileUnreadable, "无法读取", path, &e))?;
        let row = text
            .lines()
            .rev()
            .find_map(|l| l.trim_start_matches('\u{feff}').strip_prefix(ANCHOR_ROW))
            .ok_or_else(|| bad(format!("{name} 中没有存证链位置（{ANCHOR_ROW}…）")))?;
        Anchor::parse(&row.trim_start_matches(',').replacen(',', ":", 1), &name)
    }
}

/// Where the chain head sits in a backup's envelope, beside the key file's fields
/// (which ignore it: restore reads the envelope as a key file).
const ENVELOPE_HEAD: &str = "chain_head";

/// The key file's JSON with the chain head added.
pub(crate) fn backup_envelope(key_file: &[u8], head: &ChainHead) -> Vec<u8> {
    let mut v: serde_json::Value =
        serde_json::from_slice(key_file).expect("a key file is a JSON object");
    v[ENVELOPE_HEAD] = serde_json::json!({ "entries": head.entries, "hash": head.hash });
    serde_json::to_vec_pretty(&v).expect("JSON serialises")
}

/// The head a backup was taken at; the whole file's checksum is checked first, so a
/// backup altered after it was made is no anchor.
fn from_backup(path: &Path, name: &str) -> Result<Anchor, CoreError> {
    let (envelope, _) = backup::read_envelope(path)?;
    let head = serde_json::from_slice::<serde_json::Value>(&envelope)
        .ok()
        .and_then(|v| {
            let h = v.get(ENVELOPE_HEAD)?;
            Some((h.get("entries")?.as_i64()?, h.get("hash")?.as_str()?.to_string()))
        })
        .ok_or_else(|| {
            bad(format!(
                "{name} 是旧版签约台做的备份，其中没有存证链位置；请用导出的 manifest.csv 或协议签署记录页上的链位置"
            ))
        })?;
    Anchor::parse(&format!("{}:{}", head.0, head.1), name)
}

/// Whether the archive still holds the anchored history: the entry at the anchored
/// position must exist and have the anchored hash.
pub(crate) fn check(conn: &Connection, anchor: &Anchor) -> Result<Option<Problem>, CoreError> {
    let at = audit::hash_at(conn, anchor.entries)?;
    let mismatch = |detail: String| Problem {
        kind: ProblemKind::AnchorMismatch,
        id: anchor.entries.to_string(),
        detail,
    };
    Ok(match at {
        None => Some(mismatch(format!(
            "存证锚点（{}）记录时审计日志已有 {} 条，现在的档案库中没有第 {} 条：记录被删除了",
            anchor.source, anchor.entries, anchor.entries
        ))),
        Some(hash) if !hash.starts_with(&anchor.hash) => Some(mismatch(format!(
            "第 {} 条审计记录的摘要（{}）与存证锚点（{}，{}）不符：这一条或更早的历史被改写过",
            anchor.entries,
            fingerprint(&hash),
            anchor.source,
            fingerprint(&anchor.hash)
        ))),
        Some(_) => None,
    })
}

/// A paper copy against the archive: the number must be there, with the content the
/// copy was printed from, and the chain position printed on it must still hold.
pub(crate) fn scan_problems(
    conn: &Connection,
    code: &signdesk_base::ScanCode,
    agreement: Option<&crate::dto::AgreementRecord>,
) -> Result<Vec<Problem>, CoreError> {
    let mut problems = Vec::new();
    let Some(a) = agreement else {
        problems.push(Problem {
            kind: ProblemKind::ScanUnknown,
            id: code.number.clone(),
            detail: format!(
                "档案库中没有编号为 {} 的协议：这份纸质协议不是在这个档案库签署的，或记录已被删除",
                code.number
            ),
        });
        return Ok(problems);
    };
    if a.content_sha256 != code.content_sha256 {
        problems.push(Problem {
            kind: ProblemKind::ContentHashMismatch,
            id: code.number.clone(),
            detail: format!(
                "纸质协议的内容摘要（{}）与档案库中的记录（{}）不同：两者内容不一致",
                fingerprint(&code.content_sha256),
                fingerprint(&a.content_sha256)
            ),
        });
    }
    if let Some(pos) = &code.chain {
        let anchor = Anchor {
            entries: pos.entries,
            hash: pos.hash.clone(),
            source: "纸质协议上的二维码".into(),
        };
        problems.extend(check(conn, &anchor)?);
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_read_as_written_by_hand_or_copied_whole() {
        let a = Anchor::parse("42:A1B2-c3d4-E5F6-0718", "手工输入").unwrap();
        assert_eq!((a.entries, a.hash.as_str()), (42, "a1b2c3d4e5f60718"));
        let whole = "ab".repeat(32);
        assert_eq!(
            Anchor::parse(&format!("7：{whole}"), "x").unwrap().hash,
            whole
        );
        for wrong in [
            "42",
            "0:a1b2c3d4e5f60718",
            "42:a1b2",
            "x:a1b2c3d4e5f60718",
            "3:zzzzzzzzzzzzzzzz",
        ] {
            let e = Anchor::parse(wrong, "x").unwrap_err();
            assert_eq!(e.kind(), "bad_argument", "{wrong}");
        }
        assert_eq!(fingerprint(&whole), "abab-abab-abab-abab");
    }
}
