//! The year's end: every safety agreement is signed in order to be assessed against
//! its own terms — 「考核期限为2018年1月1日至2018年12月31日」, 「年度考核采用百分制，其中安全责任
//! 占60分，事故情况占40分」, 「考核分在90分以上的……给予奖励」, grades with coefficients,
//! targets with weights and points per percentage point. This crate reads that
//! *scheme* from an agreement's text ([`detect`]) and computes a person's score from
//! it ([`score`]), exactly (decimal arithmetic) and with the rule behind every point.
//! No I/O: the archive stores schemes and results; the front ends show them.

pub mod detect;
pub mod display;
pub mod entry;
mod model;
pub mod score;

pub use detect::detect;
pub use entry::{read_cell, CellError, Item, ItemKind};
pub use model::{Direction, Grade, Part, Penalty, Period, Scheme, Target};
pub use rust_decimal::Decimal;
pub use score::{score, Line, ScoreError, Scored, Value};
