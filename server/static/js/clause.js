// The document viewer: a modal dialog with the full text of a policy document and the cited
// sentence highlighted at its code-point offsets [start, end).
import { h, clear, cpSlice } from "./dom.js";
import { t, jurisdictionLabel } from "./i18n.js";
import * as api from "./api.js";

let opener = null;
let shown = 0;   // the latest request wins when several are opened quickly

function dialog() { return document.getElementById("doc-dialog"); }

export function setupDialog() {
  const dlg = dialog();
  dlg.querySelector(".close").addEventListener("click", () => dlg.close());
  dlg.addEventListener("close", () => {
    if (opener && document.contains(opener)) opener.focus();
    opener = null;
  });
  // A click on the backdrop (outside the dialog box) closes it too.
  dlg.addEventListener("click", (e) => { if (e.target === dlg) dlg.close(); });
}

/** Split the text around [start, end) (code points); falls back to the quote's first occurrence. */
export function locate(text, clause) {
  const cps = Array.from(text);
  let { start, end } = clause;
  let exact = cps.slice(start, end).join("") === clause.quote;
  if (!exact && clause.quote) {
    const at = text.indexOf(clause.quote);
    if (at >= 0) {
      start = Array.from(text.slice(0, at)).length;
      end = start + Array.from(clause.quote).length;
    }
  }
  return {
    exact,
    before: cps.slice(0, start).join(""),
    quote: cps.slice(start, end).join(""),
    after: cps.slice(end).join(""),
    start, end,
  };
}

export async function openClause(clause, from) {
  opener = from || document.activeElement;
  const dlg = dialog();
  const title = dlg.querySelector("#doc-title");
  const meta = dlg.querySelector("#doc-meta");
  const body = dlg.querySelector("#doc-text");
  title.textContent = t("doc.heading", { title: jurisdictionLabel(clause.jurisdiction) });
  clear(meta).append(`${clause.document} · ${t("clause.section", { section: clause.section })} · `
    + t("doc.quote", { start: clause.start, end: clause.end }));
  clear(body).append(h("p", { class: "loading" }, t("doc.loading")));
  if (!dlg.open) dlg.showModal();
  const mine = ++shown;
  let doc;
  try {
    doc = await api.documentText(clause.document);
    if (mine !== shown) return;
  } catch (err) {
    if (mine !== shown) return;
    clear(body).append(h("p", { class: "error" }, t("doc.failed", { why: err.message })),
      h("blockquote", {}, h("mark", { id: "doc-highlight" }, clause.quote)));
    return;
  }
  if (doc.title) title.textContent = doc.title;
  const part = locate(doc.text, clause);
  const mark = h("mark", { id: "doc-highlight", tabindex: "-1", dataset: { start: part.start, end: part.end } }, part.quote);
  clear(body).append(h("div", { class: "doc-body", lang: "zh-CN" }, part.before, mark, part.after));
  mark.scrollIntoView({ block: "center" });
}

/** The DSL source of a rule (GET /api/v1/rules/<id>) in the same dialog. */
export async function openRule(id, from) {
  opener = from || document.activeElement;
  const dlg = dialog();
  const title = dlg.querySelector("#doc-title");
  const meta = dlg.querySelector("#doc-meta");
  const body = dlg.querySelector("#doc-text");
  title.textContent = `${t("rule.source")} · ${id}`;
  clear(meta);
  clear(body).append(h("p", { class: "loading" }, t("doc.loading")));
  if (!dlg.open) dlg.showModal();
  const mine = ++shown;
  try {
    const rule = await api.rule(id);
    if (mine !== shown) return;
    meta.append(`${rule.file}:${rule.line}`);
    clear(body).append(h("pre", { class: "rule-source", lang: "zh-CN" }, rule.source));
  } catch (err) {
    if (mine === shown) clear(body).append(h("p", { class: "error" }, err.message));
  }
}

export { cpSlice };
