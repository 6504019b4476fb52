// The pad's own strings, Chinese first. Kept here (not in the app's i18n tables) so the module
// is self-contained; the host passes its current locale.
import type { RefusalReason } from "./types";

export type SignatureLocale = "zh-CN" | "en";

export interface SignatureMessages {
  hint: string;
  undo: string;
  clear: string;
  undoTitle: string;
  clearTitle: string;
  /** aria-label of the canvas; {n} is the stroke count. */
  canvasEmpty: string;
  canvasInked: string;
  refusals: Record<RefusalReason, string>;
}

const zhCN: SignatureMessages = {
  hint: "请在此处签名",
  undo: "撤销",
  clear: "清除",
  undoTitle: "撤销最后一笔",
  clearTitle: "清除全部笔迹，重新签名",
  canvasEmpty: "签名区域：尚未签名。请用鼠标、手指或手写笔在此处签写您的姓名",
  canvasInked: "签名区域：已签写 {n} 笔",
  refusals: {
    blank: "请先签名",
    dot: "签名太短，请用正常笔迹签写姓名",
    tiny: "签名太小，请写大一些",
    straight_line: "这看起来像一条直线，请签写您的姓名",
  },
};

const en: SignatureMessages = {
  hint: "Sign here",
  undo: "Undo",
  clear: "Clear",
  undoTitle: "Undo the last stroke",
  clearTitle: "Clear all ink and sign again",
  canvasEmpty: "Signature area: not signed yet. Sign your name here with a mouse, finger or pen",
  canvasInked: "Signature area: {n} strokes signed",
  refusals: {
    blank: "Please sign first",
    dot: "The signature is too short — please write your name as you normally sign it",
    tiny: "The signature is too small — please write larger",
    straight_line: "This looks like a straight line — please sign your name",
  },
};

const tables: Record<SignatureLocale, SignatureMessages> = { "zh-CN": zhCN, en };

/** The pad's strings for a locale; anything that is not English falls back to Chinese. */
export function signatureMessages(locale: string | undefined): SignatureMessages {
  return locale === "en" || locale?.startsWith("en-") ? tables.en : tables["zh-CN"];
}

export function canvasLabel(m: SignatureMessages, strokeCount: number): string {
  return strokeCount === 0 ? m.canvasEmpty : m.canvasInked.replace("{n}", String(strokeCount));
}
