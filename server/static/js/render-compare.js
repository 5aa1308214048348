// The five-jurisdiction comparison: one row per category, a cell per jurisdiction (status, subtypes,
// the clauses that decided it where they differ), the benefits, income against the standard, the ladder.
import { h } from "./dom.js";
import { t, lang, nameLabel, jurisdictionLabel, encoderNote } from "./i18n.js";
import { CATEGORY_IDS, statusBadge, benefitLabel, benefitValue, listSep } from "./render-words.js";
import { clauseView } from "./render-traces.js";

export function compareView(result, ctx, onDetails) {
  const order = result.compared || Object.keys(result.jurisdictions);
  const answers = result.jurisdictions;
  const catIds = [];
  for (const jid of order) for (const c of (answers[jid] && answers[jid].categories) || []) if (!catIds.includes(c.id)) catIds.push(c.id);
  catIds.sort((a, b) => CATEGORY_IDS.indexOf(a) - CATEGORY_IDS.indexOf(b));
  const differs = new Set((result.differences || []).map((d) => d.category));
  const deciding = new Map((result.differences || []).map((d) => [d.category, d.deciding_clauses || {}]));
  // Where the jurisdictions differ, each cell cites the clauses that decided it there.
  const cellClauses = (cid, jid) => {
    const seen = new Set();
    const clauses = ((deciding.get(cid) || {})[jid] || []).filter((c) => {
      const key = `${c.document}:${c.start}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (!clauses.length) return null;
    return h("div", { class: "small cell-clauses" }, clauses.slice(0, 3).map((c) => [clauseView(c, ctx, { compact: true }), " "]));
  };
  const catName = (id) => {
    if (lang() === "en") return nameLabel(id);
    for (const jid of order) {
      const c = answers[jid] && answers[jid].categories.find((x) => x.id === id);
      if (c && c.label) return c.label;
    }
    return nameLabel(id);
  };
  const head = h("tr", {}, h("th", { scope: "col" }, t("compare.category")),
    order.map((jid) => h("th", { scope: "col", dataset: { jurisdiction: jid } }, jurisdictionLabel(jid))));
  const rows = catIds.map((cid) => h("tr", { class: differs.has(cid) ? "differs" : "", dataset: { category: cid } },
    h("th", { scope: "row" }, catName(cid), differs.has(cid)
      ? h("span", { class: "differs-mark", title: t("compare.differs") }, h("span", { "aria-hidden": "true" }, " ≠"),
        h("span", { class: "sr-only" }, `（${t("compare.differs")}）`)) : null),
    order.map((jid) => {
      const cat = answers[jid] && answers[jid].categories.find((x) => x.id === cid);
      if (!cat) return h("td", { class: "none" }, "—");
      return h("td", { class: `status-${cat.status}`, dataset: { jurisdiction: jid, status: cat.status } }, statusBadge(cat.status),
        cat.subtypes && cat.subtypes.length ? h("div", { class: "small" }, cat.subtypes.map(nameLabel).join(listSep())) : null,
        cat.basis === "deferred" ? h("div", { class: "small deferred-mark", title: encoderNote(cat.note) }, lang() === "en" ? "deferred standard" : "按原部门标准") : null,
        cellClauses(cid, jid));
    })));
  const benefitRow = h("tr", {}, h("th", { scope: "row" }, t("compare.benefits")), order.map((jid) => {
    const got = ((answers[jid] && answers[jid].benefits) || []).filter((b) => b.status === "eligible");
    // a benefit given to persons whose members get different values: each member's value
    const perPerson = (b) => (b.per_member && !b.value ? (b.members || []).filter((m) => m.status === "eligible" && m.value)
      .map((m) => `${ctx.memberName(m.member)} ${benefitValue(b, m.value, { bare: true })}`).join(listSep()) : "");
    return h("td", { class: "small" }, got.length ? h("ul", {}, got.map((b) => h("li", {}, benefitLabel(b),
      b.value ? ` ${benefitValue(b, b.value)}` : "", perPerson(b) ? ` (${perPerson(b)})` : ""))) : "—");
  }));
  const incomeRow = h("tr", {}, h("th", { scope: "row" }, t("compare.per_capita")), order.map((jid) => {
    const a = answers[jid];
    const pci = a && a.accounting && a.accounting.per_capita_income;
    const std = a && a.rulebase && a.rulebase.parameters && a.rulebase.parameters[`${jid}.dibao_standard`];
    return h("td", { class: "num" }, `${pci ?? t("unknown")} / ${std ? std.value : "—"}${std && std.illustrative ? "*" : ""}`);
  }));
  const detailRow = h("tr", {}, h("td", {}), order.map((jid) => h("td", {},
    h("button", { type: "button", class: "secondary small-btn", dataset: { jurisdiction: jid },
      onclick: (e) => onDetails(jid, e.currentTarget) }, t("compare.details", { jurisdiction: jurisdictionLabel(jid) })))));
  const illustrative = order.some((jid) => answers[jid] && (answers[jid].rulebase.illustrative_parameters || []).length);
  return h("div", { class: "compare" },
    illustrative ? h("div", { class: "illustrative", role: "note" }, h("p", {}, h("strong", {}, t("compare.illustrative")))) : null,
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("compare.caption") },
      h("table", { class: "compare-table" }, h("caption", {}, t("compare.caption")),
        h("thead", {}, head), h("tbody", {}, rows, benefitRow, incomeRow, detailRow))),
    illustrative ? h("p", { class: "legend small" }, t("compare.legend")) : null,
    h("figure", { class: "ladder" }, h("figcaption", {}, t("compare.ladder")),
      ctx.ladderUrl ? h("img", { src: ctx.ladderUrl, alt: t("compare.ladder"), class: "ladder-img" })
        : h("p", { class: "hint" }, "…")));
}
