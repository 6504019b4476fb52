// The archived image: strokes painted on an offscreen canvas at a fixed scale, transparent
// background, cropped to the ink plus a margin, encoded as PNG bytes; and what the pad hands out
// with it (a copy of the raw strokes, the pad's size).
import type { Box, SignatureExport, Stroke } from "./types";
import { round2 } from "./capture";
import { cropRect, type Size } from "./geometry";
import { INK_COLOR, INK_SIZE, inkBox, paintStrokes } from "./ink";

export interface PngOptions {
  /** Output pixels per CSS pixel (2 = sharp when printed at signature size). */
  scale?: number;
  /** Transparent margin around the ink, in CSS pixels. */
  margin?: number;
  /** Limit to this area (the visible pad), in CSS pixels. */
  clip?: Box;
  color?: string;
  size?: number;
}

export interface RenderedPng {
  png: Uint8Array;
  width: number;
  height: number;
  scale: number;
  crop: Box;
}

async function blobBytes(blob: Blob): Promise<Uint8Array> {
  if (typeof blob.arrayBuffer === "function") return new Uint8Array(await blob.arrayBuffer());
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result as ArrayBuffer));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(blob);
  });
}

export async function renderSignaturePng(strokes: readonly Stroke[], o: PngOptions = {}): Promise<RenderedPng> {
  const scale = o.scale ?? 2, margin = o.margin ?? 8, size = o.size ?? INK_SIZE;
  const box = inkBox(strokes, size);
  const crop = box && cropRect(box, margin, scale, o.clip);
  if (!crop) throw new Error("signature-pad: nothing to export (no ink)");
  const canvas = document.createElement("canvas");
  canvas.width = crop.width;
  canvas.height = crop.height;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("signature-pad: 2D canvas unavailable");
  ctx.clearRect(0, 0, crop.width, crop.height);
  ctx.setTransform(scale, 0, 0, scale, -crop.box.x * scale, -crop.box.y * scale);
  paintStrokes(ctx, strokes, { color: o.color ?? INK_COLOR, size });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (!blob) throw new Error("signature-pad: PNG encoding failed");
  return { png: await blobBytes(blob), width: crop.width, height: crop.height, scale, crop: crop.box };
}

/** Deep copy of strokes: JSON-serialisable, sharing nothing with the pad's own. */
export function cloneStrokes(s: readonly Stroke[]): Stroke[] {
  return s.map((st) => ({ pointerType: st.pointerType, points: st.points.map((p) => ({ ...p })) }));
}

/**
 * What the pad hands out: `out`, the PNG rendered of the ink on a pad of `pad` (model size, CSS px),
 * with a copy of the raw `strokes` and the pad's size.
 */
export function signatureExport(out: RenderedPng, strokes: readonly Stroke[], pad: Size): SignatureExport {
  return {
    png: out.png,
    strokes: cloneStrokes(strokes),
    width: out.width,
    height: out.height,
    scale: out.scale,
    crop: out.crop,
    padWidth: round2(pad.width),
    padHeight: round2(pad.height),
  };
}
