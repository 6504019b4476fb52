// The session as Rust reports it (empty / locked / open), and the idle timer that
// locks the desk. Rust enforces the same idle limit on every command; this timer only
// makes the unlock screen appear on time instead of at the next click.
import { ipc, type SessionState } from "../ipc";

export const session = $state<{ state: SessionState | null; error: string | null }>({
  state: null,
  error: null,
});

export function setSession(s: SessionState) {
  session.state = s;
  session.error = null;
  armIdle();
}

export async function refreshSession() {
  try {
    setSession(await ipc.sessionState());
  } catch (e) {
    session.error = (e as Error).message;
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;

export function armIdle() {
  if (timer) clearTimeout(timer);
  timer = null;
  const s = session.state;
  // The group view too: Rust then forgets its typed password (it asks again).
  if (!s || (s.phase !== "open" && s.phase !== "group") || s.kiosk) return;
  timer = setTimeout(async () => {
    try {
      setSession(await ipc.sessionLock());
    } catch {
      await refreshSession();
    }
  }, s.idle_lock_seconds * 1000);
}

let lastBeat = 0;

/** Input is activity: it re-arms the timer and, at most once a minute, tells Rust. */
function activity() {
  armIdle();
  const now = Date.now();
  const phase = session.state?.phase;
  if ((phase === "open" || phase === "group") && now - lastBeat > 60_000) {
    lastBeat = now;
    ipc.sessionState().then(
      (s) => {
        if (s.phase !== phase) setSession(s);
      },
      () => {},
    );
  }
}

export function watchActivity(target: Window = window) {
  for (const ev of ["pointerdown", "keydown", "wheel", "touchstart"]) {
    target.addEventListener(ev, activity, { passive: true });
  }
}
