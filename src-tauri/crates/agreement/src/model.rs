//! The template model shared by detection, the editor (over IPC), the archive and the
//! renderer.
//!
//! Text that contains blanks carries them as `{{key}}` markers; `Template::fields`
//! describes each key. Keeping blanks inline (rather than as a separate token list)
//! keeps the model editable as plain text in the UI and trivially serialisable.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A detected or edited agreement template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Template {
    /// The agreement's title, e.g. `客服部安全目标责任书`.
    pub title: String,
    /// Paragraphs between the title and the first section.
    pub preamble: Vec<String>,
    /// Numbered sections (`一、…`, `第一条 …`). An agreement without section headings
    /// has one section with an empty number and heading.
    pub sections: Vec<Section>,
    /// Paragraphs after the last section and before the signature block
    /// (e.g. `本责任书一式三份……`).
    pub closing: Vec<String>,
    /// Who signs, in the order the signature block lists them.
    pub roles: Vec<Role>,
    /// The blanks to fill, in order of first appearance.
    pub fields: Vec<Field>,
    /// Number of printed copies (一式两份 → 2). 1 when the text says nothing.
    pub copies: u32,
    /// The assessment period where the text gives one, as written
    /// (e.g. `2018年1月1日至2018年12月31日`).
    pub period: Option<String>,
    /// What detection was unsure of, for the editor to show 「请确认」 beside; empty
    /// once a person has looked (the editor drops a doubt when its item is edited or
    /// confirmed). Absent in templates stored before it existed.
    #[serde(default)]
    pub doubts: Vec<Doubt>,
    /// The year-end assessment the text states (考核: parts, targets, grades), read by
    /// `signdesk_assess::detect` and corrected in the editor; frozen with the version
    /// like the text. `None` when the text states none — and in versions stored
    /// before schemes existed, whose scheme is read from their text when assessed.
    #[serde(default)]
    pub scheme: Option<signdesk_assess::Scheme>,
}

/// One detected item that a person should confirm, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Doubt {
    pub item: DoubtItem,
    /// The role's or field's key, for those items.
    pub key: Option<String>,
    /// Why, in Chinese: 「文中没有找到标题，已把第一行作为标题」.
    pub note: String,
}

/// Which kind of item a [`Doubt`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DoubtItem {
    Title,
    Role,
    Field,
    Sections,
    Copies,
}

/// A numbered section of an agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Section {
    /// The number as written, e.g. `一、`, `第三条`, `1.` (empty when unnumbered).
    pub number: String,
    /// The heading text after the number, e.g. `安全职责`.
    pub heading: String,
    /// Paragraphs and clauses in reading order.
    pub blocks: Vec<Block>,
}

/// One paragraph of a section: plain text or a numbered clause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        text: String,
    },
    Clause {
        /// The clause number as written: `1.`, `1、`, `（一）`, `（1）`, `a)`, `1.1` …
        number: String,
        /// Nesting depth: 1 for the outermost clauses of a section.
        level: u8,
        text: String,
    },
}

/// A party that signs the agreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Role {
    /// Stable identifier used by signatures and the CLI (`employee`, `org_head`, …).
    pub key: String,
    /// The label as printed in the signature block, e.g. `员工签名`, `公司（盖章）`.
    pub label: String,
    pub signs: Signs,
    pub side: Side,
    /// Who signs for the party when the text names it: 「甲方（法人代表）」 → `法人代表`,
    /// or a 「法定代表人（盖章）」 line under the party's own line.
    #[serde(default)]
    pub representative: Option<String>,
}

/// How a role signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Signs {
    /// A handwritten signature (签字/签名).
    Hand,
    /// An organisation's seal (盖章).
    Seal,
    /// Both (签字盖章).
    Both,
}

/// Which side of the agreement a role belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The issuing party: company, department head, 发约人, 甲方.
    Organisation,
    /// The person who takes on the responsibility: employee, 签约人, 乙方, 承诺人.
    Signer,
}

/// A blank to fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Field {
    /// Identifier used in `{{key}}` markers and `--field KEY=VALUE`.
    pub key: String,
    /// Human label taken from the blank's context, e.g. `考核期限开始日期`.
    pub label: String,
    pub kind: FieldKind,
    /// The blank as it appeared in the source text, e.g. `XXXX年XX月XX日`.
    pub original: String,
    /// How the blank gets its value — decided here, by [`Template::resolve_fills`], so
    /// no front end guesses it from the key. Absent in templates stored before it
    /// existed; loading resolves it.
    #[serde(default)]
    pub fill: FieldFill,
}

/// How a blank gets its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldFill {
    /// Typed in: once for everyone, per person from the roster, or at signing.
    #[default]
    Typed,
    /// The date beside a signature (`<role>_date`, `signing_date`): the day that role
    /// signs, unless given.
    SigningDate,
}

/// What a blank holds; decides validation and the input widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    Date,
    Year,
    Number,
    Money,
}

impl Template {
    /// Total number of clauses across all sections.
    pub fn clause_count(&self) -> usize {
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter(|b| matches!(b, Block::Clause { .. }))
            .count()
    }
}
