import { describe, it, expect, afterEach, vi } from "vitest";
import { render, screen, fireEvent, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import Ceremonies from "../src/routes/Ceremonies.svelte";

const template = {
  title: "部门安全承诺书",
  preamble: [],
  sections: [{ number: "一、", heading: "目标", blocks: [{ type: "clause", number: "1、", level: 1, text: "本部门（{{dept}}）整改率达到{{rate}}%。" }, { type: "clause", number: "2、", level: 1, text: "考核期限为2018年1月1日至2018年12月31日。" }] }],
  closing: [],
  roles: [
    { key: "boss", label: "发约人（签字）", signs: "hand", side: "organisation" },
    { key: "pledger", label: "承诺人（签字）", signs: "hand", side: "signer" },
  ],
  fields: [
    { key: "dept", label: "责任部门", kind: "text", original: "____", fill: "typed" },
    { key: "rate", label: "隐患整改率", kind: "number", original: "XX%", fill: "typed" },
  ],
  copies: 2,
  period: null,
  doubts: [],
};

afterEach(() => {
  cleanup();
  clearMocks();
});

describe("creating a ceremony", () => {
  it("proposes roster columns for blanks, asks for the organisation's signer, and sends what was chosen", async () => {
    let sent: unknown = null;
    mockIPC((cmd, args) => {
      if (cmd === "ceremonies_list") return [];
      if (cmd === "templates_list")
        return [{ id: "p", title: "部门安全承诺书", builtin: false, latest_version: 1, versions: 1, clauses: 1, fields: 2, roles: [], copies: 2 }];
      if (cmd === "template_get") return { id: "p", version: 1, used: false, source_name: "x", created_at: "", template };
      if (cmd === "ceremony_create") {
        sent = (args as { input: unknown }).input;
        throw { kind: "missing_name", message: "请填写发约人（签字）的姓名" };
      }
    });
    render(Ceremonies);
    await fireEvent.click(await screen.findByTestId("ceremony-new"));
    const dept = (await screen.findByTestId("source-dept")) as HTMLSelectElement;
    expect(dept.value).toBe("department");
    expect((screen.getByTestId("source-rate") as HTMLSelectElement).value).toBe("");
    await fireEvent.input(screen.getByLabelText("隐患整改率"), { target: { value: "98" } });
    expect(screen.getByTestId("preview").textContent).toContain("本部门（〔部门〕）整改率达到98%");
    // The seed text still names its own year: the organiser is told before signing starts.
    await fireEvent.input(screen.getByTestId("ceremony-year"), { target: { value: "2027" } });
    expect(screen.getByTestId("stale-years").textContent).toContain("2018");
    await fireEvent.input(screen.getByTestId("ceremony-year"), { target: { value: "2018" } });
    expect(screen.queryByTestId("stale-years")).toBeNull();
    await fireEvent.click(screen.getByTestId("ceremony-create"));
    expect(await screen.findByTestId("create-error")).toHaveProperty("textContent", "请填写发约人（签字）的姓名");
    expect(sent).toMatchObject({ template_id: "p", bindings: { dept: "department" }, values: { rate: "98" }, countersign: "adopt" });
  });

  it("moves the text's years to the ceremony's year as a new template version", async () => {
    let saved: { id: string; template: typeof template } | null = null;
    mockIPC((cmd, args) => {
      if (cmd === "ceremonies_list") return [];
      if (cmd === "templates_list")
        return [{ id: "p", title: "部门安全承诺书", builtin: false, latest_version: 1, versions: 1, clauses: 1, fields: 2, roles: [], copies: 2 }];
      if (cmd === "template_get") return { id: "p", version: 1, used: false, source_name: "x", created_at: "", template };
      if (cmd === "template_save") {
        saved = args as typeof saved;
        return { id: "p", version: 2, used: false, source_name: "x", created_at: "", template: saved!.template };
      }
    });
    render(Ceremonies);
    await fireEvent.click(await screen.findByTestId("ceremony-new"));
    await fireEvent.input(await screen.findByTestId("ceremony-year"), { target: { value: "2027" } });
    await fireEvent.click(screen.getByTestId("update-years"));
    await vi.waitFor(() => expect(screen.queryByTestId("stale-years")).toBeNull());
    expect(saved!.id).toBe("p");
    const clause = saved!.template.sections[0].blocks[1].text;
    expect(clause).toBe("考核期限为2027年1月1日至2027年12月31日。");
    // Nothing else changed: blanks and the other clause are as they were.
    expect(saved!.template.sections[0].blocks[0].text).toBe(template.sections[0].blocks[0].text);
    expect(screen.getByTestId("preview").textContent).toContain("2027年1月1日");
  });
});
