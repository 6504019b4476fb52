//! Generates `ui/src/ipc/bindings.ts` from the Rust types, so the UI never carries a
//! hand-written copy. `cargo test -p signdesk-core` fails when the committed file is
//! stale; `SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings` rewrites it.

use ts_rs::{Config, TS};

use crate::assess::{
    AssessImport, AssessImportRequest, AssessInput, AssessSheet, AssessSheetRow, AssessmentVersion,
    AssessmentView, DepartmentReport, ImportRowError, ImportUnmatched, YearReport,
};
use crate::ceremony::{
    AdoptedSignature, CeremonyDetail, CeremonyInput, CeremonyRosterAdded, CeremonySigned,
    CeremonySummary, KioskPerson, KioskTask, LastResult, OrgRole, PersonAgreement, RosterPerson,
};
use crate::dto::*;
use crate::group::{BundleExported, BundleHead, GroupSettings, Synced};
use crate::group_view::{GroupExported, GroupImported, GroupPrinted, GroupViewState};
use crate::kiosk::KioskState;
use crate::selftest::testpage::TestPagePrinted;
use crate::selftest::{CheckKey, CheckStatus, ScreenInfo, SelfCheck, SelfTestReport};
use crate::signing::{SignOutcome, SignRequest, SignatureInput, SignerInput};
use crate::{ErrorKind, IpcError};
use signdesk_agreement::{
    Block, Doubt, DoubtItem, Field, FieldFill, FieldKind, Role, Section, Side, Signs, Template,
};
use signdesk_assess::{
    Direction, Grade, Item, ItemKind, Line, Part, Penalty, Period, Scheme, Target, Value,
};
use signdesk_base::{
    AgreementStatus, AssessmentSource, AuditEvent, Countersign, ExtraLine, HistoryEvent, OsKiosk,
    ProblemKind, Progress, RosterIssueKind, RosterStatus, WorkStage,
};
use signdesk_group::{coverage, report, search, verify};

macro_rules! decls {
    ($cfg:expr; $($t:ty),* $(,)?) => {
        vec![$(format!("export {}", <$t as TS>::decl($cfg))),*]
    };
}

pub fn typescript() -> String {
    // i64 ids and counts stay far below 2^53; plain numbers are what the UI wants.
    let cfg = Config::new().with_large_int("number");
    let decls: Vec<String> = decls![&cfg;
        ErrorKind, IpcError, WorkStage, Progress, AuditEvent, HistoryEvent, ProblemKind, OsKiosk, RosterIssueKind, Counts, AppInfo, Countersign, RosterStatus, AgreementStatus,
        Template, Doubt, DoubtItem, Section, Block, Role, Signs, Side, Field, FieldKind, FieldFill,
        TemplateSummary, TemplateDetail,
        SignerInput, SignatureInput, SignRequest, SignOutcome,
        SearchFilters, SearchHit, SearchResult, VoidInfo, SignatureInfo, AgreementRecord,
        ExportResult, PrintResult, PrinterInfo, HistoryEntry,
        RosterIssue, RosterRow, RosterPreview, RosterImport, PersonInfo,
        CeremonyInput, CeremonySummary, RosterPerson, OrgRole, CeremonyDetail, KioskPerson, KioskTask, LastResult,
        PersonAgreement, AdoptedSignature, CeremonySigned, CeremonyRosterAdded, KioskState,
        Problem, ChainHead, VerifyReport, ScanReport, OldCopy, BackupReport, RestoreReport, SessionPhase, SessionState,
        Scheme, Period, Part, Grade, Direction, Target, Penalty, Item, ItemKind, Value, Line, ExtraLine, AssessmentSource,
        AssessInput, AssessmentVersion, AssessmentView, AssessSheetRow, AssessSheet,
        ImportUnmatched, ImportRowError, AssessImport, AssessImportRequest, DepartmentReport, YearReport,
        GroupSettings, BundleHead, BundleExported, Synced,
        CheckStatus, CheckKey, SelfCheck, ScreenInfo, SelfTestReport, TestPagePrinted,
        GroupViewState, search::Query, search::Hit, search::Found, GroupExported, GroupImported, GroupPrinted,
        coverage::Department, coverage::SiteCoverage, coverage::Coverage,
        report::DepartmentReport, report::YearReport,
        verify::Problem, verify::Report,
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `signdesk-core` (src/bindings.rs). Do not edit.\n\
         // Regenerate: SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn bindings_are_fresh() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../ui/src/ipc/bindings.ts");
        let want = super::typescript();
        if std::env::var_os("SIGNDESK_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/ipc/bindings.ts is stale: run SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings"
        );
    }
}
