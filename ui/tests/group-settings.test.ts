// 设置 → 集团档案库 and 设置 → 自检: the password goes to Rust once and never comes back
// (the field is emptied, the placeholder says it is kept); 同步 and 导出上报包 run as long
// work; the self-test lists each check with its status in words.
import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import GroupArchive from "../src/routes/settings/GroupArchive.svelte";
import SelfTest from "../src/routes/settings/SelfTest.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import type { GroupSettings, SelfTestReport } from "../src/ipc";

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the group archive's settings", () => {
  it("sends the password once, keeps it out of the window, and syncs as long work", async () => {
    let stored: GroupSettings = { url: "", password_set: false, acked_entries: null, acked_fingerprint: null };
    const calls: { cmd: string; args: any }[] = [];
    mockIPC((cmd, args: any) => {
      calls.push({ cmd, args });
      if (cmd === "group_settings_get") return stored;
      if (cmd === "group_settings_set") {
        stored = { ...stored, url: args.url, password_set: stored.password_set || args.password !== null };
        return stored;
      }
      if (cmd === "group_sync") {
        stored = { ...stored, acked_entries: 18, acked_fingerprint: "f4da-b0cf-16bc-c1fd" };
        return { sent: 3, unchanged: 1, head: { entries: 18, hash: "f4dab0cf" } };
      }
    });
    render(GroupArchive);
    await vi.waitFor(() => expect(calls.some((c) => c.cmd === "group_settings_get")).toBe(true));
    await fireEvent.input(screen.getByTestId("group-url"), { target: { value: "postgresql://site_1@10.0.0.5/group" } });
    await fireEvent.input(screen.getByTestId("group-password"), { target: { value: "机密" } });
    await fireEvent.click(screen.getByTestId("group-save"));
    await screen.findByTestId("group-saved");
    const set = calls.find((c) => c.cmd === "group_settings_set")!.args;
    expect([set.url, set.password]).toEqual(["postgresql://site_1@10.0.0.5/group", "机密"]);
    const field = screen.getByTestId("group-password") as HTMLInputElement;
    expect(field.value).toBe("");
    expect(field.placeholder).toContain("已保存");
    // Saved again without typing a password: the stored one is kept (null, not "").
    await fireEvent.click(screen.getByTestId("group-save"));
    await vi.waitFor(() => expect(calls.filter((c) => c.cmd === "group_settings_set").length).toBe(2));
    expect(calls.filter((c) => c.cmd === "group_settings_set")[1].args.password).toBeNull();

    await fireEvent.click(screen.getByTestId("group-sync"));
    const done = await screen.findByTestId("group-synced");
    expect(done.textContent).toContain("新送达 3 份");
    const sync = calls.find((c) => c.cmd === "group_sync")!.args;
    expect(typeof sync.job).toBe("number");
    expect(sync.progress).toBeTruthy();
    expect((await screen.findByTestId("group-acked")).textContent).toContain("前 18 条");
  });
});

describe("the self-test", () => {
  it("sends the screen and lists every check with its status", async () => {
    const report: SelfTestReport = {
      id: "自检-20271206-101500", started_at: "2027-12-06T10:15:00+08:00", program_version: "0.2.0",
      ok: false, passed: 1, failed: 1, not_applicable: 1, millis: 4200,
      checks: [
        { key: "os", label: "操作系统", status: "passed", detail: "Windows 11", millis: 1 },
        { key: "printers", label: "打印机", status: "failed", detail: "无法列出打印机", millis: 3 },
        { key: "removable_drives", label: "可移动磁盘", status: "not_applicable", detail: "没有插入 U 盘", millis: 0 },
      ],
      report_pdf: "C:\\自检报告\\自检.pdf", root_pem: null, report_json: "C:\\自检报告\\自检.json", test_page: null,
    };
    let screenSent: any = null;
    mockIPC((cmd, args: any) => {
      if (cmd === "self_test_run") {
        screenSent = args.screen;
        return report;
      }
    });
    render(SelfTest);
    await fireEvent.click(screen.getByTestId("self-test-run"));
    const summary = await screen.findByTestId("self-test-summary");
    expect(summary.textContent).toContain("1 项未通过");
    expect(summary.className).toContain("error");
    expect(screenSent.width).toBeGreaterThanOrEqual(0);
    expect(typeof screenSent.touch_points).toBe("number");
    const rows = screen.getByTestId("self-test-checks").querySelectorAll("tr");
    expect([...rows].map((r) => r.querySelector(".status")!.textContent)).toEqual(["通过", "未通过", "不适用"]);
    expect(screen.getByTestId("self-test-files").textContent).toContain("自检.json");
  });
});
