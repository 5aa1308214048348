// One category card (why, why not, what is missing, what would change it) and the list of
// benefits with their values and, where documents disagree, the principle that chose one.
import { h } from "./dom.js";
import { t, lang, nameLabel, encoderNote } from "./i18n.js";
import { clauseOf, resolutionOf } from "./graph.js";
import { statusBadge, categoryLabel, benefitLabel, benefitValue, eligibleMembers, listSep } from "./render-words.js";
import { clauseView, traceList, missingItem, wouldChange } from "./render-traces.js";

// -- a category -------------------------------------------------------------------------------

function section(title, cls, ...content) {
  return h("section", { class: `part ${cls}` }, h("h4", {}, title), content);
}

export function categoryView(cat, answer, ctx) {
  const id = `cat-${answer.jurisdiction}-${cat.id}`;
  const card = h("article", { class: `category status-${cat.status}`, id, "aria-labelledby": `${id}-h`, dataset: { category: cat.id, status: cat.status } },
    h("h3", { id: `${id}-h` }, h("span", { class: "label" }, categoryLabel(cat)), " ", statusBadge(cat.status)));
  if (cat.subtypes && cat.subtypes.length) card.append(h("p", { class: "subtypes" }, t("cat.subtypes", { list: cat.subtypes.map(nameLabel).join(listSep()) })));
  const holders = eligibleMembers(cat);
  if (cat.per_member && holders.length) card.append(h("p", { class: "members" }, t("cat.members", { list: holders.map(ctx.memberName).join(listSep()) })));
  if (cat.basis === "deferred") card.append(h("p", { class: "deferred" }, h("strong", {}, t("cat.deferred")), " ", encoderNote(cat.note)));
  if (cat.reason) {
    // as the command line words it (kb.explain.words.reason): 一事一议 by the glossary, other notes by encoder_notes
    const text = [...new Set(cat.reason.split("; ").map((n) => (n.includes("一事一议") ? nameLabel("case_by_case") : encoderNote(n))))].join("; ");
    card.append(h("p", { class: "reason" }, t("cat.reason", { text })));
  }
  if (cat.status === "eligible" && (cat.because || []).length) {
    card.append(section(t("cat.because"), "because", traceList(cat.because, ctx, "because")));
  }
  if (cat.status === "undetermined") {
    if (cat.missing && cat.missing.length) card.append(section(t("cat.missing"), "missing", h("ul", { class: "missing" }, cat.missing.map((m) => missingItem(m, ctx)))));
    if (cat.unknown && cat.unknown.length) card.append(section(t("cat.unknown"), "unknown", traceList(cat.unknown, ctx, "unknown")));
  }
  if (cat.status !== "eligible" && cat.because_not && cat.because_not.length) {
    const body = traceList(cat.because_not, ctx, "because_not", cat.status === "ineligible" ? 3 : 0);
    card.append(section(t("cat.because_not"), "because-not", body));
  }
  if (cat.would_change && cat.would_change.length) card.append(section(t("cat.would_change"), "would", wouldChange(cat.would_change, ctx, [...(cat.because_not || []), ...(cat.unknown || [])])));
  return card;
}

// -- benefits ---------------------------------------------------------------------------------

/** A principle's resolution (its id in the answer's `resolutions`): the alternatives and the one chosen. */
export function resolution(ref, b, ctx) {
  const res = resolutionOf(ctx.answer, ref);
  if (!res) return null;
  const alternatives = res.alternatives.map((a) => h("li", { dataset: { rule: a.rule } }, `${benefitValue(b, a.value)} `,
    a.clause ? clauseView(clauseOf(ctx.answer, a.clause), ctx, { compact: true }) : null));
  return h("div", { class: "resolution" },
    h("p", {}, t("benefit.resolved", { principle: res.principle,
      alternatives: res.alternatives.map((a) => benefitValue(b, a.value, { bare: true })).join(" / "),
      chosen: benefitValue(b, res.chosen, { bare: true }) })),
    clauseView(clauseOf(ctx.answer, res.clause), ctx), h("ul", { class: "alternatives" }, alternatives));
}

export function benefitsView(answer, ctx) {
  if (!answer.benefits || !answer.benefits.length) return h("p", { class: "hint" }, t("benefit.none"));
  const order = { eligible: 0, undetermined: 1, ineligible: 2 };
  const list = [...answer.benefits].sort((a, b) => order[a.status] - order[b.status]);
  return h("ul", { class: "benefits" }, list.map((b) => {
    const item = h("li", { class: `benefit status-${b.status}`, dataset: { benefit: b.id, status: b.status } },
      h("div", { class: "benefit-head" }, h("span", { class: "label" }, benefitLabel(b)), " ", statusBadge(b.status),
        b.status === "eligible" ? h("span", { class: "value" }, benefitValue(b, b.value)) : null));
    const holding = (b.members || []).filter((m) => m.status === "eligible");
    if (holding.length) {
      item.append(h("ul", { class: "benefit-members" }, holding.map((m) => h("li", {},
        t("benefit.members", { member: ctx.memberName(m.member), value: benefitValue(b, m.value) }), resolution(m.resolved_by, b, ctx)))));
    }
    item.append(resolution(b.resolved_by, b, ctx) || "");
    const details = [];
    if (b.because && b.because.length) details.push(section(t("cat.because"), "because", traceList(b.because, ctx, "because", 2)));
    if (b.status === "undetermined" && b.missing && b.missing.length) details.push(section(t("cat.missing"), "missing", h("ul", { class: "missing" }, b.missing.map((m) => missingItem(m, ctx)))));
    if (b.status !== "eligible" && b.because_not && b.because_not.length) details.push(section(t("cat.because_not"), "because-not", traceList(b.because_not, ctx, "because_not", 1)));
    if (details.length) item.append(h("details", { class: "benefit-why", open: b.status === "eligible" && !!b.resolved_by },
      h("summary", {}, lang() === "en" ? "why" : "依据与条件"), details));
    return item;
  }));
}
