import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Assessment from "../src/routes/Assessment.svelte";
import App from "../src/App.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import { session, armIdle } from "../src/lib/session.svelte";
import { changed, initialTexts, parseCell, pastedBlock, readRow, valueText } from "../src/routes/assess/grid";
import type { AssessSheet, Item, Scheme } from "../src/ipc";

const scheme: Scheme = {
  period: null,
  total: "100",
  parts: [
    { key: "part1", label: "安全责任", points: "60" },
    { key: "part2", label: "事故情况", points: "40" },
  ],
  reward_line: "90",
  pass_line: "60",
  grades: [{ label: "好", coefficient: "0.9" }],
  targets: [
    { key: "target1", label: "安检考核基准线", weight: "30", baseline: "92", direction: "at_least", per_point: "2", bonus_per_point: null, bonus_cap: null, deduct_cap: null, floor_zero: true },
  ],
  penalties: [{ key: "penalty1", label: "红线罚单", from_count: 1, points: "3", each: false }],
  doubts: [],
};
const items: Item[] = [
  { key: "part1", label: "安全责任", kind: "part", max: "60" },
  { key: "part2", label: "事故情况", kind: "part", max: "40" },
  { key: "target1", label: "安检考核基准线", kind: "target", max: "30" },
  { key: "penalty1", label: "红线罚单", kind: "penalty", max: null },
];
const A = "SD-2027-000001";
const B = "SD-2027-000002";
const C = "SD-2027-000003";
const row = (number: string, name: string, no: string) => ({
  number, name, employee_no: no, department: "客服部", values: {}, adjustment: null, score: null, lines: [], version: null, source: null, source_file: null, acknowledged: false,
});
function sheet(over: Partial<AssessSheet> = {}): AssessSheet {
  return {
    ceremony_id: 5,
    template_id: "kefu",
    title: "2027年度客服部安全目标责任书",
    year: 2027,
    scheme,
    items,
    rows: [
      {
        ...row(A, "张三", "E001"),
        values: { part1: { points: "55" }, part2: { grade: "好" }, target1: { percent: "92" }, penalty1: { count: 0 } },
        score: "95",
        lines: [
          { key: "part1", label: "安全责任", points: "55", rule: "评分 55 分（满分 60）" },
          { key: "part2", label: "事故情况", points: "36", rule: "等次“好”系数 0.9 × 40 分 = 36" },
        ],
        version: 1,
        source: "import",
        source_file: "成绩.xlsx",
        acknowledged: true,
      },
      row(B, "李四", "E002"),
      row(C, "王五", "E003"),
    ],
    ...over,
  };
}
const ceremonies = [
  { id: 4, title: "2027年度新员工承诺书", template_id: "x", template_version: 1, year: 2027, countersign: "adopt", created_at: "", closed: false, renewed_from: null, people: 3, signed: 0, awaiting: 0, absent: 0, voided: 0 },
  { id: 5, title: "2027年度客服部安全目标责任书", template_id: "kefu", template_version: 1, year: 2027, countersign: "adopt", created_at: "", closed: false, renewed_from: null, people: 3, signed: 3, awaiting: 0, absent: 0, voided: 0 },
];

type Call = { cmd: string; args: any; options?: any };
/** mockIPC drops invoke's options (the upload headers): record every call on the way in. */
function record(handler: (cmd: string, args: any) => unknown): Call[] {
  const calls: Call[] = [];
  mockIPC(handler);
  const internals = (window as any).__TAURI_INTERNALS__;
  const mocked = internals.invoke;
  internals.invoke = (cmd: string, args: any, options: any) => {
    calls.push({ cmd, args, options });
    return mocked(cmd, args, options);
  };
  return calls;
}

const cell = (number: string, key: string) => screen.getByTestId(`assess-cell-${number}-${key}`) as HTMLInputElement;
const tick = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
  // The shell's activity watcher stays on the window: an open session would ask Rust.
  session.state = null;
  armIdle();
});

describe("grid cells", () => {
  const part = items[0];
  it("read as points or grades, percentages and counts, as Rust reads them", () => {
    expect(parseCell(scheme, part, " 55 ")).toEqual({ value: { points: "55" } });
    expect(parseCell(scheme, part, "５５．５分")).toEqual({ value: { points: "55.5" } });
    expect(parseCell(scheme, part, "好")).toEqual({ value: { grade: "好" } });
    expect(parseCell(scheme, part, "很好")).toEqual({ bad: true });
    expect(parseCell(scheme, part, "")).toEqual({ value: undefined });
    expect(parseCell(scheme, items[2], "89%")).toEqual({ value: { percent: "89" } });
    expect(parseCell(scheme, items[2], "89.5")).toEqual({ value: { percent: "89.5" } });
    expect(parseCell(scheme, items[3], "2张")).toEqual({ value: { count: 2 } });
    expect(parseCell(scheme, items[3], "1.5")).toEqual({ bad: true });
    expect(valueText({ percent: "92" })).toBe("92%");
  });

  it("know which rows changed, however a number is written", () => {
    const s = sheet();
    const texts = initialTexts(s);
    expect(texts[A]).toEqual({ part1: "55", part2: "好", target1: "92%", penalty1: "0", adjustment: "" });
    const a = s.rows[0];
    expect(changed(a, readRow(s, texts[A]))).toBe(false);
    expect(changed(a, readRow(s, { ...texts[A], part1: "55.0", target1: "92" }))).toBe(false);
    expect(changed(a, readRow(s, { ...texts[A], part1: "52" }))).toBe(true);
    expect(changed(a, readRow(s, { ...texts[A], adjustment: "+2" }))).toBe(true);
    expect(readRow(s, { ...texts[A], adjustment: "+2" }).adjustment).toBe("2");
    expect(readRow(s, { ...texts[A], adjustment: "0" }).adjustment).toBeNull();
    expect(changed(s.rows[1], readRow(s, texts[B]))).toBe(false);
  });

  it("split a block copied from Excel into rows and cells", () => {
    expect(pastedBlock("50\n51\r\n52\r\n")).toEqual([["50"], ["51"], ["52"]]);
    expect(pastedBlock("50\t好\n51\t36")).toEqual([["50", "好"], ["51", "36"]]);
  });
});

describe("the assessment screen", () => {
  it("is in the main navigation after the ceremonies", async () => {
    mockIPC((cmd) => {
      if (cmd === "session_state") return { phase: "open", organisation: "单位", data_dir: "/d", kiosk: false, idle_lock_seconds: 600 };
      if (cmd === "kiosk_state") return null;
      if (cmd === "ceremonies_list") return [];
      if (cmd === "templates_list") return [];
    });
    session.state = null;
    render(App);
    await screen.findByTestId("lock");
    const routes = [...document.querySelectorAll("[data-route]")].map((b) => b.getAttribute("data-route"));
    expect(routes).toEqual(["templates", "ceremonies", "assessment", "archive", "settings"]);
    await fireEvent.click(document.querySelector("[data-route=assessment]")!);
    expect((await screen.findByTestId("assess-no-ceremonies")).textContent).toContain("还没有签约仪式");
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("年度考核");
  });

  it("picks a ceremony and shows its grid: headers with points, stored scores with their rules, acknowledgements", async () => {
    const calls = record((cmd, args) => {
      if (cmd === "ceremonies_list") return ceremonies;
      if (cmd === "assessment_sheet") return args.ceremonyId === 5 ? sheet() : sheet({ ceremony_id: 4, rows: [] });
    });
    render(Assessment);
    const picker = (await screen.findByTestId("assess-ceremony")) as HTMLSelectElement;
    await screen.findByTestId("assess-grid");
    // The ceremony with signed agreements comes first.
    expect(calls.filter((c) => c.cmd === "assessment_sheet").map((c) => c.args)).toEqual([{ ceremonyId: 5 }]);
    const heads = [...screen.getByTestId("assess-grid").querySelectorAll("th")].map((th) => th.textContent);
    expect(heads.some((h) => h?.startsWith("安全责任（60）"))).toBe(true);
    expect(heads.some((h) => h?.startsWith("红线罚单") && !h.includes("（"))).toBe(true);
    expect(cell(A, "part2").value).toBe("好");
    expect(cell(A, "target1").value).toBe("92%");
    const score = screen.getByTestId(`assess-score-${A}`);
    expect(score.textContent).toBe("95");
    expect(score.title).toBe(
      "第 1 版 · 导入 成绩.xlsx\n安全责任：55 分 — 评分 55 分（满分 60）\n事故情况：36 分 — 等次“好”系数 0.9 × 40 分 = 36",
    );
    expect(screen.getByTestId(`assess-score-${B}`).textContent).toBe("—");
    expect(screen.getByTestId(`assess-ack-${A}`).textContent).toBe("已确认");
    expect(screen.queryByTestId(`assess-ack-${B}`)).toBeNull();
    expect((screen.getByTestId(`assess-pdf-${B}`) as HTMLButtonElement).disabled).toBe(true);

    picker.value = "4";
    await fireEvent.change(picker);
    expect((await screen.findByTestId("assess-no-rows")).textContent).toContain("还没有已签署");
    expect(calls.filter((c) => c.cmd === "assessment_sheet").map((c) => c.args.ceremonyId)).toEqual([5, 4]);
  });

  it("says so when the template states no assessment", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet({ scheme: { ...scheme, parts: [], targets: [] }, items: [] });
    });
    render(Assessment);
    expect((await screen.findByTestId("assess-no-scheme")).textContent).toContain("考核方案");
    expect(screen.queryByTestId("assess-grid")).toBeNull();
    expect(screen.queryByTestId("assess-import-file")).toBeNull();
  });

  it("moves between cells with Enter and the arrows, and fills a pasted column down", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    const b1 = cell(B, "part1");
    b1.focus();
    await fireEvent.keyDown(b1, { key: "Enter" });
    expect(document.activeElement).toBe(cell(C, "part1"));
    await fireEvent.keyDown(cell(C, "part1"), { key: "Enter" }); // last row: stays
    expect(document.activeElement).toBe(cell(C, "part1"));
    await fireEvent.keyDown(cell(C, "part1"), { key: "ArrowUp" });
    expect(document.activeElement).toBe(b1);
    await fireEvent.keyDown(b1, { key: "ArrowDown" });
    expect(document.activeElement).toBe(cell(C, "part1"));

    // ← → leave a cell only at the edge of its text.
    const a1 = cell(A, "part1");
    a1.focus();
    a1.setSelectionRange(1, 1);
    await fireEvent.keyDown(a1, { key: "ArrowRight" });
    expect(document.activeElement).toBe(a1);
    a1.setSelectionRange(2, 2);
    await fireEvent.keyDown(a1, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cell(A, "part2"));
    const a2 = cell(A, "part2");
    a2.setSelectionRange(0, 0);
    await fireEvent.keyDown(a2, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(a1);
    // The adjustment is the last column of the row.
    const pen = cell(A, "penalty1");
    pen.focus();
    pen.setSelectionRange(1, 1);
    await fireEvent.keyDown(pen, { key: "ArrowRight" });
    expect(document.activeElement).toBe(cell(A, "adjustment"));
    // An input method's Enter confirms its composition: no move.
    b1.focus();
    await fireEvent.keyDown(b1, { key: "Enter", isComposing: true });
    expect(document.activeElement).toBe(b1);

    await fireEvent.paste(b1, { clipboardData: { getData: () => "50\r\n48\r\n" } });
    expect(cell(B, "part1").value).toBe("50");
    expect(cell(C, "part1").value).toBe("48");
    await fireEvent.paste(cell(B, "part2"), { clipboardData: { getData: () => "好\t90%\t1\n36\t88\t0\t多余\n不要" } });
    expect([cell(B, "part2").value, cell(B, "target1").value, cell(B, "penalty1").value]).toEqual(["好", "90%", "1"]);
    expect([cell(C, "part2").value, cell(C, "target1").value, cell(C, "penalty1").value, cell(C, "adjustment").value]).toEqual(["36", "88", "0", "多余"]);
    expect(screen.getByTestId("assess-pending").textContent).toContain("2");
    expect(screen.getAllByTestId("assess-row").filter((r) => r.classList.contains("changed")).map((r) => r.dataset.number)).toEqual([B, C]);
  });

  it("saves new results without asking, and a correction only with a reason", async () => {
    let current = sheet();
    const withReason = (inputs: any[]) => inputs.every((i) => i.reason);
    const calls = record((cmd, args) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return current;
      if (cmd === "assessment_save") {
        const inputs = args.inputs as any[];
        if (inputs.some((i) => i.number === A) && !withReason(inputs))
          throw { kind: "assess_reason_missing", message: "张三（SD-2027-000001） 已有考核结果（第 1 版），修改必须填写原因" };
        current = sheet({ rows: current.rows.map((r) => (r.number === B ? { ...r, score: "86.2", version: 1 } : r)) });
        return inputs.map((i) => ({ number: i.number }));
      }
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    const save = screen.getByTestId("assess-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    for (const [key, v] of [["part1", "50"], ["part2", "好"], ["target1", "89%"], ["penalty1", "1"]]) {
      await fireEvent.input(cell(B, key), { target: { value: v } });
    }
    await fireEvent.click(save);
    await tick();
    const sent = calls.filter((c) => c.cmd === "assessment_save");
    expect(sent.map((c) => c.args)).toEqual([
      {
        inputs: [{
          number: B,
          values: { part1: { points: "50" }, part2: { grade: "好" }, target1: { percent: "89" }, penalty1: { count: 1 } },
          adjustment: null,
          reason: "",
        }],
      },
    ]);
    expect((await screen.findByTestId("assess-notice")).textContent).toContain("已保存 1 人");
    expect(screen.getByTestId(`assess-score-${B}`).textContent).toBe("86.2");
    expect(calls.filter((c) => c.cmd === "assessment_sheet")).toHaveLength(2);
    expect(screen.queryByTestId("assess-pending")).toBeNull();

    // A correction of 张三's result: the reason comes first, and goes with the rows.
    await fireEvent.input(cell(A, "part1"), { target: { value: "52" } });
    await fireEvent.click(save);
    const reason = await screen.findByTestId("assess-reason");
    expect(calls.filter((c) => c.cmd === "assessment_save")).toHaveLength(1);
    const go = screen.getByTestId("assess-reason-confirm") as HTMLButtonElement;
    expect(go.disabled).toBe(true);
    await fireEvent.input(reason, { target: { value: "复核安全责任评分后更正" } });
    await fireEvent.click(go);
    await tick();
    const last = calls.filter((c) => c.cmd === "assessment_save").at(-1)!;
    expect(last.args.inputs).toEqual([
      { number: A, values: { part1: { points: "52" }, part2: { grade: "好" }, target1: { percent: "92" }, penalty1: { count: 0 } }, adjustment: null, reason: "复核安全责任评分后更正" },
    ]);
    await vi.waitFor(() => expect(screen.queryByTestId("assess-reason")).toBeNull());
  });

  it("asks for a reason for a manual adjustment, refuses unreadable cells, and shows Rust's refusal", async () => {
    const calls = record((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
      if (cmd === "assessment_save") throw { kind: "invalid_assessment", message: "王五（SD-2027-000003）：“事故情况”没有填写" };
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.input(cell(C, "part1"), { target: { value: "六十" } });
    await fireEvent.click(screen.getByTestId("assess-save"));
    expect(screen.getByTestId("assess-error").textContent).toBe("王五：“安全责任”填写的内容无法识别");
    expect(cell(C, "part1").classList.contains("bad")).toBe(true);
    expect(calls.some((c) => c.cmd === "assessment_save")).toBe(false);

    await fireEvent.input(cell(C, "part1"), { target: { value: "58" } });
    await fireEvent.input(cell(C, "adjustment"), { target: { value: "-2" } });
    await fireEvent.click(screen.getByTestId("assess-save"));
    await fireEvent.input(await screen.findByTestId("assess-reason"), { target: { value: "违章作业" } });
    await fireEvent.click(screen.getByTestId("assess-reason-confirm"));
    expect((await screen.findByTestId("assess-error")).textContent).toBe("王五（SD-2027-000003）：“事故情况”没有填写");
    const sent = calls.find((c) => c.cmd === "assessment_save")!;
    expect(sent.args.inputs).toEqual([{ number: C, values: { part1: { points: "58" } }, adjustment: "-2", reason: "违章作业" }]);
    // Nothing typed is lost: the row is still there to fix.
    expect(cell(C, "part1").value).toBe("58");
  });

  it("opens the reason panel when Rust asks for a reason the grid did not", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
      if (cmd === "assessment_save") throw { kind: "assess_reason_missing", message: "修改必须填写原因" };
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.input(cell(B, "part1"), { target: { value: "50" } });
    await fireEvent.click(screen.getByTestId("assess-save"));
    expect((await screen.findByTestId("assess-error")).textContent).toBe("修改必须填写原因");
    expect(screen.getByTestId("assess-reason")).toBeTruthy();
  });

  it("shows a person's result page", async () => {
    const calls = record((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
      if (cmd === "assessment_pdf") return new Uint8Array([37, 80, 68, 70]).buffer;
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.click(screen.getByTestId(`assess-pdf-${A}`));
    const panel = await screen.findByTestId("assess-pdf-panel");
    expect(panel.textContent).toContain("张三的考核结果单");
    await screen.findByTestId("pdf-view");
    expect(calls.find((c) => c.cmd === "assessment_pdf")!.args).toEqual({ number: A });
    await fireEvent.click(screen.getByTestId("assess-pdf-close"));
    expect(screen.queryByTestId("assess-pdf-panel")).toBeNull();
  });
});

describe("importing a results file", () => {
  // jsdom's File has no arrayBuffer(); the web view's has.
  const file = () => {
    const bytes = new TextEncoder().encode("工号,安全责任\nE001,55\n");
    return Object.assign(new File([bytes], "成绩.csv", { type: "text/csv" }), { arrayBuffer: async () => bytes.buffer });
  };
  const checked = { assessed: 0, ready: 3, unchanged: 0, skipped: 0, unmatched: [], errors: [], notes: ["读取方式：UTF-8"], saved: false };

  it("checks first, lists what is wrong with line numbers, and saves nothing", async () => {
    const calls = record((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
      if (cmd === "upload_stage") return "t1";
      if (cmd === "assessment_import")
        return {
          ...checked,
          unmatched: [{ line: 4, name: "赵六", employee_no: "E009", message: "工号 E009 在 2027 年没有已签署的协议" }],
          errors: [{ line: 3, message: "李四：“安全责任”应填写分数或等次（好），“优”都不是" }],
        };
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.change(screen.getByTestId("assess-import-file"), { target: { files: [file()] } });
    const result = await screen.findByTestId("assess-import-result");
    expect(result.textContent).toContain("读取方式：UTF-8");
    expect(result.textContent).toContain("工号 E009 在 2027 年没有已签署的协议");
    expect(result.textContent).toContain("第 3 行：李四");
    expect(result.querySelector("tbody td")!.textContent).toBe("4");
    expect((screen.getByTestId("assess-import-save") as HTMLButtonElement).disabled).toBe(true);
    // The file goes first, raw; the check names it beside its job and progress channel.
    const staged = calls.find((c) => c.cmd === "upload_stage")!;
    expect(new TextDecoder().decode(staged.args)).toBe("工号,安全责任\nE001,55\n");
    expect(decodeURIComponent(staged.options.headers["x-signdesk-file-name"])).toBe("成绩.csv");
    const imp = calls.find((c) => c.cmd === "assessment_import")!;
    expect(imp.args.request).toEqual({ upload: "t1", year: 2027, template: "kefu", reason: "", save: false });
    expect(imp.args.job).toBeGreaterThan(0);
    expect(imp.args.progress).toBeTruthy();
    expect(screen.getByTestId("assess-import").textContent).toContain("安全责任、事故情况、安检考核基准线、红线罚单");
  });

  it("saves a clean file, then reloads the grid", async () => {
    let saved = false;
    const calls = record((cmd, args) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return saved ? sheet({ rows: sheet().rows.map((r) => ({ ...r, score: "95", version: 1 })) }) : sheet();
      if (cmd === "upload_stage") return `t${calls.length}`;
      if (cmd === "assessment_import") {
        const commit = args.request.save;
        if (commit) saved = true;
        return commit ? { ...checked, assessed: 3, saved: true } : { ...checked, unchanged: 1 };
      }
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.change(screen.getByTestId("assess-import-file"), { target: { files: [file()] } });
    const result = await screen.findByTestId("assess-import-result");
    expect(result.textContent).toContain("检查通过");
    expect(result.textContent).toContain("1 人与现有结果相同");
    const go = screen.getByTestId("assess-import-save") as HTMLButtonElement;
    expect(go.disabled).toBe(false);
    await fireEvent.click(go);
    expect((await screen.findByTestId("assess-import-done")).textContent).toBe("已导入 3 人。");
    await vi.waitFor(() => expect(screen.getByTestId(`assess-score-${C}`).textContent).toBe("95"));
    const imports = calls.filter((c) => c.cmd === "assessment_import").map((c) => c.args.request);
    expect(imports.map((r) => r.save)).toEqual([false, true]);
    expect(imports[0].upload).not.toBe(imports[1].upload);
    expect(screen.queryByTestId("assess-import-result")).toBeNull();
  });

  it("shows a file Rust rejects", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [ceremonies[1]];
      if (cmd === "assessment_sheet") return sheet();
      if (cmd === "upload_stage") return "t1";
      if (cmd === "assessment_import") throw { kind: "assess_import_rejected", message: "表中找不到表头：需要“姓名”或“工号”列，以及各考核项的列" };
    });
    render(Assessment);
    await screen.findByTestId("assess-grid");
    await fireEvent.change(screen.getByTestId("assess-import-file"), { target: { files: [file()] } });
    expect((await screen.findByTestId("assess-import-error")).textContent).toContain("找不到表头");
  });
});
