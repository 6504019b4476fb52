// Pure geometry of a signature: no DOM, no canvas. Validation, boxes, cropping, device-pixel
// scaling, and the pressure fed to the ink outline. Everything is in CSS pixels of the pad
// ("model space") unless a name says otherwise.
import type { Box, InkPoint, RefusalReason, Stroke, Validation } from "./types";
import { signatureMessages } from "./messages";

export interface Thresholds {
  /** Total ink length below max(px, fraction × pad width) is a dot / tap. */
  minInkLengthPx: number;
  minInkLengthFraction: number;
  /** The ink box must not fit inside (widthFraction × pad width) × (heightFraction × pad height). */
  minWidthFraction: number;
  minHeightFraction: number;
  /** √(λ₂/λ₁) of all ink (resampled by arc length) below this is a straight line. */
  minAxisRatio: number;
  /** A signature made of one stroke is refused when that stroke is this straight … */
  singleStrokeMinAxisRatio: number;
  /** … or when chord / path length is above this. */
  singleStrokeMaxStraightness: number;
}

export const DEFAULT_THRESHOLDS: Readonly<Thresholds> = Object.freeze({
  minInkLengthPx: 24,
  minInkLengthFraction: 0.04,
  minWidthFraction: 0.08,
  minHeightFraction: 0.15,
  minAxisRatio: 0.06,
  singleStrokeMinAxisRatio: 0.1,
  singleStrokeMaxStraightness: 0.9,
});

export interface Size {
  width: number;
  height: number;
}

// ---------------------------------------------------------------- lengths and boxes

const dist = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);

export function strokeLength(stroke: Stroke): number {
  let len = 0;
  for (let i = 1; i < stroke.points.length; i++) len += dist(stroke.points[i - 1], stroke.points[i]);
  return len;
}

export function totalInkLength(strokes: readonly Stroke[]): number {
  return strokes.reduce((sum, s) => sum + strokeLength(s), 0);
}

export function pointCount(strokes: readonly Stroke[]): number {
  return strokes.reduce((n, s) => n + s.points.length, 0);
}

/** Box of raw ink points (the pen's centre line), or null when there is no point. */
export function strokesBox(strokes: readonly Stroke[]): Box | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const s of strokes)
    for (const p of s.points) {
      if (p.x < minX) minX = p.x;
      if (p.y < minY) minY = p.y;
      if (p.x > maxX) maxX = p.x;
      if (p.y > maxY) maxY = p.y;
    }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Box of [x, y] pairs (e.g. ink outlines), or null when empty. */
export function pairsBox(polys: readonly (readonly (readonly number[])[])[]): Box | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const poly of polys)
    for (const [x, y] of poly) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  return minX === Infinity ? null : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

export function expandBox(b: Box, margin: number): Box {
  return { x: b.x - margin, y: b.y - margin, width: b.width + 2 * margin, height: b.height + 2 * margin };
}

export function intersectBox(a: Box, b: Box): Box | null {
  const x = Math.max(a.x, b.x), y = Math.max(a.y, b.y);
  const r = Math.min(a.x + a.width, b.x + b.width), btm = Math.min(a.y + a.height, b.y + b.height);
  return r > x && btm > y ? { x, y, width: r - x, height: btm - y } : null;
}

export interface Crop {
  /** The cropped region in CSS pixels, snapped so it starts and ends on whole output pixels. */
  box: Box;
  /** Output image size in pixels. */
  width: number;
  height: number;
  scale: number;
}

/**
 * The export rectangle: ink box plus margin, limited to the pad when `clip` is given (what the
 * signer could see), snapped outward to whole pixels at `scale` output pixels per CSS pixel.
 */
export function cropRect(ink: Box, margin: number, scale: number, clip?: Box): Crop | null {
  let b: Box | null = expandBox(ink, margin);
  if (clip) b = intersectBox(b, clip);
  if (!b) return null;
  const x0 = Math.floor(b.x * scale), y0 = Math.floor(b.y * scale);
  const x1 = Math.max(x0 + 1, Math.ceil((b.x + b.width) * scale));
  const y1 = Math.max(y0 + 1, Math.ceil((b.y + b.height) * scale));
  return {
    box: { x: x0 / scale, y: y0 / scale, width: (x1 - x0) / scale, height: (y1 - y0) / scale },
    width: x1 - x0,
    height: y1 - y0,
    scale,
  };
}

// ---------------------------------------------------------------- device pixels

export interface BackingStore {
  /** canvas.width / canvas.height in device pixels. */
  width: number;
  height: number;
  /** Device pixels per CSS pixel actually used on each axis (after rounding). */
  scaleX: number;
  scaleY: number;
}

/** The canvas backing store for a CSS size at a devicePixelRatio (clamped to 1..4). */
export function backingStore(cssWidth: number, cssHeight: number, dpr: number): BackingStore {
  const r = Number.isFinite(dpr) && dpr > 0 ? Math.min(4, Math.max(1, dpr)) : 1;
  const w = Math.max(0, cssWidth), h = Math.max(0, cssHeight);
  const width = Math.max(1, Math.round(w * r));
  const height = Math.max(1, Math.round(h * r));
  return { width, height, scaleX: w > 0 ? width / w : r, scaleY: h > 0 ? height / h : r };
}

/**
 * The view scale that keeps existing ink visible after the pad shrank (window resized, tablet
 * rotated): 1 while the ink fits, otherwise the largest uniform scale that fits it.
 */
export function fitScale(ink: Box | null, pad: Size, margin = 4): number {
  if (!ink || pad.width <= 0 || pad.height <= 0) return 1;
  const needW = ink.x + ink.width + margin, needH = ink.y + ink.height + margin;
  return Math.min(1, pad.width / Math.max(needW, 1e-9), pad.height / Math.max(needH, 1e-9));
}

// ---------------------------------------------------------------- pressure

/** Does this stroke carry real pen pressure (not the 0.5 / 0 / 1 that mice and pressure-less pens report)? */
export function hasRealPressure(stroke: Stroke): boolean {
  if (stroke.pointerType !== "pen" || stroke.points.length === 0) return false;
  let min = Infinity, max = -Infinity;
  for (const p of stroke.points) {
    min = Math.min(min, p.pressure);
    max = Math.max(max, p.pressure);
  }
  if (max - min > 0.02) return true;
  return min > 0 && min !== 0.5 && min !== 1;
}

export interface VelocityPressureOptions {
  /** Pressure at standstill and at very high speed. */
  maxPressure: number;
  minPressure: number;
  /** Speed (CSS px per ms) at which pressure has fallen ~63 % of the way to the minimum. */
  speedScale: number;
  /** Weight of the newest segment in the exponential speed filter (as signature_pad's 0.7). */
  filterWeight: number;
  /** Pressure of the first point: strokes start slow, but a blob at the start looks wrong. */
  firstPressure: number;
}

export const VELOCITY_PRESSURE: Readonly<VelocityPressureOptions> = Object.freeze({
  maxPressure: 0.8,
  minPressure: 0.22,
  speedScale: 1.4,
  filterWeight: 0.6,
  firstPressure: 0.5,
});

/** Pressure for a (filtered) speed in CSS px / ms: slow ink is thick, fast ink thin. */
export function pressureFromSpeed(speed: number, o: VelocityPressureOptions = VELOCITY_PRESSURE): number {
  const v = Number.isFinite(speed) && speed > 0 ? speed : 0;
  return o.minPressure + (o.maxPressure - o.minPressure) * Math.exp(-v / o.speedScale);
}

/**
 * Simulated pressure for mouse and touch, from the speed between timestamped samples. Samples
 * with the same or a going-back timestamp (coalesced events) are treated as 1 ms apart.
 */
export function velocityPressures(points: readonly InkPoint[], o: VelocityPressureOptions = VELOCITY_PRESSURE): number[] {
  const out: number[] = [];
  let speed = 0;
  for (let i = 0; i < points.length; i++) {
    if (i === 0) {
      out.push(o.firstPressure);
      continue;
    }
    const dt = Math.max(1, points[i].t - points[i - 1].t);
    const seg = dist(points[i], points[i - 1]) / dt;
    speed = i === 1 ? seg : o.filterWeight * seg + (1 - o.filterWeight) * speed;
    const target = pressureFromSpeed(speed, o);
    // ease toward the target so the width changes smoothly, like a nib
    const prev = out[i - 1];
    out.push(prev + (target - prev) * 0.5);
  }
  return out;
}

/** The [x, y, pressure] input of the ink outline for a stroke. */
export function inkInput(stroke: Stroke): [number, number, number][] {
  const pts = stroke.points;
  if (hasRealPressure(stroke)) {
    // a pen's first sample often has ~0 pressure; keep a visible minimum
    return pts.map((p) => [p.x, p.y, Math.min(1, Math.max(0.08, p.pressure))]);
  }
  const pr = velocityPressures(pts);
  return pts.map((p, i) => [p.x, p.y, pr[i]]);
}

// ---------------------------------------------------------------- shape analysis

/** Points spaced `step` CSS px apart along every stroke (taps give one point), so slow parts do not weigh more. */
export function resample(strokes: readonly Stroke[], step = 2): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (const s of strokes) {
    const pts = s.points;
    if (pts.length === 0) continue;
    out.push({ x: pts[0].x, y: pts[0].y });
    let carry = 0; // distance travelled since the last emitted point
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1], b = pts[i];
      const d = dist(a, b);
      if (d === 0) continue;
      let along = step - carry;
      while (along <= d) {
        const k = along / d;
        out.push({ x: a.x + (b.x - a.x) * k, y: a.y + (b.y - a.y) * k });
        along += step;
      }
      carry = d - (along - step);
    }
  }
  return out;
}

export interface Axes {
  /** Standard deviation along the main and the second principal axis. */
  major: number;
  minor: number;
  /** minor / major (0 for a perfect line, 1 for a round or square cloud); 0 when degenerate. */
  ratio: number;
  /** Angle of the main axis in radians. */
  angle: number;
}

/** Principal axes of a point cloud (2×2 covariance eigen-decomposition). */
export function principalAxes(points: readonly { x: number; y: number }[]): Axes {
  const n = points.length;
  if (n < 2) return { major: 0, minor: 0, ratio: 0, angle: 0 };
  let mx = 0, my = 0;
  for (const p of points) {
    mx += p.x;
    my += p.y;
  }
  mx /= n;
  my /= n;
  let sxx = 0, syy = 0, sxy = 0;
  for (const p of points) {
    const dx = p.x - mx, dy = p.y - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  sxx /= n;
  syy /= n;
  sxy /= n;
  const tr = sxx + syy;
  const disc = Math.sqrt(Math.max(0, ((sxx - syy) / 2) ** 2 + sxy * sxy));
  const l1 = tr / 2 + disc;
  const l2 = Math.max(0, tr / 2 - disc);
  const major = Math.sqrt(l1), minor = Math.sqrt(l2);
  return { major, minor, ratio: major > 1e-9 ? minor / major : 0, angle: 0.5 * Math.atan2(2 * sxy, sxx - syy) };
}

/** Chord over path length of a stroke: 1 for a straight stroke, near 0 for a loop; 0 for a tap. */
export function straightness(stroke: Stroke): number {
  const len = strokeLength(stroke);
  if (len === 0) return 0;
  const pts = stroke.points;
  return dist(pts[0], pts[pts.length - 1]) / len;
}

// ---------------------------------------------------------------- validation

/** Why the ink is not an acceptable signature, or null when it is. */
export function refusalReason(
  strokes: readonly Stroke[],
  pad: Size,
  t: Thresholds = DEFAULT_THRESHOLDS,
): RefusalReason | null {
  const box = strokesBox(strokes);
  if (!box) return "blank";

  const length = totalInkLength(strokes);
  if (length < Math.max(t.minInkLengthPx, t.minInkLengthFraction * pad.width)) return "dot";

  if (box.width < t.minWidthFraction * pad.width && box.height < t.minHeightFraction * pad.height) return "tiny";

  const inked = strokes.filter((s) => s.points.length > 0);
  const axes = principalAxes(resample(inked));
  if (axes.ratio < t.minAxisRatio) return "straight_line";
  const drawn = inked.filter((s) => strokeLength(s) > 0);
  if (drawn.length === 1) {
    const only = drawn[0];
    if (straightness(only) > t.singleStrokeMaxStraightness) return "straight_line";
    if (principalAxes(resample([only])).ratio < t.singleStrokeMinAxisRatio) return "straight_line";
  }
  return null;
}

/** refusalReason with the message to show, in the pad's locale. */
export function validateSignature(
  strokes: readonly Stroke[],
  pad: Size,
  locale: string = "zh-CN",
  t: Thresholds = DEFAULT_THRESHOLDS,
): Validation {
  const reason = refusalReason(strokes, pad, t);
  return reason ? { ok: false, reason, message: signatureMessages(locale).refusals[reason] } : { ok: true };
}
