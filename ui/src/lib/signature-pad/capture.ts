// Pointer input in model space: which kind of pointer drew, and the ink point a pointer sample
// adds to its stroke (where it lies, when it came, how hard it pressed). No DOM: the pad passes
// the few numbers of a PointerEvent it needs.
import type { Size } from "./geometry";
import type { InkPoint, PointerKind } from "./types";

/** The pointer kinds the ink knows; anything else is drawn like a mouse. */
export function pointerKind(t: string): PointerKind {
  return t === "pen" || t === "touch" ? t : "mouse";
}

/** Rounded to 1/100 (CSS px, pressure): small archived strokes, no false precision. */
export const round2 = (v: number): number => Math.round(v * 100) / 100;

/** What a sample needs of a PointerEvent. */
export interface PointerSample {
  clientX: number;
  clientY: number;
  pressure: number;
  timeStamp: number;
}

/**
 * The ink point of a pointer sample, or null when it lies within a quarter pixel of the stroke's
 * `last` point. `rect` is where the canvas sits on the page, `view` the model → CSS scale, and
 * `origin` the timeStamp of the signature's first sample (null: this sample is the first). Time
 * never runs backwards within a stroke; pressure is 0.5 when the device reports none.
 */
export function samplePoint(
  last: InkPoint | undefined,
  e: PointerSample,
  rect: { left: number; top: number },
  view: number,
  origin: number | null,
): InkPoint | null {
  const x = round2((e.clientX - rect.left) / view);
  const y = round2((e.clientY - rect.top) / view);
  if (last && Math.abs(last.x - x) < 0.25 && Math.abs(last.y - y) < 0.25) return null;
  const t = Math.max(last ? last.t : 0, Math.round((e.timeStamp - (origin ?? e.timeStamp)) * 10) / 10);
  return { x, y, pressure: round2(Number.isFinite(e.pressure) ? e.pressure : 0.5), t };
}

/** The pad's size in model space: its measured CSS size (`nominal` while unmeasured) over `view`. */
export function modelSize(css: Size, view: number, nominal: Size): Size {
  const s = css.width > 0 && css.height > 0 ? css : nominal;
  return { width: s.width / view, height: s.height / view };
}
