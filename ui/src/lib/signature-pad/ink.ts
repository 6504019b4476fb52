// Ink rendering: perfect-freehand turns each stroke's [x, y, pressure] samples into an outline
// polygon, which is filled as one smooth path (quadratic curves through edge midpoints). The
// outline code is pure; drawing only needs the few 2D-context calls in InkContext.
import { getStroke, type StrokeOptions } from "perfect-freehand";
import type { Box, Stroke } from "./types";
import { inkInput, pairsBox } from "./geometry";

/** Deep blue-black, like a gel pen: dark enough to print, not a flat #000. */
export const INK_COLOR = "#111a2e";
/** Nominal nib diameter in CSS pixels at half pressure. */
export const INK_SIZE = 3.4;

export function inkOptions(size: number = INK_SIZE, last = true): StrokeOptions {
  return {
    size,
    thinning: 0.6,
    smoothing: 0.55,
    streamline: 0.4,
    easing: (t) => t,
    simulatePressure: false, // pressure comes from the pen or from geometry.velocityPressures
    start: { cap: true, taper: 0 },
    end: { cap: true, taper: 0 },
    last,
  };
}

/** Outline polygon of one stroke, in the stroke's own (CSS pixel) coordinates. */
export function strokeOutline(stroke: Stroke, size: number = INK_SIZE, last = true): [number, number][] {
  if (stroke.points.length === 0) return [];
  return getStroke(inkInput(stroke), inkOptions(size, last)) as [number, number][];
}

/** Box of the ink as it is painted (outline, not centre line), or null when nothing is painted. */
export function inkBox(strokes: readonly Stroke[], size: number = INK_SIZE): Box | null {
  return pairsBox(strokes.map((s) => strokeOutline(s, size)));
}

/** The subset of CanvasRenderingContext2D the ink needs (easy to fake in tests). */
export interface InkContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void;
  closePath(): void;
  fill(): void;
}

/** Adds a closed smooth path through an outline polygon (midpoint quadratic curves). */
export function traceOutline(ctx: InkContext, outline: readonly (readonly number[])[]): void {
  const n = outline.length;
  if (n < 3) return;
  const [x0, y0] = outline[0];
  const [x1, y1] = outline[1];
  ctx.moveTo((x0 + x1) / 2, (y0 + y1) / 2);
  for (let i = 1; i <= n; i++) {
    const [ax, ay] = outline[i % n];
    const [bx, by] = outline[(i + 1) % n];
    ctx.quadraticCurveTo(ax, ay, (ax + bx) / 2, (ay + by) / 2);
  }
  ctx.closePath();
}

/**
 * Paints strokes with the context's current transform. Each stroke is filled on its own (non-zero
 * rule) so crossing strokes never punch holes into each other. `liveLast` marks the final
 * stroke as still being drawn (its end is not capped yet).
 */
export function paintStrokes(
  ctx: InkContext,
  strokes: readonly Stroke[],
  opts: { color?: string; size?: number; liveLast?: boolean } = {},
): void {
  ctx.fillStyle = opts.color ?? INK_COLOR;
  strokes.forEach((s, i) => {
    const outline = strokeOutline(s, opts.size ?? INK_SIZE, !(opts.liveLast && i === strokes.length - 1));
    if (outline.length < 3) return;
    ctx.beginPath();
    traceOutline(ctx, outline);
    ctx.fill();
  });
}
