// Chinese first; English as the second locale. The choice is remembered per machine.
import { zhCN, type MessageKey } from "./zh-CN";
import { en } from "./en";

export type Locale = "zh-CN" | "en";
const tables: Record<Locale, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

function initial(): Locale {
  try {
    return localStorage.getItem("signdesk.locale") === "en" ? "en" : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

export const i18n = $state({ locale: initial() as Locale });

/** The message for `key` in the current locale, with `{name}` placeholders filled. */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return tables[i18n.locale][key].replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? `{${k}}`));
}

export function setLocale(locale: Locale) {
  i18n.locale = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem("signdesk.locale", locale);
  } catch {
    /* storage unavailable: the choice lasts for this session */
  }
}
