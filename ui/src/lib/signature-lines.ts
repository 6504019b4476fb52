// When detection found no signature block (issue 24: it never invents a signer), the
// editor offers the text's last lines — where a signature block stands — and one
// click makes roles from the line picked. Which roles a line names is Rust's
// (`roles_from_line`); here only where the lines are and how the draft changes.
import type { Role, Template } from "../ipc";
import { usedKeys } from "./agreement";

/** One line of the template's text: in a closing paragraph, or in a block of the last
 *  section, and which line of it (a paragraph may hold several). */
export type LineAt =
  | { place: "closing"; i: number; line: number; text: string }
  | { place: "block"; s: number; b: number; line: number; text: string };

/** Whether someone signs for the signer's side (Rust's `require_signer`). */
export function hasSigner(t: Template): boolean {
  return t.roles.some((r) => r.side === "signer");
}

/** The last `n` non-empty lines of the text, in reading order: the closing paragraphs,
 *  then — going back — the last section's blocks. */
export function lastLines(t: Template, n = 6): LineAt[] {
  const out: LineAt[] = [];
  const take = (text: string, at: (line: number, text: string) => LineAt) => {
    const lines = text.split("\n");
    for (let l = lines.length - 1; l >= 0 && out.length < n; l--) {
      const s = lines[l].trim();
      if (s) out.push(at(l, s));
    }
  };
  for (let i = t.closing.length - 1; i >= 0 && out.length < n; i--) {
    take(t.closing[i], (line, text) => ({ place: "closing", i, line, text }));
  }
  const s = t.sections.length - 1;
  const blocks = s >= 0 ? t.sections[s].blocks : [];
  for (let b = blocks.length - 1; b >= 0 && out.length < n; b--) {
    take(blocks[b].text, (line, text) => ({ place: "block", s, b, line, text }));
  }
  return out.reverse();
}

/** `text` without its line `line`; null when nothing is left. */
function without(text: string, line: number): string | null {
  const lines = text.split("\n");
  lines.splice(line, 1);
  const rest = lines.join("\n");
  return rest.trim() ? rest : null;
}

/** The draft with the picked line made its signature block: the line leaves the text
 *  (it would otherwise be printed twice), `roles` are added after the ones there, and
 *  a blank that was only on that line goes with it. */
export function withRolesFromLine(t: Template, at: LineAt, roles: Role[]): Template {
  let closing = t.closing;
  let sections = t.sections;
  if (at.place === "closing") {
    const rest = without(t.closing[at.i] ?? "", at.line);
    closing = t.closing.flatMap((p, i) => (i !== at.i ? [p] : rest === null ? [] : [rest]));
  } else {
    sections = t.sections.map((sec, s) =>
      s !== at.s
        ? sec
        : {
            ...sec,
            blocks: sec.blocks.flatMap((bl, b) => {
              if (b !== at.b) return [bl];
              const rest = without(bl.text, at.line);
              return rest === null ? [] : [{ ...bl, text: rest }];
            }),
          },
    );
  }
  const all = [...t.roles, ...roles];
  const next: Template = { ...t, closing, sections, roles: all };
  const used = usedKeys(next);
  const roleDate = (key: string) => key === "signing_date" || all.some((r) => key === `${r.key}_date`);
  next.fields = t.fields.filter((f) => used.has(f.key) || (f.kind === "date" && roleDate(f.key)));
  return next;
}
