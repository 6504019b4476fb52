// The same table of displayed points that Rust's `signdesk_assess::display` is tested
// against (src-tauri/crates/assess/tests/score_display.json): the window writes a
// score exactly as the result page and the command line do.
import { describe, it, expect } from "vitest";
import vectors from "../../src-tauri/crates/assess/tests/score_display.json";
import { linePoints, mean, points, type Sign } from "../src/lib/points";

describe("points as shown", () => {
  it("writes decimals as the shared table says", () => {
    const cases = vectors.points as [string, Sign, string][];
    expect(cases.length).toBeGreaterThan(10);
    for (const [text, sign, want] of cases) expect([text, points(text, sign)]).toEqual([text, want]);
  });

  it("signs only the adjustment's line either way", () => {
    for (const [key, pts, want] of vectors.lines as [string, string, string][]) {
      expect([key, linePoints({ key, points: pts })]).toEqual([key, want]);
    }
  });

  it("writes the report's means to two places", () => {
    for (const [m, want] of vectors.means as [number, string][]) expect([m, mean(m)]).toEqual([m, want]);
  });
});
