// Error kinds are a closed union generated from Rust (`ErrorKind` in bindings.ts). The
// `@ts-expect-error` lines below are checked by `npm run check` (svelte-check): if the
// kinds ever became a plain `string` again, or a misspelling were accepted, they would
// be unused and the type check would fail.
import { describe, expect, it } from "vitest";
import { IpcFailure, type ErrorKind, type FailureKind } from "../src/ipc";

function advice(e: IpcFailure): string {
  switch (e.kind) {
    case "wrong_passphrase":
      return "retry";
    case "session_locked":
      return "unlock";
    // @ts-expect-error — not a kind: a misspelled case is a type error
    case "sesion_locked":
      return "never";
    default:
      return "show";
  }
}

describe("error kinds", () => {
  it("are the closed list from Rust", () => {
    const ok: ErrorKind = "missing_glyph";
    // @ts-expect-error — a misspelled kind does not type-check
    const bad: ErrorKind = "missing_glyf";
    // @ts-expect-error — nor does an arbitrary string
    const any: FailureKind = String("kiosk_locked");
    expect([ok, bad, any]).toHaveLength(3);
    expect(advice(new IpcFailure("wrong_passphrase", "口令不正确"))).toBe("retry");
    expect(advice(new IpcFailure("ipc", "no answer"))).toBe("show");
  });
});
