// A roster is previewed and saved as long work: the file is staged first (a raw body
// carries no channel), the import names it with its job and progress channel, the bar
// shows each row, and 取消 reaches Rust by the job's id (which then saves nobody).
import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import CeremonyDetail from "../src/routes/signing/CeremonyDetail.svelte";
import WorkBar from "../src/lib/WorkBar.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import type { Progress, RosterImport } from "../src/ipc";

const template = {
  title: "客服部安全目标责任书", preamble: [], sections: [], closing: [],
  roles: [{ key: "employee", label: "员工（签字）", signs: "hand", side: "signer", representative: null }],
  fields: [], copies: 2, period: null, doubts: [], scheme: null,
};
const detail = {
  summary: { id: 9, title: "2027年度客服部安全目标责任书", template_id: "kefu", template_version: 1, year: 2027, countersign: "each", created_at: "", closed: false, renewed_from: null, people: 0, signed: 0, awaiting: 0, absent: 0, voided: 0 },
  template, values: {}, bindings: {}, org_roles: [], roster: [], not_ready: null,
};
const preview: RosterImport = {
  preview: {
    file_name: "粘贴名单.csv", encoding: "UTF-8", header_line: 1, errors_count: 0, file_errors: [], notes: [],
    rows: [{ line: 2, name: "张三", employee_no: "E001", department: "客服部", position: "", errors: [] }],
  },
  saved: 0,
  created: 0,
};

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("importing a roster", () => {
  it("previews, then saves with the bar's count and row, and 取消 names the job", async () => {
    const calls: { cmd: string; args: any }[] = [];
    let reject: (e: unknown) => void = () => {};
    let channel: { onmessage: (p: Progress) => void } | null = null;
    mockIPC((cmd, args: any) => {
      calls.push({ cmd, args });
      if (cmd === "ceremony_get") return detail;
      if (cmd === "upload_stage") return `token-${calls.length}`;
      if (cmd === "ceremony_import_roster") {
        if (!args.commit) return { import: preview, added: 0 };
        channel = args.progress;
        return new Promise((_, rej) => (reject = rej));
      }
      if (cmd === "job_cancel") return true;
    });
    render(CeremonyDetail, { id: 9, onback: () => {} });
    render(WorkBar);
    await screen.findByTestId("roster-table");
    await fireEvent.input(screen.getByTestId("roster-paste"), { target: { value: "姓名\t工号\n张三\tE001" } });
    await fireEvent.click(screen.getByTestId("roster-preview"));
    await screen.findByTestId("roster-preview-table");
    const first = calls.find((c) => c.cmd === "ceremony_import_roster")!.args;
    expect([first.id, first.upload, first.commit]).toEqual([9, "token-2", false]);
    expect(new TextDecoder().decode(calls.find((c) => c.cmd === "upload_stage")!.args)).toBe("姓名,工号\n张三,E001");

    await fireEvent.click(screen.getByTestId("roster-save"));
    await vi.waitFor(() => expect(channel).not.toBeNull());
    const save = calls.filter((c) => c.cmd === "ceremony_import_roster")[1].args;
    expect([save.upload, save.commit]).toEqual(["token-4", true]);
    channel!.onmessage({ stage: "store", done: 3, total: 12, item: "员工4" });
    await vi.waitFor(() => expect(screen.getByTestId("work-count").textContent).toContain("3 / 12"));
    expect(screen.getByTestId("workbar").textContent).toContain("导入名单");
    expect(screen.getByTestId("workbar").textContent).toContain("员工4");
    expect((screen.getByTestId("roster-save") as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId("work-cancel"));
    expect(calls.find((c) => c.cmd === "job_cancel")!.args.job).toBe(save.job);
    reject({ kind: "cancelled", message: "已取消；一行也没有保存，档案库没有改动" });
    expect((await screen.findByTestId("ceremony-error")).textContent).toContain("一行也没有保存");
    expect(screen.queryByTestId("ceremony-notice")).toBeNull();
    expect(calls.filter((c) => c.cmd === "ceremony_get")).toHaveLength(1);
    expect(screen.getByTestId("roster-preview-table")).toBeTruthy();
  });
});
