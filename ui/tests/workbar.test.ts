import { describe, it, expect, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import WorkBar from "../src/lib/WorkBar.svelte";
import { runWork, work } from "../src/lib/work.svelte";
import { ipc, IpcFailure, type Progress } from "../src/ipc";

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("long work's bar", () => {
  it("shows the count, total and item from Rust's channel, and 取消 names the job", async () => {
    let cancelled: number | null = null;
    let reject: (e: unknown) => void = () => {};
    let channel: { onmessage: (p: Progress) => void } | null = null;
    let job = -1;
    mockIPC((cmd, args) => {
      const a = args as { job: number; progress: unknown };
      if (cmd === "archive_export") {
        job = a.job;
        return new Promise((_, rej) => {
          reject = rej;
        });
      }
      if (cmd === "job_cancel") {
        cancelled = (args as { job: number }).job;
        return true;
      }
    });
    render(WorkBar);
    const p = runWork("export", (w) => {
      channel = w.progress as unknown as { onmessage: (p: Progress) => void };
      return ipc.archiveExport({} as never, "/media/u", w);
    });
    await new Promise((r) => setTimeout(r, 0));
    expect(job).toBeGreaterThan(0);
    const progress: Progress = { stage: "export", done: 120, total: 2000, item: "SD-2027-000121" };
    channel!.onmessage(progress);
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByTestId("work-count").textContent).toContain("120 / 2000");
    expect(screen.getByTestId("workbar").textContent).toContain("SD-2027-000121");
    await fireEvent.click(screen.getByTestId("work-cancel"));
    expect(cancelled).toBe(job);
    reject({ kind: "cancelled", message: "已取消；没有留下写了一半的文件" });
    await expect(p).rejects.toBeInstanceOf(IpcFailure);
    await new Promise((r) => setTimeout(r, 0));
    expect(work.current).toBeNull();
    expect(screen.getByTestId("work-notice").textContent).toContain("已取消");
  });
});
