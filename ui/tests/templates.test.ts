import { describe, it, expect, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Templates from "../src/routes/Templates.svelte";
import { mergeWithNext, splitAt, pieces, problems } from "../src/lib/agreement";
import type { Template, TemplateDetail } from "../src/ipc";

const template: Template = {
  title: "安全承诺书",
  preamble: ["为落实安全生产责任制，特制定本承诺书。"],
  sections: [
    {
      number: "一、",
      heading: "目标",
      blocks: [
        { type: "clause", number: "1、", level: 1, text: "全年无事故。" },
        { type: "clause", number: "2、", level: 1, text: "隐患整改率达到{{rate}}%。" },
      ],
    },
  ],
  closing: ["本承诺书一式两份。"],
  roles: [{ key: "pledger", label: "承诺人（签字）", signs: "hand", side: "signer", representative: null }],
  fields: [{ key: "rate", label: "隐患整改率", kind: "number", original: "XX%", fill: "typed" }],
  copies: 2,
  period: null,
  doubts: [],
  scheme: null,
};
const detail: TemplateDetail = {
  id: "import-1", version: 1, used: false, source_name: "粘贴文本.txt", created_at: "2026-11-27", template,
};

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("template helpers", () => {
  it("splits text into literal pieces and labelled blanks", () => {
    expect(pieces("达到{{rate}}%。", template)).toEqual([
      { text: "达到" }, { field: "rate", label: "隐患整改率", value: undefined }, { text: "%。" },
    ]);
    expect(pieces("{{rate}}", template, { rate: "95" })[0]).toMatchObject({ value: "95" });
  });

  it("merges and splits clauses", () => {
    const blocks = template.sections[0].blocks;
    const merged = mergeWithNext(blocks, 0);
    expect(merged).toHaveLength(1);
    expect(merged[0].text).toBe("全年无事故。隐患整改率达到{{rate}}%。");
    const split = splitAt(merged, 0, "全年无事故。".length);
    expect(split.map((b) => b.text)).toEqual(["全年无事故。", "隐患整改率达到{{rate}}%。"]);
    expect(mergeWithNext(blocks, 1)).toBe(blocks); // nothing after the last block
    expect(splitAt(blocks, 0, 0)).toBe(blocks); // nothing to split at the edge
  });

  it("reports what the editor must fix before saving", () => {
    expect(problems(template)).toEqual([]);
    expect(problems({ ...template, title: " ", copies: 0 })).toEqual(["标题不能为空", "份数须为 1 到 10"]);
    expect(problems({ ...template, fields: [] })).toContain("正文引用了不存在的待填项 rate");
  });
});

describe("the templates screen", () => {
  it("imports pasted text, edits a role and a title, previews live, and saves", async () => {
    const calls: { cmd: string; args: any; options?: any }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "templates_list") return [];
      if (cmd === "template_import") return detail;
      if (cmd === "template_save") return { ...detail, template: (args as any).template };
    });
    // mockIPC drops invoke's options (the headers): record them on the way in.
    const internals = (window as any).__TAURI_INTERNALS__;
    const mocked = internals.invoke;
    internals.invoke = (cmd: string, args: any, options: any) => {
      calls.push({ cmd, args, options });
      return mocked(cmd, args, options);
    };
    render(Templates);
    await fireEvent.input(screen.getByTestId("import-text"), { target: { value: "安全承诺书\n…" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    const imp = calls.find((c) => c.cmd === "template_import")!;
    // The file goes as the raw body, its name in a header (percent-encoded UTF-8).
    expect(ArrayBuffer.isView(imp.args)).toBe(true);
    expect(new TextDecoder().decode(imp.args)).toBe("安全承诺书\n…");
    expect(decodeURIComponent(imp.options.headers["x-signdesk-file-name"])).toBe("粘贴文本.txt");

    expect((await screen.findByTestId("preview-title")).textContent).toBe("安全承诺书");
    await fireEvent.input(screen.getByTestId("edit-title"), { target: { value: "岗位安全承诺书" } });
    expect(screen.getByTestId("preview-title").textContent).toBe("岗位安全承诺书");
    await fireEvent.input(screen.getByTestId("edit-role-0"), { target: { value: "员工（签字）" } });
    expect(screen.getByTestId("preview-roles").textContent).toContain("员工（签字）");

    await fireEvent.click(screen.getByTestId("editor-save"));
    const save = calls.find((c) => c.cmd === "template_save")!;
    expect(save.args.id).toBe("import-1");
    expect(save.args.template.title).toBe("岗位安全承诺书");
    expect(save.args.template.roles[0].label).toBe("员工（签字）");
    expect((await screen.findByTestId("editor-saved")).textContent).toContain("第 1 版");
  });

  it("blocks saving an invalid edit and shows a Rust refusal", async () => {
    mockIPC((cmd) => {
      if (cmd === "templates_list") return [];
      if (cmd === "template_import") return detail;
      if (cmd === "template_save") throw { kind: "invalid_template", message: "模板无效：标题不能为空" };
    });
    render(Templates);
    await fireEvent.input(screen.getByTestId("import-text"), { target: { value: "x" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    const title = await screen.findByTestId("edit-title");
    await fireEvent.input(title, { target: { value: "" } });
    expect(screen.getByTestId("editor-problems").textContent).toContain("标题不能为空");
    expect((screen.getByTestId("editor-save") as HTMLButtonElement).disabled).toBe(true);
    await fireEvent.input(title, { target: { value: "新标题" } });
    await fireEvent.click(screen.getByTestId("editor-save"));
    expect((await screen.findByTestId("editor-error")).textContent).toContain("模板无效");
  });

  it("shows an import error in Chinese", async () => {
    mockIPC((cmd) => {
      if (cmd === "templates_list") return [];
      throw { kind: "no_agreement", message: "没有找到协议内容" };
    });
    render(Templates);
    await fireEvent.input(screen.getByTestId("import-text"), { target: { value: "随便" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    expect((await screen.findByTestId("import-error")).textContent).toBe("没有找到协议内容");
  });
});

describe("the editor's repairs", () => {
  it("adds and removes a role, promotes a clause to a section and back, and finds doubts", async () => {
    const { newRole, withoutRole, promoteClause, demoteSection, doubtFor } = await import("../src/lib/agreement");
    const t = {
      ...template,
      sections: [
        {
          number: "",
          heading: "",
          blocks: [
            { type: "clause" as const, number: "1、", level: 1, text: "控制指标" },
            { type: "clause" as const, number: "（1）", level: 2, text: "不发生事故。" },
          ],
        },
      ],
      fields: [...template.fields, { key: "pledger_date", label: "日期", kind: "date" as const, original: "日期", fill: "signing_date" as const }],
      doubts: [{ item: "title" as const, key: null, note: "文中没有找到标题" }],
    };
    const org = newRole(t, "organisation");
    expect(org).toMatchObject({ key: "role_2", side: "organisation", signs: "hand", representative: null });
    const two = { ...t, roles: [...t.roles, org] };
    expect(newRole(two, "signer").key).toBe("role_3");
    const back = withoutRole(two, "pledger");
    expect(back.roles.map((r) => r.key)).toEqual(["role_2"]);
    // the removed role's date goes with it
    expect(back.fields.map((f) => f.key)).toEqual(["rate"]);

    const promoted = promoteClause(t, 0, 0);
    expect(promoted.sections).toHaveLength(1);
    expect(promoted.sections[0]).toMatchObject({ number: "1、", heading: "控制指标" });
    expect(promoted.sections[0].blocks).toHaveLength(1);
    const again = promoteClause({ ...t, sections: [{ ...t.sections[0], blocks: [{ type: "paragraph" as const, text: "总则" }, ...t.sections[0].blocks] }] }, 0, 1);
    expect(again.sections.map((s) => s.heading)).toEqual(["", "控制指标"]);
    const demoted = demoteSection(again, 1);
    expect(demoted.sections).toHaveLength(1);
    expect(demoted.sections[0].blocks.map((b) => (b.type === "clause" ? b.number : "¶"))).toEqual(["¶", "1、", "（1）"]);

    expect(doubtFor(t, "title")).toBe("文中没有找到标题");
    expect(doubtFor(t, "copies")).toBeNull();
  });
});

describe("a blank made from selected text", () => {
  it("replaces the selection by a marker and names the field by what precedes it", async () => {
    const { makeBlank } = await import("../src/lib/agreement");
    const t = {
      ...template,
      sections: [{ number: "", heading: "", blocks: [{ type: "paragraph" as const, text: "承诺人工号：E0001，所属营业厅：东街营业厅。" }] }],
    };
    const text = t.sections[0].blocks[0].text;
    const a = text.indexOf("E0001");
    const one = makeBlank(t, 0, 0, a, a + 5);
    expect(one.sections[0].blocks[0].text).toBe("承诺人工号：{{blank_1}}，所属营业厅：东街营业厅。");
    expect(one.fields.at(-1)).toEqual({ key: "blank_1", label: "承诺人工号", kind: "text", original: "E0001", fill: "typed" });
    const b = one.sections[0].blocks[0].text.indexOf("东街营业厅");
    const two = makeBlank(one, 0, 0, b, b + 5);
    expect(two.fields.at(-1)?.key).toBe("blank_2");
    expect(two.fields.at(-1)?.label).toBe("所属营业厅");
    // nothing selected, or a marker inside the selection: unchanged
    expect(makeBlank(t, 0, 0, 3, 3)).toBe(t);
    expect(makeBlank(one, 0, 0, 5, 15)).toBe(one);
  });
});
