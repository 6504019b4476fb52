// Whether the desk is locked to a ceremony. The lock itself lives in Rust (every other
// command is refused there); this only tells the shell which screen to show.
import type { KioskState } from "../ipc";

export const kiosk = $state<{ state: KioskState | null }>({ state: null });

export function isKioskState(v: unknown): v is KioskState {
  return typeof v === "object" && v !== null && typeof (v as KioskState).ceremony_id === "number";
}
