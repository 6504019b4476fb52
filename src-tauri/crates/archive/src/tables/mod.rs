//! One module per table (or concern); each owns its SQL.

pub mod audit;
pub mod settings;
pub mod stats;
pub mod templates;

pub use audit::AuditEntry;
pub use stats::Counts;
pub use templates::{TemplateRow, TemplateVersionRow};
