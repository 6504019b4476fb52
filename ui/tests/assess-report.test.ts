import { describe, it, expect, afterEach, beforeEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Assessment from "../src/routes/Assessment.svelte";
import ScoreChart from "../src/routes/assess/ScoreChart.svelte";
import { setLocale } from "../src/i18n/index.svelte";

// Chart.js itself is replaced: what matters here is when a chart is made and destroyed.
const charts = vi.hoisted(() => ({ made: [] as { data: number[]; destroyed: boolean }[] }));
vi.mock("chart.js", () => {
  class Chart {
    static register() {}
    entry: { data: number[]; destroyed: boolean };
    constructor(_ctx: unknown, config: { data: { datasets: { data: number[] }[] } }) {
      this.entry = { data: config.data.datasets[0].data, destroyed: false };
      charts.made.push(this.entry);
    }
    destroy() {
      this.entry.destroyed = true;
    }
  }
  return { Chart, BarController: {}, BarElement: {}, CategoryScale: {}, LinearScale: {}, Tooltip: {} };
});

const hist = (xs: Record<number, number>) => Array.from({ length: 11 }, (_, i) => xs[i] ?? 0);
const report = (year: number) => ({
  year,
  signed: 3,
  assessed: 3,
  mean: 83.833,
  above_reward: 2,
  below_pass: 1,
  histogram: hist({ 5: 1, 9: 2 }),
  departments: [
    { department: "客服部", signed: 2, assessed: 2, mean: 95.75, above_reward: 2, below_pass: 0, histogram: hist({ 9: 2 }) },
    { department: "", signed: 1, assessed: 1, mean: 58, above_reward: 0, below_pass: 1, histogram: hist({ 5: 1 }) },
  ],
});
const ceremony = { id: 5, title: "2026年度客服部安全目标责任书", template_id: "kefu", template_version: 1, year: 2026, countersign: "adopt", created_at: "", closed: false, renewed_from: null, people: 3, signed: 3, awaiting: 0, absent: 0, voided: 0 };

const realGetContext = HTMLCanvasElement.prototype.getContext;
beforeEach(() => {
  setLocale("zh-CN");
  charts.made.length = 0;
  // jsdom has no 2D canvas: getContext answers null, as it does there.
  HTMLCanvasElement.prototype.getContext = (() => null) as never;
});
afterEach(() => {
  cleanup();
  clearMocks();
  HTMLCanvasElement.prototype.getContext = realGetContext;
});

describe("the year's report", () => {
  it("opens on the selected ceremony's year with the numbers, departments and chart, and follows the year", async () => {
    const asked: number[] = [];
    mockIPC((cmd, args: any) => {
      if (cmd === "ceremonies_list") return [ceremony];
      if (cmd === "assessment_sheet") return { ceremony_id: 5, title: "", year: 2026, scheme: { parts: [], targets: [] }, items: [], rows: [] };
      if (cmd === "assessment_report") {
        asked.push(args.year);
        return args.year === 2026 ? report(2026) : { ...report(args.year), signed: 0, assessed: 0, mean: null, above_reward: 0, below_pass: 0, histogram: hist({}), departments: [] };
      }
    });
    render(Assessment);
    await screen.findByTestId("assess-ceremony");
    await fireEvent.click(screen.getByTestId("assess-tab-report"));
    expect((await screen.findByTestId("report-signed")).textContent).toBe("3");
    expect((screen.getByTestId("report-year") as HTMLInputElement).value).toBe("2026");
    expect(screen.getByTestId("report-assessed").textContent).toBe("3");
    expect(screen.getByTestId("report-above").textContent).toBe("2");
    expect(screen.getByTestId("report-below").textContent).toBe("1");
    expect(screen.getByTestId("report-mean").textContent).toBe("83.83");
    const rows = screen.getAllByTestId("report-dept").map((r) => [...r.querySelectorAll("td")].map((td) => td.textContent));
    expect(rows).toEqual([
      ["客服部", "2", "2", "95.75", "2", "0"],
      ["（未填部门）", "1", "1", "58", "0", "1"],
    ]);
    const canvas = screen.getByTestId("report-chart");
    expect(canvas.tagName).toBe("CANVAS");
    expect(canvas.textContent).toContain("50–59: 1");
    expect(canvas.textContent).toContain("100+: 0");
    // No 2D context here: no chart, and nothing broke.
    expect(charts.made).toEqual([]);

    await fireEvent.input(screen.getByTestId("report-year"), { target: { value: "2027" } });
    await fireEvent.change(screen.getByTestId("report-year"));
    await vi.waitFor(() => expect(screen.getByTestId("report-signed").textContent).toBe("0"));
    expect(screen.getByTestId("report-mean").textContent).toBe("—");
    expect(screen.queryByTestId("report-departments")).toBeNull();
    expect(asked).toEqual([2026, 2027]);
  });

  it("exports the .xlsx where the save dialog says, and says nothing when cancelled", async () => {
    let answer: string | null = "/media/usb/2027年度考核汇总.xlsx";
    const exported: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "ceremonies_list") return [];
      if (cmd === "assessment_report") return report(2027);
      if (cmd === "assessment_report_export") {
        exported.push(args);
        return answer;
      }
    });
    render(Assessment);
    await fireEvent.click(screen.getByTestId("assess-tab-report"));
    const year = (await screen.findByTestId("report-year")) as HTMLInputElement;
    expect(year.value).toBe(String(new Date().getFullYear()));
    await fireEvent.input(year, { target: { value: "2027" } });
    await fireEvent.change(year);
    await fireEvent.click(await screen.findByTestId("report-export"));
    expect((await screen.findByTestId("report-exported")).textContent).toContain("/media/usb/2027年度考核汇总.xlsx");
    expect(exported).toEqual([{ year: 2027 }]);
    answer = null;
    await fireEvent.click(screen.getByTestId("report-export"));
    await vi.waitFor(() => expect(exported).toHaveLength(2));
    await vi.waitFor(() => expect(screen.queryByTestId("report-exported")).toBeNull());
  });

  it("shows a department's own distribution when picked", async () => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as never;
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [];
      if (cmd === "assessment_report") return report(2027);
    });
    render(Assessment);
    await fireEvent.click(screen.getByTestId("assess-tab-report"));
    await screen.findByTestId("report-departments");
    expect(charts.made.map((c) => c.data)).toEqual([hist({ 5: 1, 9: 2 })]);
    await fireEvent.click(screen.getAllByTestId("report-dept")[0].querySelector("button")!);
    expect(charts.made.map((c) => c.data)).toEqual([hist({ 5: 1, 9: 2 }), hist({ 9: 2 })]);
    expect(charts.made[0].destroyed).toBe(true);
    await fireEvent.click(screen.getByTestId("report-all"));
    expect(charts.made).toHaveLength(3);
  });

  it("shows Rust's refusal", async () => {
    mockIPC((cmd) => {
      if (cmd === "ceremonies_list") return [];
      if (cmd === "assessment_report") throw { kind: "bad_argument", message: "年度不正确" };
    });
    render(Assessment);
    await fireEvent.click(screen.getByTestId("assess-tab-report"));
    expect((await screen.findByTestId("report-error")).textContent).toBe("年度不正确");
  });
});

describe("the score chart", () => {
  it("is made when there is a 2D context, re-made when the numbers change, destroyed on unmount", async () => {
    HTMLCanvasElement.prototype.getContext = (() => ({})) as never;
    const r = render(ScoreChart, { counts: hist({ 9: 2 }), label: "人数" });
    expect(charts.made).toHaveLength(1);
    await r.rerender({ counts: hist({ 9: 3 }), label: "人数" });
    expect(charts.made.map((c) => c.destroyed)).toEqual([true, false]);
    expect(charts.made[1].data[9]).toBe(3);
    r.unmount();
    expect(charts.made[1].destroyed).toBe(true);
  });
});
