"""The sweeps: witness households at every threshold of each jurisdiction (within) and at the
same multiple of each jurisdiction's own parameter (across)."""
from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

from kb.analysis.conflicts.labels import point_label, ratio_label
from kb.analysis.conflicts.witnesses import FEN, VARIANTS, Spec, compact, dec, fen


class Point(NamedTuple):
    """Where a row of a sweep sits: a multiple `k` of the dimension's parameter, one step below,
    at or above it (`off` -1, 0, 1), and whether `k` is one of the rules' own thresholds."""
    k: Fraction
    off: int
    on_threshold: bool = True


class Sweeps:
    """Mixin of Analysis: builds the rows of each sweep and hands them to the readers."""

    def pci_points(self, jid: str) -> list[tuple[Fraction, str]]:
        ts = sorted(t for t in self.th.pci.get(jid, ()) if t > 0)
        points = {}
        if ts:
            points[fen(ts[0] / 2)] = "low"
        for t in ts:
            for off, tag in ((-FEN, "− 0.01"), (Fraction(0), ""), (FEN, "+ 0.01")):
                p = t + off
                if p > 0 and p.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100):
                    points.setdefault(p, f"{dec(t)} {tag}".strip())
        return sorted(points.items())

    def within(self) -> None:
        """Sweep A: each jurisdiction at its own thresholds (overlaps, within-jurisdiction
        contradictions, gaps)."""
        series = [("single", v, None) for v in VARIANTS] + [
            ("family", "neutral", None), ("ill_family", "neutral", None), ("ill_family", "formerly_poor", None),
            ("tekun_alone", "neutral", None), ("tekun_alone", "formerly_poor", None),
            ("tekun_family", "neutral", None), ("tekun_family", "formerly_poor", None),
            ("single", "neutral", (Fraction(2), Fraction(0))), ("ill_family", "neutral", (Fraction(2), Fraction(0)))]
        for jid in sorted(self.rb.jurisdictions):
            j = self.rb.jurisdictions[jid]
            for profile, variant, rigid in series:
                rows = []
                for pci, label in self.pci_points(jid):
                    spec = Spec(profile, variant, pci, rigid, label=label)
                    data = compact(spec)
                    d = self.runner.run(data, jid)
                    rows.append((spec, data, d))
                    self._overlaps(j, data, d)
                    self._internal_contradictions(j, data, d)
                self._gaps(j, rows)

    def across(self) -> None:
        """Sweep B: the same position relative to each jurisdiction's own parameter."""
        for param, by_j in sorted(self.th.relative.items()):
            jids = sorted(jid for jid in self.rb.jurisdictions if param in self.params[jid])
            if len({jid for jid in by_j}) < 2 or len(jids) < 2:
                continue
            ks = sorted({k for ks in by_j.values() for k in ks})
            points = [(ks[0] / 2, 0)]
            for i, k in enumerate(ks):
                points += [(k, -1), (k, 0), (k, 1)]
                nxt = ks[i + 1] if i + 1 < len(ks) else k + Fraction(1, 2)
                points.append(((k + nxt) / 2, 0))
            variants = [("neutral", None, "rural"), ("difficulty", None, "rural"), ("formerly_poor", None, "rural"),
                        ("shock", None, "rural"), ("neutral", (Fraction(2), Fraction(0)), "rural"),
                        ("difficulty", None, "urban")]
            for variant, rigid, residence in variants:
                rows = []
                for k, off in points:
                    households = {}
                    for jid in jids:
                        base = k * self.params[jid][param]
                        if off == 0 and k not in ks:
                            base = fen(base)
                        elif fen(base) != base:
                            continue
                        pci = base + off * FEN
                        label = point_label(k, off, param, k in ks)
                        households[jid] = compact(Spec("single", variant, pci, rigid, residence, label=label))
                    rows.append((Point(k, off, k in ks), point_label(k, off, param, k in ks), households))
                self._compare_rows(rows, dimension=("per_capita_income", param), jids=jids)
        self._person_sweep()
        self._rigid_sweep()
        self._assets_sweep()

    def _assets_sweep(self) -> None:
        """Financial assets per member at the same multiple of each jurisdiction's limit, with a low
        income (so that the income tests hold and the asset test decides)."""
        for param, by_j in sorted(self.th.assets.items()):
            jids = sorted(jid for jid in self.rb.jurisdictions if param in self.params[jid])
            if len(by_j) < 2:
                continue
            ks = sorted({k for ks in by_j.values() for k in ks})
            points = [(ks[0] / 2, 0)] + [(k, off) for k in ks for off in (-1, 0, 1)] + [(ks[-1] * 2, 0)]
            for profile in ("single", "tekun_alone"):
                rows = []
                for k, off in points:
                    households = {}
                    for jid in jids:
                        base = k * self.params[jid][param]
                        if fen(base) != base:
                            continue
                        label = point_label(k, off, param, k in ks)
                        households[jid] = compact(Spec(profile, "formerly_poor", Fraction(1000),
                                                       assets=base + off * FEN, label=label))
                    rows.append((Point(k, off, k in ks), point_label(k, off, param, k in ks), households))
                self._compare_rows(rows, dimension=("financial_assets_per_capita", param), jids=jids)

    def _person_sweep(self) -> None:
        for fact, values in sorted(self.th.person.items()):
            if fact != "age":
                continue
            jids = sorted(self.rb.jurisdictions)
            points = sorted({v + d for v in values for d in (-1, 0) if v + d >= 0})
            rows = []
            for v in points:
                spec = Spec("vulnerable", "neutral", Fraction(1000), None, person=(("age", v),),
                            label=f"{fact} {v}")
                data = compact(spec)
                rows.append((Point(Fraction(v), 0), f"{fact} = {v}", {jid: data for jid in jids}))
            self._compare_rows(rows, dimension=(fact, None), jids=jids, person=True)

    def _rigid_sweep(self) -> None:
        for cat, ratios in sorted(self.th.rigid_ratio.items()):
            jids = sorted(jid for jid, j in self.rb.jurisdictions.items() if cat in j.categories)
            base = self._rigid_base(cat, jids)
            if base is None:
                continue
            ks = sorted(ratios)
            points = [(ks[0] / 2, 0)]
            for i, k in enumerate(ks):
                points += [(k, -1), (k, 0), (k, 1)]
                nxt = ks[i + 1] if i + 1 < len(ks) else k * 2
                points.append(((k + nxt) / 2, 0))
            rows = []
            for k, off in points:
                households = {}
                for jid in jids:
                    pci = base[jid]
                    households[jid] = compact(Spec("single", "neutral", pci, (k, off * FEN),
                                                   label=ratio_label(k, off)))
                rows.append((Point(k, off), ratio_label(k, off), households))
            self._compare_rows(rows, dimension=("rigid_expenditure", "annual_income"), jids=jids, only={cat})

    def _rigid_base(self, cat: str, jids: list[str]) -> dict[str, Fraction] | None:
        """A per-capita income (same multiple of each jurisdiction's parameter, whole yuan) at which
        the category holds in as many jurisdictions as possible when rigid spending is high."""
        best, best_n = None, 0
        for param, by_j in sorted(self.th.relative.items()):
            ks = sorted({k for ks in by_j.values() for k in ks})
            mids = [(a + b) / 2 for a, b in zip(ks, ks[1:])] + [ks[0] / 2]
            for k in mids:
                if not all(param in self.params[jid] for jid in jids):
                    continue
                pcis = {jid: Fraction(round(k * self.params[jid][param])) for jid in jids}
                n = sum(self.runner.run(compact(Spec("single", "neutral", pcis[jid], (Fraction(10), Fraction(0)))),
                                        jid)["categories"][cat]["status"] == "eligible" for jid in jids)
                if n > best_n:
                    best, best_n = pcis, n
        return best if best_n >= 2 else None
