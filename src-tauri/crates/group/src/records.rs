//! What travels from a desk to the group archive, the same in a bundle file and in an
//! online sync. Audit entries are `signdesk_base::chain::AuditEntry`.

use serde::{Deserialize, Serialize};

/// A position in a site's chain: entries and the last hash (`{"entries", "hash"}` in
/// the CLI's JSON).
pub type Head = signdesk_base::chain::ChainPosition;

/// One signed agreement without its PDF (which follows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgreementRecord {
    pub number: String,
    pub year: i32,
    pub template_slug: String,
    pub template_version: i32,
    pub title: String,
    pub signer: String,
    pub department: String,
    pub employee_no: Option<String>,
    pub signed_at: String,
    pub content_sha256: String,
    pub pdf_sha256: String,
    pub pages: i32,
    pub copies: i32,
    /// The rest of what `content_sha256` covers, recomputed on arrival
    /// ([`signdesk_base::chain::AgreementDigest`]): the signed text (also what phrase
    /// search reads), the filled blanks as JSON, and each signature's role with its
    /// image's SHA-256 (the images themselves stay in the PDF).
    pub signed_text: String,
    pub values_json: String,
    pub signatures: Vec<SignatureDigest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureDigest {
    pub role_key: String,
    pub png_sha256: String,
}

impl AgreementRecord {
    /// Its content hash recomputed from what it carries.
    pub fn content_digest(&self) -> String {
        signdesk_base::chain::AgreementDigest {
            template_slug: &self.template_slug,
            template_version: u32::try_from(self.template_version).unwrap_or(0),
            signed_text: &self.signed_text,
            values_json: &self.values_json,
            signer_name: &self.signer,
        }
        .sha256(
            self.signatures
                .iter()
                .map(|s| (s.role_key.as_str(), s.png_sha256.as_str())),
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoidRecord {
    pub number: String,
    pub reason: String,
    pub voided_at: String,
    pub actor: String,
}

/// One person on one of the site's rosters for a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRecord {
    pub year: i32,
    pub name: String,
    pub department: String,
    pub employee_no: Option<String>,
}

impl RosterRecord {
    /// Who this is across re-sent rosters: the employee number, else name and
    /// department (the same rule the desk uses to find a person).
    pub fn person_key(&self) -> String {
        match self
            .employee_no
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(no) => format!("no:{no}"),
            None => format!("name:{}/{}", self.name.trim(), self.department.trim()),
        }
    }
}

/// One version of an agreement's assessment result, everything its digest covers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentRecord {
    pub number: String,
    pub version: u32,
    pub scheme_json: String,
    pub values_json: String,
    pub adjustment: Option<String>,
    pub reason: String,
    pub score: String,
    pub score_value: f64,
    pub reward_value: Option<f64>,
    pub pass_value: f64,
    pub lines_json: String,
    pub source: String,
    pub source_file: Option<String>,
    pub actor: String,
    pub assessed_at: String,
    pub content_sha256: String,
}

impl AssessmentRecord {
    /// The digest recomputed from what arrived.
    pub fn digest(&self) -> String {
        signdesk_base::chain::AssessmentDigest {
            number: &self.number,
            version: self.version,
            scheme_json: &self.scheme_json,
            values_json: &self.values_json,
            adjustment: self.adjustment.as_deref(),
            reason: &self.reason,
            score: &self.score,
            lines_json: &self.lines_json,
            source: &self.source,
            actor: &self.actor,
            assessed_at: &self.assessed_at,
            source_file: self.source_file.as_deref(),
        }
        .sha256()
    }
}

/// A person's signed acknowledgement of one result version (its sealed page follows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AckRecord {
    pub number: String,
    pub version: u32,
    pub signed_at: String,
    pub pdf_sha256: String,
}
