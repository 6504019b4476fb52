// The assessment grid's pure side: a typed cell to a `Value` (mirroring Rust's
// `read_cell`, which checks again), a stored value back to text, which rows changed,
// and a block pasted from a spreadsheet. Rust scores; nothing here computes points.
import type { AssessInput, AssessSheet, AssessSheetRow, Item, Line, Scheme, Value } from "../../ipc";
import { ADJUSTMENT } from "../../lib/points";

/** The grid's extra column: points added or taken by hand (the adjustment's line). */
export { ADJUSTMENT };

/** Full-width digits, letters and signs as ASCII (what a Chinese IME and Excel type). */
export function fold(s: string): string {
  return s.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal as typed (`８９．５`, `55分`, ` 60 `) → `89.5`, `55`, `60`; null when not one. */
export function decimal(text: string, suffix = ""): string | null {
  let s = fold(text).replace(/\s+/g, "");
  if (suffix && s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  if (s.startsWith("+")) s = s.slice(1);
  return DECIMAL.test(s) ? s : null;
}

export type Cell = { value: Value | undefined } | { bad: true };

/** One typed cell for one item; `{ value: undefined }` when empty (not entered). */
export function parseCell(scheme: Scheme, item: Item, text: string): Cell {
  const s = fold(text).trim();
  if (!s) return { value: undefined };
  if (item.kind === "part") {
    if (scheme.grades.some((g) => g.label === s)) return { value: { grade: s } };
    const d = decimal(s, "分");
    return d === null ? { bad: true } : { value: { points: d } };
  }
  if (item.kind === "target") {
    const d = decimal(s.replace(/%$/, ""));
    return d === null ? { bad: true } : { value: { percent: d } };
  }
  const n = s.replace(/[张次起]+$/, "").trim();
  return /^\d+$/.test(n) ? { value: { count: Number(n) } } : { bad: true };
}

/** A stored value as the grid shows it. */
export function valueText(v: Value | undefined): string {
  if (!v) return "";
  if ("points" in v) return v.points;
  if ("grade" in v) return v.grade;
  if ("percent" in v) return `${v.percent}%`;
  return String(v.count);
}

/** Same number however written (`55`, `55.0`). */
const sameNumber = (a: string, b: string) => Number(a) === Number(b);

export function sameValue(a: Value | undefined, b: Value | undefined): boolean {
  if (!a || !b) return !a && !b;
  if ("points" in a) return "points" in b && sameNumber(a.points, b.points);
  if ("grade" in a) return "grade" in b && a.grade === b.grade;
  if ("percent" in a) return "percent" in b && sameNumber(a.percent, b.percent);
  return "count" in b && a.count === b.count;
}

/** The texts of every cell, by agreement number then item key (and `adjustment`). */
export type Texts = Record<string, Record<string, string>>;

export function initialTexts(sheet: AssessSheet): Texts {
  const out: Texts = {};
  for (const r of sheet.rows) {
    const row: Record<string, string> = {};
    for (const it of sheet.items) row[it.key] = valueText(r.values[it.key]);
    row[ADJUSTMENT] = r.adjustment && Number(r.adjustment) !== 0 ? r.adjustment : "";
    out[r.number] = row;
  }
  return out;
}

/** A row as typed: its values, adjustment, and the keys of cells that can't be read. */
export type RowEntry = { values: Record<string, Value>; adjustment: string | null; bad: string[] };

export function readRow(sheet: AssessSheet, texts: Record<string, string> | undefined): RowEntry {
  const out: RowEntry = { values: {}, adjustment: null, bad: [] };
  for (const it of sheet.items) {
    const c = parseCell(sheet.scheme, it, texts?.[it.key] ?? "");
    if ("bad" in c) out.bad.push(it.key);
    else if (c.value) out.values[it.key] = c.value;
  }
  const adj = (texts?.[ADJUSTMENT] ?? "").trim();
  if (adj) {
    const d = decimal(adj, "分");
    if (d === null) out.bad.push(ADJUSTMENT);
    else if (Number(d) !== 0) out.adjustment = d;
  }
  return out;
}

/** Whether what is typed differs from the stored result (or its absence). */
export function changed(row: AssessSheetRow, e: RowEntry): boolean {
  if (e.bad.length) return true;
  const keys = new Set([...Object.keys(row.values), ...Object.keys(e.values)]);
  for (const k of keys) if (!sameValue(row.values[k], e.values[k])) return true;
  const before = row.adjustment && Number(row.adjustment) !== 0 ? row.adjustment : null;
  return before === null ? e.adjustment !== null : e.adjustment === null || !sameNumber(before, e.adjustment);
}

/** A save of these rows needs a reason: a correction of a result, or a manual adjustment. */
export function needsReason(rows: { row: AssessSheetRow; entry: RowEntry }[]): boolean {
  return rows.some(({ row, entry }) => row.version !== null || entry.adjustment !== null);
}

export function inputs(rows: { row: AssessSheetRow; entry: RowEntry }[], reason: string): AssessInput[] {
  return rows.map(({ row, entry }) => ({
    number: row.number,
    values: entry.values,
    adjustment: entry.adjustment,
    reason: reason.trim(),
  }));
}

/** Text copied from Excel: rows of tab-separated cells (the last line break dropped). */
export function pastedBlock(text: string): string[][] {
  const lines = text.replace(/\r\n?/g, "\n").replace(/\n$/, "").split("\n");
  return lines.map((l) => l.split("\t").map((c) => c.trim()));
}

/** A score's lines, one per line, for the hover. */
export function linesTitle(lines: Line[], format: (l: Line) => string): string {
  return lines.map(format).join("\n");
}
