// Points as people read them, written exactly as Rust writes them on the result page
// and the command line (`signdesk_assess::display`): both sides are tested against one
// table, src-tauri/crates/assess/tests/score_display.json. Rust sends exact decimals
// as text (`"89.50"`); they are written from that text, never through a float.
import type { ExtraLine, Line } from "../ipc";

/** The adjustment's line — and the grid's column for it — by its name in Rust
 *  (`ExtraLine`): a rename there fails the type check here. */
export const ADJUSTMENT: ExtraLine = "adjustment";

/** `minus`: points earned or taken (`55`, `−6`); `both`: an adjustment (`+2`, `−3`). */
export type Sign = "minus" | "both";

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** `55` not `55.00`, `89.5`, `−6` with a true minus; zero is `0`, never signed. Text
 *  that is not a decimal is shown as it came. */
export function points(text: string, sign: Sign = "minus"): string {
  const m = DECIMAL.exec(text.trim());
  if (!m) return text;
  const int = m[2].replace(/^0+(?=\d)/, "");
  const frac = (m[3] ?? "").replace(/0+$/, "");
  const digits = frac ? `${int}.${frac}` : int;
  if (/^0(\.0*)?$/.test(digits)) return "0";
  if (m[1] === "-") return `−${digits}`;
  return sign === "both" ? `+${digits}` : digits;
}

/** A result line's points: the adjustment's signed either way. */
export function linePoints(l: Pick<Line, "key" | "points">): string {
  return points(l.points, l.key === ADJUSTMENT ? "both" : "minus");
}

/** The report's mean (a number already rounded to two places in Rust). */
export function mean(m: number): string {
  return points(m.toFixed(2));
}
