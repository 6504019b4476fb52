// The only door from the UI to Rust. Every call goes through `call`, which turns a
// rejected invoke into a typed `IpcFailure` carrying the Rust error's kind and its
// (Chinese) message.
import { invoke, type Channel } from "@tauri-apps/api/core";
import type {
  AgreementRecord,
  AssessImport,
  AssessImportRequest,
  AssessInput,
  AssessSheet,
  AssessmentView,
  YearReport,
  AppInfo,
  GroupSettings,
  SelfTestReport,
  TestPagePrinted,
  ScreenInfo,
  Synced,
  BundleExported,
  GroupViewState,
  GroupQuery,
  GroupFound,
  GroupExported,
  GroupCoverage,
  GroupYearReport,
  GroupVerifyReport,
  GroupImported,
  GroupPrinted,
  BackupReport,
  VerifyReport,
  ScanReport,
  OldCopy,
  ExportResult,
  HistoryEntry,
  PrintResult,
  PrinterInfo,
  Progress,
  CeremonyDetail,
  CeremonyInput,
  CeremonyRosterAdded,
  CeremonySigned,
  CeremonySummary,
  KioskPerson,
  KioskState,
  PersonInfo,
  PersonAgreement,
  RestoreReport,
  SessionState,
  SignatureInput,
  ErrorKind,
  IpcError,
  SearchFilters,
  SearchResult,
  SignOutcome,
  SignRequest,
  Role,
  Template,
  TemplateDetail,
  TemplateSummary,
} from "./bindings";

import type { Command } from "./commands";

export * from "./bindings";
export type { Command } from "./commands";

/** What went wrong: one of Rust's closed list of kinds, or "ipc" when the call itself
 *  failed (no answer from Rust). A misspelled kind is a type error. */
export type FailureKind = ErrorKind | "ipc";

export class IpcFailure extends Error {
  constructor(
    public readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
  }
}

function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

let onLocked: (() => void) | null = null;

/** Called whenever Rust refuses a command because the session is locked (idle). */
export function setLockedHandler(f: () => void) {
  onLocked = f;
}

async function call<T>(
  command: Command,
  args?: Record<string, unknown> | Uint8Array,
  options?: { headers: Record<string, string> },
): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (e) {
    if (isIpcError(e)) {
      if (e.kind === "session_locked") onLocked?.();
      throw new IpcFailure(e.kind, e.message);
    }
    throw new IpcFailure("ipc", String(e));
  }
}

/** Sends a file's bytes as the raw IPC body (not a JSON array of numbers); its name and
 *  any other argument go in headers, percent-encoded (Rust: `commands/upload.rs`). */
function upload<T>(command: Command, fileName: string, bytes: Uint8Array, headers: Record<string, string> = {}): Promise<T> {
  const all: Record<string, string> = { "x-signdesk-file-name": encodeURIComponent(fileName) };
  for (const [k, v] of Object.entries(headers)) all[k] = encodeURIComponent(v);
  return call<T>(command, bytes, { headers: all });
}

/** A file for long work: a raw body carries no progress channel, so the file is
 *  staged first (`upload_stage`, answering with a token) and the work's command names
 *  the token beside its `WorkHandle` (Rust: `signdesk_core::upload`). */
function staged(fileName: string, bytes: Uint8Array): Promise<string> {
  return upload<string>("upload_stage", fileName, bytes);
}

/** Bytes as base64 — how a signature PNG rides inside a JSON request (Rust: `wire.rs`). */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Long work's two wires: the id 取消 names (`jobCancel`) and the channel Rust
 *  reports its progress on (`lib/work.svelte.ts` makes both). */
export interface WorkHandle {
  job: number;
  progress: Channel<Progress>;
}

export const ipc = {
  sessionState: () => call<SessionState>("session_state"),
  /** First start: a new archive, encrypted under `passphrase`. */
  sessionCreate: (organisation: string, passphrase: string) =>
    call<SessionState>("session_create", { organisation, passphrase }),
  sessionUnlock: (passphrase: string) => call<SessionState>("session_unlock", { passphrase }),
  sessionLock: () => call<SessionState>("session_lock"),
  /** Rust reads the backup file at `file` and replaces the archive with it. */
  sessionRestore: (file: string, passphrase: string, w: WorkHandle) =>
    call<[RestoreReport, SessionState]>("session_restore", { file, passphrase, ...w }),
  /** Returns the copies an earlier restore left, which still open with the old passphrase. */
  passphraseChange: (old: string, next: string) => call<OldCopy[]>("passphrase_change", { old, new: next }),
  oldCopiesDelete: () => call<OldCopy[]>("old_copies_delete"),
  appInfo: () => call<AppInfo>("app_info"),
  templatesList: () => call<TemplateSummary[]>("templates_list"),
  templateGet: (id: string, version?: number) =>
    call<TemplateDetail>("template_get", { id, version: version ?? null }),
  /** `bytes` are the file's raw bytes; pasted text is sent as UTF-8 `粘贴文本.txt`. */
  templateImport: (fileName: string, bytes: Uint8Array) =>
    upload<TemplateDetail>("template_import", fileName, bytes),
  templateSave: (id: string, template: Template) =>
    call<TemplateDetail>("template_save", { id, template }),
  /** The roles one line of the template names (labels as written on it), keys not in
   *  `taken`; nothing is stored — the editor adds them to its draft. */
  templateRolesFromLine: (line: string, taken: string[]) =>
    call<Role[]>("template_roles_from_line", { line, taken }),
  archiveSearch: (filters: SearchFilters) => call<SearchResult>("archive_search", { filters }),
  agreementGet: (id: number) => call<AgreementRecord>("agreement_get", { id }),
  /** The stored PDF's bytes (sent raw, not as JSON). */
  agreementSign: (request: SignRequest) => call<SignOutcome>("agreement_sign", { request }),
  agreementPdf: async (id: number) => new Uint8Array(await call<ArrayBuffer>("agreement_pdf", { id })),
  agreementVoid: (id: number, reason: string) => call<AgreementRecord>("agreement_void", { id, reason }),
  agreementHistory: (id: number) => call<HistoryEntry[]>("agreement_history", { id }),
  /** What a scanner typed from a paper copy's QR code (`SIGNDESK:…`), checked in Rust. */
  archiveResolveScan: (text: string) => call<ScanReport>("archive_resolve_scan", { text }),
  /** The first removable drive, or null: then the user is asked (never Documents). */
  exportDefaultDir: () => call<string | null>("export_default_dir"),
  /** The OS's own folder/file dialog, opened by Rust; the chosen path, or null if cancelled. */
  pickPath: (purpose: "export_folder" | "backup_folder" | "root_folder" | "restore_file" | "bundle_file", current = "") =>
    call<string | null>("pick_path", { purpose, current: current.trim() || null }),
  /** Rust writes the files into a new folder inside `folder`; the webview never touches disk. */
  archiveExport: (filters: SearchFilters, folder: string, w: WorkHandle) =>
    call<ExportResult>("archive_export", { filters, folder, ...w }),
  printersList: () => call<PrinterInfo[]>("printers_list"),
  archivePrint: (filters: SearchFilters, printer: string, w: WorkHandle) =>
    call<PrintResult>("archive_print", { filters, printer, ...w }),
  archivePrintPdf: (filters: SearchFilters, folder: string, w: WorkHandle) =>
    call<PrintResult>("archive_print_pdf", { filters, folder, ...w }),
  /** 取消 for long work; false when it had already ended. */
  jobCancel: (job: number) => call<boolean>("job_cancel", { job }),

  ceremoniesList: () => call<CeremonySummary[]>("ceremonies_list"),
  ceremonyCreate: (input: CeremonyInput) => call<CeremonySummary>("ceremony_create", { input }),
  ceremonyGet: (id: number) => call<CeremonyDetail>("ceremony_get", { id }),
  /** Preview (`commit` false) or save a roster file's bytes (pasted text as UTF-8 CSV):
   *  long work, each row on `w`'s channel, 取消 saving nobody. */
  ceremonyImportRoster: async (id: number, fileName: string, bytes: Uint8Array, commit: boolean, w: WorkHandle) =>
    call<CeremonyRosterAdded>("ceremony_import_roster", { id, upload: await staged(fileName, bytes), commit, ...w }),
  ceremonyAdoptSignature: (id: number, signature: SignatureInput) =>
    call<CeremonyDetail>("ceremony_adopt_signature", { id, signature }),
  ceremonySetAbsent: (id: number, personId: number, absent: boolean) =>
    call<CeremonyDetail>("ceremony_set_absent", { id, personId, absent }),
  /** A person whose agreement was voided may sign again at the kiosk. */
  ceremonyReopen: (id: number, personId: number) => call<CeremonyDetail>("ceremony_reopen", { id, personId }),
  ceremonyRenew: (id: number, year: number | null) => call<CeremonySummary>("ceremony_renew", { id, year }),
  ceremonyClose: (id: number) => call<CeremonyDetail>("ceremony_close", { id }),
  ceremonyCountersign: (id: number, personId: number, signatures: SignatureInput[]) =>
    call<SignOutcome>("ceremony_countersign", { id, personId, signatures }),
  ceremonyFind: (id: number, query: string) => call<KioskPerson[]>("kiosk_find", { id, query }),
  /** Each signer step names the person and proves it: `confirm` is their employee
   *  number when the roster has one (`KioskPerson.confirm_with`), else empty. */
  ceremonyPersonAgreement: (id: number, personId: number, confirm: string) =>
    call<PersonAgreement>("kiosk_agreement", { id, personId, confirm }),
  /** The check step: Rust prepares the signer's agreement as it will be archived
   *  (date, signatures, number fixed) and answers with the token that confirms it. */
  ceremonyPreview: (id: number, personId: number, confirm: string, signatures: SignatureInput[]) =>
    call<string>("kiosk_preview", { id, personId, confirm, signatures }),
  /** The prepared agreement's bytes (raw PDF, unsealed; what signing stores). */
  ceremonyPreviewPdf: async (id: number, personId: number, confirm: string, token: string) =>
    new Uint8Array(await call<ArrayBuffer>("kiosk_preview_pdf", { id, personId, confirm, token })),
  /** 「确认签署并归档」: stores exactly the preview made under `token`; nothing is sent again. */
  ceremonySign: (id: number, personId: number, confirm: string, token: string) =>
    call<CeremonySigned>("kiosk_sign", { id, personId, confirm, token }),
  kioskState: () => call<KioskState | null>("kiosk_state"),
  kioskEnter: (id: number, pin: string) => call<KioskState>("ceremony_enter_kiosk", { id, pin }),
  /** Leaves kiosk mode; the session is locked too (the answer is the locked state). */
  kioskExit: (pin: string) => call<SessionState>("kiosk_exit", { pin }),
  archiveVerify: (w: WorkHandle) => call<VerifyReport>("archive_verify", { ...w }),
  /** Rust writes a verified backup file into `folder` (e.g. a USB drive). */
  archiveBackup: (folder: string, w: WorkHandle) => call<BackupReport>("archive_backup", { folder, ...w }),
  /** Rust writes the root certificate (PEM) into `folder`; returns the file's path. */
  sealExportRoot: (folder: string) => call<string>("seal_export_root", { folder }),
  /** 设置 → 自检: every check in a temporary archive (long work). */
  selfTestRun: (screen: ScreenInfo, w: WorkHandle) => call<SelfTestReport>("self_test_run", { screen, ...w }),
  selfTestPrintPage: (id: string, printer: string, w: WorkHandle) =>
    call<TestPagePrinted>("self_test_print_page", { id, printer, ...w }),
  /** 设置 → 集团档案库: the connection (never the password back). */
  groupSettingsGet: () => call<GroupSettings>("group_settings_get"),
  /** `password: null` keeps the stored one. */
  groupSettingsSet: (url: string, password: string | null) =>
    call<GroupSettings>("group_settings_set", { url, password }),
  /** Sends what the group archive does not hold yet (long work). */
  groupSync: (w: WorkHandle) => call<Synced>("group_sync", { ...w }),
  /** Rust writes a sealed 上报包 into `folder` (long work). */
  groupBundleExport: (folder: string, year: number | null, w: WorkHandle) =>
    call<BundleExported>("group_bundle_export", { folder, year, ...w }),
  /** 「打开集团档案库」: Rust connects (password and schema checked), then the app is
   *  the group view — read-only, no desk. The password stays in Rust. */
  groupViewOpen: (url: string, password: string | null) =>
    call<SessionState>("group_view_open", { url, password }),
  /** 「退出集团档案库」: back to the first screen. */
  groupViewClose: () => call<SessionState>("group_view_close"),
  /** Who@where and whether the window must ask for the password (never the password). */
  groupViewState: () => call<GroupViewState>("group_view_state"),
  /** The password, when the connection string has none: checked by connecting. */
  groupViewPassword: (password: string) => call<GroupViewState>("group_view_password", { password }),
  groupViewSites: () => call<string[]>("group_view_sites"),
  groupViewSearch: (query: GroupQuery) => call<GroupFound>("group_view_search", { query }),
  /** One agreement's PDF (raw bytes, shown by pdf.js in memory). */
  groupViewPdf: async (site: string, number: string) =>
    new Uint8Array(await call<ArrayBuffer>("group_view_pdf", { site, number })),
  /** Rust writes every hit of `query` (all pages) into a new folder inside `folder` (long work). */
  groupViewExport: (query: GroupQuery, folder: string, w: WorkHandle) =>
    call<GroupExported>("group_view_export", { query, folder, ...w }),
  groupViewCoverage: (year: number) => call<GroupCoverage>("group_view_coverage", { year }),
  /** The year's assessment per site and department (年度考核汇总). */
  groupViewReport: (year: number) => call<GroupYearReport>("group_view_report", { year }),
  /** Rust writes the report as .xlsx into `folder`; returns the file's path. */
  groupViewReportXlsx: (year: number, folder: string) => call<string>("group_view_report_xlsx", { year, folder }),
  /** Every chain and PDF of the group archive re-checked (long work). */
  groupViewVerify: (w: WorkHandle) => call<GroupVerifyReport>("group_view_verify", { ...w }),
  groupViewImport: (file: string, w: WorkHandle) => call<GroupImported>("group_view_import", { file, ...w }),
  groupViewPrinters: () => call<PrinterInfo[]>("group_view_printers"),
  groupViewPrint: (query: GroupQuery, printer: string | null, folder: string | null, w: WorkHandle) =>
    call<GroupPrinted>("group_view_print", { query, printer, folder, ...w }),
  peopleList: () => call<PersonInfo[]>("people_list"),

  /** A ceremony's signed agreements with their scheme and current results (the grid). */
  assessmentSheet: (ceremonyId: number) => call<AssessSheet>("assessment_sheet", { ceremonyId }),
  /** Changed rows, scored in Rust and stored together or not at all. */
  assessmentSave: (inputs: AssessInput[]) => call<AssessmentView[]>("assessment_save", { inputs }),
  assessmentGet: (number: string) => call<AssessmentView>("assessment_get", { number }),
  /** Check (`save` false) or save a results file (CSV/.xlsx) for the year's agreements
   *  (of `template` when given): long work, each row on `w`'s channel, 取消 storing nothing. */
  assessmentImport: async (fileName: string, bytes: Uint8Array, year: number, template: string, reason: string, save: boolean, w: WorkHandle) => {
    const request: AssessImportRequest = { upload: await staged(fileName, bytes), year, template: template || null, reason, save };
    return call<AssessImport>("assessment_import", { request, ...w });
  },
  assessmentReport: (year: number) => call<YearReport>("assessment_report", { year }),
  /** Rust asks where to save (the system dialog) and writes the .xlsx; the path, or null if cancelled. */
  assessmentReportExport: (year: number) => call<string | null>("assessment_report_export", { year }),
  /** The sealed result page (raw PDF bytes). */
  assessmentPdf: async (number: string) => new Uint8Array(await call<ArrayBuffer>("assessment_pdf", { number })),
  /** At the kiosk: the person's result to acknowledge (identity proved as for signing). */
  kioskResult: (id: number, personId: number, confirm: string) =>
    call<AssessmentView>("kiosk_result", { id, personId, confirm }),
  kioskResultPdf: async (id: number, personId: number, confirm: string) =>
    new Uint8Array(await call<ArrayBuffer>("kiosk_result_pdf", { id, personId, confirm })),
  /** 「本人已知悉考核结果」: the person signs their result page. */
  kioskAcknowledge: (id: number, personId: number, confirm: string, signature: SignatureInput) =>
    call<AssessmentView>("kiosk_acknowledge", { id, personId, confirm, signature }),
  personUpdate: (id: number, person: PersonInfo) => call<PersonInfo>("person_update", { id, person }),
};
