// Turning a signature pad's ink into what Rust receives.
import { toBase64, type SignatureInput } from "../ipc";
import type { SignaturePad } from "./signature-pad";

type Pad = ReturnType<typeof SignaturePad>;

/** The pad's signature for `roleKey`, or null when the pad refuses it (its message shows). */
export async function padSignature(pad: Pad | undefined, roleKey: string): Promise<SignatureInput | null> {
  const v = pad?.validate();
  if (!pad || !v || !v.ok) return null;
  const ex = await pad.export();
  return { role_key: roleKey, signer_name: null, png: toBase64(ex.png), strokes_json: JSON.stringify(ex.strokes) };
}
