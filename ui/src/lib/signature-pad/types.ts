// Data model of a handwritten signature. Everything here is plain JSON: the raw strokes are
// archived beside the PNG, so they must survive JSON.stringify / JSON.parse unchanged.

export type PointerKind = "mouse" | "pen" | "touch";

/** One sample as the device reported it, in CSS pixels of the pad (model space). */
export interface InkPoint {
  x: number;
  y: number;
  /** Raw device pressure 0..1 (mouse reports 0.5 while a button is down; touch often 0 or 1). */
  pressure: number;
  /** Milliseconds since the first point of the signature. */
  t: number;
}

export interface Stroke {
  pointerType: PointerKind;
  points: InkPoint[];
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type RefusalReason = "blank" | "dot" | "tiny" | "straight_line";

export type Validation =
  | { ok: true }
  | { ok: false; reason: RefusalReason; message: string };

export interface SignatureExport {
  /** Transparent PNG, cropped to the ink plus a small margin. */
  png: Uint8Array;
  /** Raw strokes in CSS-pixel model space (JSON-serialisable). */
  strokes: Stroke[];
  /** PNG size in pixels. */
  width: number;
  height: number;
  /** PNG pixels per CSS pixel. */
  scale: number;
  /** Where the PNG sits in the pad, in CSS pixels (ink box plus margin). */
  crop: Box;
  /** The pad's size when exported, in CSS pixels. */
  padWidth: number;
  padHeight: number;
}

export interface PadState {
  empty: boolean;
  strokeCount: number;
  drawing: boolean;
}
