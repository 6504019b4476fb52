// Long work (export, print, backup, restore, verify, imports) as the window sees it: one at a
// time, its progress from Rust's channel, and 取消. Rust runs the work off the main
// thread and off the desk's lock (`state.rs`: `work`), so the window keeps answering;
// this only shows how far it has come. `WorkBar.svelte` draws it.
import { Channel } from "@tauri-apps/api/core";
import { ipc, IpcFailure, type Progress, type WorkHandle } from "../ipc";

export type WorkKind = "export" | "print" | "printPdf" | "backup" | "restore" | "verify" | "rosterImport" | "assessImport" | "groupSync" | "groupBundle" | "groupExport" | "groupVerify" | "groupImport" | "groupPrint" | "selfTest" | "selfTestPage";

interface Running {
  job: number;
  kind: WorkKind;
  progress: Progress | null;
  cancelling: boolean;
}

export const work = $state<{ current: Running | null; notice: string | null }>({ current: null, notice: null });
let noticeTimer: ReturnType<typeof setTimeout> | undefined;

// Ids are the window's own; a random start keeps a reloaded page from reusing the id
// of work that is still finishing in Rust.
let next = 1 + Math.floor(Math.random() * 1_000_000);

/** Runs `start` as long work of `kind`; resolves or rejects as the command does (a
 *  cancelled one rejects with kind `cancelled`). */
export async function runWork<T>(kind: WorkKind, start: (w: WorkHandle) => Promise<T>): Promise<T> {
  const job = next++;
  const progress = new Channel<Progress>();
  work.current = { job, kind, progress: null, cancelling: false };
  progress.onmessage = (p) => {
    if (work.current?.job === job) work.current.progress = p;
  };
  clearTimeout(noticeTimer);
  work.notice = null;
  try {
    return await start({ job, progress });
  } catch (e) {
    // Said where the bar was, whichever screen started the work (it may be gone).
    if (e instanceof IpcFailure && e.kind === "cancelled") {
      work.notice = e.message;
      noticeTimer = setTimeout(() => (work.notice = null), 8000);
    }
    throw e;
  } finally {
    if (work.current?.job === job) work.current = null;
  }
}

/** 取消: Rust stops the work at its next item and removes what it had begun. */
export async function cancelWork() {
  const w = work.current;
  if (!w || w.cancelling) return;
  w.cancelling = true;
  try {
    await ipc.jobCancel(w.job);
  } catch {
    w.cancelling = false;
  }
}
