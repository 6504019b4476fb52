//! The 上报包: what a desk carries to the group office when it cannot connect.
//!
//! A bundle is a stream of records, so neither side holds more than one PDF in
//! memory: `SIGNDESK-BUNDLE 1\n`, then records `[tag: u8][length: u32 BE][payload]` —
//! the header (JSON), the audit entries, each agreement (JSON) followed by its PDF,
//! voids, roster lines, assessment results, acknowledgements (each with its sealed page) — and last the seal: the installation's signing certificate
//! and its signature over the SHA-256 of every byte before the seal record. The
//! reader hashes as it reads; the seal is checked against the root the group
//! registered for the site before the transaction that stored the records commits.

use std::io::{Read, Write};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use signdesk_base::chain::AuditEntry;
use signdesk_base::ErrorKind;
use signdesk_seal::DetachedSeal;

use crate::records::{AckRecord, AgreementRecord, AssessmentRecord, RosterRecord, VoidRecord};
use crate::GroupError;

const MAGIC: &[u8] = b"SIGNDESK-BUNDLE 1\n";
/// A JSON record larger than this is damage, not data.
const MAX_JSON: u32 = 4 << 20;
/// A PDF larger than this is refused (agreements are tens of KB).
const MAX_PDF: u32 = 64 << 20;

const TAG_HEADER: u8 = b'H';
const TAG_AUDIT: u8 = b'A';
const TAG_AGREEMENT: u8 = b'G';
const TAG_PDF: u8 = b'P';
const TAG_VOID: u8 = b'V';
const TAG_ROSTER: u8 = b'R';
const TAG_ASSESSMENT: u8 = b'E';
const TAG_ACK: u8 = b'K';
const TAG_SEAL: u8 = b'S';

/// The first record: who sent it and which part of the chain it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// The organisation's name at the desk.
    pub site_name: String,
    /// The desk's root certificate (DER, base64): the group finds the site by its
    /// fingerprint and trusts only the copy it registered.
    pub root_der: String,
    pub created_at: String,
    /// The chain entries carried: `from_seq..=to_seq` (none when `from_seq > to_seq`).
    pub from_seq: i64,
    pub to_seq: i64,
}

impl Header {
    pub fn root(&self) -> Result<Vec<u8>, GroupError> {
        base64::engine::general_purpose::STANDARD
            .decode(&self.root_der)
            .map_err(|_| damaged("包头的根证书不是有效的 base64"))
    }
}

#[derive(Serialize, Deserialize)]
struct SealRecord {
    signing_cert: String,
    signature: String,
}

/// One record as read.
#[derive(Debug, Clone)]
pub enum Record {
    Audit(AuditEntry),
    Agreement(AgreementRecord, Vec<u8>),
    Void(VoidRecord),
    Roster(RosterRecord),
    Assessment(AssessmentRecord),
    /// An acknowledgement and its sealed page.
    Ack(AckRecord, Vec<u8>),
}

/// Writes a bundle record by record, hashing as it goes.
pub struct Writer<W: Write> {
    out: W,
    hash: Sha256,
}

impl<W: Write> Writer<W> {
    pub fn new(mut out: W, header: &Header) -> Result<Self, std::io::Error> {
        out.write_all(MAGIC)?;
        let mut w = Writer {
            out,
            hash: Sha256::new(),
        };
        w.hash.update(MAGIC);
        w.json(TAG_HEADER, header)?;
        Ok(w)
    }

    pub fn audit(&mut self, e: &AuditEntry) -> Result<(), std::io::Error> {
        self.json(TAG_AUDIT, e)
    }

    pub fn agreement(&mut self, a: &AgreementRecord, pdf: &[u8]) -> Result<(), std::io::Error> {
        self.json(TAG_AGREEMENT, a)?;
        self.raw(TAG_PDF, pdf)
    }

    pub fn void(&mut self, v: &VoidRecord) -> Result<(), std::io::Error> {
        self.json(TAG_VOID, v)
    }

    pub fn roster(&mut self, r: &RosterRecord) -> Result<(), std::io::Error> {
        self.json(TAG_ROSTER, r)
    }

    pub fn assessment(&mut self, a: &AssessmentRecord) -> Result<(), std::io::Error> {
        self.json(TAG_ASSESSMENT, a)
    }

    pub fn ack(&mut self, k: &AckRecord, pdf: &[u8]) -> Result<(), std::io::Error> {
        self.json(TAG_ACK, k)?;
        self.raw(TAG_PDF, pdf)
    }

    /// The digest the seal signs: everything written so far.
    pub fn digest(&self) -> [u8; 32] {
        self.hash.clone().finalize().into()
    }

    /// Appends the seal (made over [`Writer::digest`]) and flushes.
    pub fn finish(mut self, seal: &DetachedSeal) -> Result<W, std::io::Error> {
        let b64 = base64::engine::general_purpose::STANDARD;
        let rec = SealRecord {
            signing_cert: b64.encode(&seal.signing_cert_der),
            signature: b64.encode(&seal.signature_der),
        };
        self.json(TAG_SEAL, &rec)?;
        self.out.flush()?;
        Ok(self.out)
    }

    fn json<T: Serialize>(&mut self, tag: u8, v: &T) -> Result<(), std::io::Error> {
        let bytes = serde_json::to_vec(v).map_err(std::io::Error::other)?;
        self.raw(tag, &bytes)
    }

    fn raw(&mut self, tag: u8, bytes: &[u8]) -> Result<(), std::io::Error> {
        let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
        let mut head = [0u8; 5];
        head[0] = tag;
        head[1..].copy_from_slice(&len.to_be_bytes());
        self.out.write_all(&head)?;
        self.out.write_all(bytes)?;
        self.hash.update(head);
        self.hash.update(bytes);
        Ok(())
    }
}

/// Reads a bundle record by record; [`Reader::next`] answers `None` after the seal,
/// which [`Reader::seal`] then holds with the digest it covers.
pub struct Reader<R: Read> {
    input: R,
    hash: Sha256,
    header: Header,
    sealed: Option<([u8; 32], DetachedSeal)>,
    records: u64,
}

impl<R: Read> Reader<R> {
    pub fn open(mut input: R) -> Result<Self, GroupError> {
        let mut magic = [0u8; MAGIC.len()];
        input
            .read_exact(&mut magic)
            .map_err(|_| damaged("文件太短，不是签约台上报包"))?;
        if magic != MAGIC {
            return Err(damaged("文件开头不对，不是签约台上报包"));
        }
        let mut hash = Sha256::new();
        hash.update(MAGIC);
        let mut r = Reader {
            input,
            hash,
            header: Header {
                site_name: String::new(),
                root_der: String::new(),
                created_at: String::new(),
                from_seq: 0,
                to_seq: -1,
            },
            sealed: None,
            records: 0,
        };
        let (tag, bytes) = r.raw()?;
        if tag != TAG_HEADER {
            return Err(damaged("缺少包头"));
        }
        r.header = json(&bytes, "包头")?;
        Ok(r)
    }

    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The next record, or `None` once the seal was read.
    #[allow(clippy::should_implement_trait)] // fallible, and ends at the seal
    pub fn next(&mut self) -> Result<Option<Record>, GroupError> {
        if self.sealed.is_some() {
            return Ok(None);
        }
        let digest: [u8; 32] = self.hash.clone().finalize().into();
        let (tag, bytes) = self.raw()?;
        self.records += 1;
        let rec = match tag {
            TAG_AUDIT => Record::Audit(json(&bytes, "审计记录")?),
            TAG_AGREEMENT => {
                let meta: AgreementRecord = json(&bytes, "协议记录")?;
                let (tag, pdf) = self.raw()?;
                if tag != TAG_PDF {
                    return Err(damaged(&format!("协议 {} 后面缺少 PDF", meta.number)));
                }
                Record::Agreement(meta, pdf)
            }
            TAG_VOID => Record::Void(json(&bytes, "作废记录")?),
            TAG_ROSTER => Record::Roster(json(&bytes, "名单记录")?),
            TAG_ASSESSMENT => Record::Assessment(json(&bytes, "考核记录")?),
            TAG_ACK => {
                let meta: AckRecord = json(&bytes, "考核确认记录")?;
                let (tag, pdf) = self.raw()?;
                if tag != TAG_PDF {
                    return Err(damaged(&format!(
                        "协议 {} 的考核确认后面缺少 PDF",
                        meta.number
                    )));
                }
                Record::Ack(meta, pdf)
            }
            TAG_SEAL => {
                let s: SealRecord = json(&bytes, "印章记录")?;
                let b64 = base64::engine::general_purpose::STANDARD;
                let seal = DetachedSeal {
                    signing_cert_der: b64
                        .decode(s.signing_cert)
                        .map_err(|_| damaged("印章证书损坏"))?,
                    signature_der: b64
                        .decode(s.signature)
                        .map_err(|_| damaged("印章签名损坏"))?,
                };
                let mut extra = [0u8; 1];
                if self.input.read(&mut extra).unwrap_or(0) != 0 {
                    return Err(damaged("印章之后还有多余的数据"));
                }
                self.sealed = Some((digest, seal));
                return Ok(None);
            }
            other => return Err(damaged(&format!("未知的记录类型 {:?}", other as char))),
        };
        Ok(Some(rec))
    }

    /// The seal and the digest of everything before it (after `next` answered `None`).
    pub fn seal(&self) -> Option<&([u8; 32], DetachedSeal)> {
        self.sealed.as_ref()
    }

    fn raw(&mut self) -> Result<(u8, Vec<u8>), GroupError> {
        let mut head = [0u8; 5];
        self.input
            .read_exact(&mut head)
            .map_err(|_| damaged("文件在中途结束（没有印章）：可能没有复制完整"))?;
        let len = u32::from_be_bytes([head[1], head[2], head[3], head[4]]);
        let max = if head[0] == TAG_PDF {
            MAX_PDF
        } else {
            MAX_JSON
        };
        if len > max {
            return Err(damaged(&format!("记录长度 {len} 字节超出上限")));
        }
        let mut bytes = vec![0u8; len as usize];
        self.input
            .read_exact(&mut bytes)
            .map_err(|_| damaged("文件在中途结束：可能没有复制完整"))?;
        self.hash.update(head);
        self.hash.update(&bytes);
        Ok((head[0], bytes))
    }
}

fn json<T: for<'de> Deserialize<'de>>(bytes: &[u8], what: &str) -> Result<T, GroupError> {
    serde_json::from_slice(bytes).map_err(|_| damaged(&format!("{what}无法解析")))
}

fn damaged(what: &str) -> GroupError {
    GroupError::new(ErrorKind::BundleDamaged, format!("上报包已损坏：{what}"))
}
