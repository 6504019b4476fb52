import { describe, it, expect } from "vitest";
import type { InkPoint, Stroke } from "../src/lib/signature-pad/types";
import { modelSize, pointerKind, round2, samplePoint } from "../src/lib/signature-pad/capture";
import { cloneStrokes, signatureExport } from "../src/lib/signature-pad/export";

const AT_ORIGIN = { left: 0, top: 0 };
const sample = (clientX: number, clientY: number, timeStamp: number, pressure = 0.5) => ({
  clientX,
  clientY,
  pressure,
  timeStamp,
});

describe("pointer samples", () => {
  it("knows pens and touch; anything else draws like a mouse", () => {
    expect(pointerKind("pen")).toBe("pen");
    expect(pointerKind("touch")).toBe("touch");
    expect(pointerKind("mouse")).toBe("mouse");
    expect(pointerKind("")).toBe("mouse");
    expect(pointerKind("eraser")).toBe("mouse");
  });

  it("rounds to hundredths", () => {
    expect(round2(1.23456)).toBe(1.23);
    expect(round2(-0.005)).toBe(-0);
    expect(round2(2)).toBe(2);
  });

  it("places a sample in model space: relative to the canvas, over the view scale", () => {
    const p = samplePoint(undefined, sample(130.123, 70.456, 1000), { left: 30, top: 20 }, 0.5, null);
    expect(p).toEqual({ x: 200.25, y: 100.91, pressure: 0.5, t: 0 });
  });

  it("times a sample from the signature's first one, in tenths of a millisecond", () => {
    const first = samplePoint(undefined, sample(10, 10, 500), AT_ORIGIN, 1, null)!;
    expect(first.t).toBe(0);
    const later = samplePoint(first, sample(20, 10, 512.3456), AT_ORIGIN, 1, 500)!;
    expect(later.t).toBe(12.3);
    // a new stroke of the same signature keeps counting from the first sample
    expect(samplePoint(undefined, sample(40, 40, 900), AT_ORIGIN, 1, 500)!.t).toBe(400);
  });

  it("never runs time backwards within a stroke (coalesced samples may)", () => {
    const last: InkPoint = { x: 0, y: 0, pressure: 0.5, t: 50 };
    expect(samplePoint(last, sample(10, 0, 520), AT_ORIGIN, 1, 500)!.t).toBe(50);
  });

  it("drops a sample within a quarter pixel of the last point", () => {
    const last: InkPoint = { x: 10, y: 10, pressure: 0.5, t: 0 };
    expect(samplePoint(last, sample(10.2, 9.8, 1), AT_ORIGIN, 1, 0)).toBeNull();
    expect(samplePoint(last, sample(10.3, 10, 1), AT_ORIGIN, 1, 0)).not.toBeNull();
    expect(samplePoint(last, sample(10, 10.25, 1), AT_ORIGIN, 1, 0)).not.toBeNull();
  });

  it("keeps the device's pressure, 0.5 when it reports none", () => {
    expect(samplePoint(undefined, sample(1, 1, 0, 0.8765), AT_ORIGIN, 1, null)!.pressure).toBe(0.88);
    expect(samplePoint(undefined, sample(1, 1, 0, NaN), AT_ORIGIN, 1, null)!.pressure).toBe(0.5);
    expect(samplePoint(undefined, sample(1, 1, 0, Infinity), AT_ORIGIN, 1, null)!.pressure).toBe(0.5);
  });
});

describe("pad size in model space", () => {
  const NOMINAL = { width: 600, height: 240 };

  it("is the measured size over the view scale", () => {
    expect(modelSize({ width: 500, height: 200 }, 1, NOMINAL)).toEqual({ width: 500, height: 200 });
    expect(modelSize({ width: 300, height: 120 }, 0.5, NOMINAL)).toEqual({ width: 600, height: 240 });
  });

  it("is the nominal size while the pad cannot be measured", () => {
    expect(modelSize({ width: 0, height: 0 }, 1, NOMINAL)).toEqual(NOMINAL);
    expect(modelSize({ width: 500, height: 0 }, 0.5, NOMINAL)).toEqual({ width: 1200, height: 480 });
  });
});

describe("what the pad hands out", () => {
  const strokes: Stroke[] = [
    {
      pointerType: "pen",
      points: [
        { x: 1, y: 2, pressure: 0.4, t: 0 },
        { x: 3, y: 4, pressure: 0.6, t: 8 },
      ],
    },
    { pointerType: "mouse", points: [{ x: 5, y: 6, pressure: 0.5, t: 20 }] },
  ];

  it("copies strokes deeply: changing the copy leaves the pad's own alone", () => {
    const copy = cloneStrokes(strokes);
    expect(copy).toEqual(strokes);
    copy[0].points[0].x = 99;
    copy[1].points.push({ x: 0, y: 0, pressure: 0, t: 0 });
    expect(strokes[0].points[0].x).toBe(1);
    expect(strokes[1].points).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(cloneStrokes(strokes)))).toEqual(strokes);
  });

  it("adds the raw strokes and the pad's size (to hundredths) to the rendered PNG", () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const crop = { x: 0, y: 1, width: 10, height: 12 };
    const out = signatureExport({ png, width: 20, height: 24, scale: 2, crop }, strokes, {
      width: 600.004,
      height: 239.996,
    });
    expect(out).toEqual({
      png,
      strokes,
      width: 20,
      height: 24,
      scale: 2,
      crop,
      padWidth: 600,
      padHeight: 240,
    });
    expect(out.strokes).not.toBe(strokes);
    expect(out.strokes[0].points[0]).not.toBe(strokes[0].points[0]);
  });
});
