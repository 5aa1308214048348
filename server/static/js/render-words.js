// The small pieces of the answer's sentences: status badges, labels of categories and benefits,
// values with their units, what a condition asks for ("低于 低保标准（6600 元）"), benefit values.
// Shared by every part of the answer view (render*.js) and the comparison.
import { h } from "./dom.js";
import { t, lang, factLabel, factSpec, codeLabel, nameLabel, benefitName, FACT_CODE_LIST } from "./i18n.js";

export const CATEGORY_IDS = ["tekun", "dibao", "dibao_bianyuan", "gangxing_zhichu", "jiance", "qita_kunnan"];

export const listSep = () => (lang() === "en" ? ", " : "、");

export function statusBadge(status) {
  return h("span", { class: `badge status-${status}` }, h("span", { "aria-hidden": "true" },
    { eligible: "✓ ", ineligible: "✗ ", undetermined: "? " }[status] || ""), t(`status.${status}`));
}

export function categoryLabel(cat) {
  return lang() === "en" || !cat.label ? nameLabel(cat.id) : cat.label;
}

export function benefitLabel(b) {
  // An answer asked with ?lang=en labels benefits in English already (the glossary's words); one
  // asked in the other language (shown while the page asks again after a switch) has no English label.
  if (lang() === "en") return (b.labels && b.labels.en) || benefitName(b.id);
  return (b.labels && b.labels.zh) || b.label;
}

export function unitOf(fact) {
  const spec = factSpec(fact);
  if (spec && spec.type === "money") return "money";
  if (fact === "age") return "age";
  if (fact && fact.startsWith("months_")) return "months";
  if (fact === "household_size") return "person";
  return null;
}

export function withUnit(value, unit) {
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
export function exprText(expr, fact) {
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

export function number(text, unit) {
  // Thresholds come as exact decimals ("60.00"); only money keeps its two places.
  const shown = unit === "money" ? text : String(text).replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");
  return withUnit(shown, unit);
}

export function opPhrase(op, thresholdText) {
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

export function subject(fact, member, ctx) {
  const label = factLabel(fact);
  if (!member) return label;
  return lang() === "en" ? `${label} of ${ctx.memberName(member)}` : `${ctx.memberName(member)}的${label}`;
}

export function benefitValue(b, value, { bare = false } = {}) {
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

/** The members a category or benefit entry is eligible for (its `members` entries). */
export function eligibleMembers(entry) {
  return (entry.members || []).filter((m) => m && typeof m === "object" && m.status === "eligible").map((m) => m.member);
}
