import { describe, it, expect, beforeEach, afterEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import { session } from "../src/lib/session.svelte";

const open = {
  phase: "open",
  organisation: "宁德新奥燃气有限公司",
  data_dir: "/tmp/d",
  kiosk: false,
  idle_lock_seconds: 600,
};
const locked = { ...open, phase: "locked" };

const info = {
  app_version: "0.1.0",
  data_dir: "/tmp/d",
  archive_path: "/tmp/d/signdesk.db",
  schema_version: 1,
  counts: { templates: 12, template_versions: 12, people: 0, agreements: 3, voided: 0, audit_entries: 4 },
  audit_head: "ab".repeat(32),
};

describe("the shell", () => {
  beforeEach(() => {
    setLocale("zh-CN");
    session.state = null;
  });
  afterEach(() => {
    cleanup();
    clearMocks();
  });

  it("shows the Chinese navigation and switches to English", async () => {
    mockIPC((cmd) => (cmd === "session_state" ? open : cmd === "kiosk_state" ? null : info));
    render(App);
    await screen.findByTestId("lock");
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
      if (cmd === "session_state") return open;
      if (cmd === "kiosk_state") return null;
      if (cmd === "export_default_dir") return "/home/u/文档";
      return info;
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: /设置/ }));
    expect(await screen.findByText("/tmp/d/signdesk.db")).toBeTruthy();
    expect(screen.getByTestId("count-agreements").textContent).toBe("3");
    expect(calls).toContain("app_info");
    expect((screen.getByTestId("backup-folder") as HTMLInputElement).value).toBe("/home/u/文档");
  });

  it("shows a typed IPC error's Chinese message", async () => {
    mockIPC((cmd) => {
      if (cmd === "session_state") return open;
      throw { kind: "archive_open", message: "无法打开档案库 /x：权限不足" };
    });
    render(App);
    await fireEvent.click(await screen.findByRole("button", { name: /设置/ }));
    // Every card that asked says it (the group archive's card too).
    const alerts = await screen.findAllByRole("alert");
    expect(alerts.map((a) => a.textContent).join("\n")).toContain("权限不足");
  });
});

describe("the session gate", () => {
  beforeEach(() => {
    setLocale("zh-CN");
    session.state = null;
  });
  afterEach(() => {
    cleanup();
    clearMocks();
    vi.useRealTimers();
  });

  it("first start asks for the organisation and the passphrase twice", async () => {
    const created: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "session_state") return { ...open, phase: "empty", organisation: null };
      if (cmd === "session_create") {
        created.push(args);
        return open;
      }
      if (cmd === "kiosk_state") return null;
      return info;
    });
    render(App);
    await screen.findByTestId("setup");
    expect(screen.queryByTestId("lock")).toBeNull();
    const create = screen.getByTestId("setup-create") as HTMLButtonElement;
    expect(create.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("setup-org"), { target: { value: "宁德新奥燃气有限公司" } });
    await fireEvent.input(screen.getByTestId("setup-passphrase"), { target: { value: "安全生产人人有责" } });
    await fireEvent.input(screen.getByTestId("setup-passphrase2"), { target: { value: "安全生产人人有" } });
    expect(screen.getByText("两次输入的口令不一致")).toBeTruthy();
    expect(create.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("setup-passphrase2"), { target: { value: "安全生产人人有责" } });
    await fireEvent.click(create);
    await screen.findByTestId("lock");
    expect(created).toEqual([{ organisation: "宁德新奥燃气有限公司", passphrase: "安全生产人人有责" }]);
  });

  it("unlock names the organisation and shows Rust's refusal of a wrong passphrase", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "session_state") return locked;
      if (cmd === "session_unlock") {
        if ((args as { passphrase: string }).passphrase !== "对的口令对的口令") {
          throw { kind: "wrong_passphrase", message: "口令不正确" };
        }
        return open;
      }
      if (cmd === "kiosk_state") return null;
      return info;
    });
    render(App);
    expect((await screen.findByTestId("unlock")).textContent).toContain("宁德新奥燃气有限公司");
    await fireEvent.input(screen.getByTestId("unlock-passphrase"), { target: { value: "错的口令错的口令" } });
    await fireEvent.click(screen.getByTestId("unlock-go"));
    expect((await screen.findByTestId("gate-error")).textContent).toBe("口令不正确");
    // The wrong passphrase is selected, so typing again replaces it.
    const field = screen.getByTestId("unlock-passphrase") as HTMLInputElement;
    await vi.waitFor(() => expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]));
    await fireEvent.input(screen.getByTestId("unlock-passphrase"), { target: { value: "对的口令对的口令" } });
    await fireEvent.click(screen.getByTestId("unlock-go"));
    await screen.findByTestId("lock");
  });

  it("locks itself after the idle time and when Rust says it is locked", async () => {
    vi.useFakeTimers();
    let phase = "open";
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "session_lock") phase = "locked";
      if (cmd === "session_state" || cmd === "session_lock") return { ...open, phase, idle_lock_seconds: 60 };
      if (cmd === "session_unlock") {
        phase = "open";
        return { ...open, idle_lock_seconds: 60 };
      }
      if (cmd === "kiosk_state") return null;
      if (phase !== "open") throw { kind: "session_locked", message: "签约台已锁定，请输入组织者口令解锁" };
      return info;
    });
    render(App);
    await vi.waitFor(() => screen.getByTestId("lock"));
    await vi.advanceTimersByTimeAsync(59_000);
    expect(screen.queryByTestId("unlock")).toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => screen.getByTestId("unlock"));
    expect(calls).toContain("session_lock");

    // Unlocked again, then Rust refuses a command (its own idle check): back to the gate.
    await fireEvent.input(screen.getByTestId("unlock-passphrase"), { target: { value: "对的口令对的口令" } });
    await fireEvent.click(screen.getByTestId("unlock-go"));
    await vi.waitFor(() => screen.getByTestId("lock"));
    phase = "locked";
    await fireEvent.click(screen.getByRole("button", { name: /设置/ }));
    await vi.waitFor(() => screen.getByTestId("unlock"));
  });
});
