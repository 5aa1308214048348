// The answer in plain language: categories with why / why not / what is missing / what would
// change it, benefits with values and resolutions, and the five-jurisdiction comparison.
// `ctx` supplies what depends on the page: member names, links to form fields, the clause viewer.
import { h } from "./dom.js";
import { t, lang, factLabel, factSpec, codeLabel, termLabel, nameLabel, jurisdictionLabel, benefitName, FACT_CODE_LIST } from "./i18n.js";
import { parseMissing } from "./form.js";
import { clauseOf, termOf, tracesOf } from "./graph.js";

const CATEGORY_IDS = ["tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan"];
const MARK = { true: "✓", false: "✗", null: "?" };
const HOLDS = { true: "holds", false: "fails", null: "unknown" };

// -- small pieces ---------------------------------------------------------------------------

const listSep = () => (lang() === "en" ? ", " : "、");

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, h("span", { "aria-hidden": "true" },
    { eligible: "✓ ", ineligible: "✗ ", undetermined: "? " }[status] || ""), t(`status.${status}`));
}

function categoryLabel(cat) {
  return lang() === "en" || !cat.label ? nameLabel(cat.id) : cat.label;
}

function benefitLabel(b) {
  // An answer asked with ?lang=en labels benefits in English already (the glossary's words).
  if (lang() === "en") return b.labels ? b.labels.en : benefitName(b.id);
  return (b.labels && b.labels.zh) || b.label;
}

function unitOf(fact) {
  const spec = factSpec(fact);
  if (spec && spec.type === "money") return "money";
  if (fact === "age") return "age";
  if (fact && fact.startsWith("months_")) return "months";
  if (fact === "household_size") return "person";
  return null;
}

function withUnit(value, unit) {
  if (value === null || value === undefined) return t("unknown");
  if (unit === "money") return t("yuan", { v: value });
  if (unit === "months") return t("months", { v: value });
  if (unit === "person") return t("person", { n: value });
  return String(value);
}

export function formatValue(fact, value) {
  if (value === null || value === undefined) return t("unknown");
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  if (fact === "disability_grade") return value === "none" ? t("opt.no_disability") : t("opt.grade", { g: value });
  const list = FACT_CODE_LIST[fact];
  if (Array.isArray(value)) {
    if (!value.length) return fact === "problem" ? codeLabel("problem", "none") : "—";
    return value.map((v) => (list ? codeLabel(list, v) : v)).join(lang() === "en" ? ", " : "、");
  }
  if (list) return codeLabel(list, value);
  return withUnit(value, unitOf(fact));
}

/** "bianyuan_multiplier * dibao_standard" -> "低保边缘倍数 × 低保标准"; '"none"' -> the code's label. */
function exprText(expr, fact) {
  const list = FACT_CODE_LIST[fact];
  return expr.split(/(\s+|\*|\+|-(?=\s))/).map((tok) => {
    if (tok === "*") return "×";
    const str = /^"(.*)"$/.exec(tok);
    if (str) return list ? `“${codeLabel(list, str[1])}”` : `“${str[1]}”`;
    if (/^[a-z_][a-z0-9_]*$/.test(tok)) return factSpec(tok) ? factLabel(tok) : nameLabel(tok);
    return tok;
  }).join("");
}

const NEGATE = { "<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "==" };

function number(text, unit) {
  // Thresholds come as exact decimals ("60.00"); only money keeps its two places.
  const shown = unit === "money" ? text : String(text).replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");
  return withUnit(shown, unit);
}

function opPhrase(op, thresholdText) {
  const word = t(`op.${op}`);
  if (!word) return thresholdText;
  return /^[“"]/.test(thresholdText) && lang() === "zh" ? `${word}${thresholdText}` : `${word} ${thresholdText}`;
}

/** What a condition asks for, as a phrase: "低于 低保标准（6600 元）", "为“无劳动能力”", "为“否”". */
export function needPhrase(c) {
  const negatedText = /^not\s/.test(c.condition || "");
  let test = c.test || "";
  if (test === "is false") return t("wc.false");
  if (test === "is true") return negatedText ? t("wc.false") : t("wc.true");
  // A negated comparison reads "not < x (n)"; older answers only said "not" in the condition text.
  let negated = negatedText;
  if (/^not\s/.test(test)) { negated = true; test = test.replace(/^not\s+/, ""); }
  const inc = /^includes\s+(.+)$/.exec(test);
  if (inc) {
    const label = FACT_CODE_LIST[c.fact] ? codeLabel(FACT_CODE_LIST[c.fact], inc[1]) : inc[1];
    if (lang() === "en") return `${negated ? "without" : "including"} “${label}”`;
    return `${negated ? "不包括" : "包括"}“${label}”`;
  }
  const m = /^(<=|>=|==|!=|<|>)\s+(.+?)(?:\s+\(([^()]*)\))?$/.exec(test);
  if (!m) return test;
  const op = negated ? NEGATE[m[1]] : m[1];
  const unit = unitOf(c.fact);
  let threshold;
  if (/^-?\d+(\.\d+)?$/.test(m[2])) threshold = number(m[2], unit);
  else {
    threshold = exprText(m[2], c.fact);
    if (m[3] !== undefined) threshold += lang() === "en" ? ` (${number(m[3], unit)})` : `（${number(m[3], unit)}）`;
  }
  return opPhrase(op, threshold);
}

/** The requirement of a condition in words: "要求低于 低保标准（6600 元）". */
export function requirement(c) {
  const phrase = needPhrase(c);
  if (lang() === "en" && /^(including|without) /.test(phrase)) {
    return phrase.startsWith("including") ? `needs to include ${phrase.slice(10)}` : `must not include ${phrase.slice(8)}`;
  }
  return t("cond.needs", { need: phrase });
}

function subject(fact, member, ctx) {
  const label = factLabel(fact);
  if (!member) return label;
  return lang() === "en" ? `${label} of ${ctx.memberName(member)}` : `${ctx.memberName(member)}的${label}`;
}

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
function traceList(refs, ctx, mode, limit = 3) {
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

function wouldChange(alternatives, ctx, refs, limit = 3) {
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
  const shown = alternatives.slice(0, limit).map(item);
  const rest = alternatives.slice(limit);
  return h("ol", { class: "would-change" }, shown,
    rest.length ? h("li", { class: "more" }, h("details", {}, h("summary", {}, lang() === "en" ? `${rest.length} more` : `另有 ${rest.length} 种`),
      h("ol", {}, rest.map(item)))) : null);
}

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
  if (cat.basis === "deferred") card.append(h("p", { class: "deferred" }, h("strong", {}, t("cat.deferred")), " ", cat.note || ""));
  if (cat.reason) card.append(h("p", { class: "reason" }, t("cat.reason", { text: cat.reason })));
  if (cat.status === "eligible" && cat.because.length) {
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

// -- benefits, conflicts, membership, accounting ----------------------------------------------

function benefitValue(b, value, { bare = false } = {}) {
  if (value === null || value === undefined) return b.kind === "flag" && b.status === "eligible" ? t("benefit.flag") : "—";
  if (b.kind === "ratio") {
    // An exact decimal ratio ("0.70") as a percentage, without binary floating point.
    const m = /^(\d+)(?:\.(\d+))?$/.exec(String(value));
    let pct = String(value);
    if (m) {
      const digits = (m[2] || "").padEnd(2, "0");
      const whole = String(Number(m[1]) * 100 + Number(digits.slice(0, 2)));
      const rest = digits.slice(2).replace(/0+$/, "");
      pct = rest ? `${whole}.${rest}` : whole;
    }
    return bare ? `${pct}%` : t("benefit.ratio", { pct: `${pct}%` });
  }
  if (b.kind === "amount") return t("benefit.amount", { amount: value });
  return String(value);
}

function resolution(res, b, ctx) {
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

/** The members a category or benefit entry is eligible for (its `members` entries). */
function eligibleMembers(entry) {
  return (entry.members || []).filter((m) => m && typeof m === "object" && m.status === "eligible").map((m) => m.member);
}

/** One cell of the member table: the member's status, the value, and why (the deciding rule and
 *  its clause, or the principle's resolution for that person). */
function personCell(entry, m, b, ctx) {
  if (!m) return h("td", { class: "none" }, "—");
  const why = m.status === "eligible" ? m.because : m.status === "undetermined" ? [] : m.because_not;
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
function personsView(answer, ctx) {
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

function conflictsView(answer, ctx) {
  // Resolved conflicts are shown with their benefit (resolution); here only what stays open.
  const conflicts = (answer.conflicts || []).filter((c) => c.chosen === null || c.chosen === undefined);
  if (!conflicts.length) return null;
  const benefits = new Map((answer.benefits || []).map((b) => [b.id, b]));
  return h("section", { class: "conflicts" }, h("h3", {}, t("result.conflicts")), h("ul", {}, conflicts.map((c) => {
    const b = benefits.get(c.benefit) || { id: c.benefit, label: c.benefit, kind: "ratio" };
    const options = c.options.map((o) => benefitValue(b, o.value)).join(listSep());
    const text = t("conflict.unresolved", { benefit: benefitLabel(b), options });
    return h("li", {}, (c.member ? `${ctx.memberName(c.member)}：` : "") + text, " ",
      c.clause ? clauseView(clauseOf(answer, c.clause), ctx, { compact: true }) : null);
  })));
}

/** A household (or member) in several categories: what the document says about it (category_overlaps). */
function overlapsView(answer, ctx) {
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

function membershipView(answer, ctx) {
  const m = answer.membership;
  if (!m || (!m.excluded.length && !m.undecided.length)) return null;
  return h("section", { class: "membership" }, h("h3", {}, t("result.membership")),
    h("p", {}, t("mem.counted", { list: m.counted.map(ctx.memberName).join(listSep()) || "—" })),
    m.excluded.map((e) => h("div", { class: "excluded" }, h("p", {}, t("mem.excluded", { member: ctx.memberName(e.member) })),
      traceList(e.because_not || [], ctx, "because_not", 2))),
    m.undecided.length ? h("ul", { class: "missing" }, m.undecided.map((u) => h("li", {},
      t("mem.undecided", { member: ctx.memberName(u.member), missing: "" }),
      h("ul", {}, u.missing.map((x) => missingItem(x, ctx)))))) : null);
}

function accountingView(answer, ctx) {
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

function illustrativeView(answer) {
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

// -- the whole answer ---------------------------------------------------------------------------

/** Summary first: one line per category (status and its one-sentence reason) and per person. */
function summaryView(answer, categories, ctx) {
  const lines = categories.map((c) => h("li", { class: `summary-line status-${c.status}`, dataset: { category: c.id } },
    statusBadge(c.status), " ",
    h("a", { href: `#cat-${answer.jurisdiction}-${c.id}`, onclick: (e) => { e.preventDefault(); openCategory(answer, c.id); } },
      categoryLabel(c)),
    c.subtypes && c.subtypes.length ? h("span", { class: "small" }, ` ${c.subtypes.map(nameLabel).join(listSep())}`) : null,
    c.explanation ? h("span", { class: "why" }, ` ${c.explanation[lang()] || ""}`) : null));
  const people = Object.keys(answer.member_labels || {}).map((pid) => {
    const cats = categories.filter((c) => eligibleMembers(c).includes(pid)).map((c) => categoryLabel(c));
    return h("li", { dataset: { member: pid } }, cats.length
      ? t("result.person_in", { member: ctx.memberName(pid), list: cats.join(listSep()) })
      : t("result.person_none", { member: ctx.memberName(pid) }));
  });
  return h("section", { class: "summary-part" }, h("h3", {}, t("result.summary")),
    h("ul", { class: "summary", "aria-label": t("result.categories") }, lines),
    people.length ? h("div", { class: "people-part" }, h("h4", {}, t("result.people")), h("ul", { class: "people" }, people)) : null);
}

function openCategory(answer, id) {
  const card = document.getElementById(`cat-${answer.jurisdiction}-${id}`);
  if (!card) return;
  for (let d = card.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  const own = card.querySelector(":scope > details");
  if (own) own.open = true;
  card.scrollIntoView({ block: "start" });
}

/** What to ask next: each question links to (and the page highlights) the field that answers it. */
function questionsView(answer, ctx) {
  const questions = answer.questions || [];
  if (!questions.length) return null;
  return h("section", { class: "questions-part", role: "note" }, h("h3", {}, t("result.questions")),
    h("ol", { class: "questions" }, questions.map((q) => {
      const id = ctx.fieldIdFor(q.term, q.member);
      const text = (q.text && q.text[lang()]) || q.term;
      return h("li", { dataset: { term: q.term, decides: q.decides.join(" ") } }, id
        ? h("a", { href: `#${id}`, class: "field-link", dataset: { field: id },
          onclick: (e) => { e.preventDefault(); ctx.focusField(id); } }, text) : text);
    })));
}

export function answerView(answer, ctx, { headingLevel = 2 } = {}) {
  const categories = [...answer.categories].sort((a, b) => {
    const ia = CATEGORY_IDS.indexOf(a.id); const ib = CATEGORY_IDS.indexOf(b.id);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  const names = new Map(answer.categories.map((c) => [c.id, categoryLabel(c)]));
  const people = answer.member_labels || {};
  const local = { ...ctx, answer, categoryName: (id) => names.get(id) || nameLabel(id),
    memberName: (iri) => (people[iri] && people[iri][lang()]) || ctx.memberName(iri) };
  const heading = h(`h${headingLevel}`, { class: "answer-title" },
    h("span", {}, jurisdictionLabel(answer.jurisdiction)), " · ",
    h("span", { class: "nowrap" }, t("result.date", { date: answer.assessment_date })));
  const notice = ctx.openNotice ? h("button", { type: "button", class: "secondary notice-btn", title: t("result.notice.hint"),
    onclick: () => ctx.openNotice(answer) }, t("result.notice")) : null;
  return h("div", { class: "answer", dataset: { jurisdiction: answer.jurisdiction } },
    heading,
    h("p", { class: "meta" }, t("result.rulebase", { version: answer.rulebase.version }), " ", notice),
    illustrativeView(answer),
    summaryView(answer, categories, local),
    questionsView(answer, local),
    personsView(answer, local),
    h("details", { class: "answer-details" }, h("summary", {}, t("result.details")),
      membershipView(answer, local),
      overlapsView(answer, local),
      h("section", { class: "categories" }, h("h3", { class: "sr-only" }, t("result.categories")),
        categories.map((c) => foldedCategory(c, answer, local))),
      h("section", { class: "benefits-part" }, h("h3", {}, t("result.benefits")), benefitsView(answer, local)),
      conflictsView(answer, local),
      accountingView(answer, local)));
}

/** A category card whose reasons are folded under its heading line. */
function foldedCategory(cat, answer, ctx) {
  const card = categoryView(cat, answer, ctx);
  const head = card.querySelector("h3");
  const body = [...card.childNodes].filter((n) => n !== head);
  const details = h("details", {}, h("summary", {}, t("result.details")), body);
  card.append(details);
  return card;
}

// -- the comparison -----------------------------------------------------------------------------

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
        cat.basis === "deferred" ? h("div", { class: "small deferred-mark", title: cat.note || "" }, lang() === "en" ? "deferred standard" : "按原部门标准") : null,
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
