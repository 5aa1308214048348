// Errors shown next to the field they concern (from the client checks or the API's 422 violations),
// with a summary linking to each; a field's visible name; moving the focus to a field.
import { h, clear } from "./dom.js";
import { t, lang } from "./i18n.js";

// -- errors next to fields ------------------------------------------------------------------

export function clearErrors(root) {
  for (const p of root.querySelectorAll(".err")) { p.hidden = true; p.textContent = ""; }
  for (const el of root.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const summary = document.getElementById("error-summary");
  if (summary) { summary.hidden = true; clear(summary); }
}

export function clearError(id) {
  if (!id) return;
  const p = document.getElementById(`${id}-err`);
  if (p && !p.hidden) { p.hidden = true; p.textContent = ""; }
  const el = document.getElementById(id);
  if (el) el.removeAttribute("aria-invalid");
}

/** Show errors [{id, message}] next to their fields and in a summary linking to them. */
export function showErrors(errors, { summaryTitle, general = [] } = {}) {
  const summary = document.getElementById("error-summary");
  const items = [];
  const byId = new Map();
  for (const e of errors) {
    const el = e.id && document.getElementById(e.id);
    const p = el && document.getElementById(`${e.id}-err`);
    if (!el || !p) { general.push(e.message); continue; }
    const list = byId.get(e.id) || [];
    if (!list.includes(e.message)) list.push(e.message);
    byId.set(e.id, list);
  }
  for (const [id, messages] of byId) {
    const el = document.getElementById(id);
    const p = document.getElementById(`${id}-err`);
    const sep = lang() === "en" ? "; " : "；";
    p.textContent = messages.join(sep);
    p.hidden = false;
    el.setAttribute("aria-invalid", "true");
    items.push(h("li", {}, h("a", { href: `#${id}`, onclick: (ev) => { ev.preventDefault(); focusField(id); } },
      `${fieldName(id)}${lang() === "en" ? ": " : "："}${messages.join(sep)}`)));
  }
  for (const message of general) items.push(h("li", {}, message));
  if (!items.length) return;
  clear(summary);
  summary.append(h("h3", {}, summaryTitle || t("err.summary", { n: items.length })), h("ul", {}, items));
  summary.hidden = false;
  summary.focus();
}

/** The visible name of a field: its label (with the member/income item it belongs to). */
export function fieldName(id) {
  const el = document.getElementById(id);
  if (!el) return id;
  let name;
  if (el.tagName === "FIELDSET") name = el.querySelector("legend").textContent;
  else if (el.tagName === "BUTTON") name = el.textContent;
  else {
    const label = document.querySelector(`label[for="${id}"]`);
    name = label ? label.textContent.replace(/\s*\*$/, "") : id;
  }
  const member = el.closest(".member");
  if (member) name = `${member.querySelector("legend").textContent} · ${name}`;
  const income = el.closest(".income");
  if (income) name = `${income.querySelector(".sr-title").textContent} · ${name}`;
  return name;
}

export function focusField(id) {
  const el = document.getElementById(id);
  if (!el) return false;
  for (let d = el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  const target = el.tagName === "FIELDSET" ? el.querySelector("input, select") || el : el;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  return true;
}
