import { describe, it, expect, afterEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Kiosk from "../src/routes/signing/Kiosk.svelte";

const template = {
  title: "安全承诺书",
  preamble: [],
  sections: [{ number: "一、", heading: "目标", blocks: [{ type: "clause", number: "1、", level: 1, text: "本部门（{{dept}}）全年无事故。" }] }],
  closing: [],
  roles: [{ key: "pledger", label: "承诺人（签字）", signs: "hand", side: "signer" }],
  fields: [{ key: "dept", label: "部门", kind: "text", original: "____", fill: "typed" }],
  copies: 2,
  period: null,
  doubts: [],
};

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
});

describe("the kiosk", () => {
  it("finds only by what was typed, shows that person's agreement, and refuses a wrong PIN", async () => {
    const asked: unknown[] = [];
    let exited = false;
    mockIPC((cmd, args) => {
      if (cmd === "kiosk_find") {
        asked.push(args);
        return (args as { query: string }).query === "zs" ? [{ person_id: 7, name: "张三", department: "客服部" }] : [];
      }
      if (cmd === "kiosk_agreement")
        return { person_id: 7, name: "张三", department: "客服部", template, values: { dept: "客服部" }, roles: template.roles, adopted: [] };
      if (cmd === "kiosk_exit") {
        if ((args as { pin: string }).pin !== "246813") throw { kind: "bad_pin", message: "PIN 不正确（还可再试 2 次，之后需要等待）" };
        exited = true;
        return null;
      }
    });
    render(Kiosk, { lock: { ceremony_id: 3, title: "2027年度安全承诺书", year: 2027, wait_seconds: 0, damaged: false }, onexit: () => {} });
    const find = screen.getByTestId("kiosk-find");
    expect(document.activeElement).toBe(find);
    await fireEvent.input(find, { target: { value: "zs" } });
    const hit = await screen.findByTestId("kiosk-hit");
    expect(hit.textContent).toContain("张三");
    expect(asked).toEqual([{ id: 3, query: "zs" }]);
    await fireEvent.click(hit);
    const reading = await screen.findByTestId("reading");
    expect(reading.textContent).toContain("本部门（客服部）全年无事故");
    expect((screen.getByTestId("to-sign") as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.click(screen.getByTestId("kiosk-exit"));
    await fireEvent.input(screen.getByTestId("pin-input"), { target: { value: "111111" } });
    await fireEvent.click(screen.getByTestId("pin-submit"));
    expect((await screen.findByTestId("pin-error")).textContent).toContain("PIN 不正确");
    expect(exited).toBe(false);
    await fireEvent.input(screen.getByTestId("pin-input"), { target: { value: "246813" } });
    await fireEvent.click(screen.getByTestId("pin-submit"));
    await new Promise((r) => setTimeout(r, 0));
    expect(exited).toBe(true);
  });

  it("goes back to the name search when a signer walks away", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    mockIPC((cmd) => {
      if (cmd === "kiosk_find") return [{ person_id: 7, name: "张三", department: "客服部" }];
      if (cmd === "kiosk_agreement")
        return { person_id: 7, name: "张三", department: "客服部", template, values: { dept: "客服部" }, roles: template.roles, adopted: [] };
    });
    render(Kiosk, { lock: { ceremony_id: 3, title: "2027年度安全承诺书", year: 2027, wait_seconds: 0, damaged: false }, onexit: () => {} });
    await fireEvent.input(screen.getByTestId("kiosk-find"), { target: { value: "张" } });
    await fireEvent.click(await screen.findByTestId("kiosk-hit"));
    expect((await screen.findByTestId("reading")).textContent).toContain("客服部");
    await vi.advanceTimersByTimeAsync(119_000);
    expect(screen.queryByTestId("reading")).not.toBeNull();
    await vi.advanceTimersByTimeAsync(2_000);
    expect(screen.queryByTestId("reading")).toBeNull();
    expect((screen.getByTestId("kiosk-find") as HTMLInputElement).value).toBe("");
  });
});

describe("who is signing", () => {
  it("asks for the employee number before opening a person's agreement, and sends it on every step", async () => {
    const opened: unknown[] = [];
    let exitedWith: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === "kiosk_find") return [{ person_id: 8, name: "李四", department: "客服部", confirm_with: "工号" }];
      if (cmd === "kiosk_agreement") {
        opened.push(args);
        if ((args as { confirm: string }).confirm !== "E002")
          throw { kind: "identity_mismatch", message: "工号与“李四”不符，请核对后重新输入" };
        return { person_id: 8, name: "李四", department: "客服部", template, values: { dept: "客服部" }, roles: template.roles, adopted: [] };
      }
      if (cmd === "kiosk_exit") return { phase: "locked", organisation: "测试单位", kiosk: false };
    });
    render(Kiosk, {
      lock: { ceremony_id: 3, title: "2027年度安全承诺书", year: 2027, wait_seconds: 0, damaged: false },
      onexit: (s: unknown) => (exitedWith = s),
    });
    await fireEvent.input(screen.getByTestId("kiosk-find"), { target: { value: "李" } });
    await fireEvent.click(await screen.findByTestId("kiosk-hit"));
    // Not the agreement yet: the colleague's name alone opens nothing.
    expect(screen.queryByTestId("reading")).toBeNull();
    const id = await screen.findByTestId("kiosk-identify");
    expect((screen.getByTestId("identify-submit") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(id, { target: { value: "E001" } });
    await fireEvent.click(screen.getByTestId("identify-submit"));
    expect((await screen.findByTestId("kiosk-error")).textContent).toContain("工号与");
    expect(screen.queryByTestId("reading")).toBeNull();
    await fireEvent.input(screen.getByTestId("kiosk-identify"), { target: { value: "E002" } });
    await fireEvent.click(screen.getByTestId("identify-submit"));
    expect((await screen.findByTestId("reading")).textContent).toContain("客服部");
    expect(opened).toEqual([
      { id: 3, personId: 8, confirm: "E001" },
      { id: 3, personId: 8, confirm: "E002" },
    ]);

    // Leaving with the PIN hands the app the locked session: the unlock screen, not the archive.
    await fireEvent.click(screen.getByTestId("kiosk-exit"));
    await fireEvent.input(screen.getByTestId("pin-input"), { target: { value: "246813" } });
    await fireEvent.click(screen.getByTestId("pin-submit"));
    await new Promise((r) => setTimeout(r, 0));
    expect(exitedWith).toEqual({ phase: "locked", organisation: "测试单位", kiosk: false });
  });
  it("a damaged lock keeps the kiosk locked to no ceremony and says how to leave", async () => {
    const called: string[] = [];
    mockIPC((cmd) => {
      called.push(cmd);
    });
    render(Kiosk, { lock: { ceremony_id: 0, title: "", year: 0, wait_seconds: 0, damaged: true }, onexit: () => {} });
    expect(screen.getByTestId("kiosk-damaged").textContent).toContain("档案库口令");
    expect(screen.queryByTestId("kiosk-find")).toBeNull();
    expect(screen.getByTestId("kiosk-exit")).toBeTruthy();
    expect(called).toEqual([]);
  });
});
