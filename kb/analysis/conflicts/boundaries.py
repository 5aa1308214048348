"""Reading the sweeps: boundary mismatches and contradictions between the rules of a category."""
from __future__ import annotations

from kb.analysis.conflicts.labels import (
    category_key,
    clauses_of,
    condition_text,
    dedupe_clauses,
    dimension_en,
    dimension_zh,
    label_of,
    unique,
)
from kb.analysis.conflicts.runs import (
    clean_failures,
    is_numeric_test,
    not_in_category,
    on_dimension,
)
from kb.analysis.conflicts.thresholds import reads_parameters


class Boundaries:
    """Mixin of Analysis: regions of equal disagreement, and refusals that are not thresholds."""

    def _compare_rows(self, rows, dimension, jids, person=False, only=None) -> None:
        fact, param = dimension
        if fact == "rigid_expenditure":
            def on_dim(c):
                return c["compared"] == "rigid_expenditure" and "annual_income" in c["reads"]
        elif person:
            def on_dim(c):
                return c["compared"] == fact and is_numeric_test(c)
        else:
            def on_dim(c):
                return on_dimension(c, fact, param)

        cats = sorted({c for jid in jids for c in self.rb.jurisdictions[jid].categories}, key=category_key)
        for cat in cats:
            if only and cat not in only:
                continue
            have = [jid for jid in jids if cat in self.rb.jurisdictions[jid].categories]
            if len(have) < 2:
                continue
            sigs = []
            for pos, label, households in rows:
                present = [jid for jid in have if jid in households]
                digests = {jid: self.runner.run(households[jid], jid) for jid in present}
                entries = {jid: digests[jid]["categories"][cat] for jid in present}
                admit = frozenset(jid for jid in present if entries[jid]["status"] == "eligible")
                bound = frozenset(jid for jid in present if not_in_category(entries[jid])
                                  and clean_failures(entries[jid], on_dim))
                sigs.append((admit, bound) if admit and bound else None)
                # non-threshold refusals: contradictions (confirmed on one shared household below)
                for jid in present:
                    if admit and not_in_category(entries[jid]):
                        if clean_failures(entries[jid], lambda c: not is_numeric_test(c)):
                            src = sorted(admit)[0]
                            self._contradiction(cat, households[src], src, jid)
            # regions of equal disagreement
            i = 0
            while i < len(rows):
                if sigs[i] is None:
                    i += 1
                    continue
                k = i
                while k + 1 < len(rows) and sigs[k + 1] == sigs[i]:
                    k += 1
                self._boundary(cat, dimension, rows, i, k, sigs[i], on_dim)
                i = k + 1

    def _boundary(self, cat, dimension, rows, first, last, sig, on_dim) -> None:
        admit, bound = sig
        fact, param = dimension
        region = rows[first:last + 1]
        exact = [r for r in region if r[0].off == 0]
        interior = [r for r in exact if not r[0].on_threshold]
        pick = (interior or exact or region)[len(interior or exact or region) // 2]
        pos, label, households = pick
        jids = sorted(admit | bound)
        lo, hi = region[0][1], region[-1][1]
        if first == 0:
            lo = f"{lo} and below"
        if last == len(rows) - 1:
            hi = f"{hi} and above"
        key = f"boundary_mismatch/{cat}/{fact}" + (f":{param}" if param else "") + f"/{lo}..{hi}"
        if key in self.findings and len(self.findings[key]["jurisdictions"]) >= len(jids):
            return
        digests = {jid: self.runner.run(households[jid], jid) for jid in jids}
        bounds, clauses, rules = {}, [], []
        for jid in sorted(admit):
            e = digests[jid]["categories"][cat]
            conds = [c for t in e["holding"] for c in t["conditions"] if on_dim(c)]
            bounds[jid] = {"holds": True, "conditions": unique([condition_text(c) for c in conds])}
            clauses += clauses_of(e["holding"][:1])
            rules += [t["rule"] for t in e["holding"][:1]]
        for jid in sorted(bound):
            e = digests[jid]["categories"][cat]
            fails = clean_failures(e, on_dim)
            bounds[jid] = {"holds": False, "conditions": unique([condition_text(c) for t in fails for c in t["failed"]])}
            clauses += clauses_of(fails[:1])
            rules += [t["rule"] for t in fails[:1]]
        single = first == last and region[0][0].off == 0
        nature = "strictness" if single else "bound"
        where = lo if lo == hi else f"{lo} … {hi}"
        catname = label_of(self.rb, jids[0], cat)
        yes = "、".join(label_of(self.rb, j) for j in sorted(admit))
        no = "、".join(label_of(self.rb, j) for j in sorted(bound))
        no_conds = "; ".join(f"{j}: " + " and ".join(bounds[j]["conditions"]) for j in sorted(bound))
        yes_conds = "; ".join(f"{j}: " + " and ".join(bounds[j]["conditions"]) for j in sorted(admit)
                              if bounds[j]["conditions"])
        summary = {
            "zh": (f"{catname}的{dimension_zh(fact, param)}边界不一致：在{where}处，{yes}认定为{catname}，{no}不认定"
                   + ("（同一界点，一方含等号、一方不含）" if single else "")
                   + f"。不认定方的条件：{no_conds}" + (f"；认定方：{yes_conds}" if yes_conds else "")),
            "en": (f"{cat}: the documents bound {dimension_en(fact, param)} differently: at {where}, "
                   f"admitted by {', '.join(sorted(admit))}, refused by {', '.join(sorted(bound))}"
                   + (" (the same bound, inclusive in one and strict in the other)" if single else "")
                   + f". Refusing: {no_conds}" + (f"; admitting: {yes_conds}" if yes_conds else "")),
        }
        witness = self._witness({jid: households[jid] for jid in jids}, position=label)
        self.findings[key] = {"id": key, "kind": "boundary_mismatch", "nature": nature,
                              "jurisdictions": jids, "category": cat, "dimension": {"fact": fact, "relative_to": param},
                              "region": {"from": lo, "to": hi, "points": [r[1] for r in region]},
                              "bounds": bounds, "summary": summary, "clauses": clauses, "rules": unique(rules),
                              "witness": witness}

    def _refusal(self, cat: str, data: dict, admit_jid: str, refuse_jid: str) -> tuple[dict, list[str], bool] | None:
        """On the one household `data`: does admit_jid admit `cat` and refuse_jid refuse it because
        of conditions that are not thresholds (and do not hide a threshold: an excluded category
        must hold in both jurisdictions, a helper predicate must read no parameter)? Returns the
        refusing rule's trace, the refusing conditions, and whether one of them is an exclusion
        (a negated condition such as `not dibao`)."""
        d_admit = self.runner.run(data, admit_jid)
        d_refuse = self.runner.run(data, refuse_jid)
        e_admit, e_refuse = d_admit["categories"].get(cat), d_refuse["categories"].get(cat)
        if e_admit is None or e_refuse is None or e_admit["status"] != "eligible" or not not_in_category(e_refuse):
            return None
        j_refuse = self.rb.jurisdictions[refuse_jid]

        def non_threshold(c):
            if is_numeric_test(c):
                return False
            pred = c.get("predicate")
            if pred and pred in j_refuse.categories:
                other = d_admit["categories"].get(pred)
                return other is not None and other["status"] == d_refuse["categories"][pred]["status"]
            if pred and pred not in ("member", "listed"):
                return not reads_parameters(j_refuse, pred)
            return True
        fails = clean_failures(e_refuse, non_threshold)
        if not fails:
            return None
        best = min(fails, key=lambda t: (len(t["failed"]), t["rule"]))
        return best, sorted({condition_text(c, values=False) for c in best["failed"]}), \
            any(c["negated"] for c in best["failed"])

    def _contradiction(self, cat, data, admit_jid, refuse_jid) -> None:
        """A category admitted by one jurisdiction and refused by another on the same household
        for a reason that is not a threshold; one finding per (category, reason), listing every
        jurisdiction that admits or refuses the finding's own witness that way."""
        found = self._refusal(cat, data, admit_jid, refuse_jid)
        if found is None:
            return
        best, reason, exclusion = found
        key = f"contradiction/{cat}/" + " & ".join(reason)
        f = self.findings.get(key)
        if f is not None:
            wdata = f["witness"]["household"]
            changed = False
            if admit_jid not in f["admitted_by"] and refuse_jid not in f["admitted_by"]:
                if self.runner.run(wdata, admit_jid)["categories"].get(cat, {}).get("status") == "eligible":
                    f["admitted_by"].append(admit_jid)
                    changed = True
            if refuse_jid not in f["refused_by"] and refuse_jid not in f["admitted_by"]:
                again = self._refusal(cat, wdata, f["admitted_by"][0], refuse_jid)
                if again is not None and again[1] == reason:
                    f["refused_by"].append(refuse_jid)
                    f["refusing_rules"][refuse_jid] = again[0]["rule"]
                    changed = True
            if changed:
                self._contradiction_text(f, cat, wdata)
            return
        f = {"id": key, "kind": "contradiction", "category": cat, "because": reason, "exclusion": exclusion,
             "admitted_by": [admit_jid], "refused_by": [refuse_jid], "refusing_rules": {refuse_jid: best["rule"]},
             "witness": None}
        self.findings[key] = f
        self._contradiction_text(f, cat, data)

    def _contradiction_text(self, f: dict, cat: str, data: dict) -> None:
        f["admitted_by"].sort()
        f["refused_by"].sort()
        jids = sorted(set(f["admitted_by"]) | set(f["refused_by"]))
        f["jurisdictions"] = jids
        clauses, rules = [], []
        for jid in f["admitted_by"]:
            holding = self.runner.run(data, jid)["categories"][cat]["holding"][:1]
            clauses += clauses_of(holding)
            rules += [t["rule"] for t in holding]
        for jid in f["refused_by"]:
            e = self.runner.run(data, jid)["categories"][cat]
            trace = next(t for t in e["failing"] if t["rule"] == f["refusing_rules"][jid])
            clauses += clauses_of([trace])
            rules.append(trace["rule"])
        f["clauses"] = dedupe_clauses(clauses)
        f["rules"] = unique(rules)
        why = " and ".join(f["because"])
        j0 = self.rb.jurisdictions[f["refused_by"][0]]
        catname = j0.categories[cat].label
        yes_zh = "、".join(label_of(self.rb, j) for j in f["admitted_by"])
        no_zh = "、".join(label_of(self.rb, j) for j in f["refused_by"])
        kind_zh = "排除条件" if f["exclusion"] else "条件"
        f["summary"] = {
            "zh": f"{catname}：同一户，{yes_zh}认定，{no_zh}因{kind_zh}“{why}”不认定（非收入界限之差）",
            "en": f"{cat}: the same household is admitted by {', '.join(f['admitted_by'])} and refused by "
                  f"{', '.join(f['refused_by'])} because of `{why}`, a condition that is not a threshold",
        }
        f["witness"] = self._witness({j: data for j in jids})
