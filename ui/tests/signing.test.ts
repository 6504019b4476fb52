import { describe, it, expect, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Ceremonies from "../src/routes/signing/SingleSigning.svelte";

const template = {
  title: "安全承诺书",
  preamble: [],
  sections: [{ number: "一、", heading: "目标", blocks: [{ type: "clause", number: "1、", level: 1, text: "整改率达到{{rate}}%。" }] }],
  closing: [],
  roles: [{ key: "pledger", label: "承诺人（签字）", signs: "hand", side: "signer" }],
  fields: [
    { key: "rate", label: "隐患整改率", kind: "number", original: "XX%", fill: "typed" },
    { key: "pledger_date", label: "承诺人日期", kind: "date", original: "日期", fill: "signing_date" },
  ],
  copies: 2,
  period: null,
  doubts: [],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the signing screen", () => {
  it("asks for the blanks and the name, then shows the agreement filled in, gated by the confirmation", async () => {
    mockIPC((cmd) => {
      if (cmd === "templates_list")
        return [{ id: "p", title: "安全承诺书", builtin: false, latest_version: 1, versions: 1, clauses: 1, fields: 2, roles: ["承诺人（签字）"], copies: 2 }];
      if (cmd === "template_get") return { id: "p", version: 1, used: false, source_name: "x", created_at: "", template };
    });
    render(Ceremonies);
    const start = (await screen.findByTestId("sign-start")) as HTMLButtonElement;
    // Only the body blank is asked for; the signature date is filled at signing.
    const rate = await screen.findByLabelText("隐患整改率");
    expect(screen.queryByLabelText("承诺人日期")).toBeNull();
    expect(start.disabled).toBe(true);
    await fireEvent.input(rate, { target: { value: "95" } });
    expect(start.disabled).toBe(true);
    await fireEvent.input(screen.getByTestId("signer-name"), { target: { value: "张三" } });
    expect(start.disabled).toBe(false);

    await fireEvent.click(start);
    const reading = await screen.findByTestId("reading");
    expect(reading.textContent).toContain("整改率达到95%");
    const tick = screen.getByTestId("confirm-read") as HTMLInputElement;
    const next = screen.getByTestId("to-sign") as HTMLButtonElement;
    expect(next.disabled).toBe(true);
    // Reaching the end enables the tick; the tick enables the signature step.
    Object.defineProperty(reading, "scrollHeight", { value: 2000 });
    Object.defineProperty(reading, "clientHeight", { value: 500 });
    reading.scrollTop = 1500;
    await fireEvent.scroll(reading);
    expect(tick.disabled).toBe(false);
    await fireEvent.click(tick);
    expect(next.disabled).toBe(false);
  });
});

describe("a signature's PNG on the wire", () => {
  it("is base64, the same bytes Rust's wire.rs test decodes", async () => {
    const { toBase64 } = await import("../src/ipc");
    expect(toBase64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]))).toBe("iVBORwD/");
    // Larger than one 32 KiB chunk of the encoder, and every byte value.
    const big = new Uint8Array(100_000).map((_, i) => (i * 7) % 256);
    const back = Uint8Array.from(atob(toBase64(big)), (c) => c.charCodeAt(0));
    expect(back).toEqual(big);
  });
});
