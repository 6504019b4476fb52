// Generated from the Rust types by `signdesk-core` (src/bindings.rs). Do not edit.
// Regenerate: SIGNDESK_UPDATE_BINDINGS=1 cargo test -p signdesk-core bindings

export type ErrorKind = "session_locked" | "wrong_passphrase" | "unlock_wait" | "weak_passphrase" | "bad_passphrase" | "passphrase_required" | "passphrase_mismatch" | "passphrase_differs" | "key_file_missing" | "key_file_unreadable" | "key_file_damaged" | "no_data_dir" | "no_archive" | "archive_exists" | "archive_missing" | "archive_open" | "archive_undecryptable" | "archive_too_new" | "archive_migration" | "archive_corrupt" | "archive_busy" | "archive_in_use" | "archive_io" | "not_an_archive" | "disk_full" | "read_only" | "io" | "not_found" | "internal" | "cancelled" | "job_running" | "file_unreadable" | "file_unwritable" | "file_exists" | "not_a_backup" | "bad_upload" | "usage" | "bad_argument" | "empty" | "too_large" | "unsupported_type" | "bad_encoding" | "binary" | "corrupt_docx" | "old_word_format" | "corrupt_pdf" | "scanned_pdf" | "zip_bomb" | "too_many_entries" | "unsafe_entry" | "no_agreement" | "missing_value" | "value_too_long" | "empty_title" | "too_long" | "duplicate_role_key" | "duplicate_field_key" | "bad_key" | "unknown_marker" | "unused_field" | "copies_out_of_range" | "no_roles" | "no_signer_role" | "empty_role_label" | "empty_field_label" | "too_many_parts" | "bad_title" | "roster_empty" | "roster_too_large" | "roster_unsupported_type" | "roster_corrupt_xlsx" | "roster_unsafe_xlsx" | "roster_too_many_rows" | "roster_missing_name_column" | "roster_no_rows" | "roster_has_errors" | "duplicate_employee_no" | "missing_name" | "bad_name" | "identity_mismatch" | "bad_year" | "bad_value" | "missing_field" | "unknown_field" | "unknown_role" | "missing_signature" | "bad_signature" | "already_signed" | "preview_expired" | "duplicate_number" | "invalid_agreement" | "adopted_signature_missing" | "bad_binding" | "bad_countersign" | "ceremony_closed" | "not_awaiting" | "not_open_for_signing" | "kiosk_locked" | "bad_pin" | "pin_wait" | "already_voided" | "void_reason_missing" | "empty_selection" | "invalid_status" | "query_too_long" | "invalid_printer" | "printer_not_found" | "no_scheme" | "invalid_assessment" | "assess_reason_missing" | "assess_import_rejected" | "not_assessed" | "already_acknowledged" | "missing_glyph" | "bad_image" | "image_too_large" | "font" | "pdf" | "seal_settings" | "cert_gen" | "key_unseal" | "key_format" | "cms" | "no_signature" | "byte_range" | "digest_mismatch" | "untrusted_cert" | "group_connect" | "group_database" | "group_schema" | "site_unknown" | "site_exists" | "seal_invalid" | "chain_gap" | "chain_rewritten" | "conflict" | "not_audited" | "bundle_damaged" | "group_read_only";

export type IpcError = { kind: ErrorKind, message: string, };

export type WorkStage = "select" | "export" | "merge" | "spool" | "copy" | "check" | "verify" | "import" | "store" | "send";

export type Progress = { stage: WorkStage, done: number, total: number, item: string, };

export type AuditEvent = "archive_created" | "unlocked" | "unlock_failures" | "passphrase_changed" | "old_copies_deleted" | "settings_changed" | "seal_key_resealed" | "root_exported" | "template_versioned" | "template_edited" | "roster_imported" | "person_updated" | "ceremony_opened" | "ceremony_closed" | "ceremony_reopened" | "ceremony_signature_adopted" | "ceremony_signed_awaiting" | "kiosk_entered" | "kiosk_left" | "kiosk_pin_refused" | "agreement_signed" | "agreement_countersigned" | "agreement_voided" | "printed" | "exported" | "assessed" | "assessment_acknowledged" | "verified" | "backed_up" | "restored" | "group_bundle_exported" | "group_synced" | "group_configured";

export type HistoryEvent = "agreement_signed" | "agreement_countersigned" | "agreement_voided" | "printed" | "exported" | "assessed" | "assessment_acknowledged";

export type ProblemKind = "db_integrity" | "pdf_hash_mismatch" | "content_hash_mismatch" | "seal_invalid" | "audit_chain" | "audit_missing" | "audit_mismatch" | "anchor_mismatch" | "scan_unknown" | "agreement_missing" | "number_changed" | "number_gap" | "number_repeat" | "void_unaudited" | "void_missing" | "search_orphan" | "assessment_hash_mismatch" | "assessment_score_mismatch" | "assessment_unaudited" | "assessment_audit_mismatch";

export type OsKiosk = "gnome-kiosk" | "cage" | "assigned-access";

export type RosterIssueKind = "missing_name" | "duplicate_employee_no" | "duplicate_person" | "bad_characters" | "too_long" | "bad_encoding" | "unterminated_quote" | "duplicate_column";

export type Counts = { templates: number, template_versions: number, people: number, agreements: number, voided: number, audit_entries: number, };

export type AppInfo = { app_version: string, data_dir: string, archive_path: string, schema_version: number, counts: Counts, 
/**
 * Hash of the newest audit entry: pins the whole history.
 */
audit_head: string, 
/**
 * The operating system's kiosk session the app runs in, if any: `gnome-kiosk`,
 * `cage` or `assigned-access` (see `os_kiosk`).
 */
os_kiosk: OsKiosk | null, };

export type Countersign = "adopt" | "each";

export type RosterStatus = "pending" | "awaiting" | "signed" | "absent" | "voided";

export type AgreementStatus = "signed" | "voided";

export type Template = { 
/**
 * The agreement's title, e.g. `客服部安全目标责任书`.
 */
title: string, 
/**
 * Paragraphs between the title and the first section.
 */
preamble: Array<string>, 
/**
 * Numbered sections (`一、…`, `第一条 …`). An agreement without section headings
 * has one section with an empty number and heading.
 */
sections: Array<Section>, 
/**
 * Paragraphs after the last section and before the signature block
 * (e.g. `本责任书一式三份……`).
 */
closing: Array<string>, 
/**
 * Who signs, in the order the signature block lists them.
 */
roles: Array<Role>, 
/**
 * The blanks to fill, in order of first appearance.
 */
fields: Array<Field>, 
/**
 * Number of printed copies (一式两份 → 2). 1 when the text says nothing.
 */
copies: number, 
/**
 * The assessment period where the text gives one, as written
 * (e.g. `2018年1月1日至2018年12月31日`).
 */
period: string | null, 
/**
 * What detection was unsure of, for the editor to show 「请确认」 beside; empty
 * once a person has looked (the editor drops a doubt when its item is edited or
 * confirmed). Absent in templates stored before it existed.
 */
doubts: Array<Doubt>, 
/**
 * The year-end assessment the text states (考核: parts, targets, grades), read by
 * `signdesk_assess::detect` and corrected in the editor; frozen with the version
 * like the text. `None` when the text states none — and in versions stored
 * before schemes existed, whose scheme is read from their text when assessed.
 */
scheme: Scheme | null, };

export type Doubt = { item: DoubtItem, 
/**
 * The role's or field's key, for those items.
 */
key: string | null, 
/**
 * Why, in Chinese: 「文中没有找到标题，已把第一行作为标题」.
 */
note: string, };

export type DoubtItem = "title" | "role" | "field" | "sections" | "copies";

export type Section = { 
/**
 * The number as written, e.g. `一、`, `第三条`, `1.` (empty when unnumbered).
 */
number: string, 
/**
 * The heading text after the number, e.g. `安全职责`.
 */
heading: string, 
/**
 * Paragraphs and clauses in reading order.
 */
blocks: Array<Block>, };

export type Block = { "type": "paragraph", text: string, } | { "type": "clause", 
/**
 * The clause number as written: `1.`, `1、`, `（一）`, `（1）`, `a)`, `1.1` …
 */
number: string, 
/**
 * Nesting depth: 1 for the outermost clauses of a section.
 */
level: number, text: string, };

export type Role = { 
/**
 * Stable identifier used by signatures and the CLI (`employee`, `org_head`, …).
 */
key: string, 
/**
 * The label as printed in the signature block, e.g. `员工签名`, `公司（盖章）`.
 */
label: string, signs: Signs, side: Side, 
/**
 * Who signs for the party when the text names it: 「甲方（法人代表）」 → `法人代表`,
 * or a 「法定代表人（盖章）」 line under the party's own line.
 */
representative: string | null, };

export type Signs = "hand" | "seal" | "both";

export type Side = "organisation" | "signer";

export type Field = { 
/**
 * Identifier used in `{{key}}` markers and `--field KEY=VALUE`.
 */
key: string, 
/**
 * Human label taken from the blank's context, e.g. `考核期限开始日期`.
 */
label: string, kind: FieldKind, 
/**
 * The blank as it appeared in the source text, e.g. `XXXX年XX月XX日`.
 */
original: string, 
/**
 * How the blank gets its value — decided here, by [`Template::resolve_fills`], so
 * no front end guesses it from the key. Absent in templates stored before it
 * existed; loading resolves it.
 */
fill: FieldFill, };

export type FieldKind = "text" | "date" | "year" | "number" | "money";

export type FieldFill = "typed" | "signing_date";

export type TemplateSummary = { id: string, title: string, builtin: boolean, latest_version: number, versions: number, clauses: number, fields: number, roles: Array<string>, copies: number, };

export type TemplateDetail = { id: string, version: number, 
/**
 * Signed on at least once: frozen; saving an edit makes the next version.
 */
used: boolean, source_name: string, created_at: string, template: Template, };

export type SignerInput = { name: string, employee_no: string | null, department: string, position: string, };

export type SignatureInput = { role_key: string, 
/**
 * The person signing for this role; the signer for signer-side roles when empty.
 */
signer_name: string | null, 
/**
 * The PNG, as base64 on the wire (`wire.rs`).
 */
png: string, 
/**
 * The raw strokes (JSON) kept beside the image.
 */
strokes_json: string, };

export type SignRequest = { template_id: string, version: number | null, signer: SignerInput, 
/**
 * The agreement's year; the current year when absent.
 */
year: number | null, 
/**
 * Values of the blanks, by field key.
 */
values: { [key in string]: string }, signatures: Array<SignatureInput>, 
/**
 * Where the signing happened, for the signing record.
 */
device: string, };

export type SignOutcome = { id: number, number: string, 
/**
 * SHA-256 of the signed content (text, values, signer, signatures).
 */
sha256: string, pages: number, bytes: number, };

export type SearchFilters = { 
/**
 * Name, pinyin (`zhangsan`, `zs`), employee number, department, document
 * number or a phrase of the text; empty lists everything that passes the filters.
 */
text: string, year: number | null, department: string | null, 
/**
 * Template id, any version.
 */
template: string | null, 
/**
 * None for both.
 */
status: AgreementStatus | null, 
/**
 * Only agreements with (true) or without (false) an assessment result.
 */
assessed?: boolean | null, 
/**
 * Current score at least / at most (decimal text, e.g. `60`, `89.5`).
 */
score_min?: string | null, score_max?: string | null, 
/**
 * Page size (0 = 50, at most 1000). Ignored by export and print.
 */
limit: number, offset: number, 
/**
 * An explicit selection (ticked rows): export/print exactly these, in this order.
 */
ids: Array<number> | null, };

export type SearchHit = { id: number, number: string, signer: string, year: number, department: string, title: string, signed_at: string, status: AgreementStatus, };

export type SearchResult = { 
/**
 * All matches, not only this page.
 */
total: number, hits: Array<SearchHit>, };

export type VoidInfo = { reason: string, voided_at: string, actor: string, };

export type SignatureInfo = { role_key: string, role_label: string, signer_name: string, signed_at: string, };

export type AgreementRecord = { id: number, number: string, template: string, template_version: number, signer: string, employee_no: string | null, department: string, year: number, title: string, signed_at: string, signed_text: string, values_json: string, content_sha256: string, pdf_sha256: string, pdf_size: number, pages: number, copies: number, operator: string, status: AgreementStatus, void: VoidInfo | null, signatures: Array<SignatureInfo>, };

export type ExportResult = { 
/**
 * The new folder (`签约台导出-YYYYMMDD-HHMMSS`) holding the files and manifest.csv.
 */
folder: string, files: number, bytes: number, 
/**
 * File paths relative to `folder`, as listed in the manifest.
 */
paths: Array<string>, };

export type PrintResult = { 
/**
 * Printer name, or the merged PDF's path.
 */
target: string, 
/**
 * Print-system job id when sent to a printer.
 */
job: string | null, agreements: number, 
/**
 * Pages sent, every copy included.
 */
pages: number, };

export type PrinterInfo = { name: string, accepting: boolean, state: string, default: boolean, };

export type HistoryEntry = { seq: number, at: string, actor: string, event: HistoryEvent, detail: string, };

export type RosterIssue = { kind: RosterIssueKind, 
/**
 * Chinese, ready to show.
 */
message: string, };

export type RosterRow = { 
/**
 * Line (CSV) or row (Excel) number as the user's own program shows it.
 */
line: number, name: string, employee_no: string | null, department: string, position: string, errors: Array<RosterIssue>, };

export type RosterPreview = { file_name: string, 
/**
 * `UTF-8`, `UTF-8（带 BOM）`, `GBK/GB18030`, `UTF-16` or `Excel (.xlsx)`.
 */
encoding: string, header_line: number, rows: Array<RosterRow>, 
/**
 * Rows with at least one error.
 */
errors_count: number, 
/**
 * Problems of the whole file; like row errors, they forbid saving.
 */
file_errors: Array<RosterIssue>, 
/**
 * Not errors: ignored columns, skipped title rows, other sheets …
 */
notes: Array<string>, };

export type RosterImport = { preview: RosterPreview, 
/**
 * People saved (0 for a preview).
 */
saved: number, 
/**
 * Of those, people new to the archive; the others were matched by employee
 * number (or name and department) and keep their identity.
 */
created: number, };

export type PersonInfo = { id: number, name: string, employee_no: string | null, department: string, position: string, 
/**
 * `zhangsan` and `zs`, for search.
 */
pinyin: string, initials: string, };

export type CeremonyInput = { template_id: string, version: number | null, year: number, 
/**
 * Defaults to "<year>年度<template title>".
 */
title: string | null, 
/**
 * Blanks that are the same for everyone.
 */
values: { [key in string]: string }, 
/**
 * Blanks filled per person from a roster column (`name`, `department`, …).
 */
bindings: { [key in string]: string }, 
/**
 * Who signs each of the organisation's hand-signed roles.
 */
org_signers: { [key in string]: string }, 
/**
 * Sign once for every agreement, or countersign each.
 */
countersign: Countersign, };

export type CeremonySummary = { id: number, title: string, template_id: string, template_version: number, year: number, countersign: Countersign, created_at: string, closed: boolean, renewed_from: number | null, people: number, signed: number, awaiting: number, absent: number, voided: number, };

export type RosterPerson = { person_id: number, name: string, employee_no: string | null, department: string, position: string, status: RosterStatus, agreement_id: number | null, agreement_number: string | null, 
/**
 * In a renewal: the person's assessment result in the ceremony this one renews
 * (last year's), when there is one.
 */
last_result: LastResult | null, };

export type OrgRole = { role_key: string, label: string, signer_name: string, adopted: boolean, };

export type CeremonyDetail = { summary: CeremonySummary, template: Template, values: { [key in string]: string }, bindings: { [key in string]: string }, org_roles: Array<OrgRole>, roster: Array<RosterPerson>, 
/**
 * Why signing cannot start yet (e.g. the adopted signature is missing).
 */
not_ready: string | null, };

export type KioskPerson = { person_id: number, name: string, department: string, 
/**
 * What the signer must give to open their agreement (「工号」) when the roster has
 * it: picking a colleague's name is not enough. The value itself is never sent.
 */
confirm_with: string | null, 
/**
 * What they came to do: sign their agreement, or acknowledge their assessment
 * result (「本人已知悉考核结果」) once it is recorded.
 */
task: KioskTask, };

export type KioskTask = "sign" | "acknowledge";

export type LastResult = { year: number, number: string, 
/**
 * The exact score, as text (`95.5`).
 */
score: string, };

export type PersonAgreement = { person_id: number, name: string, department: string, template: Template, values: { [key in string]: string }, 
/**
 * The roles this person signs by hand.
 */
roles: Array<Role>, 
/**
 * The organisation's signatures already adopted for every agreement (shown in
 * place when the signer checks their page).
 */
adopted: Array<AdoptedSignature>, };

export type AdoptedSignature = { role_key: string, signer_name: string, png: Array<number>, };

export type CeremonySigned = { 
/**
 * `signed` (archived) or `awaiting` (held for the countersignature).
 */
status: RosterStatus, outcome: SignOutcome | null, };

export type CeremonyRosterAdded = { import: RosterImport, 
/**
 * People put on this ceremony's roster (already there: not counted).
 */
added: number, };

export type KioskState = { ceremony_id: number, title: string, year: number, 
/**
 * Seconds until the next PIN attempt is accepted (0 when one may try now).
 */
wait_seconds: number, 
/**
 * The stored lock could not be read: the desk stays locked (to no ceremony) and
 * only the organiser passphrase leaves.
 */
damaged: boolean, };

export type Problem = { kind: ProblemKind, 
/**
 * The agreement's number, the audit entry's seq, or empty for the whole database.
 */
id: string, 
/**
 * What is wrong, in Chinese.
 */
detail: string, };

export type ChainHead = { entries: number, hash: string, fingerprint: string, };

export type VerifyReport = { 
/**
 * Agreements checked.
 */
checked: number, ok: boolean, problems: Array<Problem>, 
/**
 * The audit chain's head as checked (before the `verified` entry this check
 * appends): write it down, or keep it, as an anchor for the next check.
 */
head: ChainHead, };

export type ScanReport = { 
/**
 * The number printed in the code.
 */
number: string, 
/**
 * The archive's record of it, when there is one.
 */
agreement: AgreementRecord | null, 
/**
 * The paper copy and the archive agree: same content, same history up to the
 * chain position printed on it.
 */
ok: boolean, 
/**
 * `scan_unknown`, `content_hash_mismatch`, `anchor_mismatch`.
 */
problems: Array<Problem>, };

export type OldCopy = { 
/**
 * File name, e.g. `signdesk.db.before-restore-20271201T101500`.
 */
name: string, bytes: number, };

export type BackupReport = { path: string, bytes: number, agreements: number, 
/**
 * SHA-256 of the backup file.
 */
sha256: string, };

export type RestoreReport = { 
/**
 * The archive now in use.
 */
path: string, 
/**
 * The backup it was restored from.
 */
from: string, bytes: number, agreements: number, sha256: string, 
/**
 * Where the archive it replaced is kept (none when there was none).
 */
previous: string | null, };

export type SessionPhase = "empty" | "locked" | "open" | "group";

export type SessionState = { phase: SessionPhase, 
/**
 * Known before unlocking (from the key file), so the unlock screen can name it.
 */
organisation: string | null, data_dir: string, 
/**
 * Kiosk mode holds the open desk (it is never locked for idleness then).
 */
kiosk: boolean, 
/**
 * Idle time after which the desk locks itself.
 */
idle_lock_seconds: number, };

export type Scheme = { 
/**
 * The assessment period, as written (`2018-01-01` … `2018-12-31`).
 */
period: Period | null, 
/**
 * Full marks: 100 for 百分制.
 */
total: string | null, 
/**
 * Parts scored directly (安全责任 60, 事故情况 40).
 */
parts: Array<Part>, 
/**
 * At or above this score, a reward (「90分以上……奖励」).
 */
reward_line: string | null, 
/**
 * Below this score, not passed (60 unless the text says otherwise).
 */
pass_line: string, 
/**
 * Grades with their coefficients (突出 1, 好 0.9, …).
 */
grades: Array<Grade>, 
/**
 * Measured targets with weights and points per percentage point.
 */
targets: Array<Target>, 
/**
 * Deductions for counted events (红线罚单 1 张及以上至少扣 3 分).
 */
penalties: Array<Penalty>, 
/**
 * What detection could not settle (shown to the organiser in the editor).
 */
doubts: Array<string>, };

export type Period = { 
/**
 * `YYYY-MM-DD`.
 */
from: string, to: string, };

export type Part = { 
/**
 * `part1`, `part2`, … (stable within a scheme).
 */
key: string, label: string, points: string, };

export type Grade = { label: string, coefficient: string, };

export type Direction = "at_least" | "at_most";

export type Target = { 
/**
 * `target1`, `target2`, …
 */
key: string, label: string, 
/**
 * Its share of the score (「占比30%」 → 30 points of 100).
 */
weight: string, 
/**
 * The value to reach, in percent (「≥92%」), when the text gives one.
 */
baseline: string | null, direction: Direction, 
/**
 * Points off per percentage point short (「每低于一个百分点扣1分」).
 */
per_point: string, 
/**
 * Points added per percentage point above, when the text grants them.
 */
bonus_per_point: string | null, 
/**
 * No more than this many bonus points (「加分最高不超过5分」).
 */
bonus_cap: string | null, 
/**
 * No more than this many points taken off (「最多扣10分」): short of the baseline,
 * the target keeps at least its weight less this.
 */
deduct_cap: string | null, 
/**
 * 「扣完为止」: the target's points never go below zero.
 */
floor_zero: boolean, };

export type Penalty = { 
/**
 * `penalty1`, …
 */
key: string, 
/**
 * What is counted (「红线罚单」).
 */
label: string, 
/**
 * From this many on (「1张及以上」).
 */
from_count: number, 
/**
 * Points off (「至少扣3分」: at least — the organiser may take more, with a reason).
 */
points: string, 
/**
 * For each one counted (「每起扣20分」, 「一次扣5分」), not once from `from_count` on.
 */
each: boolean, };

export type Item = { key: string, label: string, kind: ItemKind, 
/**
 * A part's full points, a target's weight.
 */
max: string | null, };

export type ItemKind = "part" | "target" | "penalty";

export type Value = { "points": string } | { "grade": string } | { "percent": string } | { "count": number };

export type Line = { key: string, label: string, points: string, 
/**
 * How the points came about, in Chinese: 「89% 比基准 92% 低 3 个百分点 × 2 分 = −6；30 − 6 = 24」.
 */
rule: string, };

export type ExtraLine = "adjustment";

export type AssessmentSource = "grid" | "import" | "cli";

export type AssessInput = { 
/**
 * The agreement's number.
 */
number: string, 
/**
 * Item key → value (points or grade, percentage, count).
 */
values: { [key in string]: Value }, 
/**
 * Points added (or taken, when negative) by hand, with `reason`.
 */
adjustment: string | null, 
/**
 * Why: required for a manual adjustment and for a correction of an earlier result.
 */
reason: string, };

export type AssessmentVersion = { version: number, score: string, reason: string, source: AssessmentSource, 
/**
 * The imported file's name, for an import.
 */
source_file: string | null, actor: string, assessed_at: string, };

export type AssessmentView = { number: string, signer_name: string, employee_no: string | null, department: string, year: number, title: string, version: number, score: string, lines: Array<Line>, values: { [key in string]: Value }, adjustment: string | null, reason: string, source: AssessmentSource, 
/**
 * The imported file's name, for an import.
 */
source_file: string | null, actor: string, assessed_at: string, content_sha256: string, acknowledged_at: string | null, reward_line: string | null, pass_line: string, 
/**
 * At or above the reward line.
 */
rewarded: boolean, 
/**
 * At or above the pass line.
 */
passed: boolean, history: Array<AssessmentVersion>, };

export type AssessSheetRow = { number: string, name: string, employee_no: string | null, department: string, 
/**
 * The current result's values (empty when not assessed yet).
 */
values: { [key in string]: Value }, adjustment: string | null, score: string | null, lines: Array<Line>, version: number | null, 
/**
 * Where the current result came from; empty while not assessed.
 */
source: AssessmentSource | null, source_file: string | null, acknowledged: boolean, };

export type AssessSheet = { ceremony_id: number, 
/**
 * The ceremony's template (an import from the grid is limited to it).
 */
template_id: string, title: string, year: number, scheme: Scheme, items: Array<Item>, rows: Array<AssessSheetRow>, };

export type ImportUnmatched = { 
/**
 * The row's number as the spreadsheet program shows it.
 */
line: number, name: string, employee_no: string, message: string, };

export type ImportRowError = { line: number, message: string, };

export type AssessImport = { 
/**
 * Results stored (0 unless `saved`).
 */
assessed: number, 
/**
 * Rows matched and right that would be stored (as many as `assessed` once saved).
 */
ready: number, 
/**
 * Rows equal to the current result (nothing to store).
 */
unchanged: number, 
/**
 * Rows with a person but no value yet (left unassessed).
 */
skipped: number, unmatched: Array<ImportUnmatched>, errors: Array<ImportRowError>, 
/**
 * How the file was read, columns ignored.
 */
notes: Array<string>, 
/**
 * Whether anything was stored: only when asked to and nothing is wrong.
 */
saved: boolean, };

export type AssessImportRequest = { 
/**
 * The staged file's token.
 */
upload: string, year: number, 
/**
 * Only this template's agreements (the grid's ceremony's); `None` for all.
 */
template: string | null, 
/**
 * Why, when rows change earlier results.
 */
reason: string, 
/**
 * Store the rows (all or none) rather than only check them.
 */
save: boolean, };

export type DepartmentReport = { 
/**
 * Empty for agreements signed without a department.
 */
department: string, signed: number, assessed: number, 
/**
 * Mean current score, to two decimals; `None` while nobody is assessed.
 */
mean: number | null, above_reward: number, below_pass: number, 
/**
 * Scores by tens: 0–9, 10–19, …, 90–99, 100 and above.
 */
histogram: Array<number>, };

export type YearReport = { year: number, signed: number, assessed: number, mean: number | null, above_reward: number, below_pass: number, histogram: Array<number>, departments: Array<DepartmentReport>, };

export type GroupSettings = { url: string, password_set: boolean, 
/**
 * The last chain position the group acknowledged (entries, fingerprint), if any.
 */
acked_entries: number | null, acked_fingerprint: string | null, };

export type BundleHead = { entries: number, hash: string, };

export type BundleExported = { agreements: number, head: BundleHead, file: string, };

export type Synced = { 
/**
 * Agreements the group stored now.
 */
sent: number, 
/**
 * Agreements it already held.
 */
unchanged: number, 
/**
 * The site's head in the group archive afterwards.
 */
head: BundleHead, };

export type CheckStatus = "passed" | "failed" | "not_applicable";

export type CheckKey = "os" | "webview" | "data_folder" | "archive_create" | "passphrase_derivation" | "rare_names" | "sign_seal_verify" | "search" | "export" | "backup_restore" | "printers" | "removable_drives" | "os_kiosk" | "screen" | "clock";

export type SelfCheck = { key: CheckKey, label: string, status: CheckStatus, detail: string, millis: number, };

export type ScreenInfo = { width: number, height: number, scale: number, 
/**
 * `navigator.maxTouchPoints`.
 */
touch_points: number, 
/**
 * Whether a pen (stylus) pointer was seen or the device reports one.
 */
pen: boolean, };

export type SelfTestReport = { 
/**
 * `自检-20271206-101500`: names the files, printed on the report.
 */
id: string, started_at: string, program_version: string, ok: boolean, passed: number, failed: number, not_applicable: number, millis: number, checks: Array<SelfCheck>, 
/**
 * The sealed one-page report, its root certificate and the JSON file.
 */
report_pdf: string | null, root_pem: string | null, report_json: string | null, 
/**
 * 「打印测试页」, when asked for after the checks: what its QR code holds.
 */
test_page: TestPagePrinted | null, };

export type TestPagePrinted = { printer: string, 
/**
 * The print system's job id, when it gives one (CUPS: `Printer-12`).
 */
job: string | null, code: string, };

export type GroupViewState = { 
/**
 * Who connects where (`anquanbu@10.0.0.5:5432/signdesk_group`), never the password.
 */
server: string, 
/**
 * The connection string has no password and none was typed yet: the window asks.
 */
needs_password: boolean, };

export type GroupQuery = { 
/**
 * A name or part of it, pinyin, initials, an employee or document number; empty
 * to browse.
 */
text: string, year: number | null, site: string | null, department: string | null, limit: number, offset: number, };

export type GroupHit = { site: string, number: string, signer: string, department: string, employee_no: string | null, year: number, title: string, signed_at: string, voided: boolean, };

export type GroupFound = { 
/**
 * How many match; at most [`TOTAL_CAP`] ([`PHRASE_TOTAL_CAP`] for a query found
 * in the signed texts).
 */
total: number, 
/**
 * More than that match ("10000+", "1000+").
 */
total_capped: boolean, hits: Array<GroupHit>, };

export type GroupExported = { 
/**
 * The new folder holding the PDFs and the manifest.
 */
folder: string, files: number, bytes: number, };

export type GroupImported = { site: string, added: number, unchanged: number, voids: number, entries: number, 
/**
 * The site's chain head in the group archive afterwards.
 */
head: BundleHead, };

export type GroupPrinted = { 
/**
 * The printer, or the merged PDF's path.
 */
target: string, agreements: number, 
/**
 * Pages, copies included.
 */
pages: number, };

export type GroupDepartment = { department: string, people: number, signed: number, missing: Array<string>, };

export type GroupSiteCoverage = { site: string, departments: Array<GroupDepartment>, };

export type GroupCoverage = { year: number, sites: Array<GroupSiteCoverage>, };

export type GroupDepartmentReport = { site: string, department: string, signed: number, assessed: number, 
/**
 * Mean of the current scores, `None` when nobody was assessed.
 */
mean: number | null, rewarded: number, below_pass: number, acknowledged: number, 
/**
 * Current scores by tens: 0–9, 10–19, …, 90–99, 100 and above (as the desk's
 * report buckets them), for the chart.
 */
histogram: Array<number>, };

export type GroupYearReport = { year: number, departments: Array<GroupDepartmentReport>, };

export type GroupProblem = { 
/**
 * `pdf_changed`, `seal_invalid`, `chain_broken`, `assessment_changed`, `ack_changed`.
 */
kind: string, site: string, 
/**
 * The document number, or `audit #N` for a chain entry.
 */
number: string, detail: string, };

export type GroupVerifyReport = { ok: boolean, agreements: number, entries: number, problems: Array<GroupProblem>, };
