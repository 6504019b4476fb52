import { describe, it, expect, beforeAll, afterAll, afterEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import SignaturePad from "../src/lib/signature-pad/SignaturePad.svelte";
import type { PadState, SignatureExport, Validation } from "../src/lib/signature-pad/types";

// jsdom has neither PointerEvent nor a 2D canvas: a minimal PointerEvent and a recording context.
class FakePointerEvent extends MouseEvent {
  pointerId: number;
  pointerType: string;
  pressure: number;
  isPrimary: boolean;
  constructor(type: string, init: PointerEventInit = {}) {
    super(type, { bubbles: true, cancelable: true, ...init });
    this.pointerId = init.pointerId ?? 1;
    this.pointerType = init.pointerType ?? "mouse";
    this.pressure = init.pressure ?? 0.5;
    this.isPrimary = init.isPrimary ?? true;
  }
}

type Call = [string, ...unknown[]];
const calls: Call[] = [];
const owners: HTMLCanvasElement[] = []; // which canvas each call was made on
const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

const saved: Record<string, unknown> = {};
beforeAll(() => {
  saved.PointerEvent = (globalThis as Record<string, unknown>).PointerEvent;
  saved.getContext = HTMLCanvasElement.prototype.getContext;
  saved.toBlob = HTMLCanvasElement.prototype.toBlob;
  (globalThis as Record<string, unknown>).PointerEvent = FakePointerEvent;
  (window as unknown as Record<string, unknown>).PointerEvent = FakePointerEvent;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement) {
    const rec = (name: string) => (...args: unknown[]) => {
      calls.push([name, ...args]);
      owners.push(this);
    };
    return {
      canvas: this,
      fillStyle: "",
      setTransform: rec("setTransform"),
      clearRect: rec("clearRect"),
      beginPath: rec("beginPath"),
      moveTo: rec("moveTo"),
      quadraticCurveTo: rec("quadraticCurveTo"),
      closePath: rec("closePath"),
      fill: rec("fill"),
    };
  } as unknown as typeof HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.toBlob = function (this: HTMLCanvasElement, cb: BlobCallback, type?: string) {
    calls.push(["toBlob", type, this.width, this.height]);
    owners.push(this);
    cb(new Blob([PNG_BYTES], { type: "image/png" }));
  };
});
afterAll(() => {
  (globalThis as Record<string, unknown>).PointerEvent = saved.PointerEvent;
  (window as unknown as Record<string, unknown>).PointerEvent = saved.PointerEvent;
  HTMLCanvasElement.prototype.getContext = saved.getContext as typeof HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.toBlob = saved.toBlob as typeof HTMLCanvasElement.prototype.toBlob;
});
afterEach(() => {
  cleanup();
  calls.length = 0;
  owners.length = 0;
});

interface PadApi {
  undo(): void;
  clear(): void;
  isEmpty(): boolean;
  validate(): Validation;
  export(): Promise<SignatureExport>;
  getStrokes(): unknown[];
}

function setup(props: Record<string, unknown> = {}) {
  const changes: PadState[] = [];
  const r = render(SignaturePad, { props: { onchange: (s: PadState) => changes.push(s), ...props } });
  const canvas = screen.getByTestId("signature-canvas") as HTMLCanvasElement;
  return { ...r, pad: r.component as unknown as PadApi, canvas, changes };
}

async function draw(
  canvas: HTMLElement,
  pts: [number, number][],
  o: { pointerId?: number; pointerType?: string; pressure?: (i: number) => number; end?: "pointerup" | "pointercancel" } = {},
) {
  const base = { pointerId: o.pointerId ?? 1, pointerType: o.pointerType ?? "mouse", button: 0 };
  const at = (i: number) => ({ ...base, clientX: pts[i][0], clientY: pts[i][1], pressure: o.pressure ? o.pressure(i) : 0.5 });
  await fireEvent(canvas, new FakePointerEvent("pointerdown", at(0)));
  for (let i = 1; i < pts.length; i++) await fireEvent(canvas, new FakePointerEvent("pointermove", { ...at(i), buttons: 1 }));
  await fireEvent(canvas, new FakePointerEvent(o.end ?? "pointerup", at(pts.length - 1)));
}

function path(from: [number, number], to: [number, number], n = 20): [number, number][] {
  return Array.from({ length: n + 1 }, (_, i) => [from[0] + ((to[0] - from[0]) * i) / n, from[1] + ((to[1] - from[1]) * i) / n]);
}

/** 王 then 日 (about 150 × 80 CSS px), stroke by stroke. */
const SIGNATURE: [number, number][][] = [
  path([155, 100], [225, 98]),
  path([162, 136], [218, 135]),
  path([190, 100], [191, 175]),
  path([150, 177], [232, 174]),
  path([255, 106], [256, 170]),
  [...path([256, 106], [286, 104], 10), ...path([286, 104], [285, 171], 20).slice(1)],
  path([257, 137], [284, 137]),
  path([257, 169], [284, 169]),
];

describe("<SignaturePad>", () => {
  it("renders the hint, the baseline, an accessible canvas and large Chinese buttons", () => {
    const { canvas } = setup();
    expect(screen.getByText("请在此处签名")).toBeTruthy();
    expect(canvas.getAttribute("role")).toBe("img");
    expect(canvas.getAttribute("aria-label")).toContain("尚未签名");
    const undo = screen.getByTestId("signature-undo") as HTMLButtonElement;
    const clear = screen.getByTestId("signature-clear") as HTMLButtonElement;
    expect(undo.tagName).toBe("BUTTON");
    expect(undo.type).toBe("button");
    expect(undo.textContent).toContain("撤销");
    expect(clear.textContent).toContain("清除");
    expect(undo.disabled && clear.disabled).toBe(true);
    expect(screen.getByRole("button", { name: /撤销/ })).toBe(undo);
    const err = screen.getByTestId("signature-error");
    expect(err.hidden).toBe(true);
  });

  it("builds a stroke from pointer events, hides the hint, paints and reports the change", async () => {
    const { canvas, pad, changes } = setup();
    expect(pad.isEmpty()).toBe(true);
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { clientX: 10, clientY: 20, button: 0 }));
    // hint disappears as soon as ink starts; buttons are locked while the pen is down
    expect(screen.queryByText("请在此处签名")).toBeNull();
    expect((screen.getByTestId("signature-clear") as HTMLButtonElement).disabled).toBe(true);
    for (const [x, y] of [[20, 25], [40, 30], [60, 28]]) await fireEvent(canvas, new FakePointerEvent("pointermove", { clientX: x, clientY: y }));
    await fireEvent(canvas, new FakePointerEvent("pointerup", { clientX: 60, clientY: 28 }));

    const strokes = pad.getStrokes() as { pointerType: string; points: { x: number; y: number; pressure: number; t: number }[] }[];
    expect(strokes).toHaveLength(1);
    expect(strokes[0].pointerType).toBe("mouse");
    expect(strokes[0].points.map((p) => [p.x, p.y])).toEqual([[10, 20], [20, 25], [40, 30], [60, 28]]);
    expect(strokes[0].points.every((p) => p.pressure === 0.5 && p.t >= 0)).toBe(true);
    expect(pad.isEmpty()).toBe(false);
    expect(changes.at(-1)).toEqual({ empty: false, strokeCount: 1, drawing: false });
    expect(canvas.dataset.strokes).toBe("1");
    expect(canvas.getAttribute("aria-label")).toContain("1 笔");
    expect(calls.some((c) => c[0] === "fill")).toBe(true);
    expect((screen.getByTestId("signature-undo") as HTMLButtonElement).disabled).toBe(false);
  });

  it("uses coalesced samples when the browser offers them", async () => {
    const { canvas, pad } = setup();
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { clientX: 0, clientY: 0 }));
    const move = new FakePointerEvent("pointermove", { clientX: 30, clientY: 0 });
    (move as unknown as { getCoalescedEvents: () => PointerEvent[] }).getCoalescedEvents = () =>
      [10, 20, 30].map((x) => new FakePointerEvent("pointermove", { clientX: x, clientY: 0 }) as unknown as PointerEvent);
    await fireEvent(canvas, move);
    await fireEvent(canvas, new FakePointerEvent("pointerup", { clientX: 30, clientY: 0 }));
    const s = pad.getStrokes() as { points: { x: number }[] }[];
    expect(s[0].points.map((p) => p.x)).toEqual([0, 10, 20, 30]);
  });

  it("records a pen's pressure and ignores a second pointer (palm) and the right mouse button", async () => {
    const { canvas, pad } = setup();
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { pointerId: 7, pointerType: "pen", clientX: 5, clientY: 5, pressure: 0.31 }));
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { pointerId: 9, pointerType: "touch", clientX: 300, clientY: 200 }));
    await fireEvent(canvas, new FakePointerEvent("pointermove", { pointerId: 9, pointerType: "touch", clientX: 310, clientY: 210 }));
    await fireEvent(canvas, new FakePointerEvent("pointermove", { pointerId: 7, pointerType: "pen", clientX: 25, clientY: 9, pressure: 0.74 }));
    await fireEvent(canvas, new FakePointerEvent("pointerup", { pointerId: 9, pointerType: "touch", clientX: 310, clientY: 210 }));
    await fireEvent(canvas, new FakePointerEvent("pointerup", { pointerId: 7, pointerType: "pen", clientX: 25, clientY: 9, pressure: 0 }));
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { clientX: 50, clientY: 50, button: 2 }));
    const s = pad.getStrokes() as { pointerType: string; points: { x: number; pressure: number }[] }[];
    expect(s).toHaveLength(1);
    expect(s[0].pointerType).toBe("pen");
    expect(s[0].points.map((p) => p.pressure)).toEqual([0.31, 0.74]);
  });

  it("keeps the ink of a cancelled pointer", async () => {
    const { canvas, pad } = setup();
    await draw(canvas, path([10, 10], [80, 40]), { pointerType: "touch", end: "pointercancel" });
    expect(pad.getStrokes()).toHaveLength(1);
  });

  it("undo removes the last stroke; clear empties the pad and brings the hint back", async () => {
    const { canvas, pad, changes } = setup();
    await draw(canvas, path([10, 10], [100, 40]));
    await draw(canvas, path([20, 60], [120, 90]));
    await draw(canvas, path([30, 100], [140, 120]));
    expect(pad.getStrokes()).toHaveLength(3);
    await fireEvent.click(screen.getByTestId("signature-undo"));
    const left = pad.getStrokes() as { points: { x: number; y: number }[] }[];
    expect(left).toHaveLength(2);
    expect(left[1].points[0]).toMatchObject({ x: 20, y: 60 });
    expect(changes.at(-1)).toMatchObject({ strokeCount: 2, empty: false });
    await fireEvent.click(screen.getByTestId("signature-clear"));
    expect(pad.isEmpty()).toBe(true);
    expect(changes.at(-1)).toEqual({ empty: true, strokeCount: 0, drawing: false });
    expect(screen.getByText("请在此处签名")).toBeTruthy();
    expect((screen.getByTestId("signature-clear") as HTMLButtonElement).disabled).toBe(true);
    // the canvas was wiped after the clear and nothing was painted since
    const lastClear = calls.map((c) => c[0]).lastIndexOf("clearRect");
    expect(calls.slice(lastClear).some((c) => c[0] === "fill")).toBe(false);
  });

  it("validate shows the Chinese refusal in the error element, and new ink hides it", async () => {
    const { canvas, pad } = setup();
    const err = screen.getByTestId("signature-error");

    expect(pad.validate()).toEqual({ ok: false, reason: "blank", message: "请先签名" });
    await Promise.resolve();
    expect(err.textContent?.trim()).toBe("请先签名");
    expect(err.hidden).toBe(false);
    expect(err.getAttribute("role")).toBe("alert");

    await draw(canvas, [[300, 120]]);
    expect(pad.validate()).toMatchObject({ ok: false, reason: "dot" });
    await Promise.resolve();
    expect(err.textContent?.trim()).toBe("签名太短，请用正常笔迹签写姓名");

    await fireEvent.click(screen.getByTestId("signature-clear"));
    await draw(canvas, [[10, 10], [20, 15], [30, 10], [25, 25], [12, 20], [18, 8]]);
    expect(pad.validate()).toMatchObject({ ok: false, reason: "tiny" });
    await Promise.resolve();
    expect(err.textContent?.trim()).toBe("签名太小，请写大一些");

    await fireEvent.click(screen.getByTestId("signature-clear"));
    await draw(canvas, path([60, 150], [540, 152], 60));
    expect(pad.validate()).toMatchObject({ ok: false, reason: "straight_line" });
    await Promise.resolve();
    expect(err.textContent?.trim()).toBe("这看起来像一条直线，请签写您的姓名");

    // starting to write again takes the message away
    await fireEvent(canvas, new FakePointerEvent("pointerdown", { clientX: 100, clientY: 100 }));
    expect(err.hidden).toBe(true);
    await fireEvent(canvas, new FakePointerEvent("pointerup", { clientX: 100, clientY: 100 }));
  });

  it("accepts a real signature and exports a cropped PNG with the raw strokes", async () => {
    const { canvas, pad } = setup();
    for (const s of SIGNATURE) await draw(canvas, s);
    expect(pad.validate()).toEqual({ ok: true });
    expect(screen.getByTestId("signature-error").hidden).toBe(true);

    const out = await pad.export();
    const offscreen = calls.filter((_, i) => owners[i] !== canvas);
    expect(out.png).toBeInstanceOf(Uint8Array);
    expect(Array.from(out.png)).toEqual(Array.from(PNG_BYTES));
    expect(out.strokes).toHaveLength(SIGNATURE.length);
    expect(out.strokes[0].points[0]).toMatchObject({ x: 155, y: 100 });
    expect(JSON.parse(JSON.stringify(out.strokes))).toEqual(out.strokes);
    expect(out.scale).toBe(2);
    // ink spans x 150…286, y 98…177 (+ nib radius + 8 px margin), at 2×
    expect(out.crop.x).toBeLessThanOrEqual(150 - 8);
    expect(out.crop.x).toBeGreaterThan(150 - 8 - 4);
    expect(out.crop.x + out.crop.width).toBeGreaterThanOrEqual(286 + 8);
    expect(out.width).toBe(out.crop.width * 2);
    expect(out.height).toBe(out.crop.height * 2);
    expect(out.width).toBeLessThan(2 * 170);
    const blob = offscreen.find((c) => c[0] === "toBlob")!;
    expect(blob).toEqual(["toBlob", "image/png", out.width, out.height]);
    // the offscreen canvas is drawn at 2× and shifted to the crop origin, transparent (cleared, no background fill)
    expect(offscreen).toContainEqual(["setTransform", 2, 0, 0, 2, -out.crop.x * 2, -out.crop.y * 2]);
    expect(offscreen.filter((c) => c[0] === "fill")).toHaveLength(SIGNATURE.length);
    expect(offscreen.some((c) => c[0] === "fillRect")).toBe(false);
  });

  it("export rejects when there is no ink", async () => {
    const { pad } = setup();
    await expect(pad.export()).rejects.toThrow(/no ink/);
  });

  it("speaks English when asked", async () => {
    const { pad } = setup({ locale: "en" });
    expect(screen.getByText("Sign here")).toBeTruthy();
    expect(screen.getByTestId("signature-undo").textContent).toContain("Undo");
    expect(screen.getByTestId("signature-clear").textContent).toContain("Clear");
    expect(pad.validate()).toMatchObject({ reason: "blank", message: "Please sign first" });
  });

  it("ignores input while disabled", async () => {
    const { canvas, pad } = setup({ disabled: true });
    await draw(canvas, path([10, 10], [200, 100]));
    expect(pad.isEmpty()).toBe(true);
  });

  it("cancels touch scrolling on the canvas", () => {
    const { canvas } = setup();
    const ev = new Event("touchmove", { cancelable: true, bubbles: true });
    canvas.dispatchEvent(ev);
    expect(ev.defaultPrevented).toBe(true);
    const down = new FakePointerEvent("pointerdown", { clientX: 1, clientY: 1 });
    canvas.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true);
  });

  it("repaints from the model at the device pixel ratio", async () => {
    const dpr = vi.spyOn(window, "devicePixelRatio", "get").mockReturnValue(2);
    try {
      const { canvas } = setup();
      calls.length = 0;
      await draw(canvas, path([10, 10], [100, 40]));
      // jsdom has no layout: the pad falls back to its nominal model size, scaled ×2
      expect(calls).toContainEqual(["setTransform", 2, 0, 0, 2, 0, 0]);
    } finally {
      dpr.mockRestore();
    }
  });
});
