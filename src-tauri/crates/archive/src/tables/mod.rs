//! One module per table (or concern); each owns its SQL.

pub mod agreements;
pub mod assessments;
pub mod audit;
pub mod ceremonies;
pub mod outbox;
pub mod people;
pub mod settings;
pub mod signatures;
pub mod stats;
pub mod templates;
pub mod voids;

pub use agreements::{AgreementRow, NewAgreement};
pub use assessments::{AssessmentRow, NewAssessment};
pub use audit::AuditEntry;
pub use people::{NewPerson, PersonRef};
pub use signatures::NewSignature;
pub use stats::Counts;
pub use templates::{TemplateRow, TemplateVersionRow};
