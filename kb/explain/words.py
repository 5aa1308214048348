"""An answer's structured pieces in the words a caseworker uses, zh or en.

"per_capita_income = 7000.00  < dibao_standard (8400)" becomes "家庭人均年收入 7000.00 元 <
低保标准 8400 元/人·年"; "_:household1-member3" becomes "成员3（子女）"; codes are told by their
vocabulary labels, statuses by the glossary's words. Only the answer itself is read (its
`member_labels` and `rulebase.parameters`), so the CLI, the API, the notice and the page's
server-side texts all say the same.
"""
from __future__ import annotations

import re

from kb.core.facts import ALL_FACTS, MONEY
from kb.explain.types import Answer, Change, Clause, Condition, Parameter, Text, given
from kb.explain.glossary import code_label, encoder_note, entry_label, term_label, unit_text, vocabulary_labels, word

SYMBOL = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
NEGATE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_TEST = re.compile(r"^(not )?(<=|>=|==|!=|<|>) (.+?)(?: \(([^()]*)\))?$")
_MISSING_OF = re.compile(r"^(\S+) of <(.+)>$")
_PARAM_MISSING = re.compile(r"^parameter (\w+)\.(\w+) \(no value in force on ([\d-]+)\)$")
_TERM = re.compile(r"\b(?:bg|cv):[A-Za-z]+")
_TERM_AFTER_WORDS = re.compile(r"\s?[（(](?:bg|cv):[A-Za-z]+[）)]")
_NAME = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
# per-capita money figures are per person and year; the rest of the money facts are yuan
_FACT_UNIT = {"per_capita_income": "yuan_per_person_year", "financial_assets_per_capita": "yuan_per_person",
              "age": "age", "household_size": "persons", "months_since_dibao_denial": "months",
              "months_since_exit": "months"}


class Words:
    """The words of one answer in one language."""

    def __init__(self, answer: Answer | None, lang: str = "zh"):
        """The words of `answer` (None: words told without an answer, e.g. of an analysis)."""
        self.answer = answer      # the references of its views (kb.explain.graph) are followed in it
        self.lang = lang if lang in ("zh", "en") else "zh"
        self.jurisdiction = answer.jurisdiction if answer else ""
        self.jurisdiction_zh = given(answer.jurisdiction_label) if answer else None
        self.jurisdiction_names = given(answer.jurisdiction_names) if answer else None
        self.members = (answer.member_labels or {}) if answer else {}
        self.params = (answer.rulebase.parameters or {}) if answer else {}
        self.category_labels = {c.id: c.label for c in answer.categories} if answer else {}
        self.benefit_labels = {b.id: b.label for b in answer.benefits} if answer else {}
        self._param_names: frozenset[str] | None = None   # the parameters' names, once asked

    @staticmethod
    def member_word(lang: str, n: int, relation: str | None = None) -> str:
        return word("member_relation", lang, n=n, relation=relation) if relation else word("member", lang, n=n)

    def jurisdiction_name(self) -> str:
        names = self.jurisdiction_names or place_names().get(self.jurisdiction)
        if isinstance(names, Text):
            names = {"zh": names.zh, "en": names.en}
        return (names or {}).get(self.lang) or self.jurisdiction_zh or self.jurisdiction

    # -- names ---------------------------------------------------------------------------
    def w(self, key: str, **values) -> str:
        return word(key, self.lang, **values)

    def status(self, status: str | None) -> str:
        return entry_label("status", status or "undetermined", self.lang)

    def member(self, pid: str | None) -> str:
        if not pid:
            return ""
        label = self.members.get(pid)
        return (getattr(label, self.lang) if label else None) or self.w("person")

    def category(self, cid: str) -> str:
        zh = self.category_labels.get(cid)
        return entry_label("categories", cid, self.lang, zh) if self.lang == "en" or not zh else zh

    def category_short(self, cid: str) -> str:
        return entry_label("categories", cid, f"short_{self.lang}", self.category(cid))

    def benefit(self, bid: str) -> str:
        zh = self.benefit_labels.get(bid)
        return entry_label("benefits", bid, self.lang, zh) if self.lang == "en" or not zh else zh

    def subtype(self, sid: str) -> str:
        return entry_label("subtypes", sid, self.lang)

    def name(self, name: str) -> str:
        """Any identifier an expression or condition may use, as words."""
        if name in ALL_FACTS:
            spec = ALL_FACTS[name]
            return spec.label_zh if self.lang == "zh" else spec.label_en
        for section in ("parameters", "categories", "helpers", "subtypes", "benefits"):
            label = entry_label(section, name, self.lang, "")
            if label:
                return label
        return name if self.lang == "en" else name.replace("_", " ")

    def category_or_name(self, rule_name: str) -> str:
        """A rule's name ("dibao_income", "tekun_elderly") by the category or helper it begins with."""
        for known in sorted(_known_names(), key=len, reverse=True):
            if rule_name == known or rule_name.startswith(known + "_"):
                return self.name(known)
        return self.w("rule")

    def parameter(self, name: str) -> str:
        return entry_label("parameters", name, self.lang, self.name(name))

    def fact(self, fact: str, member: str | None = None) -> str:
        what = self.name(fact)
        return self.w("of", who=self.member(member), what=what) if member else what

    # -- values --------------------------------------------------------------------------
    def value(self, fact: str | None, value) -> str:
        if value is None:
            return self.w("unknown")
        if isinstance(value, bool):
            return self.w("yes" if value else "no")
        if value == "none" and fact == "disability_grade":
            return self.w("none")
        spec = ALL_FACTS.get(fact) if fact else None
        if isinstance(value, list):
            if not value:
                return self.w("none")
            return self.w("list_sep").join(self.code(fact, v) for v in value)
        if spec is not None and spec.codes:
            return self.code(fact, value)
        return self.number(fact, str(value))

    def code(self, fact: str | None, code) -> str:
        spec = ALL_FACTS.get(fact) if fact else None
        return code_label(spec.rdf_term, code, self.lang) if spec else str(code)

    def number(self, fact: str | None, text: str, unit: str | None = None) -> str:
        spec = ALL_FACTS.get(fact) if fact else None
        if unit is None:
            unit = _FACT_UNIT.get(fact or "") or ("yuan" if spec is not None and spec.type == MONEY else None)
        if unit in ("age", "years", "months", "persons"):
            text = re.sub(r"\.0+$", "", text)
        return unit_text(text, unit, self.lang)

    def expression(self, text: str, fact: str | None) -> str:
        """'2 * dibao_standard' -> '2 × 低保标准'; '"none"' -> the code's label."""
        text = text.strip()
        quoted = re.fullmatch(r'"(.*)"', text)
        if quoted:
            return self.code(fact, quoted.group(1))
        if re.fullmatch(r"-?\d+(\.\d+)?", text):
            return self.number(fact, text)
        names = self._param_names
        if names is None:
            names = self._param_names = frozenset(_param_names(self.params))
        # the words of an expression depend on it, the language and which names are parameters
        # only, and answers say the same few again and again: kept once told
        key = (self.lang, text, fact, names)
        out = _EXPRESSIONS.get(key)
        if out is None:
            out = _NAME.sub(lambda m: self.parameter(m.group(0)) if m.group(0) in names else self.name(m.group(0)), text)
            out = out.replace(" * ", " × ").replace("*", "×")
            if len(_EXPRESSIONS) < 4096:
                _EXPRESSIONS[key] = out
        return out

    def _rhs_unit(self, rhs: str, fact: str | None) -> str | None:
        names = _NAME.findall(rhs)
        if len(names) == 1 and rhs.strip() == names[0]:
            p = self.params.get(f"{self.jurisdiction}.{names[0]}")
            if p and p.unit:
                return p.unit
        return None

    # -- conditions ----------------------------------------------------------------------
    def condition(self, c: Condition) -> str:
        """One condition of a rule in full (kb.explain.graph.conditions), as a phrase; its truth
        is shown beside it (✓ ✗ ?)."""
        fact, test, member = given(c.fact), c.test or "", given(c.member)
        negated = (c.condition or "").startswith("not ")
        if fact and test:
            subject = self.fact(fact, member)
            value = given(c.value)
            m = _TEST.match(test)
            if m:
                op = NEGATE[m.group(2)] if m.group(1) else m.group(2)
                rhs = m.group(3)
                if rhs.startswith('"'):
                    code = self.expression(rhs, fact)
                    need = self.w("is_code" if op == "==" else "is_not_code", code=code)
                    return f"{subject}：{self.value(fact, value)}（{self.w('needs')}{need}）" if self.lang == "zh" \
                        else f"{subject}: {self.value(fact, value)} ({self.w('needs')}: {need})"
                target = self.expression(rhs, fact)
                shown = m.group(4)
                if shown is not None:
                    target += " " + self.number(fact, shown, self._rhs_unit(rhs, fact))
                if value is None:
                    return f"{subject} {self.w('unknown')}（{self.w('needs')} {SYMBOL[op]} {target}）" if self.lang == "zh" \
                        else f"{subject} unknown (needs {SYMBOL[op]} {target})"
                return f"{subject} {self.value(fact, value)} {SYMBOL[op]} {target}"
            need = self._need_of_test(test, fact, negated)
            return f"{subject}：{self.value(fact, value)}（{self.w('needs')}{need}）" if self.lang == "zh" \
                else f"{subject}: {self.value(fact, value)} ({self.w('needs')}: {need})"
        if c.predicate:
            return self._predicate(c.predicate, member, negated, given(c.category))
        if given(c.note) is not None or (c.condition or "").startswith("case_by_case"):
            return entry_label("helpers", "case_by_case", self.lang)
        return self.expression(c.condition or "", None)

    def _need_of_test(self, test: str, fact: str, negated: bool) -> str:
        if test == "is true":
            return self.w("is_false" if negated else "is_true")
        if test == "is false":
            return self.w("is_false")
        m = re.match(r"^(not )?includes (.+)$", test)
        if m:
            return self.w("not_includes" if m.group(1) or negated else "includes", code=self.code(fact, m.group(2)))
        return self.expression(test, fact)

    def _predicate(self, predicate: str, member: str | None, negated: bool, category: str | None) -> str:
        if category or predicate in self.category_labels:
            label = self.category(predicate)
            text = (f"不属于{label}" if negated else f"属于{label}") if self.lang == "zh" \
                else (f"not {label}" if negated else label)
        else:
            label = self.name(predicate)
            text = (f"并非“{label}”" if negated else label) if self.lang == "zh" else (f"not “{label}”" if negated else label)
        if member:
            return f"{self.member(member)}：{text}" if self.lang == "zh" else f"{self.member(member)}: {text}"
        return text

    # -- what would change, what is missing ----------------------------------------------
    def change(self, ch: Change) -> str:
        if ch.fact:
            subject = self.fact(ch.fact, given(ch.member))
            now = self.value(ch.fact, given(ch.now))
            needs = self.needs(ch.fact, ch.needs)
            return f"{subject} {self.w('now')} {now}，{self.w('needs')}{' ' if needs[:1] in SYMBOL.values() else ''}{needs}" \
                if self.lang == "zh" else f"{subject} now {now}, needs {needs}"
        if ch.predicate:
            negated = str(ch.needs).startswith("not ")
            target = self._predicate(ch.predicate, given(ch.member), negated, None)
            now = given(ch.now)
            now_text = self.status(now) if now in ("eligible", "ineligible", "undetermined") else \
                self.w("unknown") if now is None else self.w("holds" if now else "not_holds")
            return f"{self.w('needs')}{target}（{self.w('now')} {now_text}）" if self.lang == "zh" \
                else f"needs {target} (now {now_text})"
        return self.w("case_by_case_needs")

    def needs(self, fact: str, needs: str) -> str:
        parts = []
        for part in str(needs).split(" and "):
            part = part.strip()
            if part in ("true", "false"):
                parts.append(self.w("is_true" if part == "true" else "is_false"))
                continue
            m = re.match(r"^(<=|>=|==|!=|<|>) (.+)$", part)
            if not m:
                parts.append(self.expression(part, fact))
            elif m.group(2).startswith('"'):
                parts.append(self.w("is_code" if m.group(1) == "==" else "is_not_code",
                                    code=self.expression(m.group(2), fact)))
            else:
                parts.append(f"{SYMBOL[m.group(1)]} {self.expression(m.group(2), fact)}")
        return " 且 ".join(parts) if self.lang == "zh" else " and ".join(parts)

    def missing(self, text: str) -> str:
        """'bg:workAbility of <_:b3>' -> '成员3（子女）的劳动能力'."""
        m = _MISSING_OF.match(text)
        if m:
            return self.w("of", who=self.member(m.group(2)), what=term_label(m.group(1), self.lang))
        m = _PARAM_MISSING.match(text)
        if m:
            return self.w("parameter_missing", name=self.parameter(m.group(2)))
        return term_label(text, self.lang)

    def note(self, text: str) -> str:
        """A note written by the encoders (a reading's explanation) with its RDF terms as their labels:
        "（bg:suddenShock）" after words that already say it goes; a bare "bg:suddenShock" is named."""
        text = _TERM_AFTER_WORDS.sub("", text)
        return _TERM.sub(lambda m: term_label(m.group(0), self.lang), text)

    def question(self, term: str, member: str | None) -> str:
        from kb.explain.glossary import glossary
        questions = glossary()["questions"]
        template = questions.get(term) or questions["default"]
        return template[self.lang].format(who=self.member(member), what=term_label(term, self.lang))

    def reason(self, reason: str) -> str:
        """The notes of case-by-case conditions: the glossary's words for 一事一议, else as written."""
        parts = [entry_label("helpers", "case_by_case", self.lang) if "一事一议" in note else encoder_note(note, self.lang)
                 for note in reason.split("; ")]
        return self.w("sep").join(dict.fromkeys(parts))

    def benefit_value(self, kind: str, value) -> str:
        """A benefit's value by its kind: a ratio as a percentage (exact, from its decimal text);
        an amount in yuan."""
        if value is None:
            return "—"
        text = str(value)
        if kind == "ratio":
            m = re.fullmatch(r"(\d+)(?:\.(\d+))?", text)
            if m:
                digits = (m.group(2) or "").ljust(2, "0")
                whole = str(int(m.group(1)) * 100 + int(digits[:2]))
                rest = digits[2:].rstrip("0")
                return unit_text(f"{whole}.{rest}" if rest else whole, "percent", self.lang)
        if kind == "amount":
            return unit_text(text, "yuan", self.lang)
        return text

    def clause(self, clause: Clause | None) -> str:
        if not clause:
            return ""
        return f"§{clause.section}「{clause.quote}」" if self.lang == "zh" \
            else f"§{clause.section} “{clause.quote}”"

    def parameter_source(self, p: Parameter) -> str:
        """A parameter's source as the product says it (never a file of the project's notes)."""
        if p.illustrative:
            return self.w("illustrative_source")
        text = self.answer.rulebase.sources.get(p.source, "") if self.answer else ""   # stated once, by id
        return re.sub(r"[;,]?\s*shared/DESIGN\.md[^;]*", "", text).strip() or self.w("illustrative_source")


_EXPRESSIONS: dict[tuple, str] = {}   # (lang, expression, fact, parameter names) -> its words


def _param_names(params: dict) -> set[str]:
    return {key.split(".", 1)[1] for key in params}


_RULE_ID = re.compile(r"\b([a-z][a-z0-9]*)\.([a-z][a-z0-9_]*)\b")   # jurisdiction.rule
_IDENT = re.compile(r"(?<![A-Za-z0-9_])[a-z][a-z0-9]*(?:_[a-z0-9]+)*(?![A-Za-z0-9_])")
_RELATIONS = ("applicant", "spouse", "child", "parent", "grandparent", "grandchild", "sibling")


def plain_text(text: str, lang: str = "zh") -> str:
    """Text that analyses build with identifiers (conflict summaries: "<place>.dibao_bianyuan",
    "per_capita_income > dibao_standard (8400)"), told in the glossary's words for `lang`.
    Only known identifiers are replaced; English text keeps its English words."""
    words = Words(None, lang)
    known = _known_names()

    def rule(m):
        if m.group(1) not in _jurisdictions():
            return m.group(0)
        what = words.name(m.group(2)) if m.group(2) in known else words.category_or_name(m.group(2))
        return f"{_place(m.group(1), lang)}·{what}"

    text = _RULE_ID.sub(rule, text)
    text = text.replace(" * ", " × ")
    if lang == "zh":
        text = text.replace(" and ", " 且 ")

    def name(m):
        token = m.group(0)
        if token in _jurisdictions():
            return _place(token, lang)
        if lang == "zh" and token in _RELATIONS:
            return code_label("bg:relationToApplicant", token, lang)
        if token in known and (lang == "zh" or "_" in token):
            return words.name(token)
        if lang == "zh" or "_" in token:
            for term, codes in vocabulary_labels()["codes"].items():   # a code: its vocabulary label
                if token in codes:
                    return codes[token][lang]
        return token
    return _IDENT.sub(name, text)


_PLACE_NAMES: dict[str, dict[str, str]] = {}


def remember_places(rulebase) -> None:
    """The jurisdictions' names zh/en, from their kb/policies/<id>/jurisdiction.yaml (data, not code),
    for texts told without an answer at hand (conflicts, comparisons)."""
    for jid, j in rulebase.jurisdictions.items():
        info = getattr(j, "info", None)
        _PLACE_NAMES[jid] = {"zh": (info.name_zh if info else None) or j.label,
                             "en": (info.name_en if info else None) or j.label}


def place_names() -> dict[str, dict[str, str]]:
    return _PLACE_NAMES


def _jurisdictions() -> dict:
    return _PLACE_NAMES


def _place(jid: str, lang: str) -> str:
    return _PLACE_NAMES.get(jid, {}).get(lang, jid)


def _known_names() -> set[str]:
    from kb.explain.glossary import glossary
    g = glossary()
    names = set(ALL_FACTS)
    for section in ("parameters", "categories", "helpers", "subtypes", "benefits"):
        names |= set(g.get(section, {}))
    return names
