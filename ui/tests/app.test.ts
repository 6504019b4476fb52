import { describe, it, expect, beforeEach, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { setLocale } from "../src/i18n/index.svelte";

const info = {
  app_version: "0.1.0",
  data_dir: "/tmp/d",
  archive_path: "/tmp/d/signdesk.db",
  schema_version: 1,
  counts: { templates: 12, template_versions: 12, people: 0, agreements: 3, voided: 0, audit_entries: 4 },
  audit_head: "ab".repeat(32),
};

describe("the shell", () => {
  beforeEach(() => setLocale("zh-CN"));
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows the Chinese navigation and switches to English", async () => {
    mockIPC((cmd) => (cmd === "kiosk_state" ? null : info));
    render(App);
    for (const label of ["协议模板", "签约仪式", "档案库", "设置"]) {
      expect(screen.getByRole("button", { name: new RegExp(label) })).toBeTruthy();
    }
    await fireEvent.click(screen.getByTestId("locale-switch"));
    expect(screen.getByRole("button", { name: /Archive/ })).toBeTruthy();
    expect(localStorage.getItem("signdesk.locale")).toBe("en");
  });

  it("settings shows what Rust reported", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "kiosk_state") return null;
      if (cmd === "export_default_dir") return "/home/u/文档";
      return info;
    });
    render(App);
    await fireEvent.click(screen.getByRole("button", { name: /设置/ }));
    expect(await screen.findByText("/tmp/d/signdesk.db")).toBeTruthy();
    expect(screen.getByTestId("count-agreements").textContent).toBe("3");
    expect(calls).toContain("app_info");
    expect((screen.getByTestId("backup-folder") as HTMLInputElement).value).toBe("/home/u/文档");
  });

  it("shows a typed IPC error's Chinese message", async () => {
    mockIPC(() => {
      throw { kind: "archive_open", message: "无法打开档案库 /x：权限不足" };
    });
    render(App);
    await fireEvent.click(screen.getByRole("button", { name: /设置/ }));
    expect((await screen.findByRole("alert")).textContent).toContain("权限不足");
  });
});
