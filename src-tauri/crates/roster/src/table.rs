//! The common shape that both readers produce: records of text cells, each with the
//! line (CSV) or row (Excel) number the user sees in their own program, so every error
//! can point at it.

/// Header search looks at most this many non-blank records (title rows above the
/// header, such as 「2027 年安全责任书签订名单」, are common in Excel sheets).
pub const HEADER_SEARCH: usize = 10;
/// Cells beyond this many in one record are dropped (a roster has a handful).
pub const MAX_CELLS: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u32,
    pub cells: Vec<String>,
}

impl Record {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// What a reader hands on: the records, plus facts worth telling the user.
#[derive(Debug, Default)]
pub struct Table {
    pub records: Vec<Record>,
    pub encoding: String,
    pub notes: Vec<String>,
    /// File-level problems that still allow a preview but forbid saving.
    pub problems: Vec<(signdesk_base::RosterIssueKind, String)>,
}
