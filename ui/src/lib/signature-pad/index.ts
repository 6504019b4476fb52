// Signature capture module: drop <SignaturePad> into the signing screen.
export { default as SignaturePad } from "./SignaturePad.svelte";
export * from "./types";
export {
  DEFAULT_THRESHOLDS,
  refusalReason,
  validateSignature,
  strokesBox,
  cropRect,
  backingStore,
  type Thresholds,
} from "./geometry";
export { signatureMessages, type SignatureLocale, type SignatureMessages } from "./messages";
export { renderSignaturePng } from "./export";
export { INK_COLOR, INK_SIZE } from "./ink";
