// The household-wide parts of the answer: who counts as a member, what the documents say about
// overlapping categories, benefit conflicts left open, the income accounting, illustrative parameters.
import { h } from "./dom.js";
import { t, lang, codeLabel, nameLabel } from "./i18n.js";
import { clauseOf } from "./graph.js";
import { listSep, withUnit, unitOf, benefitLabel, benefitValue } from "./render-words.js";
import { clauseView, traceList, missingItem } from "./render-traces.js";

export function conflictsView(answer, ctx) {
  // Resolved conflicts are shown with their benefit (resolution); here only what stays open.
  const conflicts = (answer.conflicts || []).filter((c) => !c.resolution && (c.chosen === null || c.chosen === undefined));
  if (!conflicts.length) return null;
  const benefits = new Map((answer.benefits || []).map((b) => [b.id, b]));
  return h("section", { class: "conflicts" }, h("h3", {}, t("result.conflicts")), h("ul", {}, conflicts.map((c) => {
    const b = benefits.get(c.benefit) || { id: c.benefit, label: c.benefit, kind: "ratio" };
    const options = (c.options || []).map((o) => benefitValue(b, o.value)).join(listSep());
    const text = t("conflict.unresolved", { benefit: benefitLabel(b), options });
    return h("li", {}, (c.member ? `${ctx.memberName(c.member)}：` : "") + text, " ",
      c.clause ? clauseView(clauseOf(answer, c.clause), ctx, { compact: true }) : null);
  })));
}

/** A household (or member) in several categories: what the document says about it (category_overlaps). */
export function overlapsView(answer, ctx) {
  const records = (answer.category_overlaps || []).filter((r) => r && r.kind === "category_overlap");
  if (!records.length) return null;
  return h("section", { class: "overlaps" }, h("h3", {}, t("result.overlaps")), records.map((r) => {
    const note = lang() === "zh" ? r.note_zh || r.note : r.note || r.note_zh;
    return h("div", { class: `overlap overlap-${r.status || "none"}`, dataset: { status: r.status || "" } },
      h("p", {}, note || (r.categories || []).map((c) => ctx.categoryName(c)).join(listSep())),
      r.principle ? h("p", {}, t("overlap.principle", { principle: r.principle })) : null,
      clauseView(clauseOf(answer, r.clause), ctx),
      (r.exclusive || []).map((x) => h("div", { class: "statement" },
        h("p", {}, lang() === "zh" ? x.note_zh || x.note || x.statement : x.note || x.note_zh || x.statement), clauseView(clauseOf(answer, x.clause), ctx))),
      (r.marking || []).map((m) => h("div", { class: "statement" },
        h("p", {}, t("overlap.marking", { category: ctx.categoryName(m.category), with: (m.with || []).map(ctx.categoryName).join(listSep()) })),
        clauseView(clauseOf(answer, m.clause), ctx))));
  }));
}

export function membershipView(answer, ctx) {
  const m = answer.membership;   // an absent list is empty (docs/answer.md)
  const excluded = (m && m.excluded) || [], undecided = (m && m.undecided) || [];
  if (!m || (!excluded.length && !undecided.length)) return null;
  return h("section", { class: "membership" }, h("h3", {}, t("result.membership")),
    h("p", {}, t("mem.counted", { list: (m.counted || []).map(ctx.memberName).join(listSep()) || "—" })),
    excluded.map((e) => h("div", { class: "excluded" }, h("p", {}, t("mem.excluded", { member: ctx.memberName(e.member) })),
      traceList(e.because_not || [], ctx, "because_not", 2))),
    undecided.length ? h("ul", { class: "missing" }, undecided.map((u) => h("li", {},
      t("mem.undecided", { member: ctx.memberName(u.member), missing: "" }),
      h("ul", {}, (u.missing || []).map((x) => missingItem(x, ctx)))))) : null);
}

export function accountingView(answer, ctx) {
  const acc = answer.accounting || {};
  const rows = ["household_size", "annual_income", "per_capita_income", "financial_assets_per_capita"].map((key) => {
    let value;
    if (acc[key] !== undefined && acc[key] !== null) value = withUnit(acc[key], unitOf(key));
    else {
      const missing = (acc.missing || {})[key] || [];
      value = h("span", {}, t("acc.unknown", { missing: "" }), h("span", { class: "missing-inline" },
        missing.map((x, i) => [i ? listSep() : "", missingLink(x, ctx)])));
    }
    return h("tr", {}, h("th", { scope: "row" }, t(`acc.${key}`)), h("td", { class: "num", dataset: { key } }, value));
  });
  const principle = acc.income_principle;
  return h("section", { class: "accounting" }, h("h3", {}, t("result.accounting")), h("table", {}, h("tbody", {}, rows)),
    principle ? h("div", { class: "resolution" }, h("p", {}, t("acc.principle", {
      principle: principle.principle,
      options: principle.options.map((o) => `${accountingOption(o)}${lang() === "en" ? ": " : "："}${withUnit(o.annual_income, "money")}`)
        .join(lang() === "en" ? "; " : "；"),
      chosen: withUnit(principle.chosen, "money"),
    })), clauseView(clauseOf(answer, principle.clause), ctx)) : null);
}

function accountingOption(o) {
  const dept = o.department ? (lang() === "en" ? ` (${o.department_en || o.department})` : `（${o.department}）`) : "";
  return accountingBasis(o) + dept;
}

function accountingBasis(o) {
  if (o.excluded && o.excluded.length) {
    const types = [...new Set(o.excluded.map((x) => codeLabel("incomeType", x.type)))].join(lang() === "en" ? ", " : "、");
    return lang() === "en" ? `without ${types}` : `不计${types}`;
  }
  if (/^all\b/.test(o.accounting || "")) return lang() === "en" ? "all income items" : "计入全部收入项";
  return o.accounting;
}

function missingLink(text, ctx) {
  const li = missingItem(text, ctx);
  return h("span", {}, [...li.childNodes]);
}

export function illustrativeView(answer) {
  const used = (answer.rulebase && answer.rulebase.illustrative_parameters) || [];
  if (!used.length) return null;
  const params = answer.rulebase.parameters || {};
  return h("div", { class: "illustrative", role: "note" }, h("p", {}, h("strong", {}, t("result.illustrative"))),
    h("ul", {}, used.map((name) => {
      const p = params[name] || {};
      const short = name.split(".").pop();
      const unit = /multiplier|age/.test(short) ? null : "money";
      const label = (p.label && p.label[lang()]) || nameLabel(short);
      return h("li", { dataset: { param: name } }, t("result.param", { label, value: withUnit(p.value ?? "?", unit),
        source: p.source_text || t("result.illustrative_source") }));
    })));
}
