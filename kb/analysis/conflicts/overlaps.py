"""Overlaps of categories within and across jurisdictions, internal contradictions, and gaps."""
from __future__ import annotations

from itertools import combinations

from kb.analysis.conflicts.labels import (
    clauses_of,
    condition_text,
    dedupe_clauses,
    label_of,
    unique,
)
from kb.analysis.conflicts.thresholds import excluding_rules
from kb.analysis.conflicts.witnesses import CATEGORY_ORDER, dec
from kb.core.model import Jurisdiction
from kb.explain import favourability as fav


def same_persons(d: dict, a: str, b: str) -> list[str]:
    """The members who themselves hold both categories. 特困 is a person's status and a family
    category covers its members (all, or the 单人户 member it was decided for), so two categories
    overlap for a person only; a favourability principle resolves what one person holds."""
    def holders(c):
        return [m["member"] for m in d["categories"].get(c, {}).get("members") or [] if m.get("status") == "eligible"]
    hb = set(holders(b))
    return [pid for pid in holders(a) if pid in hb]


def _personal(j: Jurisdiction, a: str, b: str) -> bool:
    """Whether the pair involves a category the document gives to persons (特困)."""
    return j.categories[a].per_member or j.categories[b].per_member


class Overlaps:
    """Mixin of Analysis: pairs of categories that both hold, and bands that do not meet."""

    def _persons_witness(self, j: Jurisdiction, data: dict, members: list[str], benefits) -> dict:
        """For each member concerned: the categories that member holds and the value of each
        benefit given to persons that the overlap is about (the witness shows the member)."""
        d = self.runner.run(data, j.id)
        out = {}
        for pid in members:
            cats = [c for c in CATEGORY_ORDER
                    if any(m["member"] == pid and m.get("status") == "eligible"
                           for m in d["categories"].get(c, {}).get("members") or [])]
            values = {}
            for bid in benefits:
                for m in d["benefits"].get(bid, {}).get("members") or []:
                    if m["member"] == pid:
                        values[bid] = {"status": m["status"], "value": m.get("value")}
            out[pid] = {"categories": cats, "benefits": values}
        return out

    def _overlaps(self, j: Jurisdiction, data: dict, d: dict) -> None:
        """Remember, per pair of categories both eligible, the witness with the fewest other
        categories (so that the alternatives shown are those of the pair)."""
        eligible = [c for c in CATEGORY_ORDER if d["categories"].get(c, {}).get("status") == "eligible"]
        for a, b in combinations(eligible, 2):
            if not same_persons(d, a, b):      # held by different members: no one person is in both
                continue
            best = self.pairs.get((j.id, a, b))
            if best is None or len(eligible) < best[0]:
                self.pairs[(j.id, a, b)] = (len(eligible), data)
            if self._differing_measures(j, d, a, b):
                best = self.pair_measures.get((j.id, a, b))
                if best is None or len(eligible) < best[0]:
                    self.pair_measures[(j.id, a, b)] = (len(eligible), data)

    def overlaps_within(self) -> None:
        for key, (_, data) in sorted(self.pairs.items()):
            data = self.pair_measures.get(key, (0, data))[1]
            jid, a, b = key
            self._overlap(self.rb.jurisdictions[jid], data, self.runner.run(data, jid), a, b)

    def _overlap(self, j: Jurisdiction, data: dict, d: dict, a: str, b: str) -> None:
        key = f"overlap/{j.id}/{a}+{b}"
        exclusive = fav.exclusive_pair(j, a, b)
        measures = self._differing_measures(j, d, a, b)
        if not exclusive and not measures:
            return
        principle = fav.overlap_principle(j)
        ea, eb = d["categories"][a], d["categories"][b]
        clauses = clauses_of(ea["holding"][:1]) + clauses_of(eb["holding"][:1])
        clauses += [{**c, "statement": s.label} for s, c in exclusive]
        rules = [t["rule"] for t in ea["holding"][:1] + eb["holding"][:1]]
        for m in measures:
            rules += [alt["rule"] for alt in m["alternatives"]]
            clauses += [alt["clause"] for alt in m["alternatives"] if alt.get("clause")]
        if principle and principle["clause"]:
            clauses.append({**principle["clause"], "principle": principle["label"]})
        la, lb = j.categories[a].label, j.categories[b].label
        members = same_persons(d, a, b)
        personal = _personal(j, a, b)
        who_zh = f"同一人（{'、'.join(members)}）可同时认定为" if personal else "同一户可同时认定为"
        who_en = f"one person ({', '.join(members)}) is both" if personal else "one household is both"
        if principle:
            chosen = "；".join(f"{m['benefit']} 取{m['chosen']}（" + "、".join(
                f"{alt['value']}←{'/'.join(alt['categories'])}" for alt in m["alternatives"]) + "）"
                              for m in measures if m["chosen"])
            resolution = {"status": "resolved", "principle": principle["label"], "clause": principle["clause"],
                          "benefits": measures}
            zh_tail = f"按“{principle['label']}”原则（{principle['clause']['section']}）解决" + (f"：{chosen}" if chosen else "")
            en_tail = f"resolved by {principle['label']} ({principle['clause']['section']})" + (
                ": " + "; ".join(f"{m['benefit']} {m['chosen']} chosen over " + ", ".join(
                    alt["value"] for alt in m["alternatives"] if alt["value"] != m["chosen"]) for m in measures if m["chosen"])
                if measures else "")
        else:
            resolution = {"status": "unresolved", "principle": None, "benefits": measures,
                          "note": {"zh": "文件未规定取舍原则", "en": "the document names no principle"}}
            zh_tail = "文件未规定以哪类为准：未解决"
            en_tail = "the document names no precedence: unresolved"
        why_zh = "；".join([f"文件将其列为不同类别（{s.section}“{s.label}”）" for s, _ in exclusive] +
                          [f"{m['benefit']}待遇不同（" + "、".join(f"{alt['value']}" for alt in m["alternatives"]) + "）"
                           for m in measures])
        why_en = "; ".join([f"the document makes them distinct classes ({s.section} {s.label})" for s, _ in exclusive] +
                           [f"{m['benefit']} differs (" + ", ".join(alt["value"] for alt in m["alternatives"]) + ")"
                            for m in measures])
        self.findings[key] = {
            "id": key, "kind": "overlap", "jurisdictions": [j.id], "categories": [a, b],
            "summary": {"zh": f"{j.label}：{who_zh}{la}和{lb}；{why_zh}；{zh_tail}",
                        "en": f"{j.id}: {who_en} {a} and {b}; {why_en}; {en_tail}"},
            "members": members, "per_person": personal,
            "resolution": resolution, "clauses": dedupe_clauses(clauses), "rules": unique(rules),
            "witness": {**self._witness({j.id: data}, benefits=[m["benefit"] for m in measures]),
                        "members": members,
                        "persons": {j.id: self._persons_witness(j, data, members, [m["benefit"] for m in measures])}}}

    def overlaps_across(self) -> None:
        """Two categories that one jurisdiction lets a household hold together, where another
        jurisdiction's document (or its rules) makes them exclusive; shown on the same household."""
        for (jid, a, b), (_, data) in sorted(self.pairs.items()):
            excluding = {}
            for other, j2 in sorted(self.rb.jurisdictions.items()):
                if other == jid or a not in j2.categories or b not in j2.categories:
                    continue
                if (other, a, b) in self.pairs:     # the other document's rules allow the pair too
                    continue
                statuses = self.runner.statuses(data, other)
                if statuses.get(a) == "eligible" and statuses.get(b) == "eligible":
                    continue
                stmts = fav.exclusive_pair(j2, a, b)
                rules = excluding_rules(j2, a, b)
                if stmts or rules:
                    excluding[other] = (stmts, rules)
            if not excluding:
                continue
            j1 = self.rb.jurisdictions[jid]
            key = f"overlap/{jid}/{a}+{b}/excluded by " + ",".join(sorted(excluding))
            d = self.runner.run(data, jid)
            clauses = clauses_of(d["categories"][a]["holding"][:1]) + clauses_of(d["categories"][b]["holding"][:1])
            rules_used = [t["rule"] for t in d["categories"][a]["holding"][:1] + d["categories"][b]["holding"][:1]]
            why_zh, why_en = [], []
            for other, (stmts, rules) in sorted(excluding.items()):
                clauses += [{**c, "statement": s_.label} for s_, c in stmts]
                for r in rules:
                    clauses += [{**c.as_dict(), "rule": r.id} for c in r.clauses]
                    rules_used.append(r.id)
                bits = [f"{s_.section}“{s_.label}”" for s_, _ in stmts] + [f"{r.id}" for r in rules]
                why_zh.append(f"{label_of(self.rb, other)}（{'；'.join(bits)}）")
                why_en.append(f"{other} ({'; '.join(bits)})")
            la, lb = j1.categories[a].label, j1.categories[b].label
            members = same_persons(d, a, b)
            personal = _personal(j1, a, b)
            who_zh = f"同一人（{'、'.join(members)}）" if personal else "同一户"
            who_en = f"one person ({', '.join(members)})" if personal else "one household"
            principle = fav.overlap_principle(j1)
            tail_zh = f"；{j1.label}按“{principle['label']}”处理" if principle else ""
            tail_en = f"; {jid} resolves it by {principle['label']}" if principle else ""
            self.findings[key] = {
                "id": key, "kind": "overlap", "jurisdictions": sorted({jid, *excluding}), "categories": [a, b],
                "scope": "across",
                "summary": {"zh": f"{j1.label}允许{who_zh}同时为{la}和{lb}，而" + "、".join(why_zh)
                                  + f"把二者列为互斥{tail_zh}",
                            "en": f"{jid} lets {who_en} be both {a} and {b}; " + ", ".join(why_en)
                                  + f" make them exclusive{tail_en}"},
                "members": members, "per_person": personal,
                "resolution": {"status": "resolved" if principle else "unresolved",
                               "principle": principle["label"] if principle else None,
                               "clause": principle["clause"] if principle else None},
                "clauses": dedupe_clauses(clauses), "rules": unique(rules_used),
                "witness": {**self._witness({j: data for j in sorted({jid, *excluding})}), "members": members,
                            "persons": {jid: self._persons_witness(j1, data, members, [])}}}

    def _differing_measures(self, j: Jurisdiction, d: dict, a: str, b: str) -> list[dict]:
        """Benefits whose values differ between the two categories for one person who holds both
        (the resolution of that person; a household-level one for a household benefit)."""
        out = []
        both = set(same_persons(d, a, b))
        for bid, ben in d["benefits"].items():
            if ben.get("members"):
                resolutions = [m["resolved_by"] for m in ben["members"] if m.get("resolved_by") and m["member"] in both]
            else:
                resolutions = [ben["resolved_by"]] if ben.get("resolved_by") else []
            resolutions += [{"alternatives": c.get("options", []), "chosen": None, "principle": None, "clause": None}
                            for c in d["conflicts"] if c.get("benefit") == bid and c.get("principle") is None
                            and (c.get("member") is None or c["member"] in both)]
            for res in resolutions:
                alts = []
                for alt in res["alternatives"]:
                    rule = next((r for r in j.rules if r.id == alt.get("rule")), None)
                    alts.append({"value": alt.get("value"), "rule": alt.get("rule"), "clause": alt.get("clause"),
                                 "categories": fav._ordered(fav.categories_behind(j, rule)) if rule else []})
                va = {x["value"] for x in alts if a in x["categories"]}
                vb = {x["value"] for x in alts if b in x["categories"]}
                if va and vb and va != vb:
                    out.append({"benefit": bid, "alternatives": alts, "chosen": res.get("chosen"),
                                "principle": res.get("principle"), "clause": res.get("clause"),
                                **({"member": res["member"]} if res.get("member") else {})})
                    break
        return out

    def _internal_contradictions(self, j: Jurisdiction, data: dict, d: dict) -> None:
        """A category that one of its rules excludes for being in another category (`not c`) but
        another of its rules admits anyway, with that other category holding."""
        for cat, e in d["categories"].items():
            if e["status"] != "eligible":
                continue
            holding = {t["rule"] for t in e["holding"]}
            for rule in j.rules_for(cat):
                if rule.id in holding:
                    continue
                excluded = [lit.left.name for lit in rule.body if lit.negated and not lit.is_comparison
                            and getattr(lit.left, "name", None) in j.categories]
                for other in excluded:
                    if d["categories"].get(other, {}).get("status") != "eligible":
                        continue
                    key = f"contradiction/{j.id}/{cat}/{rule.name}/not {other}"
                    if key in self.findings:
                        continue
                    admit = e["holding"][0]
                    self.findings[key] = {
                        "id": key, "kind": "contradiction", "jurisdictions": [j.id], "category": cat,
                        "admitted_by": [j.id], "refused_by": j.id, "because": [f"not {other}"],
                        "summary": {"zh": f"{j.label}：{rule.id}要求“不属于{j.categories[other].label}”，"
                                          f"但{admit['rule']}仍认定同时属于{j.categories[other].label}的户为{j.categories[cat].label}",
                                    "en": f"{j.id}: {rule.id} excludes {other} from {cat}, but {admit['rule']} admits a "
                                          f"household that is {other}"},
                        "clauses": clauses_of([admit]) + [{**c.as_dict(), "rule": rule.id} for c in rule.clauses],
                        "rules": [admit["rule"], rule.id], "witness": self._witness({j.id: data})}

    def _gaps(self, j: Jurisdiction, rows) -> None:
        def covered(d):
            cats = d["categories"].values()
            if any(c["status"] == "eligible" for c in cats):
                return True
            if any(c["status"] == "undetermined" and not c["case_by_case"] for c in cats):
                return None
            return False
        cov = [covered(d) for _, _, d in rows]
        i = 0
        while i < len(rows):
            if cov[i] is not False or i == 0 or cov[i - 1] is not True:
                i += 1
                continue
            k = i
            while k + 1 < len(rows) and cov[k + 1] is False:
                k += 1
            if k + 1 < len(rows) and cov[k + 1] is True:
                self._gap(j, rows[i - 1], rows[i:k + 1], rows[k + 1])
            i = k + 1

    def _gap(self, j: Jurisdiction, below, run, above) -> None:
        spec, data, d = run[0]
        lo, hi = run[0][0].label, run[-1][0].label
        key = f"gap/{j.id}/per_capita_income/{dec(run[0][0].pci)}..{dec(run[-1][0].pci)}"
        if key in self.findings:
            return
        cover_below = [c for c in CATEGORY_ORDER if below[2]["categories"].get(c, {}).get("status") == "eligible"]
        cover_above = [c for c in CATEGORY_ORDER if above[2]["categories"].get(c, {}).get("status") == "eligible"]
        clauses, rules = [], []
        for c in cover_below:
            clauses += clauses_of(below[2]["categories"][c]["holding"][:1])
            rules += [t["rule"] for t in below[2]["categories"][c]["holding"][:1]]
        for c in cover_above:
            clauses += clauses_of(above[2]["categories"][c]["holding"][:1])
            rules += [t["rule"] for t in above[2]["categories"][c]["holding"][:1]]
        failing = {c: [condition_text(x) for t in e["failing"] for x in t["failed"] if x.get("fact") == "per_capita_income"]
                   for c, e in d["categories"].items() if c in set(cover_below) | set(cover_above)}
        intent = fav.statements(j, fav.NO_GAP)
        clauses += [{**c, "statement": s.label} for s, c in intent]
        where = dec(run[0][0].pci) if len(run) == 1 else f"{dec(run[0][0].pci)} … {dec(run[-1][0].pci)}"
        lbl = lambda cs: "、".join(j.categories[c].label for c in cs)  # noqa: E731
        summary = {
            "zh": f"{j.label}：人均收入{where}元的户不属于任何类别，而低0.01元属于{lbl(cover_below)}、高0.01元属于"
                  f"{lbl(cover_above)}：两档边界未衔接" + (f"（文件要求“{intent[0][0].label}”）" if intent else ""),
            "en": f"{j.id}: a household at per-capita income {where} is in no category, while 0.01 less is "
                  f"{', '.join(cover_below)} and 0.01 more is {', '.join(cover_above)}: the bands do not meet"
                  + (f" (the document intends {intent[0][0].label})" if intent else ""),
        }
        self.findings[key] = {
            "id": key, "kind": "gap", "jurisdictions": [j.id], "between": {"below": cover_below, "above": cover_above},
            "region": {"from": lo, "to": hi}, "failing": failing, "summary": summary,
            "clauses": dedupe_clauses(clauses), "rules": unique(rules),
            "witness": {**self._witness({j.id: data}),
                        "neighbours": {"below": {"household": below[1], "answers": {j.id: self.runner.statuses(below[1], j.id)}},
                                       "above": {"household": above[1], "answers": {j.id: self.runner.statuses(above[1], j.id)}}}}}
