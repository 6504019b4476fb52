import { describe, it, expect } from "vitest";
import type { InkPoint, PointerKind, Stroke } from "../src/lib/signature-pad/types";
import {
  DEFAULT_THRESHOLDS,
  backingStore,
  cropRect,
  expandBox,
  fitScale,
  hasRealPressure,
  inkInput,
  intersectBox,
  pairsBox,
  pressureFromSpeed,
  principalAxes,
  refusalReason,
  resample,
  straightness,
  strokeLength,
  strokesBox,
  totalInkLength,
  validateSignature,
  velocityPressures,
} from "../src/lib/signature-pad/geometry";
import { inkBox, paintStrokes, strokeOutline, traceOutline, type InkContext } from "../src/lib/signature-pad/ink";
import { canvasLabel, signatureMessages } from "../src/lib/signature-pad/messages";

const PAD = { width: 600, height: 240 };

// deterministic jitter, so "hand-drawn" fixtures are the same on every run
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

/** A stroke through waypoints, sampled every `step` px at `speed` px/ms, with optional hand jitter. */
function stroke(
  waypoints: [number, number][],
  o: { step?: number; speed?: number; jitter?: number; seed?: number; type?: PointerKind; t0?: number; pressure?: (i: number) => number } = {},
): Stroke {
  const step = o.step ?? 3, speed = o.speed ?? 0.8, jitter = o.jitter ?? 0;
  const rand = rng(o.seed ?? 7);
  const points: InkPoint[] = [];
  let t = o.t0 ?? 0;
  const push = (x: number, y: number, d: number) => {
    t += d / speed;
    const i = points.length;
    points.push({ x: x + rand() * jitter, y: y + rand() * jitter, pressure: o.pressure ? o.pressure(i) : 0.5, t: Math.round(t * 10) / 10 });
  };
  push(waypoints[0][0], waypoints[0][1], 0);
  for (let w = 1; w < waypoints.length; w++) {
    const [ax, ay] = waypoints[w - 1], [bx, by] = waypoints[w];
    const len = Math.hypot(bx - ax, by - ay);
    const n = Math.max(1, Math.round(len / step));
    for (let k = 1; k <= n; k++) push(ax + ((bx - ax) * k) / n, ay + ((by - ay) * k) / n, len / n);
  }
  return { pointerType: o.type ?? "mouse", points };
}

function scale(strokes: Stroke[], k: number, ox = 0, oy = 0): Stroke[] {
  return strokes.map((s) => ({ ...s, points: s.points.map((p) => ({ ...p, x: ox + p.x * k, y: oy + p.y * k })) }));
}

/** 王明, drawn stroke by stroke with a slightly shaky hand (about 180 × 90 CSS px). */
function wangMing(): Stroke[] {
  const shapes: [number, number][][] = [
    // 王
    [[155, 100], [225, 98]],
    [[162, 136], [218, 135]],
    [[190, 100], [191, 175]],
    [[150, 177], [232, 174]],
    // 明: 日
    [[255, 106], [256, 170]],
    [[256, 106], [286, 104], [285, 171]],
    [[257, 137], [284, 137]],
    [[257, 169], [284, 169]],
    // 明: 月
    [[306, 100], [303, 150], [290, 182]],
    [[307, 100], [341, 99], [340, 179], [332, 172]],
    [[308, 126], [338, 126]],
    [[306, 151], [338, 150]],
  ];
  let t = 0;
  return shapes.map((w, i) => {
    const s = stroke(w, { jitter: 0.8, seed: i + 1, t0: t, speed: 0.6 + (i % 3) * 0.3 });
    t = s.points[s.points.length - 1].t + 180;
    return s;
  });
}

/** A flowing one-stroke (连笔) signature with loops. */
function cursive(): Stroke[] {
  const pts: [number, number][] = [];
  for (let i = 0; i <= 320; i++) {
    const u = i / 320;
    pts.push([140 + 300 * u + 28 * Math.sin(u * 26), 140 - 45 * Math.sin(u * Math.PI * 3) + 22 * Math.cos(u * 31)]);
  }
  return [stroke(pts, { step: 2, speed: 1.5 })];
}

describe("refusals", () => {
  it("blank: no strokes, or strokes without points", () => {
    expect(refusalReason([], PAD)).toBe("blank");
    expect(refusalReason([{ pointerType: "mouse", points: [] }], PAD)).toBe("blank");
    expect(validateSignature([], PAD)).toEqual({ ok: false, reason: "blank", message: "请先签名" });
    expect(validateSignature([], PAD, "en")).toEqual({ ok: false, reason: "blank", message: "Please sign first" });
  });

  it("dot: one tap, a tiny flick, or taps spread over the pad", () => {
    const tap: Stroke = { pointerType: "touch", points: [{ x: 300, y: 120, pressure: 0.5, t: 0 }] };
    expect(refusalReason([tap], PAD)).toBe("dot");
    expect(refusalReason([stroke([[300, 120], [304, 122]])], PAD)).toBe("dot");
    const taps = [50, 200, 350, 500].map((x, i) => ({ pointerType: "mouse" as const, points: [{ x, y: 40 + i * 50, pressure: 0.5, t: i * 100 }] }));
    expect(totalInkLength(taps)).toBe(0);
    expect(refusalReason(taps, PAD)).toBe("dot");
    expect(validateSignature([tap], PAD).ok ? "" : validateSignature([tap], PAD)).toMatchObject({
      message: "签名太短，请用正常笔迹签写姓名",
    });
  });

  it("dot threshold grows with the pad: max(24 px, 4 % of its width)", () => {
    const flick = [stroke([[100, 100], [110, 130], [140, 100]])]; // ~63 px of ink
    expect(totalInkLength(flick)).toBeGreaterThan(24);
    expect(refusalReason(flick, { width: 1000, height: 300 })).not.toBe("dot");
    expect(refusalReason(flick, { width: 2000, height: 300 })).toBe("dot"); // 4 % of 2000 = 80
  });

  it("tiny: a real signature shrunk into a corner", () => {
    const small = scale(wangMing(), 0.2); // ~37 × 18 px, inside 48 × 36
    const box = strokesBox(small)!;
    expect(box.width).toBeLessThan(0.08 * PAD.width);
    expect(box.height).toBeLessThan(0.15 * PAD.height);
    expect(validateSignature(small, PAD)).toEqual({ ok: false, reason: "tiny", message: "签名太小，请写大一些" });
    // the same hand at a readable size is accepted
    expect(refusalReason(scale(wangMing(), 0.45), PAD)).toBeNull();
  });

  it("straight line: horizontal, vertical and diagonal single strokes", () => {
    for (const w of [
      [[60, 150], [540, 150]],
      [[300, 20], [300, 220]],
      [[80, 210], [520, 30]],
    ] as [number, number][][]) {
      const v = validateSignature([stroke(w)], PAD);
      expect(v).toEqual({ ok: false, reason: "straight_line", message: "这看起来像一条直线，请签写您的姓名" });
    }
  });

  it("straight line: a slightly wobbly hand-drawn line", () => {
    const pts: [number, number][] = [];
    for (let x = 60; x <= 520; x += 4) pts.push([x, 150 + 3 * Math.sin(x / 9)]);
    const wobbly = [stroke(pts, { jitter: 2, seed: 3 })];
    expect(principalAxes(resample(wobbly)).ratio).toBeLessThan(0.06);
    expect(refusalReason(wobbly, PAD)).toBe("straight_line");
  });

  it("straight line: several strokes scribbled back and forth along one line", () => {
    const scribble = [
      stroke([[80, 100], [300, 160]], { seed: 1, jitter: 1.5 }),
      stroke([[300, 161], [90, 103]], { seed: 2, jitter: 1.5 }),
      stroke([[120, 110], [420, 192]], { seed: 3, jitter: 1.5 }),
    ];
    expect(refusalReason(scribble, PAD)).toBe("straight_line");
  });

  it("straight line: one gently curved stroke (chord ≈ path length)", () => {
    const pts: [number, number][] = [];
    for (let i = 0; i <= 40; i++) pts.push([100 + i * 10, 120 + 0.02 * (i - 20) ** 2 * 10]); // sagitta 80 px over 400
    const arc = [stroke(pts)];
    expect(principalAxes(resample(arc)).ratio).toBeGreaterThan(DEFAULT_THRESHOLDS.minAxisRatio); // not caught as a line …
    expect(straightness(arc[0])).toBeGreaterThan(0.9); // … but as one near-straight stroke
    expect(refusalReason(arc, PAD)).toBe("straight_line");
  });

  it("accepts a realistic two-character signature", () => {
    const sig = wangMing();
    expect(sig.length).toBe(12);
    expect(validateSignature(sig, PAD)).toEqual({ ok: true });
    const box = strokesBox(sig)!;
    expect(box.width).toBeGreaterThan(170);
    expect(box.height).toBeGreaterThan(70);
  });

  it("accepts a flowing one-stroke (连笔) signature", () => {
    const sig = cursive();
    expect(straightness(sig[0])).toBeLessThan(0.5);
    expect(validateSignature(sig, PAD)).toEqual({ ok: true });
  });

  it("a line drawn under a real signature does not make it a line", () => {
    const sig = [...wangMing(), stroke([[140, 195], [360, 192]])];
    expect(refusalReason(sig, PAD)).toBeNull();
  });

  it("thresholds can be tuned", () => {
    const line = [stroke([[60, 150], [540, 150]])];
    expect(refusalReason(line, PAD, { ...DEFAULT_THRESHOLDS, minAxisRatio: 0, singleStrokeMaxStraightness: 1.1, singleStrokeMinAxisRatio: 0 })).toBeNull();
    const small = scale(wangMing(), 0.2);
    expect(refusalReason(small, PAD, { ...DEFAULT_THRESHOLDS, minWidthFraction: 0.01, minHeightFraction: 0.01 })).toBeNull();
  });
});

describe("lengths, boxes and crop", () => {
  it("measures stroke length and boxes", () => {
    const s = stroke([[0, 0], [30, 40]], { step: 5 });
    expect(strokeLength(s)).toBeCloseTo(50, 6);
    expect(strokesBox([s, stroke([[-5, 10], [10, 90]])])).toEqual({ x: -5, y: 0, width: 35, height: 90 });
    expect(strokesBox([])).toBeNull();
    expect(pairsBox([[[1, 2], [5, -3]], [[0, 7]]])).toEqual({ x: 0, y: -3, width: 5, height: 10 });
  });

  it("expands and intersects boxes", () => {
    expect(expandBox({ x: 10, y: 10, width: 20, height: 5 }, 4)).toEqual({ x: 6, y: 6, width: 28, height: 13 });
    expect(intersectBox({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: -5, width: 10, height: 10 })).toEqual({ x: 5, y: 0, width: 5, height: 5 });
    expect(intersectBox({ x: 0, y: 0, width: 10, height: 10 }, { x: 20, y: 0, width: 5, height: 5 })).toBeNull();
  });

  it("crops to the ink plus margin, snapped outward to whole output pixels", () => {
    const c = cropRect({ x: 10.3, y: 20.7, width: 100, height: 40 }, 8, 2)!;
    // left 2.3 → 4.6 px → floor 4; right 118.3 → 236.6 px → ceil 237
    expect(c.width).toBe(233);
    expect(c.box.x).toBe(2);
    expect(c.box.width).toBe(116.5);
    // top 12.7 → 25.4 → 25; bottom 68.7 → 137.4 → 138
    expect(c.height).toBe(113);
    expect(c.box.y).toBe(12.5);
    // the crop always contains the ink and its margin
    expect(c.box.x).toBeLessThanOrEqual(10.3 - 8);
    expect(c.box.x + c.box.width).toBeGreaterThanOrEqual(110.3 + 8);
  });

  it("clips the crop to the visible pad", () => {
    const c = cropRect({ x: 2, y: 100, width: 50, height: 20 }, 8, 2, { x: 0, y: 0, width: 600, height: 240 })!;
    expect(c.box.x).toBe(0);
    expect(c.width).toBe(120); // 0 … 60 CSS px
    expect(cropRect({ x: 700, y: 10, width: 5, height: 5 }, 2, 2, { x: 0, y: 0, width: 600, height: 240 })).toBeNull();
  });

  it("a single point still crops to at least one pixel", () => {
    const c = cropRect({ x: 5, y: 5, width: 0, height: 0 }, 0, 1)!;
    expect([c.width, c.height]).toEqual([1, 1]);
  });
});

describe("device pixels", () => {
  it("scales the backing store by devicePixelRatio", () => {
    expect(backingStore(300, 150, 2)).toEqual({ width: 600, height: 300, scaleX: 2, scaleY: 2 });
    expect(backingStore(300, 150, 1)).toEqual({ width: 300, height: 150, scaleX: 1, scaleY: 1 });
  });

  it("rounds fractional ratios and reports the exact scale used", () => {
    const b = backingStore(301, 151, 1.5);
    expect(b.width).toBe(452); // 451.5 rounds up
    expect(b.height).toBe(227);
    expect(b.scaleX).toBeCloseTo(452 / 301, 12);
    expect(b.scaleY).toBeCloseTo(227 / 151, 12);
  });

  it("guards odd ratios and sizes", () => {
    expect(backingStore(100, 50, 0).width).toBe(100);
    expect(backingStore(100, 50, Number.NaN).width).toBe(100);
    expect(backingStore(100, 50, 10).width).toBe(400); // clamped to 4×
    expect(backingStore(0, 0, 2)).toEqual({ width: 1, height: 1, scaleX: 2, scaleY: 2 });
  });

  it("fits existing ink when the pad shrinks, and leaves it alone otherwise", () => {
    const ink = { x: 100, y: 50, width: 400, height: 100 };
    expect(fitScale(ink, { width: 600, height: 240 })).toBe(1);
    const k = fitScale(ink, { width: 300, height: 240 });
    expect(k).toBeCloseTo(300 / 504, 10);
    expect((ink.x + ink.width) * k).toBeLessThanOrEqual(300);
    expect(fitScale(null, { width: 10, height: 10 })).toBe(1);
  });
});

describe("pressure", () => {
  it("slow ink is heavier than fast ink, within bounds", () => {
    expect(pressureFromSpeed(0)).toBeCloseTo(0.8, 10);
    expect(pressureFromSpeed(0.5)).toBeGreaterThan(pressureFromSpeed(2));
    expect(pressureFromSpeed(2)).toBeGreaterThan(pressureFromSpeed(6));
    expect(pressureFromSpeed(1000)).toBeGreaterThanOrEqual(0.22);
    expect(pressureFromSpeed(Number.NaN)).toBeCloseTo(0.8, 10);
  });

  it("simulates pressure from the speed between samples", () => {
    const slow = velocityPressures(stroke([[0, 0], [200, 0]], { speed: 0.2 }).points);
    const fast = velocityPressures(stroke([[0, 0], [200, 0]], { speed: 4 }).points);
    expect(slow[0]).toBe(0.5);
    expect(fast[0]).toBe(0.5);
    expect(slow[slow.length - 1]).toBeGreaterThan(0.65);
    expect(fast[fast.length - 1]).toBeLessThan(0.35);
    // a stroke that speeds up eases in from the first pressure, then thins out monotonically
    const accel: InkPoint[] = [];
    let x = 0, t = 0;
    for (let i = 0; i < 40; i++) {
      accel.push({ x, y: 0, pressure: 0.5, t });
      x += 2 + i * 0.5;
      t += 8;
    }
    const pr = velocityPressures(accel);
    const peak = pr.indexOf(Math.max(...pr));
    expect(peak).toBeLessThan(6);
    for (let i = peak + 1; i < pr.length; i++) expect(pr[i]).toBeLessThanOrEqual(pr[i - 1] + 1e-12);
    expect(pr[pr.length - 1]).toBeLessThan(0.35);
  });

  it("copes with repeated or backward timestamps (coalesced samples)", () => {
    const pts: InkPoint[] = [
      { x: 0, y: 0, pressure: 0.5, t: 0 },
      { x: 3, y: 0, pressure: 0.5, t: 0 },
      { x: 6, y: 0, pressure: 0.5, t: -1 },
      { x: 9, y: 0, pressure: 0.5, t: 5 },
    ];
    const pr = velocityPressures(pts);
    expect(pr.every((p) => Number.isFinite(p) && p > 0 && p <= 1)).toBe(true);
  });

  it("uses a pen's real pressure and simulates the rest", () => {
    const pen = stroke([[0, 0], [100, 20]], { type: "pen", pressure: (i) => 0.2 + (i % 10) * 0.07 });
    expect(hasRealPressure(pen)).toBe(true);
    const input = inkInput(pen);
    expect(input.map((p) => p[2])).toEqual(pen.points.map((p) => Math.max(0.08, p.pressure)));

    const mouse = stroke([[0, 0], [100, 20]]);
    expect(hasRealPressure(mouse)).toBe(false);
    expect(inkInput(mouse).map((p) => p[2])).toEqual(velocityPressures(mouse.points));

    // pens without a pressure sensor report a constant 0.5 (or 0 / 1): simulate
    expect(hasRealPressure(stroke([[0, 0], [50, 0]], { type: "pen" }))).toBe(false);
    expect(hasRealPressure(stroke([[0, 0], [50, 0]], { type: "pen", pressure: () => 0 }))).toBe(false);
    expect(hasRealPressure(stroke([[0, 0], [50, 0]], { type: "pen", pressure: () => 0.37 }))).toBe(true);
    // touch with "force" is still simulated: finger contact area is not pen pressure
    expect(hasRealPressure(stroke([[0, 0], [50, 0]], { type: "touch", pressure: (i) => i / 40 }))).toBe(false);
  });
});

describe("shape analysis", () => {
  it("resamples by arc length whatever the sampling density", () => {
    const sparse = resample([stroke([[0, 0], [100, 0]], { step: 100 })]);
    const dense = resample([stroke([[0, 0], [100, 0]], { step: 0.5 })]);
    expect(sparse.length).toBe(51);
    expect(dense.length).toBe(51);
    for (let i = 1; i < dense.length; i++) expect(dense[i].x - dense[i - 1].x).toBeCloseTo(2, 6);
  });

  it("finds principal axes", () => {
    const line = principalAxes(resample([stroke([[0, 0], [100, 100]])]));
    expect(line.ratio).toBeLessThan(1e-6);
    expect(line.angle).toBeCloseTo(Math.PI / 4, 6);
    const circle: { x: number; y: number }[] = [];
    for (let i = 0; i < 360; i++) circle.push({ x: Math.cos((i * Math.PI) / 180), y: Math.sin((i * Math.PI) / 180) });
    expect(principalAxes(circle).ratio).toBeCloseTo(1, 6);
    expect(principalAxes([{ x: 1, y: 1 }]).ratio).toBe(0);
  });

  it("keeps strokes JSON-serialisable", () => {
    const sig = wangMing();
    expect(JSON.parse(JSON.stringify(sig))).toEqual(sig);
  });
});

describe("ink outline", () => {
  it("encloses the pen's path, wider where the pen presses harder", () => {
    const light = stroke([[100, 100], [300, 100]], { type: "pen", pressure: (i) => 0.1 + (i % 2) * 0.02 });
    const heavy = stroke([[100, 100], [300, 100]], { type: "pen", pressure: (i) => 0.9 + (i % 2) * 0.02 });
    const lb = pairsBox([strokeOutline(light)])!;
    const hb = pairsBox([strokeOutline(heavy)])!;
    expect(lb.x).toBeLessThanOrEqual(100);
    expect(lb.x + lb.width).toBeGreaterThanOrEqual(300);
    expect(hb.height).toBeGreaterThan(lb.height * 1.8);
  });

  it("paints a tap as a dot and an empty stroke as nothing", () => {
    const tap: Stroke = { pointerType: "mouse", points: [{ x: 50, y: 50, pressure: 0.5, t: 0 }] };
    const b = pairsBox([strokeOutline(tap)])!;
    expect(b.width).toBeGreaterThan(0.5);
    expect(b.width).toBeLessThan(6);
    expect(strokeOutline({ pointerType: "mouse", points: [] })).toEqual([]);
  });

  it("the painted box contains the centre-line box", () => {
    const sig = wangMing();
    const ib = inkBox(sig)!, cb = strokesBox(sig)!;
    expect(ib.x).toBeLessThan(cb.x);
    expect(ib.y).toBeLessThan(cb.y);
    expect(ib.x + ib.width).toBeGreaterThan(cb.x + cb.width);
    expect(ib.y + ib.height).toBeGreaterThan(cb.y + cb.height);
    expect(cb.x - ib.x).toBeLessThan(5);
  });

  it("traces a closed smooth path and fills each stroke separately", () => {
    const calls: string[] = [];
    const ctx: InkContext = {
      fillStyle: "",
      beginPath: () => calls.push("begin"),
      moveTo: () => calls.push("move"),
      quadraticCurveTo: () => calls.push("quad"),
      closePath: () => calls.push("close"),
      fill: () => calls.push("fill"),
    };
    traceOutline(ctx, [[0, 0], [10, 0], [10, 10], [0, 10]]);
    expect(calls).toEqual(["move", "quad", "quad", "quad", "quad", "close"]);
    calls.length = 0;
    paintStrokes(ctx, wangMing(), { color: "#123456" });
    expect(ctx.fillStyle).toBe("#123456");
    expect(calls.filter((c) => c === "fill").length).toBe(12);
    expect(calls.filter((c) => c === "begin").length).toBe(12);
  });
});

describe("messages", () => {
  it("has Chinese and English tables with every refusal", () => {
    const zh = signatureMessages("zh-CN"), en = signatureMessages("en");
    expect([zh.undo, zh.clear, zh.hint]).toEqual(["撤销", "清除", "请在此处签名"]);
    expect([en.undo, en.clear]).toEqual(["Undo", "Clear"]);
    for (const r of ["blank", "dot", "tiny", "straight_line"] as const) {
      expect(zh.refusals[r]).toMatch(/[\u4e00-\u9fff]/);
      expect(en.refusals[r]).toMatch(/^[\x20-\x7e—]+$/);
    }
    expect(signatureMessages("fr")).toBe(zh); // Chinese is the fallback
    expect(signatureMessages("en-GB")).toBe(en);
    expect(canvasLabel(zh, 0)).toContain("尚未签名");
    expect(canvasLabel(zh, 3)).toContain("3 笔");
  });
});
