#!/usr/bin/env python3
"""Optional sanity check of the cti-2025 data: solve a scenario's MIP independently of courtier.

Needs highspy (pip install highspy, e.g. in a venv outside the repository). It re-implements only what the data
needs checking against: price objective, eligibility (qualified, category, residency with equivalent regions,
certifications, art. 48 term), P2 shares (provider, reseller, per agency, min providers), P3 Quebec floor and
capacities. It is not the reference implementation; courtier is.

Usage: python3 check_baseline.py ../../scenarios/reference.toml [more scenarios...]
"""

import csv
import os
import sys
import time
import tomllib

import highspy
import numpy as np


def rows(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def solve(scenario_path):
    sc = tomllib.load(open(scenario_path, "rb"))
    folder = os.path.normpath(os.path.join(os.path.dirname(scenario_path), sc["model"]))
    el, sp, qu = sc.get("eligibility", {}), sc.get("spread", {}), sc.get("quebec", {})
    cap_on = sc.get("capacity", {}).get("enabled", True)
    max_term, equiv = el.get("max_term_months", 36), set(el.get("equivalent_regions", []))
    qf = {s["id"]: s["quebec_firm"] == "true" for s in rows(folder, "suppliers.csv")}
    offers = {o["id"]: o for o in rows(folder, "offers.csv")}
    needs = {n["id"]: n for n in rows(folder, "needs.csv")}
    cons = {(c["need"], c["offer"], c["unit"]): float(c["amount"]) for c in rows(folder, "consumption.csv")}
    est = []
    for e in rows(folder, "estimates.csv"):
        n, o = needs[e["need"]], offers[e["offer"]]
        term = int(e["term_months"] or n["term_months"])
        if (o["qualified"] == "true" and o["category"] == n["category"] and term <= max_term
                and (n["personal_info"] == "false" or e["region"] == "qc" or e["region"] in equiv)
                and set(filter(None, n["certifications"].split(";"))) <= set(o["certifications"].split(";"))):
            est.append((e["need"], o["provider"], o["reseller"], float(e["price"]), n["agency"], e["offer"]))
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("time_limit", float(sc.get("solver", {}).get("time_limit_seconds", 60)))
    ne = len(est)
    for e in est:
        h.addCol(e[3], 0.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))

    def row(lo, hi, coefs):
        idx = np.array(list(coefs), dtype=np.int32)
        h.addRow(lo, hi, len(idx), idx, np.array([coefs[i] for i in coefs], dtype=float))

    by_need = {}
    for i, e in enumerate(est):
        by_need.setdefault(e[0], []).append(i)
    for n, ids in by_need.items():
        row(1, 1, {i: 1.0 for i in ids})

    def share_cap(ids, key, cap):  # value of each key within ids <= cap * value of ids
        for k in sorted({key(est[i]) for i in ids}):
            row(-highspy.kHighsInf, 0, {i: est[i][3] * ((key(est[i]) == k) - cap) for i in ids})

    allids = list(range(ne))
    if sp.get("enabled"):
        if "max_provider_share" in sp:
            share_cap(allids, lambda e: e[1], sp["max_provider_share"])
        if "max_reseller_share" in sp:
            share_cap(allids, lambda e: e[2], sp["max_reseller_share"])
        if "max_provider_share_per_agency" in sp:
            for a in sorted({e[4] for e in est}):
                ids = [i for i in allids if est[i][4] == a]
                if len({est[i][0] for i in ids}) >= sp.get("per_agency_min_needs", 3):
                    share_cap(ids, lambda e: e[1], sp["max_provider_share_per_agency"])
        if "min_providers" in sp:
            provs = sorted({e[1] for e in est})
            for j, p in enumerate(provs):  # y_p columns after the x columns
                h.addCol(0.0, 0.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
                row(-highspy.kHighsInf, 0, {ne + j: 1.0, **{i: -1.0 for i in allids if est[i][1] == p}})
            row(sp["min_providers"], highspy.kHighsInf, {ne + j: 1.0 for j in range(len(provs))})
    if qu.get("enabled"):
        credit = qu.get("credit", "either")
        isq = [(credit != "reseller" and qf[e[1]]) or (credit != "provider" and qf[e[2]]) for e in est]
        row(-highspy.kHighsInf, 0, {i: est[i][3] * (qu["min_share"] - isq[i]) for i in allids})
    if cap_on:
        for c in rows(folder, "capacities.csv"):
            coefs = {i: cons.get((e[0], e[5], c["unit"]), 0.0) for i, e in enumerate(est)
                     if c["supplier"] in (e[1], e[2])}
            row(-highspy.kHighsInf, float(c["limit"]), coefs)
    ncol = h.getNumCol()
    h.changeColsIntegrality(ncol, np.arange(ncol, dtype=np.int32), np.array([1] * ncol, dtype=np.uint8))
    t0 = time.time()
    h.run()
    dt = time.time() - t0
    status = h.modelStatusToString(h.getModelStatus())
    print(f"== {scenario_path}: {status} in {dt:.2f} s ({ne} eligible estimates, {len(by_need)} servable needs)")
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    x = h.getSolution().col_value
    won = [est[i] for i in allids if x[i] > 0.5]
    total = sum(e[3] for e in won)
    print(f"   total {total:,.2f} CAD, {len(won)} awards")
    for k, label in ((1, "provider"), (2, "reseller")):
        sh = {}
        for e in won:
            sh[e[k]] = sh.get(e[k], 0.0) + e[3]
        print(f"   {label}: " + ", ".join(f"{p} {100 * v / total:.1f}%" for p, v in sorted(sh.items(), key=lambda t: -t[1])))
    print(f"   Quebec share (either): {100 * sum(e[3] for e in won if qf[e[1]] or qf[e[2]]) / total:.1f}%")
    for c in rows(folder, "capacities.csv"):
        used = sum(cons.get((e[0], e[5], c["unit"]), 0.0) for e in won if c["supplier"] in (e[1], e[2]))
        print(f"   capacity {c['supplier']}: {used:.0f} / {c['limit']} {c['unit']}")
    return total


if __name__ == "__main__":
    for path in sys.argv[1:]:
        solve(path)
