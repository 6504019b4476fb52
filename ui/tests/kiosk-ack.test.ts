import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Kiosk from "../src/routes/signing/Kiosk.svelte";
import { setLocale } from "../src/i18n/index.svelte";

// jsdom cannot draw: the pad's ink becomes a fixed signature (its own tests cover it).
const pads = vi.hoisted(() => ({ roles: [] as string[] }));
vi.mock("../src/lib/signing", () => ({
  padSignature: async (_pad: unknown, roleKey: string) => {
    pads.roles.push(roleKey);
    return { role_key: roleKey, signer_name: null, png: "iVBORw0KGgo=", strokes_json: "[]" };
  },
}));

const lock = { ceremony_id: 3, title: "2027年度客服部安全目标责任书", year: 2027, wait_seconds: 0, damaged: false };
const view = {
  number: "SD-2027-000001", signer_name: "张三", employee_no: "E001", department: "客服部", year: 2027,
  title: "2027年度客服部安全目标责任书", version: 1, score: "95.0",
  lines: [
    { key: "part1", label: "安全责任", points: "55", rule: "评分 55 分（满分 60）" },
    { key: "part2", label: "事故情况", points: "40.0", rule: "评分 40 分（满分 40）" },
    { key: "penalty1", label: "红线罚单", points: "-3", rule: "1 张（1 张及以上）扣 3 分" },
    { key: "adjustment", label: "人工调整", points: "3.0", rule: "原因：年度安全之星" },
  ],
  values: {}, adjustment: null, reason: "", source: "import", source_file: "成绩.xlsx", actor: "管理员", assessed_at: "", content_sha256: "",
  acknowledged_at: null, reward_line: "90", pass_line: "60", rewarded: true, passed: true, history: [],
};

const realGetContext = HTMLCanvasElement.prototype.getContext;
beforeEach(() => {
  setLocale("zh-CN");
  pads.roles.length = 0;
  // jsdom has no 2D canvas; say so quietly (it would print "Not implemented").
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});
afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
  HTMLCanvasElement.prototype.getContext = realGetContext;
});

describe("acknowledging a result at the kiosk", () => {
  it("offers it in the search, checks the identity like signing, and takes the signature", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls: { cmd: string; args: any }[] = [];
    mockIPC((cmd, args: any) => {
      calls.push({ cmd, args });
      if (cmd === "kiosk_find")
        return [
          { person_id: 7, name: "张三", department: "客服部", confirm_with: "工号", task: "acknowledge" },
          { person_id: 8, name: "张三丰", department: "客服部", confirm_with: "工号", task: "sign" },
        ];
      if (cmd === "kiosk_result") {
        if (args.confirm !== "E001") throw { kind: "identity_mismatch", message: "工号与“张三”不符，请核对后重新输入" };
        return view;
      }
      if (cmd === "kiosk_result_pdf") return new Uint8Array([37, 80, 68, 70]).buffer;
      if (cmd === "kiosk_acknowledge") return { ...view, acknowledged_at: "2028-01-10T09:00:00+08:00" };
    });
    render(Kiosk, { lock, onexit: () => {} });
    await fireEvent.input(screen.getByTestId("kiosk-find"), { target: { value: "张三" } });
    const hits = await screen.findAllByTestId("kiosk-hit");
    expect(hits[0].textContent).toContain("确认考核结果");
    expect(hits[1].textContent).toContain("签署");
    expect(hits[1].textContent).not.toContain("确认考核结果");
    await fireEvent.click(hits[0]);

    // The name alone opens nothing: the employee number first.
    await fireEvent.input(await screen.findByTestId("kiosk-identify"), { target: { value: "E002" } });
    await fireEvent.click(screen.getByTestId("identify-submit"));
    expect((await screen.findByTestId("kiosk-error")).textContent).toContain("工号与");
    expect(screen.queryByTestId("ack")).toBeNull();
    await fireEvent.input(screen.getByTestId("kiosk-identify"), { target: { value: "E001" } });
    await fireEvent.click(screen.getByTestId("identify-submit"));

    await screen.findByTestId("ack");
    expect(screen.getByText(/确认结果/, { selector: ".steps li" })).toBeTruthy();
    expect(screen.getByTestId("ack-score").textContent).toBe("95");
    expect(screen.getAllByTestId("ack-line").map((l) => l.textContent)).toEqual([
      "安全责任55评分 55 分（满分 60）",
      "事故情况40评分 40 分（满分 40）",
      "红线罚单−31 张（1 张及以上）扣 3 分",
      "人工调整+3原因：年度安全之星",
    ]);
    expect(screen.getByTestId("ack-summary").textContent).toContain("达到奖励线（90 分）");
    await screen.findByTestId("pdf-view");
    const confirm = screen.getByTestId("ack-confirm") as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(screen.queryByTestId("signature-canvas")).toBeNull();
    await fireEvent.click(screen.getByTestId("ack-read"));
    expect(screen.getByTestId("signature-canvas")).toBeTruthy();
    expect(confirm.disabled).toBe(false);
    await fireEvent.click(confirm);

    expect((await screen.findByTestId("ack-done")).textContent).toContain("已确认");
    expect(pads.roles).toEqual(["ack"]);
    const proofs = calls.filter((c) => c.cmd.startsWith("kiosk_") && c.cmd !== "kiosk_find").map((c) => [c.cmd, c.args.id, c.args.personId, c.args.confirm]);
    expect(proofs).toEqual([
      ["kiosk_result", 3, 7, "E002"],
      ["kiosk_result", 3, 7, "E001"],
      ["kiosk_result_pdf", 3, 7, "E001"],
      ["kiosk_acknowledge", 3, 7, "E001"],
    ]);
    expect(calls.find((c) => c.cmd === "kiosk_acknowledge")!.args.signature).toMatchObject({ role_key: "ack", png: "iVBORw0KGgo=" });
    expect(calls.some((c) => c.cmd === "kiosk_agreement")).toBe(false);

    // The next person does not see this one's result for long.
    await vi.advanceTimersByTimeAsync(16_000);
    expect(screen.queryByTestId("ack-done")).toBeNull();
    expect((screen.getByTestId("kiosk-find") as HTMLInputElement).value).toBe("");
  });

  it("shows Rust's refusal to acknowledge and stays on the page", async () => {
    mockIPC((cmd) => {
      if (cmd === "kiosk_find") return [{ person_id: 7, name: "张三", department: "客服部", confirm_with: null, task: "acknowledge" }];
      if (cmd === "kiosk_result") return { ...view, rewarded: false, passed: false, score: "58" };
      if (cmd === "kiosk_result_pdf") return new Uint8Array([37, 80, 68, 70]).buffer;
      if (cmd === "kiosk_acknowledge") throw { kind: "already_acknowledged", message: "张三已确认过考核结果" };
    });
    render(Kiosk, { lock, onexit: () => {} });
    await fireEvent.input(screen.getByTestId("kiosk-find"), { target: { value: "zs" } });
    await fireEvent.click(await screen.findByTestId("kiosk-hit"));
    // No employee number on the roster: straight to the result, as for signing.
    await screen.findByTestId("ack");
    expect(screen.getByTestId("ack-summary").textContent).toContain("低于合格线（60 分）");
    await fireEvent.click(screen.getByTestId("ack-read"));
    await fireEvent.click(screen.getByTestId("ack-confirm"));
    expect((await screen.findByTestId("ack-error")).textContent).toBe("张三已确认过考核结果");
    expect(screen.queryByTestId("ack-done")).toBeNull();
  });
});
