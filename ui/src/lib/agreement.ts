// Pure helpers over the template model for the editor and the live preview. The
// authoritative versions (validation, filling for the PDF) live in Rust; these only
// mirror what the preview needs to show.
import type { Block, DoubtItem, Role, Section, Side, Template } from "../ipc";

export type Piece = { text: string } | { field: string; label: string; value?: string };

/** Splits text with `{{key}}` markers into literal text and blanks. */
export function pieces(text: string, t: Template, values: Record<string, string> = {}): Piece[] {
  const out: Piece[] = [];
  const re = /\{\{([a-z0-9_]+)\}\}/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index) });
    const key = m[1];
    const label = t.fields.find((f) => f.key === key)?.label ?? key;
    out.push({ field: key, label, value: values[key] || undefined });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

/** Every piece of the template's text, in reading order. */
function texts(t: Template): string[] {
  const out = [t.title, ...t.preamble, ...t.closing, t.period ?? ""];
  for (const s of t.sections) {
    out.push(s.heading);
    for (const b of s.blocks) out.push(b.text);
  }
  return out;
}

/** Years written into the text (2018年 …) other than `year`: a template taken from an
 *  earlier year's document still says 考核期限为2018年… unless the organiser edits it. */
export function otherYears(t: Template, year: number): number[] {
  const found = new Set<number>();
  for (const s of texts(t)) for (const m of s.matchAll(/((?:19|20)\d{2})\s*年/g)) found.add(Number(m[1]));
  found.delete(year);
  return [...found].sort();
}

/** The template with every other year written in its text (2018年 …) changed to
 *  `year`, for a new version the organiser saves explicitly. */
export function withYear(t: Template, year: number): Template {
  const fix = (s: string) =>
    s.replace(/((?:19|20)\d{2})(\s*年)/g, (m, y: string, nian: string) => (Number(y) === year ? m : `${year}${nian}`));
  return {
    ...t,
    title: fix(t.title),
    preamble: t.preamble.map(fix),
    closing: t.closing.map(fix),
    period: t.period === null ? null : fix(t.period),
    sections: t.sections.map((s) => ({
      ...s,
      heading: fix(s.heading),
      blocks: s.blocks.map((b) => ({ ...b, text: fix(b.text) })),
    })),
  };
}

/** Keys used as `{{key}}` anywhere in the template's text. */
export function usedKeys(t: Template): Set<string> {
  const keys = new Set<string>();
  for (const s of texts(t)) for (const m of s.matchAll(/\{\{([a-z0-9_]+)\}\}/g)) keys.add(m[1]);
  return keys;
}

/** Problems the editor shows before saving (Rust validates again on save). Who signs
 *  is not among them: a draft without a signer-side role says so at the top
 *  (`NoSignatureBlock.svelte`), and a save is Rust's to refuse (`no_signer_role`). */
export function problems(t: Template): string[] {
  const out: string[] = [];
  if (!t.title.trim()) out.push("标题不能为空");
  if (t.roles.some((r) => !r.label.trim())) out.push("签署角色的名称不能为空");
  if (!Number.isInteger(t.copies) || t.copies < 1 || t.copies > 10) out.push("份数须为 1 到 10");
  const keys = t.fields.map((f) => f.key);
  if (new Set(keys).size !== keys.length) out.push("待填项的标识重复");
  if (t.fields.some((f) => !f.label.trim())) out.push("待填项的名称不能为空");
  const known = new Set(keys);
  for (const k of usedKeys(t)) if (!known.has(k)) out.push(`正文引用了不存在的待填项 ${k}`);
  return out;
}

/** Merges block `i` with the next one in the same section. */
export function mergeWithNext(blocks: Block[], i: number): Block[] {
  if (i < 0 || i + 1 >= blocks.length) return blocks;
  const merged = { ...blocks[i], text: blocks[i].text + blocks[i + 1].text };
  return [...blocks.slice(0, i), merged, ...blocks.slice(i + 2)];
}

/** Splits block `i` at character `at`; the second half becomes a paragraph (or a
 * clause at the same level without a number, which the user can then number). */
export function splitAt(blocks: Block[], i: number, at: number): Block[] {
  const b = blocks[i];
  if (!b || at <= 0 || at >= b.text.length) return blocks;
  const first = { ...b, text: b.text.slice(0, at).trimEnd() };
  const rest = b.text.slice(at).trimStart();
  const second: Block =
    b.type === "clause" ? { type: "clause", number: "", level: b.level, text: rest } : { type: "paragraph", text: rest };
  return [...blocks.slice(0, i), first, second, ...blocks.slice(i + 1)];
}

export const CHINESE_COUNT = ["", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/** A new role for the editor: a key not yet taken (`role_2`…), signing by hand. */
export function newRole(t: Template, side: Side): Role {
  const taken = new Set(t.roles.map((r) => r.key));
  let n = t.roles.length + 1;
  while (taken.has(`role_${n}`)) n++;
  return { key: `role_${n}`, label: side === "signer" ? "签约人（签字）" : "发约人（签字）", signs: "hand", side, representative: null };
}

/** `t` with a new role on `side`; the doubt "no signature block found" is answered by it. */
export function withNewRole(t: Template, side: Side): Template {
  return {
    ...t,
    roles: [...t.roles, newRole(t, side)],
    doubts: t.doubts.filter((d) => !(d.item === "role" && d.key === null)),
  };
}

/** The role removed, with the date blank that belonged to it (`<key>_date`). */
export function withoutRole(t: Template, key: string): Template {
  return {
    ...t,
    roles: t.roles.filter((r) => r.key !== key),
    fields: t.fields.filter((f) => f.key !== `${key}_date`),
    doubts: t.doubts.filter((d) => !(d.item === "role" && d.key === key)),
  };
}

/** Clause `b` of section `s` becomes a section of its own, taking the blocks after it. */
export function promoteClause(t: Template, s: number, b: number): Template {
  const sec = t.sections[s];
  const block = sec.blocks[b];
  if (!block || block.type !== "clause") return t;
  const head: Section = { ...sec, blocks: sec.blocks.slice(0, b) };
  const promoted: Section = { number: block.number, heading: block.text, blocks: sec.blocks.slice(b + 1) };
  const sections = [...t.sections.slice(0, s), head, promoted, ...t.sections.slice(s + 1)].filter(
    (x, i) => i !== s || x.blocks.length > 0 || x.heading !== "" || x.number !== "",
  );
  return { ...t, sections, doubts: t.doubts.filter((d) => d.item !== "sections") };
}

/** Section `s` becomes the last clause of the section before it, its blocks following. */
export function demoteSection(t: Template, s: number): Template {
  if (s === 0) return t;
  const prev = t.sections[s - 1];
  const sec = t.sections[s];
  const clause: Block = { type: "clause", number: sec.number, level: 1, text: sec.heading };
  const merged: Section = { ...prev, blocks: [...prev.blocks, clause, ...sec.blocks] };
  return {
    ...t,
    sections: [...t.sections.slice(0, s - 1), merged, ...t.sections.slice(s + 1)],
    doubts: t.doubts.filter((d) => d.item !== "sections"),
  };
}

/** What detection was unsure of about an item (「请确认」), if anything. */
export function doubtFor(t: Template, item: DoubtItem, key: string | null = null): string | null {
  return t.doubts.find((d) => d.item === item && (key === null || d.key === key))?.note ?? null;
}

/** The selected text of block `b` in section `s` becomes a blank to fill: it is
 *  replaced by a `{{key}}` marker and described by a new text field (its label is
 *  what the selection followed, e.g. `工号：` → 工号, else the selection itself). */
export function makeBlank(t: Template, s: number, b: number, start: number, end: number): Template {
  const block = t.sections[s]?.blocks[b];
  if (!block || start >= end) return t;
  const original = block.text.slice(start, end);
  if (!original.trim() || original.includes("{{") || original.includes("}}")) return t;
  const taken = new Set(t.fields.map((f) => f.key));
  let n = 1;
  while (taken.has(`blank_${n}`)) n++;
  const key = `blank_${n}`;
  const before = block.text.slice(0, start).replace(/[：:\s]+$/, "");
  const m = before.match(/[\p{Script=Han}A-Za-z]{1,8}$/u);
  const label = m ? m[0] : original.trim().slice(0, 12);
  const text = block.text.slice(0, start) + `{{${key}}}` + block.text.slice(end);
  const sections = t.sections.map((sec, i) =>
    i !== s ? sec : { ...sec, blocks: sec.blocks.map((bl, j) => (j !== b ? bl : { ...bl, text })) },
  );
  return {
    ...t,
    sections,
    fields: [...t.fields, { key, label, kind: "text", original, fill: "typed" }],
  };
}
