// Member × category/benefit: who in the household falls in which category and gets which benefit,
// each cell with the member's status, value and the rule (or principle) that decided it.
import { h } from "./dom.js";
import { t, lang } from "./i18n.js";
import { statusBadge, categoryLabel, benefitLabel, benefitValue } from "./render-words.js";
import { traceList, missingItem } from "./render-traces.js";
import { resolution } from "./render-category.js";

/** One cell of the member table: the member's status, the value, and why (the deciding rule and
 *  its clause, or the principle's resolution for that person). */
function personCell(entry, m, b, ctx) {
  if (!m) return h("td", { class: "none" }, "—");
  const why = (m.status === "eligible" ? m.because : m.status === "undetermined" ? [] : m.because_not) || [];
  const how = m.covered_as ? h("div", { class: "small" }, t(m.covered_as === "family" ? "persons.family" : "persons.own")) : null;
  const value = b && m.status === "eligible" && m.value ? h("span", { class: "value" }, benefitValue(b, m.value, { bare: true })) : null;
  const details = [];
  if (m.resolved_by && b) details.push(resolution(m.resolved_by, b, ctx));
  else if (why && why.length) details.push(traceList(why, ctx, m.status === "eligible" ? "because" : "because_not", 1));
  if (m.missing && m.missing.length) details.push(h("ul", { class: "missing" }, m.missing.map((x) => missingItem(x, ctx))));
  return h("td", { class: `status-${m.status}`, dataset: { member: m.member, status: m.status, value: m.value || "" } },
    statusBadge(m.status), " ", value, how,
    details.length ? h("details", { class: "cell-why" }, h("summary", {}, lang() === "en" ? "why" : "依据"), details) : null);
}

/** Member × category/benefit: who in the household falls in which category and gets which benefit. */
export function personsView(answer, ctx) {
  const counted = (answer.membership && answer.membership.counted) || [];
  const cats = answer.categories.filter((c) => Array.isArray(c.members) && c.members.length);
  const bens = (answer.benefits || []).filter((b) => b.per_member && (b.members || []).some((m) => m.status !== "ineligible"));
  if (!counted.length || (!cats.length && !bens.length)) return null;
  const byMember = (entry) => new Map((entry.members || []).map((m) => [m.member, m]));
  const columns = [...cats.map((c) => ({ entry: c, label: categoryLabel(c), b: null })),
    ...bens.map((b) => ({ entry: b, label: benefitLabel(b), b }))].map((col) => ({ ...col, members: byMember(col.entry) }));
  const head = h("tr", {}, h("th", { scope: "col" }, t("persons.member")),
    columns.map((col) => h("th", { scope: "col", dataset: { item: col.entry.id } }, col.label)));
  const rows = counted.map((pid) => h("tr", { dataset: { member: pid } }, h("th", { scope: "row" }, ctx.memberName(pid)),
    columns.map((col) => {
      const cell = personCell(col.entry, col.members.get(pid), col.b, ctx);
      cell.dataset.item = col.entry.id;
      return cell;
    })));
  return h("section", { class: "persons" }, h("h3", {}, t("result.persons")),
    h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": t("persons.caption") },
      h("table", { class: "persons-table" }, h("caption", {}, t("persons.caption")), h("thead", {}, head), h("tbody", {}, rows))));
}
