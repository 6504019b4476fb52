import { describe, it, expect, beforeEach, afterEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup, within } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import App from "../src/App.svelte";
import GroupSearch from "../src/routes/group/GroupSearch.svelte";
import GroupCoverage from "../src/routes/group/GroupCoverage.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import { session } from "../src/lib/session.svelte";
import type { GroupHit, GroupQuery } from "../src/ipc";

const hit = (site: string, n: number, signer: string, voided = false): GroupHit => ({
  site,
  number: `SD-2027-${String(n).padStart(6, "0")}`,
  signer,
  department: "客服部",
  employee_no: null,
  year: 2027,
  title: "客服部安全目标责任书",
  signed_at: "2027-01-15T09:30:00+08:00",
  voided,
});

const base = { organisation: null, data_dir: "/tmp/d", kiosk: false, idle_lock_seconds: 600 };
const group = { ...base, phase: "group" };
const locked = { ...base, phase: "locked", organisation: "宁德新奥燃气有限公司" };

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the group view's search", () => {
  it("searches with the text and filters, shows the exact total, marks voids and pages with 「更多」", async () => {
    const queries: GroupQuery[] = [];
    const many = Array.from({ length: 50 }, (_, i) => hit(i % 2 ? "乙分公司" : "甲分公司", i + 1, "王芳", i === 1));
    mockIPC((cmd, args) => {
      if (cmd !== "group_view_search") return;
      const q = (args as { query: GroupQuery }).query;
      queries.push(q);
      if (q.text === "张三") {
        return q.site === "乙分公司" ? { total: 0, hits: [] } : { total: 1, hits: [hit("甲分公司", 7, "张三")] };
      }
      if (q.text === "王芳") return q.offset === 0 ? { total: 51, hits: many } : { total: 51, hits: [hit("甲分公司", 51, "王芳")] };
      return { total: 0, hits: [] };
    });
    render(GroupSearch, { sites: ["甲分公司", "乙分公司"] });
    expect((await screen.findByTestId("gv-total")).textContent).toBe("共 0 份");
    expect(queries[0]).toEqual({ text: "", year: null, site: null, department: null, limit: 50, offset: 0 });

    await fireEvent.input(screen.getByTestId("gv-search"), { target: { value: "张三" } });
    await fireEvent.keyDown(screen.getByTestId("gv-search"), { key: "Enter" });
    await screen.findByText("共 1 份");
    const row = screen.getByTestId("gv-hit");
    expect(row.textContent).toContain("甲分公司");
    expect(row.textContent).toContain("SD-2027-000007");
    expect(row.textContent).toContain("张三");

    // The site filter is a select of the registered sites; the year a number.
    const select = screen.getByTestId("gv-site") as HTMLSelectElement;
    expect([...select.options].map((o) => o.textContent)).toEqual(["全部站点", "甲分公司", "乙分公司"]);
    await fireEvent.change(select, { target: { value: "乙分公司" } });
    await screen.findByText("共 0 份");
    expect(queries.at(-1)).toMatchObject({ text: "张三", site: "乙分公司" });
    await fireEvent.input(screen.getByTestId("gv-year"), { target: { value: "2027" } });
    await fireEvent.change(screen.getByTestId("gv-year"), { target: { value: "2027" } });
    expect(queries.at(-1)).toMatchObject({ year: 2027, site: "乙分公司" });
    await fireEvent.change(select, { target: { value: "" } });
    await fireEvent.input(screen.getByTestId("gv-year"), { target: { value: "" } });
    await fireEvent.change(screen.getByTestId("gv-year"), { target: { value: "" } });

    await fireEvent.input(screen.getByTestId("gv-search"), { target: { value: "王芳" } });
    await fireEvent.keyDown(screen.getByTestId("gv-search"), { key: "Enter" });
    await screen.findByText("共 51 份");
    expect(screen.getAllByTestId("gv-hit")).toHaveLength(50);
    expect(screen.getAllByTestId("gv-voided")).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("gv-more"));
    await screen.findByText("SD-2027-000051");
    expect(queries.at(-1)).toMatchObject({ text: "王芳", offset: 50, limit: 50 });
    expect(screen.getAllByTestId("gv-hit")).toHaveLength(51);
    expect(screen.queryByTestId("gv-more")).toBeNull();
  });

  it("opens a hit's PDF and exports the search's every hit into the folder typed", async () => {
    const calls: Record<string, unknown>[] = [];
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      if (cmd === "group_view_search") return { total: 1, hits: [hit("甲分公司", 7, "张三")] };
      if (cmd === "group_view_pdf") {
        calls.push({ cmd, ...a });
        return new Uint8Array([37, 80, 68, 70]).buffer;
      }
      if (cmd === "group_view_export") {
        calls.push({ cmd, query: a.query, folder: a.folder });
        return { folder: "/media/u/集团导出-20270115-093000", files: 1, bytes: 1234 };
      }
    });
    render(GroupSearch, { sites: ["甲分公司"] });
    await screen.findByText("共 1 份");
    await fireEvent.click(screen.getByTestId("gv-open-0"));
    expect((await screen.findByTestId("gv-record-site")).textContent).toBe("甲分公司");
    expect(calls).toContainEqual({ cmd: "group_view_pdf", site: "甲分公司", number: "SD-2027-000007" });
    await fireEvent.click(screen.getByTestId("gv-back"));

    await fireEvent.click(await screen.findByTestId("gv-export-open"));
    await fireEvent.input(screen.getByTestId("gv-export-folder"), { target: { value: "/media/u" } });
    await fireEvent.click(screen.getByTestId("gv-export-go"));
    expect((await screen.findByTestId("gv-export-done")).textContent).toContain("已导出 1 份到 /media/u/集团导出-20270115-093000");
    expect(calls.at(-1)).toEqual({
      cmd: "group_view_export",
      folder: "/media/u",
      query: { text: "", year: null, site: null, department: null, limit: 50, offset: 0 },
    });
  });

  it("says a refusal in Chinese", async () => {
    mockIPC(() => {
      throw { kind: "query_too_long", message: "搜索内容太长（最多 100 个字）" };
    });
    render(GroupSearch, { sites: [] });
    expect((await screen.findByTestId("gv-search-error")).textContent).toBe("搜索内容太长（最多 100 个字）");
  });
});

describe("the group view's coverage", () => {
  it("shows each site's departments with the rate as a percent and who is missing", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "group_view_coverage") {
        expect(args).toEqual({ year: 2027 });
        return {
          year: 2027,
          sites: [
            { site: "甲分公司", departments: [{ department: "客服部", people: 3, signed: 2, missing: ["王五"] }] },
            { site: "乙分公司", departments: [{ department: "生产部", people: 2, signed: 2, missing: [] }] },
          ],
        };
      }
    });
    render(GroupCoverage);
    await fireEvent.input(screen.getByTestId("gv-cov-year"), { target: { value: "2027" } });
    await fireEvent.click(screen.getByTestId("gv-cov-go"));
    const rows = await screen.findAllByTestId("gv-cov-row");
    expect(within(rows[0]).getByTestId("gv-cov-rate").textContent).toBe("66.7%");
    expect(within(rows[0]).getByTestId("gv-cov-missing").textContent).toBe("王五");
    expect(within(rows[1]).getByTestId("gv-cov-rate").textContent).toBe("100.0%");
    expect(screen.getByTestId("gv-cov-total").textContent).toBe("合计：名单 5 人，已签 4 人，签订率 80.0%");
  });
});

describe("the app on the group archive", () => {
  beforeEach(() => {
    session.state = null;
  });

  it("asks once for the password, shows only the group's screens, and leaves to the first screen", async () => {
    const calls: string[] = [];
    let password: string | null = null;
    mockIPC((cmd, args) => {
      calls.push(cmd);
      if (cmd === "session_state") return group;
      if (cmd === "group_view_state") return { server: "anquanbu@10.0.0.5:5432/signdesk_group", needs_password: password === null };
      if (cmd === "group_view_password") {
        password = (args as { password: string }).password;
        return { server: "anquanbu@10.0.0.5:5432/signdesk_group", needs_password: false };
      }
      if (cmd === "group_view_sites") return ["甲分公司"];
      if (cmd === "group_view_search") return { total: 0, hits: [] };
      if (cmd === "group_view_close") return locked;
      throw { kind: "group_read_only", message: "现在打开的是集团档案库（只读）" };
    });
    render(App);
    await vi.waitFor(() => expect(screen.getByTestId("gv-server").textContent).toContain("anquanbu@10.0.0.5"));
    await fireEvent.input(await screen.findByTestId("gv-password"), { target: { value: "只读密码" } });
    await fireEvent.click(screen.getByTestId("gv-password-go"));
    await screen.findByTestId("gv-total");
    expect(password).toBe("只读密码");
    expect(screen.queryByTestId("lock")).toBeNull();
    expect(screen.queryByRole("button", { name: /签约仪式/ })).toBeNull();
    expect(calls.filter((c) => !c.startsWith("group_view_") && c !== "session_state")).toEqual([]);

    await fireEvent.click(screen.getByTestId("gv-tab-coverage"));
    await screen.findByTestId("gv-cov-go");
    await fireEvent.click(screen.getByTestId("gv-leave"));
    await screen.findByTestId("unlock");
  });

  it("is opened from the first screen with a connection string and password", async () => {
    let opened: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === "session_state") return locked;
      if (cmd === "group_view_open") {
        opened = args;
        return group;
      }
      if (cmd === "group_view_state") return { server: "anquanbu@h/g", needs_password: false };
      if (cmd === "group_view_sites") return [];
      if (cmd === "group_view_search") return { total: 0, hits: [] };
    });
    render(App);
    await fireEvent.click(await screen.findByTestId("open-group"));
    await fireEvent.input(screen.getByTestId("og-url"), { target: { value: "postgresql://anquanbu@h/g" } });
    await fireEvent.input(screen.getByTestId("og-password"), { target: { value: "只读密码" } });
    await fireEvent.click(screen.getByTestId("og-go"));
    await screen.findByTestId("gv-total");
    expect(opened).toEqual({ url: "postgresql://anquanbu@h/g", password: "只读密码" });
  });
});
