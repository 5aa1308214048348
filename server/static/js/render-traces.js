// Why, in the answer's own derivations: a clause quoted with a link to its document, a rule's
// conditions (holds / fails / unknown, nested derivations folded), the terms still missing (linked
// to the form field that gives them) and what would change the outcome.
// `ctx` supplies what depends on the page: member names, links to form fields, the clause viewer.
import { h } from "./dom.js";
import { t, lang, factSpec, termLabel, nameLabel, jurisdictionLabel } from "./i18n.js";
import { parseMissing } from "./form-terms.js";
import { changesOf, termOf, tracesOf } from "./graph.js";
import { CATEGORY_IDS, formatValue, needPhrase, requirement, subject, number, unitOf, exprText, opPhrase } from "./render-words.js";

const MARK = { true: "✓", false: "✗", null: "?" };
const HOLDS = { true: "holds", false: "fails", null: "unknown" };

// -- clauses --------------------------------------------------------------------------------

export function clauseView(clause, ctx, { compact = false } = {}) {
  if (!clause) return null;
  const button = h("button", { type: "button", class: "clause-link", dataset: { document: clause.document, start: clause.start, end: clause.end },
    "aria-label": `${t("clause.open")}：${jurisdictionLabel(clause.jurisdiction)} ${t("clause.section", { section: clause.section })}`,
    onclick: (e) => ctx.openClause(clause, e.currentTarget) },
  `§${clause.section}`);
  if (compact) return button;
  return h("figure", { class: "clause" },
    h("blockquote", { lang: "zh-CN" }, `「${clause.quote}」`),
    h("figcaption", {}, button));
}

function traceClauses(trace, ctx) {
  return trace.clauses.map((c) => clauseView(c, ctx));
}

// -- conditions -----------------------------------------------------------------------------

function conditionItem(c, ctx, depth) {
  const state = HOLDS[c.holds];
  const parts = [];
  if (c.text) {
    // the API's own words for the condition (?lang=): labels with units, people by position
    parts.push(h("span", { class: "subject" }, c.text));
  } else if (c.fact && c.test) {
    const who = subject(c.fact, c.member, ctx);
    parts.push(h("span", { class: "subject" }, who), lang() === "en" ? ": " : "：",
      h("span", { class: "value" }, c.value === null || c.value === undefined ? t("unknown") : formatValue(c.fact, c.value)),
      lang() === "en" ? "; " : "；", h("span", { class: "need" }, requirement(c)));
  } else if (c.predicate) {
    const negated = /^not\s/.test(c.condition || "");
    const label = c.category ? ctx.categoryName(c.category) : nameLabel(c.predicate);
    let text = c.category ? t(negated ? "wc.not" : "wc.is", { label })
      : negated ? (lang() === "en" ? `not “${label}”` : `并非“${label}”`) : label;
    if (c.member) text = lang() === "en" ? `${ctx.memberName(c.member)}: ${text}` : `${ctx.memberName(c.member)}：${text}`;
    parts.push(h("span", { class: "subject" }, text));
  } else if (c.note) {
    parts.push(h("span", { class: "subject" }, /一事一议/.test(c.note) ? t("cond.case_by_case") : c.note));
  } else {
    parts.push(h("code", {}, c.condition));
  }
  if (c.note && !c.text && (c.fact || c.predicate)) parts.push(h("span", { class: "note" }, ` (${c.note})`));
  // a rule citing several sentences names the one this condition rests on
  if (c.clause) parts.push(" ", clauseView(c.clause, ctx, { compact: true }));
  const item = h("li", { class: `cond cond-${state}` },
    h("span", { class: "mark", "aria-hidden": "true" }, MARK[c.holds]), " ",
    h("span", { class: "sr-only" }, `${t(`cond.${state}`)}${lang() === "en" ? ": " : "："}`), parts);
  if (c.because && c.because.length && depth < 3) {
    item.append(h("details", { class: "nested" }, h("summary", {}, t("cond.see_nested")),
      tracesOf(ctx.answer, c.because).map((tr) => traceView(tr, ctx, tr.holds === true ? "because" : tr.holds === false ? "because_not" : "unknown", depth + 1))));
  }
  return item;
}

function traceView(trace, ctx, mode, depth = 0) {
  let conds;
  if (mode === "because_not") conds = trace.conditions.filter((c) => c.holds === false);
  else if (mode === "unknown") conds = trace.conditions.filter((c) => c.holds === null);
  else conds = trace.conditions.filter((c) => !(c.predicate === "member" || c.predicate === "listed") || c.holds !== true);
  const member = trace.binding && Object.values(trace.binding)[0];
  const head = h("p", { class: "trace-head" },
    ctx.openRule ? h("button", { type: "button", class: "rule-link", dataset: { rule: trace.rule },
      onclick: (e) => ctx.openRule(trace.rule, e.currentTarget) }, t("cat.rule_source")) : null,
    member ? t("cat.rule_for", { member: ctx.memberName(member) }) : null,
    trace.basis === "deferred" ? h("span", { class: "tag" }, lang() === "en" ? " deferred" : " 按原部门标准") : null);
  const view = h("div", { class: `trace trace-${mode}`, dataset: { rule: trace.rule } }, head, traceClauses(trace, ctx),
    h("ul", { class: "conds" }, conds.map((c) => conditionItem(c, ctx, depth))));
  if (mode !== "because") {
    const rest = trace.conditions.filter((c) => !conds.includes(c) && !(c.predicate === "member" || c.predicate === "listed"));
    if (rest.length) {
      view.append(h("details", { class: "other-conds" }, h("summary", {}, lang() === "en" ? "the other conditions of this rule" : "本规则的其他条件"),
        h("ul", { class: "conds" }, rest.map((c) => conditionItem(c, ctx, depth)))));
    }
  }
  return view;
}

/** The derivations `refs` names (trace ids), the nearest to holding first when they do not hold. */
export function traceList(refs, ctx, mode, limit = 3) {
  let traces = tracesOf(ctx.answer, refs);
  const open = (tr) => tr.conditions.filter((c) => c.holds !== true).length;
  if (mode !== "because") traces = [...traces].sort((a, b) => open(a) - open(b));
  const shown = traces.slice(0, limit).map((tr) => traceView(tr, ctx, mode));
  const rest = traces.slice(limit);
  if (rest.length) {
    shown.push(h("details", { class: "more-traces" }, h("summary", {}, t("cat.more_rules", { n: rest.length })),
      rest.map((tr) => traceView(tr, ctx, mode))));
  }
  return shown;
}

// -- missing and would-change -----------------------------------------------------------------

/** One missing term (its id in the answer's `missing`), linked to the form field that gives it. */
export function missingItem(ref, ctx) {
  const { term, node } = parseMissing(termOf(ctx.answer, ref));
  const name = node ? (lang() === "en" ? `${termLabel(term)} of ${ctx.memberName(node)}`
    : `${ctx.memberName(node)}的${termLabel(term)}`) : termLabel(term);
  const id = ctx.fieldIdFor(term, node);
  const label = h("span", { dataset: { term } }, name);
  if (!id) return h("li", {}, label);
  return h("li", {}, h("a", { href: `#${id}`, class: "field-link", dataset: { field: id, term },
    onclick: (e) => { e.preventDefault(); ctx.focusField(id); } }, name));
}

function needsText(change, cond) {
  // A code comparison (劳动能力 == "none") comes as needs "true": say what it must be instead.
  const spec = factSpec(change.fact);
  if (cond && (change.needs === "true" || change.needs === "false") && spec && spec.type !== "boolean") {
    const phrase = needPhrase(cond);
    if (change.needs === "true") return phrase;
    return lang() === "en" ? `not ${phrase}` : `不${phrase}`;
  }
  const parts = String(change.needs).split(/\s+and\s+/).map((part) => {
    if (part === "true") return t("wc.true");
    if (part === "false") return t("wc.false");
    const m = /^(<=|>=|==|!=|<|>)\s+(.+)$/.exec(part);
    if (!m) return part;
    const value = /^-?\d+(\.\d+)?$/.test(m[2]) ? number(m[2], unitOf(change.fact)) : exprText(m[2], change.fact);
    return opPhrase(m[1], value);
  });
  return parts.join(t("wc.and"));
}

function changeItem(change, ctx, cond) {
  if (change.fact) {
    const who = subject(change.fact, change.member, ctx);
    const id = ctx.fieldIdFor(change.term, change.member);
    const subj = id ? h("a", { href: `#${id}`, class: "field-link", dataset: { field: id },
      onclick: (e) => { e.preventDefault(); ctx.focusField(id); } }, who) : who;
    const needs = needsText(change, cond);
    if (change.now === null || change.now === undefined) {
      return h("li", {}, lang() === "en" ? ["give ", subj, `; it needs to be ${needs}`] : ["补充", subj, `，需${needs}`]);
    }
    const now = formatValue(change.fact, change.now);
    return h("li", {}, lang() === "en" ? [subj, ` is now ${now}, needs to be ${needs}`] : [subj, `现为 ${now}，需${needs}`]);
  }
  if (change.predicate) {
    const negated = /^not\s/.test(change.needs);
    const label = CATEGORY_IDS.includes(change.predicate) ? ctx.categoryName(change.predicate) : nameLabel(change.predicate);
    const needs = CATEGORY_IDS.includes(change.predicate) ? t(negated ? "wc.not" : "wc.is", { label })
      : (negated ? (lang() === "en" ? `not “${label}”` : `并非“${label}”`) : label);
    const now = change.now === null || change.now === undefined ? t("unknown")
      : typeof change.now === "boolean" ? (change.now ? t("yes") : t("no"))
        : t(`status.${change.now}`);
    const who = change.member ? `${ctx.memberName(change.member)}${lang() === "en" ? ": " : "："}` : "";
    return h("li", {}, who + t("wc.predicate", { needs, now }));
  }
  const text = change.needs && /一事一议/.test(change.needs) ? t("cond.case_by_case") : change.needs || change.condition;
  return h("li", {}, t("wc.decision", { text }));
}

export function wouldChange(alternatives, ctx, refs, limit = 3) {
  const traces = tracesOf(ctx.answer, refs);
  const condFor = (alt, change) => {
    for (const tr of traces) {
      if (tr.rule !== alt.rule) continue;
      const c = (tr.conditions || []).find((x) => x.fact === change.fact && (x.member || null) === (change.member || null));
      if (c) return c;
    }
    return null;
  };
  const item = (alt) => h("li", { class: "alternative", dataset: { rule: alt.rule } },
    h("ul", {}, alt.changes.map((c) => changeItem(c, ctx, c.fact ? condFor(alt, c) : null))));
  const written = alternatives.map((alt) => changesOf(ctx.answer, alt, CATEGORY_IDS));
  const shown = written.slice(0, limit).map(item);
  const rest = written.slice(limit);
  return h("ol", { class: "would-change" }, shown,
    rest.length ? h("li", { class: "more" }, h("details", {}, h("summary", {}, lang() === "en" ? `${rest.length} more` : `另有 ${rest.length} 种`),
      h("ol", {}, rest.map(item)))) : null);
}
