import { describe, it, expect, afterEach, beforeEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Templates from "../src/routes/Templates.svelte";
import { setLocale } from "../src/i18n/index.svelte";
import { cleanScheme, emptyScheme, newKey, schemeProblems } from "../src/lib/scheme";
import type { Scheme, Template, TemplateDetail } from "../src/ipc";

const template: Template = {
  title: "客服部安全目标责任书",
  preamble: [],
  sections: [{ number: "一、", heading: "考核", blocks: [{ type: "paragraph", text: "年度考核采用百分制。" }] }],
  closing: [],
  roles: [{ key: "employee", label: "员工（签字）", signs: "hand", side: "signer", representative: null }],
  fields: [],
  copies: 2,
  period: null,
  doubts: [],
  scheme: null,
};
const detail = (scheme: Scheme | null): TemplateDetail => ({
  id: "kefu", version: 1, used: false, source_name: "x.docx", created_at: "", template: { ...template, scheme },
});

/** Opens the editor on `d` through the templates screen; returns what was saved. */
async function open(d: TemplateDetail) {
  const saved: Template[] = [];
  mockIPC((cmd, args: any) => {
    if (cmd === "templates_list") return [{ id: "kefu", title: d.template.title, builtin: false, latest_version: 1, versions: 1, clauses: 1, fields: 0, roles: [], copies: 2 }];
    if (cmd === "template_get") return d;
    if (cmd === "template_save") {
      saved.push(args.template);
      return { ...d, template: args.template };
    }
  });
  render(Templates);
  await fireEvent.click(await screen.findByRole("button", { name: "打开" }));
  await screen.findByTestId("scheme-editor");
  return saved;
}
const input = (id: string, value: string) => fireEvent.input(screen.getByTestId(id), { target: { value } });

beforeEach(() => setLocale("zh-CN"));
afterEach(() => {
  cleanup();
  clearMocks();
});

describe("scheme helpers", () => {
  it("give new items keys not in use, and check the numbers", () => {
    const s = { ...emptyScheme(), parts: [{ key: "part1", label: "a", points: "60" }, { key: "part3", label: "b", points: "40" }] };
    expect(newKey(s, "part")).toBe("part4");
    expect(newKey(s, "target")).toBe("target1");
    expect(schemeProblems(s)).toEqual([]);
    expect(schemeProblems({ ...s, pass_line: "六十", reward_line: "" })).toEqual(["考核方案：“合格线”应为数字（现为 六十）"]);
    expect(schemeProblems({ ...s, parts: [...s.parts, { key: "part4", label: "a", points: "1e3" }] })).toEqual([
      "考核方案：“a · 分值”应为数字（现为 1e3）",
      "考核方案：名称重复（a）；评分表和导入文件按名称对应各列",
    ]);
    expect(cleanScheme({ ...s, total: " 100 ", reward_line: " " })).toMatchObject({ total: "100", reward_line: null });
    expect(schemeProblems(null)).toEqual([]);
  });
});

describe("the template's assessment scheme", () => {
  it("is added, edited and saved with the template; a wrong number blocks saving", async () => {
    const saved = await open(detail(null));
    expect(screen.getByTestId("scheme-editor").textContent).toContain("考核方案");
    await fireEvent.click(screen.getByTestId("scheme-add"));
    expect((screen.getByTestId("scheme-total") as HTMLInputElement).value).toBe("100");
    expect((screen.getByTestId("scheme-pass") as HTMLInputElement).value).toBe("60");

    await fireEvent.click(screen.getByTestId("scheme-part-add"));
    await fireEvent.click(screen.getByTestId("scheme-part-add"));
    await input("scheme-part-label-0", "安全责任");
    await input("scheme-part-points-0", "六十");
    await input("scheme-part-label-1", "事故情况");
    await input("scheme-part-points-1", " 40 ");
    const save = screen.getByTestId("editor-save") as HTMLButtonElement;
    expect(screen.getByTestId("editor-problems").textContent).toContain("“安全责任 · 分值”应为数字（现为 六十）");
    expect(save.disabled).toBe(true);
    await input("scheme-part-points-0", "60");
    expect(screen.queryByTestId("editor-problems")).toBeNull();

    // Removing the first part and adding one: the new key is not the removed one's.
    await fireEvent.click(screen.getByTestId("scheme-part-remove-0"));
    await fireEvent.click(screen.getByTestId("scheme-part-add"));
    await input("scheme-part-label-1", "安全责任");
    await input("scheme-part-points-1", "60");

    await fireEvent.click(screen.getByTestId("scheme-grade-add"));
    await input("scheme-grade-label-0", "好");
    await input("scheme-grade-coef-0", "0.9");
    await fireEvent.click(screen.getByTestId("scheme-target-add"));
    await input("scheme-target-label-0", "安检考核基准线");
    await input("scheme-target-weight-0", "30");
    await input("scheme-target-baseline-0", "92");
    await input("scheme-target-per-0", "2");
    const dir = screen.getByTestId("scheme-target-direction-0") as HTMLSelectElement;
    dir.value = "at_most";
    await fireEvent.change(dir);
    await fireEvent.click(screen.getByTestId("scheme-target-floor-0"));
    await fireEvent.click(screen.getByTestId("scheme-penalty-add"));
    await input("scheme-penalty-label-0", "红线罚单");
    await input("scheme-penalty-points-0", "3");
    await input("scheme-reward", "90");
    expect(screen.getByTestId("scheme-sum").textContent).toContain("130");

    await fireEvent.click(save);
    await screen.findByTestId("editor-saved");
    expect(saved[0].scheme).toEqual({
      period: null,
      total: "100",
      parts: [
        { key: "part2", label: "事故情况", points: "40" },
        { key: "part3", label: "安全责任", points: "60" },
      ],
      reward_line: "90",
      pass_line: "60",
      grades: [{ label: "好", coefficient: "0.9" }],
      targets: [
        { key: "target1", label: "安检考核基准线", weight: "30", baseline: "92", direction: "at_most", per_point: "2", bonus_per_point: null, bonus_cap: null, deduct_cap: null, floor_zero: false },
      ],
      penalties: [{ key: "penalty1", label: "红线罚单", from_count: 1, points: "3", each: false }],
      doubts: [],
    });
  });

  it("shows what detection was unsure of until it is checked, and can be removed", async () => {
    const scheme: Scheme = {
      ...emptyScheme(),
      parts: [{ key: "part1", label: "安全责任", points: "60" }],
      doubts: ["各项分值合计 60 分，与满分 100 分不符", "没有找到合格线，按 60 分"],
    };
    const saved = await open(detail(scheme));
    expect(screen.getByTestId("scheme-doubt-0").textContent).toContain("请核对：各项分值合计 60 分");
    await fireEvent.click(screen.getByTestId("scheme-doubt-ok-0"));
    expect(screen.getByTestId("scheme-doubt-0").textContent).toContain("没有找到合格线");
    expect(screen.queryByTestId("scheme-doubt-1")).toBeNull();
    await fireEvent.click(screen.getByTestId("editor-save"));
    await screen.findByTestId("editor-saved");
    expect(saved[0].scheme!.doubts).toEqual(["没有找到合格线，按 60 分"]);

    await fireEvent.click(screen.getByTestId("scheme-remove"));
    expect(screen.getByTestId("scheme-add")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("editor-save"));
    await new Promise((r) => setTimeout(r, 0));
    expect(saved[1].scheme).toBeNull();
  });
});
