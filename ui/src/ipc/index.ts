// The only door from the UI to Rust. Every call goes through `call`, which turns a
// rejected invoke into a typed `IpcFailure` carrying the Rust error's kind and its
// (Chinese) message.
import { invoke } from "@tauri-apps/api/core";
import type {
  AgreementRecord,
  AppInfo,
  IpcError,
  SearchFilters,
  SearchResult,
  SignOutcome,
  SignRequest,
  Template,
  TemplateDetail,
  TemplateSummary,
} from "./bindings";

export * from "./bindings";

export class IpcFailure extends Error {
  constructor(
    public readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

function isIpcError(e: unknown): e is IpcError {
  return typeof e === "object" && e !== null && "kind" in e && "message" in e;
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isIpcError(e)) throw new IpcFailure(e.kind, e.message);
    throw new IpcFailure("ipc", String(e));
  }
}

export const ipc = {
  appInfo: () => call<AppInfo>("app_info"),
  templatesList: () => call<TemplateSummary[]>("templates_list"),
  templateGet: (id: string, version?: number) =>
    call<TemplateDetail>("template_get", { id, version: version ?? null }),
  /** `bytes` are the file's raw bytes; pasted text is sent as UTF-8 `粘贴文本.txt`. */
  templateImport: (fileName: string, bytes: Uint8Array) =>
    call<TemplateDetail>("template_import", { fileName, bytes: Array.from(bytes) }),
  templateSave: (id: string, template: Template) =>
    call<TemplateDetail>("template_save", { id, template }),
  archiveSearch: (filters: SearchFilters) => call<SearchResult>("archive_search", { filters }),
  agreementGet: (id: number) => call<AgreementRecord>("agreement_get", { id }),
  /** The stored PDF's bytes (sent raw, not as JSON). */
  agreementSign: (request: SignRequest) => call<SignOutcome>("agreement_sign", { request }),
  agreementPdf: async (id: number) => new Uint8Array(await call<ArrayBuffer>("agreement_pdf", { id })),
};
