//! What every SignDesk crate shares and must agree on: the closed list of error kinds,
//! the rule for text that is stored, printed and searched, the year of an agreement
//! and the printed date. A leaf: it depends on no other SignDesk crate.

pub mod chain;
pub mod date;
pub mod kind;
pub mod name;
pub mod reading;
pub mod scan;
pub mod status;
pub mod text;
pub mod words;
pub mod work;
pub mod year;

pub use chain::ChainPosition;
pub use date::chinese_date;
pub use kind::ErrorKind;
pub use name::PersonName;
pub use scan::ScanCode;
pub use status::{
    AgreementStatus, AssessmentSource, AuditEvent, Countersign, ExtraLine, HistoryEvent, OsKiosk,
    ProblemKind, RosterIssueKind, RosterStatus,
};
pub use words::{foreign_words, io_reason};
pub use work::{Cancelled, Job, Progress, WorkStage};
pub use year::Year;
