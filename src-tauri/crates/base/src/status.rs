//! The closed sets of states that cross IPC and the database. Stored as their
//! `snake_case` names (the same text as on the wire), parsed back with [`FromStr`];
//! `bindings.ts` gets each as a union of string literals.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A stored state that is not one of its set's names: the database was changed
/// outside SignDesk (or by a newer version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownState {
    pub set: &'static str,
    pub found: String,
}

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "未知的{}「{}」", self.set, self.found)
    }
}

impl std::error::Error for UnknownState {}

impl UnknownState {
    /// As a user's input: `invalid_status`.
    pub fn kind(&self) -> crate::ErrorKind {
        crate::ErrorKind::InvalidStatus
    }
}

macro_rules! states {
    ($(#[$doc:meta])* $name:ident, $set:literal { $($(#[$vdoc:meta])* $variant:ident = $wire:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $wire)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }
        }

        impl FromStr for $name {
            type Err = UnknownState;
            fn from_str(s: &str) -> Result<$name, UnknownState> {
                match s {
                    $($wire => Ok($name::$variant),)+
                    other => Err(UnknownState { set: $set, found: other.to_string() }),
                }
            }
        }

        /// Compares with the name on the wire: `assert_eq!(status, "signed")`.
        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

states! {
    /// How the organisation signs a ceremony's agreements.
    Countersign, "会签方式" {
        /// Signs once; the signature is used on every agreement.
        Adopt = "adopt",
        /// Countersigns each agreement after its person signed.
        Each = "each",
    }
}

states! {
    /// Where one person on a ceremony's roster stands (derived, never stored twice).
    RosterStatus, "签署状态" {
        /// Not signed yet.
        Pending = "pending",
        /// Signed by hand; waiting for the organisation's countersignature.
        Awaiting = "awaiting",
        /// Agreement archived.
        Signed = "signed",
        /// Marked absent; can still sign later in the ceremony.
        Absent = "absent",
        /// Their agreement was voided; they may sign anew.
        Voided = "voided",
    }
}

states! {
    /// Whether an archived agreement stands or was voided.
    AgreementStatus, "协议状态" {
        Signed = "signed",
        Voided = "voided",
    }
}

impl AgreementStatus {
    /// A status as a person types it: `signed`/`voided`, or 已签/已签署/有效,
    /// 作废/已作废/void.
    pub fn parse(s: &str) -> Result<AgreementStatus, UnknownState> {
        match s.trim().to_lowercase().as_str() {
            "signed" | "已签" | "已签署" | "有效" => Ok(AgreementStatus::Signed),
            "voided" | "void" | "作废" | "已作废" => Ok(AgreementStatus::Voided),
            other => Err(UnknownState {
                set: "状态（只能是 signed 已签署 或 voided 已作废）",
                found: other.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_named() {
        for s in RosterStatus::ALL {
            assert_eq!(s.as_str().parse::<RosterStatus>().unwrap(), *s);
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{s}\""));
        }
        assert_eq!("each".parse::<Countersign>().unwrap(), Countersign::Each);
        let e = "both".parse::<Countersign>().unwrap_err();
        assert_eq!(e.to_string(), "未知的会签方式「both」");
        assert_eq!(AgreementStatus::Voided.as_str(), "voided");
    }
}

states! {
    /// What an audit entry records (stored as its name in `audit.event`, hashed into
    /// the chain). Every append names one of these; the completeness checks and an
    /// agreement's history read them back by the same names.
    AuditEvent, "审计事件" {
        ArchiveCreated = "archive_created",
        Unlocked = "unlocked",
        UnlockFailures = "unlock_failures",
        PassphraseChanged = "passphrase_changed",
        OldCopiesDeleted = "old_copies_deleted",
        SettingsChanged = "settings_changed",
        SealKeyResealed = "seal_key_resealed",
        RootExported = "root_exported",
        TemplateVersioned = "template_versioned",
        TemplateEdited = "template_edited",
        RosterImported = "roster_imported",
        PersonUpdated = "person_updated",
        CeremonyOpened = "ceremony_opened",
        CeremonyClosed = "ceremony_closed",
        CeremonyReopened = "ceremony_reopened",
        CeremonySignatureAdopted = "ceremony_signature_adopted",
        CeremonySignedAwaiting = "ceremony_signed_awaiting",
        KioskEntered = "kiosk_entered",
        KioskLeft = "kiosk_left",
        KioskPinRefused = "kiosk_pin_refused",
        AgreementSigned = "agreement_signed",
        AgreementCountersigned = "agreement_countersigned",
        AgreementVoided = "agreement_voided",
        Printed = "printed",
        Exported = "exported",
        Assessed = "assessed",
        AssessmentAcknowledged = "assessment_acknowledged",
        Verified = "verified",
        BackedUp = "backed_up",
        Restored = "restored",
        /// A 上报包 for the group archive was written (detail: file, agreements, head).
        GroupBundleExported = "group_bundle_exported",
        /// Agreements were sent to the group archive online (detail: sent, head).
        GroupSynced = "group_synced",
        /// The group archive's connection was set or changed (never the password).
        GroupConfigured = "group_configured",
    }
}

states! {
    /// The events of one agreement's history (档案库 → an agreement → 历史): the
    /// audit events that name it. The UI labels each; a new one fails its type check
    /// until it does.
    HistoryEvent, "协议历史事件" {
        AgreementSigned = "agreement_signed",
        AgreementCountersigned = "agreement_countersigned",
        AgreementVoided = "agreement_voided",
        Printed = "printed",
        Exported = "exported",
        Assessed = "assessed",
        AssessmentAcknowledged = "assessment_acknowledged",
    }
}

impl From<HistoryEvent> for AuditEvent {
    fn from(e: HistoryEvent) -> AuditEvent {
        match e {
            HistoryEvent::AgreementSigned => AuditEvent::AgreementSigned,
            HistoryEvent::AgreementCountersigned => AuditEvent::AgreementCountersigned,
            HistoryEvent::AgreementVoided => AuditEvent::AgreementVoided,
            HistoryEvent::Printed => AuditEvent::Printed,
            HistoryEvent::Exported => AuditEvent::Exported,
            HistoryEvent::Assessed => AuditEvent::Assessed,
            HistoryEvent::AssessmentAcknowledged => AuditEvent::AssessmentAcknowledged,
        }
    }
}

#[cfg(test)]
mod audit_event_tests {
    use super::*;

    #[test]
    fn every_history_event_is_an_audit_event_of_the_same_name() {
        for h in HistoryEvent::ALL {
            assert_eq!(AuditEvent::from(*h).as_str(), h.as_str());
        }
        let names: std::collections::BTreeSet<_> =
            AuditEvent::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names.len(), AuditEvent::ALL.len(), "names are unique");
    }
}

states! {
    /// What `verify` (and a scanned paper copy) can find wrong: each problem names one
    /// of these, the agreement number or audit seq, and in Chinese what is wrong.
    ProblemKind, "核验问题" {
        /// SQLite's own checks, or a check that could not run to its end.
        DbIntegrity = "db_integrity",
        PdfHashMismatch = "pdf_hash_mismatch",
        ContentHashMismatch = "content_hash_mismatch",
        SealInvalid = "seal_invalid",
        /// The audit chain is broken at an entry.
        AuditChain = "audit_chain",
        /// A signed agreement without its `agreement_signed` audit entry.
        AuditMissing = "audit_missing",
        AuditMismatch = "audit_mismatch",
        /// An anchor (paper, manifest, backup) that the chain no longer matches.
        AnchorMismatch = "anchor_mismatch",
        /// A scanned code naming an agreement the archive does not hold.
        ScanUnknown = "scan_unknown",
        // What is missing, changed or repeated (`signdesk_archive::completeness`).
        AgreementMissing = "agreement_missing",
        NumberChanged = "number_changed",
        NumberGap = "number_gap",
        NumberRepeat = "number_repeat",
        VoidUnaudited = "void_unaudited",
        VoidMissing = "void_missing",
        SearchOrphan = "search_orphan",
        // Assessment results (`core/assess/check.rs`).
        AssessmentHashMismatch = "assessment_hash_mismatch",
        AssessmentScoreMismatch = "assessment_score_mismatch",
        AssessmentUnaudited = "assessment_unaudited",
        AssessmentAuditMismatch = "assessment_audit_mismatch",
    }
}

states! {
    /// An operating-system kiosk session holding the desktop (see core's `os_kiosk`).
    OsKiosk, "系统锁定方式" {
        /// GNOME Kiosk (Debian's `gnome-kiosk`).
        GnomeKiosk = "gnome-kiosk",
        /// cage, a Wayland kiosk compositor.
        Cage = "cage",
        /// Windows Assigned Access.
        AssignedAccess = "assigned-access",
    }
}

states! {
    /// What can be wrong in a roster file: with one row, or with the file as a whole
    /// (a preview is still shown; saving is refused).
    RosterIssueKind, "名单问题" {
        MissingName = "missing_name",
        DuplicateEmployeeNo = "duplicate_employee_no",
        /// Same name and department, neither with an employee number: indistinguishable.
        DuplicatePerson = "duplicate_person",
        BadCharacters = "bad_characters",
        TooLong = "too_long",
        BadEncoding = "bad_encoding",
        /// A CSV quote never closed: the rest of the file ran into one cell.
        UnterminatedQuote = "unterminated_quote",
        /// Two columns mean the same field.
        DuplicateColumn = "duplicate_column",
    }
}

states! {
    /// Where a stored result's values came from, kept with each version (an import
    /// keeps the file's name beside it). The UI names each through a `Record`.
    AssessmentSource, "考核结果来源" {
        /// Typed into the window's grid (评分).
        Grid = "grid",
        /// Read from a results file (CSV or .xlsx), in the window or on the command line.
        Import = "import",
        /// `signdesk-cli assess set`.
        Cli = "cli",
    }
}

states! {
    /// A line of a result that is no item of its scheme (items are keyed `part…`,
    /// `target…`, `penalty…`): the manual adjustment, which is also the grid's last
    /// column. One name for the scorer, the result page and the UI.
    ExtraLine, "考核明细行" {
        Adjustment = "adjustment",
    }
}
