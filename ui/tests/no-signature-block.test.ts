// A template whose signature block detection did not find (issue 24: no signer is
// invented): the editor says so at the top, offers the text's last lines, and a click
// makes roles from the line — which roles is Rust's answer (mocked here).
import { describe, it, expect, afterEach } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Templates from "../src/routes/Templates.svelte";
import { lastLines, withRolesFromLine, hasSigner } from "../src/lib/signature-lines";
import type { Role, Template, TemplateDetail } from "../src/ipc";

const template: Template = {
  title: "食堂食品安全责任书",
  preamble: [],
  sections: [
    {
      number: "一、",
      heading: "责任",
      blocks: [
        { type: "clause", number: "1、", level: 1, text: "严格执行食品留样制度。" },
        { type: "paragraph", text: "本责任书一式两份。\n联系电话：{{phone}}" },
      ],
    },
  ],
  closing: ["部门负责人(签字) 员工(签字)", "二〇二七年一月"],
  roles: [],
  fields: [{ key: "phone", label: "联系电话", kind: "text", original: "____", fill: "typed" }],
  copies: 2,
  period: null,
  doubts: [],
  scheme: null,
};
const detail: TemplateDetail = {
  id: "import-1", version: 1, used: false, source_name: "粘贴文本.txt", created_at: "2027-01-05", template,
};
const twoRoles: Role[] = [
  { key: "head", label: "部门负责人(签字)", signs: "hand", side: "organisation", representative: null },
  { key: "employee", label: "员工(签字)", signs: "hand", side: "signer", representative: null },
];

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("the text's last lines", () => {
  it("are the closing lines, then the last section's, in reading order", () => {
    expect(lastLines(template).map((l) => l.text)).toEqual([
      "严格执行食品留样制度。",
      "本责任书一式两份。",
      "联系电话：{{phone}}",
      "部门负责人(签字) 员工(签字)",
      "二〇二七年一月",
    ]);
    expect(lastLines(template, 2).map((l) => l.text)).toEqual(["部门负责人(签字) 员工(签字)", "二〇二七年一月"]);
  });

  it("a picked line leaves the text, its roles join, and a blank only on it goes", () => {
    const lines = lastLines(template);
    const closing = withRolesFromLine(template, lines[3], twoRoles);
    expect(closing.closing).toEqual(["二〇二七年一月"]);
    expect(closing.roles.map((r) => r.label)).toEqual(["部门负责人(签字)", "员工(签字)"]);
    expect(closing.fields.map((f) => f.key)).toEqual(["phone"]);
    expect(hasSigner(closing)).toBe(true);
    expect(hasSigner(template)).toBe(false);

    const phone: Role[] = [{ ...twoRoles[1], key: "signer", label: "联系电话" }];
    const inBlock = withRolesFromLine(template, lines[2], phone);
    expect(inBlock.sections[0].blocks[1]).toEqual({ type: "paragraph", text: "本责任书一式两份。" });
    expect(inBlock.fields).toEqual([]);
    const whole = withRolesFromLine(template, lines[0], phone);
    expect(whole.sections[0].blocks).toHaveLength(1);
  });
});

describe("the editor without a signature block", () => {
  it("says so, offers the last lines, makes roles from the clicked one and saves", async () => {
    const asked: any[] = [];
    const saves: any[] = [];
    mockIPC((cmd, args: any) => {
      if (cmd === "templates_list") return [];
      if (cmd === "template_import") return detail;
      if (cmd === "template_roles_from_line") {
        asked.push(args);
        return args.line === "二〇二七年一月" ? [] : twoRoles;
      }
      if (cmd === "template_save") {
        saves.push(args.template);
        if (!args.template.roles.some((r: Role) => r.side === "signer")) {
          throw { kind: "no_roles", message: "模板没有签字栏：请先添加签约人角色（谁在协议上签字）" };
        }
        return { ...detail, template: args.template };
      }
    });
    render(Templates);
    await fireEvent.input(screen.getByTestId("import-text"), { target: { value: "食堂食品安全责任书\n…" } });
    await fireEvent.click(screen.getByTestId("import-submit"));

    expect((await screen.findByTestId("no-signature-block-title")).textContent).toBe("没有找到签字栏");
    expect(screen.getByTestId("sig-line-3").textContent).toBe("部门负责人(签字) 员工(签字)");

    // Saving now is Rust's to refuse, and the editor shows why.
    await fireEvent.click(screen.getByTestId("editor-save"));
    expect((await screen.findByTestId("editor-error")).textContent).toContain("请先添加签约人角色");

    // A line that names nobody: told so, nothing added.
    await fireEvent.click(screen.getByTestId("sig-line-4"));
    expect((await screen.findByTestId("sig-line-note")).textContent).toContain("没有找到签字人");

    await fireEvent.click(screen.getByTestId("sig-line-3"));
    await screen.findByTestId("edit-role-1");
    expect(asked.at(-1)).toEqual({ line: "部门负责人(签字) 员工(签字)", taken: [] });
    expect(screen.getByTestId("preview-roles").textContent).toContain("员工(签字)");
    expect(screen.queryByTestId("no-signature-block")).toBeNull();
    expect(screen.queryByTestId("editor-error")).toBeNull();
    expect((screen.getByTestId("edit-role-1") as HTMLInputElement).value).toBe("员工(签字)");

    await fireEvent.click(screen.getByTestId("editor-save"));
    expect((await screen.findByTestId("editor-saved")).textContent).toContain("第 1 版");
    expect(saves.at(-1).roles.map((r: Role) => r.key)).toEqual(["head", "employee"]);
    expect(saves.at(-1).closing).toEqual(["二〇二七年一月"]);
  });

  it("names the missing side when only the organisation signs", async () => {
    mockIPC((cmd) => {
      if (cmd === "templates_list") return [];
      if (cmd === "template_import") return { ...detail, template: { ...template, roles: [twoRoles[0]] } };
    });
    render(Templates);
    await fireEvent.input(screen.getByTestId("import-text"), { target: { value: "x" } });
    await fireEvent.click(screen.getByTestId("import-submit"));
    expect((await screen.findByTestId("no-signature-block-title")).textContent).toBe("还没有签约方的签字栏");
  });

  it("marks a template without roles in the list", async () => {
    mockIPC((cmd) => {
      if (cmd === "templates_list")
        return [{ id: "import-1", title: "食堂食品安全责任书", builtin: false, latest_version: 1, versions: 1, clauses: 1, fields: 0, roles: [], copies: 2 }];
    });
    render(Templates);
    expect((await screen.findByTestId("template-list")).textContent).toContain("没有签字栏");
  });
});
