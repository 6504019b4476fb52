// The template's 考核方案 as the editor changes it: new items with unique keys, and the
// checks that keep a malformed number from being sent (Rust parses decimals strictly).
// Decimals stay text, as on the wire: "60", "0.9".
import type { Grade, Part, Penalty, Scheme, Target } from "../ipc";
import { t } from "../i18n/index.svelte";

export function emptyScheme(): Scheme {
  return {
    period: null,
    total: "100",
    parts: [],
    reward_line: null,
    pass_line: "60",
    grades: [],
    targets: [],
    penalties: [],
    doubts: [],
  };
}

/** `part1`, `part2`, … : one past the highest in use, so a removed item's key is not
 *  given to a different item in the same edit. */
export function newKey(s: Scheme, prefix: "part" | "target" | "penalty"): string {
  const re = new RegExp(`^${prefix}(\\d+)$`);
  let n = 0;
  for (const i of [...s.parts, ...s.targets, ...s.penalties]) {
    const m = re.exec(i.key);
    if (m) n = Math.max(n, Number(m[1]));
  }
  return `${prefix}${n + 1}`;
}

export const newPart = (s: Scheme): Part => ({ key: newKey(s, "part"), label: "", points: "" });
export const newGrade = (): Grade => ({ label: "", coefficient: "" });
export const newTarget = (s: Scheme): Target => ({
  key: newKey(s, "target"),
  label: "",
  weight: "",
  baseline: null,
  direction: "at_least",
  per_point: "",
  bonus_per_point: null,
  bonus_cap: null,
  deduct_cap: null,
  floor_zero: true,
});
export const newPenalty = (s: Scheme): Penalty => ({ key: newKey(s, "penalty"), label: "", from_count: 1, points: "", each: false });

const DECIMAL = /^\d+(\.\d+)?$/;
const isDecimal = (v: string) => DECIMAL.test(v.trim());

/** What must be fixed before the template can be saved; empty when fine. */
export function schemeProblems(s: Scheme | null | undefined): string[] {
  if (!s) return [];
  const out: string[] = [];
  const need = (v: string, what: string) => {
    if (!isDecimal(v)) out.push(t("scheme.notNumber", { what, value: v.trim() || "—" }));
  };
  const may = (v: string | null, what: string) => {
    if (v !== null && v.trim() !== "") need(v, what);
  };
  may(s.total, t("scheme.total"));
  need(s.pass_line, t("scheme.passLine"));
  may(s.reward_line, t("scheme.rewardLine"));
  const labels: string[] = [];
  const named = (label: string, kind: string) => {
    if (!label.trim()) out.push(t("scheme.noLabel", { kind }));
    else labels.push(label.trim());
    return label.trim() || kind;
  };
  for (const p of s.parts) need(p.points, `${named(p.label, t("scheme.part"))} · ${t("scheme.points")}`);
  for (const g of s.grades) need(g.coefficient, `${g.label.trim() || t("scheme.grade")} · ${t("scheme.coefficient")}`);
  if (s.grades.some((g) => !g.label.trim())) out.push(t("scheme.noLabel", { kind: t("scheme.grade") }));
  for (const x of s.targets) {
    const n = named(x.label, t("scheme.target"));
    need(x.weight, `${n} · ${t("scheme.weight")}`);
    may(x.baseline, `${n} · ${t("scheme.baseline")}`);
    need(x.per_point, `${n} · ${t("scheme.perPoint")}`);
    may(x.bonus_per_point, `${n} · ${t("scheme.bonusPerPoint")}`);
    may(x.bonus_cap, `${n} · ${t("scheme.bonusCap")}`);
    may(x.deduct_cap, `${n} · ${t("scheme.deductCap")}`);
  }
  for (const p of s.penalties) {
    const n = named(p.label, t("scheme.penalty"));
    if (!Number.isInteger(p.from_count) || p.from_count < 0) out.push(t("scheme.notCount", { what: `${n} · ${t("scheme.fromCount")}` }));
    need(p.points, `${n} · ${t("scheme.points")}`);
  }
  // The grid's columns and the import file's headers are these labels.
  const twice = labels.filter((l, i) => labels.indexOf(l) !== i);
  if (twice.length) out.push(t("scheme.duplicate", { labels: [...new Set(twice)].join("、") }));
  const grades = s.grades.map((g) => g.label.trim()).filter(Boolean);
  if (new Set(grades).size !== grades.length) out.push(t("scheme.duplicateGrade"));
  return out;
}

/** Trimmed text, and optional numbers left empty as null — what Rust receives. */
export function cleanScheme(s: Scheme | null | undefined): Scheme | null {
  if (!s) return null;
  const opt = (v: string | null) => (v === null || v.trim() === "" ? null : v.trim());
  return {
    ...s,
    total: opt(s.total),
    pass_line: s.pass_line.trim(),
    reward_line: opt(s.reward_line),
    parts: s.parts.map((p) => ({ ...p, label: p.label.trim(), points: p.points.trim() })),
    grades: s.grades.map((g) => ({ label: g.label.trim(), coefficient: g.coefficient.trim() })),
    targets: s.targets.map((x) => ({
      ...x,
      label: x.label.trim(),
      weight: x.weight.trim(),
      baseline: opt(x.baseline),
      per_point: x.per_point.trim(),
      bonus_per_point: opt(x.bonus_per_point),
      bonus_cap: opt(x.bonus_cap),
      deduct_cap: opt(x.deduct_cap),
    })),
    penalties: s.penalties.map((p) => ({ ...p, label: p.label.trim(), points: p.points.trim() })),
  };
}

/** Points of the parts and weights of the targets together (to compare with the total). */
export function allotted(s: Scheme): number {
  const n = (v: string) => (isDecimal(v) ? Number(v) : 0);
  return s.parts.reduce((a, p) => a + n(p.points), 0) + s.targets.reduce((a, x) => a + n(x.weight), 0);
}
