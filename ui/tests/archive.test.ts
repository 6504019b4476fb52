import { describe, it, expect, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Archive from "../src/routes/Archive.svelte";

const hit = {
  id: 7, number: "SD-2027-000007", signer: "张三", year: 2027, department: "客服部",
  title: "客服部安全目标责任书", signed_at: "2027-01-15T09:30:00+08:00", status: "signed",
};
const record = {
  id: 7, number: "SD-2027-000007", template: "kefu-anquan-mubiao-2018", template_version: 1, signer: "张三",
  employee_no: "E1", department: "客服部", year: 2027, title: "客服部安全目标责任书",
  signed_at: "2027-01-15T09:30:00+08:00", signed_text: "", values_json: "{}", content_sha256: "ab".repeat(32),
  pdf_sha256: "cd".repeat(32), pdf_size: 100, pages: 3, copies: 3, operator: "管理员", void: null, signatures: [],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the archive screen", () => {
  it("searches with what the user typed and filters, then opens an agreement", async () => {
    const searches: any[] = [];
    mockIPC((cmd, args: any) => {
      if (cmd === "archive_search") {
        searches.push(args.filters);
        return args.filters.text === "zs" ? { total: 1, hits: [hit] } : { total: 0, hits: [] };
      }
      if (cmd === "agreement_get") return record;
      if (cmd === "agreement_pdf") return new Uint8Array([37, 80, 68, 70]).buffer;
    });
    render(Archive);
    expect((await screen.findByTestId("archive-total")).textContent).toContain("0");
    await fireEvent.input(screen.getByTestId("archive-search"), { target: { value: "zs" } });
    await fireEvent.keyDown(screen.getByTestId("archive-search"), { key: "Enter" });
    expect((await screen.findByTestId("archive-total")).textContent).toContain("1");
    expect(searches.at(-1)).toMatchObject({ text: "zs", year: null, status: null, limit: 50, offset: 0 });
    expect(screen.getByTestId("hit").textContent).toContain("张三");

    await fireEvent.click(screen.getByTestId("open-7"));
    expect((await screen.findByTestId("record-signer")).textContent).toBe("张三");
    expect(screen.getByTestId("agreement-record").textContent).toContain("SD-2027-000007");
  });

  it("filters by the year's assessment: assessed or not, and the score's range", async () => {
    const searches: any[] = [];
    mockIPC((cmd, args: any) => {
      if (cmd === "archive_search") {
        searches.push(args.filters);
        return { total: 0, hits: [] };
      }
    });
    render(Archive);
    await screen.findByTestId("archive-total");
    await fireEvent.change(screen.getByTestId("archive-assessed"), { target: { value: "yes" } });
    expect(searches.at(-1)).toMatchObject({ assessed: true, score_min: null, score_max: null });
    await fireEvent.input(screen.getByTestId("archive-score-max"), { target: { value: "59.5" } });
    await fireEvent.change(screen.getByTestId("archive-score-max"), { target: { value: "59.5" } });
    expect(searches.at(-1)).toMatchObject({ assessed: true, score_max: "59.5" });
    await fireEvent.change(screen.getByTestId("archive-assessed"), { target: { value: "no" } });
    expect(searches.at(-1)).toMatchObject({ assessed: false });
  });

  it("shows a search error in Chinese", async () => {
    mockIPC(() => {
      throw { kind: "query_too_long", message: "搜索内容过长" };
    });
    render(Archive);
    expect((await screen.findByTestId("archive-error")).textContent).toBe("搜索内容过长");
  });
});
