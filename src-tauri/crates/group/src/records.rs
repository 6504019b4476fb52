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
