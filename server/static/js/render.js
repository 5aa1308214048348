// The answer in plain language, summary first: one line per category and per person, the questions
// to ask next, the member table, then (folded) the category cards, benefits and household-wide parts.
// The pieces live in render-*.js; the comparison of the five is render-compare.js.
// `ctx` supplies what depends on the page: member names, links to form fields, the clause viewer.
import { h } from "./dom.js";
import { t, lang, nameLabel, jurisdictionLabel } from "./i18n.js";
import { CATEGORY_IDS, statusBadge, categoryLabel, eligibleMembers, listSep } from "./render-words.js";
import { categoryView, benefitsView } from "./render-category.js";
import { personsView } from "./render-persons.js";
import { membershipView, overlapsView, conflictsView, accountingView, illustrativeView } from "./render-household.js";

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
