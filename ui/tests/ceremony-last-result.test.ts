import { describe, it, expect, afterEach, beforeEach } from "vitest";
import { render, screen, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import CeremonyDetail from "../src/routes/signing/CeremonyDetail.svelte";
import { setLocale } from "../src/i18n/index.svelte";

const template = {
  title: "客服部安全目标责任书", preamble: [], sections: [], closing: [],
  roles: [{ key: "employee", label: "员工（签字）", signs: "hand", side: "signer", representative: null }],
  fields: [], copies: 2, period: null, doubts: [], scheme: null,
};
const person = (id: number, name: string, last: unknown) => ({
  person_id: id, name, employee_no: `E00${id}`, department: "客服部", position: "", status: "pending",
  agreement_id: null, agreement_number: null, last_result: last,
});
const detail = (roster: unknown[]) => ({
  summary: { id: 9, title: "2028年度客服部安全目标责任书", template_id: "kefu", template_version: 1, year: 2028, countersign: "each", created_at: "", closed: false, renewed_from: 5, people: roster.length, signed: 0, awaiting: 0, absent: 0, voided: 0 },
  template, values: {}, bindings: {}, org_roles: [], roster, not_ready: null,
});

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("a renewed ceremony's roster", () => {
  it("shows last year's score beside each person who has one", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremony_get")
        return detail([person(1, "张三", { year: 2027, number: "SD-2027-000001", score: "95.5" }), person(2, "新同事", null)]);
    });
    render(CeremonyDetail, { id: 9, onback: () => {} });
    expect((await screen.findByTestId("last-result-1")).textContent).toBe("2027年 95.5 分");
    expect(screen.getByTestId("last-result-2").textContent).toBe("");
    expect(screen.getByTestId("roster-table").querySelector("thead")!.textContent).toContain("去年考核");
  });

  it("has no such column when nobody has a result", async () => {
    mockIPC((cmd) => (cmd === "ceremony_get" ? detail([person(1, "张三", null)]) : undefined));
    render(CeremonyDetail, { id: 9, onback: () => {} });
    await screen.findByTestId("roster-table");
    expect(screen.queryByTestId("last-result-1")).toBeNull();
    expect(screen.getByTestId("roster-table").textContent).not.toContain("去年考核");
  });
});
