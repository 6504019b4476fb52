// The same table of typed score cells that Rust's `read_cell` is tested against
// (src-tauri/crates/assess/tests/score_cells.json): the grid reads a cell exactly as
// Rust will when it stores it.
import { describe, it, expect } from "vitest";
import vectors from "../../src-tauri/crates/assess/tests/score_cells.json";
import { parseCell } from "../src/routes/assess/grid";
import type { Item, ItemKind, Scheme, Value } from "../src/ipc";

const scheme = {
  grades: [
    { label: "优秀", coefficient: "1" },
    { label: "合格", coefficient: "1" },
  ],
} as unknown as Scheme;

type Want = null | "empty" | { points?: number; percent?: number; grade?: string; count?: number };

function normalise(v: Value | undefined): Want {
  if (!v) return "empty";
  if ("points" in v) return { points: Number(v.points) };
  if ("percent" in v) return { percent: Number(v.percent) };
  if ("grade" in v) return { grade: v.grade };
  return { count: v.count };
}

describe("score cells", () => {
  for (const kind of ["part", "target", "penalty"] as ItemKind[]) {
    it(`reads ${kind} cells as the shared table says`, () => {
      const item: Item = { key: "k", label: "项目", kind, max: null };
      const cases = (vectors as unknown as Record<string, [string, Want][]>)[kind];
      expect(cases.length).toBeGreaterThan(5);
      for (const [text, want] of cases) {
        const cell = parseCell(scheme, item, text);
        const got: Want = "bad" in cell ? null : normalise(cell.value);
        expect([text, got]).toEqual([text, want]);
      }
    });
  }
});
