// The answer is a proof graph (docs/answer.md): clauses, rules, derivations (traces), findings, missing
// terms and principles' resolutions each stated once in a table, referred to by id everywhere else. These are the page's only
// lookups into those tables (the Python readers use kb/explain/graph.py, the same rules).

/** The clause an id names (null for none), with its document and jurisdiction: the answer's own
 *  (`document.file`, `jurisdiction`), which its `clauses` table states once. */
export function clauseOf(answer, ref) {
  const c = ref ? (answer.clauses || {})[ref] : null;
  if (!c) return null;
  return c.document ? c : { ...c, document: (answer.document || {}).file, jurisdiction: answer.jurisdiction };
}

/** The resolution an id names (null for none): {principle, principle_id, picks, clause,
 *  alternatives: [{value, rule, clause}], chosen}, stated once in `resolutions`. */
export function resolutionOf(answer, ref) {
  return (ref && (answer.resolutions || {})[ref]) || null;
}

/** The RDF term a missing-term id names. */
export function termOf(answer, ref) {
  return (answer.missing || {})[ref] || ref;
}


/** What a derived fact was computed from, in full (null when the answer derives no such fact): an
 *  entry that `combines` others (a per-capita figure) gets their items and members joined in. */
export function derivationOf(answer, fact) {
  const table = (answer.accounting || {}).derivations || {};
  const d = fact ? table[fact] : null;
  if (!d || !d.combines) return d || null;
  const joined = {};
  for (const part of d.combines) {
    const { from, combines, ...rest } = derivationOf(answer, part) || {};
    Object.assign(joined, rest);
  }
  return { from: d.from, ...joined };
}


/** The variable a literal's one argument names (kb/explain/graph.py own_of): `age(P) >= 60` -> P. */
function ownOf(c) {
  const m = /^(?:not )?[A-Za-z_][A-Za-z0-9_]*\(([A-Z][A-Za-z0-9_]*)\)/.exec(c.condition || "");
  return m ? m[1] : null;
}

/** The test a literal on a fact reads as: what follows `fact(args) ` (kb/explain/graph.py own_test). */
function ownTest(c) {
  const condition = c.condition || "", fact = c.fact || "";
  if (!fact || !condition.startsWith(fact)) return null;
  let rest = condition.slice(fact.length);
  if (rest.startsWith("(")) { const close = rest.indexOf(")"); rest = close >= 0 ? rest.slice(close + 1) : ""; }
  return rest.startsWith(" ") && rest.length > 1 ? rest.slice(1) : null;
}


const full = new WeakMap();   // answer -> Map(trace id -> the trace in full)

/** A derivation in full: its rule's statement joined with what this application found —
 *  {rule, holds, basis, binding, clauses: [clause], conditions: [condition with its clause]};
 *  a condition's `because` stays a list of trace ids (follow it with tracesOf). */
export function traceOf(answer, ref) {
  if (!full.has(answer)) full.set(answer, new Map());
  const memo = full.get(answer);
  if (memo.has(ref)) return memo.get(ref);
  const t = (answer.traces || {})[ref];
  if (!t) return null;
  const rule = (answer.rules || {})[t.rule] || { basis: "stated", clauses: [], conditions: [] };
  const binding = t.binding || {};
  const table = answer.conditions || {};
  const ruleClauses = rule.condition_clauses || {};
  const findings = answer.findings || {};
  const conditions = t.conditions.map((ref, i) => {
    const found = findings[ref] || {};   // what this application found, stated once in `findings`
    // the rule states its conditions by id (`conditions`, each once) and the clause each rests on
    const stated = { ...(table[rule.conditions[i]] || {}) };
    // when the rule cites several sentences a condition rests on the first unless listed (null: none)
    const own = ruleClauses[i] !== undefined ? ruleClauses[i] : (rule.clauses.length > 1 ? rule.clauses[0] : null);
    if (own) stated.clause = own;
    // a fact's RDF term is stated once per answer (`fact_terms`), unless the condition names another
    if (stated.fact && stated.term === undefined && (answer.fact_terms || {})[stated.fact]) stated.term = answer.fact_terms[stated.fact];
    if (stated.term === null) delete stated.term;
    // a test that is what follows `fact(args) ` in the literal is left out (null: none)
    if (stated.fact && stated.test === undefined) { const t = ownTest(stated); if (t) stated.test = t; }
    if (stated.test === null) delete stated.test;
    // the variable naming the member is left out when it is the literal's one argument (null: none)
    if (stated.of === undefined) stated.of = ownOf(stated);
    const c = {};
    for (const [k, v] of Object.entries(stated)) if (k !== "of") c[k] = v;
    if (stated.of && binding[stated.of] != null) c.member = binding[stated.of];
    for (const [k, v] of Object.entries(found)) {
      if (v === null && k !== "holds" && k !== "value") delete c[k];
      else c[k] = v;
    }
    // what the answer states elsewhere: a predicate that is a category, a derived fact's derivation
    if (c.predicate && (answer.categories || []).some((cat) => cat.id === c.predicate)) c.category = c.predicate;
    const derived = derivationOf(answer, c.fact);
    if (derived) c.derivation = { see: `accounting.derivations.${c.fact}`, excluded_by: derived.excluded_by };
    if (c.clause) c.clause = clauseOf(answer, c.clause);
    return c;
  });
  // a trace states `holds` only where its conditions do not say it (one fails: false; all hold: true; else null)
  const holds = t.holds !== undefined ? t.holds
    : conditions.some((c) => c.holds === false) ? false : conditions.every((c) => c.holds === true) ? true : null;
  const view = { id: ref, rule: t.rule, holds, basis: t.basis || rule.basis || "stated", binding: t.binding,
    clauses: (t.clauses || rule.clauses).map((c) => clauseOf(answer, c)).filter(Boolean), conditions };
  memo.set(ref, view);
  return view;
}

export function tracesOf(answer, refs) {
  return (refs || []).map((r) => traceOf(answer, r)).filter(Boolean);
}

const CATEGORY_STATUS = { true: "eligible", false: "ineligible", null: "undetermined" };

/** A would-change alternative written out: {rule, changes: [{fact, term, member, now, needs} |
 *  {predicate, member, now, needs} | {condition, now, needs}]} — the alternative names its trace
 *  and, per condition position, what it needs; the rest is the trace's (kb/explain/graph.py changes). */
export function changesOf(answer, alt, categoryIds) {
  const tr = traceOf(answer, alt.trace);
  if (!tr) return { rule: null, changes: [] };
  const changes = Object.entries(alt.needs || {}).map(([at, needs]) => {
    const c = tr.conditions[Number(at)] || {};
    const member = c.member || undefined;
    if (c.fact) return { fact: c.fact, term: c.term, member, now: c.value ?? null, needs };
    if (c.predicate) {
      const negated = /^not\s/.test(c.condition || "");
      const holds = c.holds === undefined ? null : c.holds;
      const status = negated ? (holds === null ? null : !holds) : holds;
      return { predicate: c.predicate, member, now: categoryIds.includes(c.predicate) ? CATEGORY_STATUS[status] : status, needs };
    }
    return { condition: c.condition, now: "undecided", needs };
  });
  return { rule: tr.rule, changes };
}
