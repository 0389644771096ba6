#!/usr/bin/env python3
"""Sanity check of the decree-596 model, independent of courtier (Python 3 standard library only).

Validates the formats and references of every file (including the plan files migrations.csv, precedences.csv,
period_capacities.csv and committed.csv), then prints totals, monthly demand against supply, and a price-greedy
schedule (cheapest eligible offer that fits, earliest start that fits) as a rough proof that the plan is feasible.
It is not courtier's planner: the MIP may do better, never needs to do worse.

Assumptions (the plan's semantics as this model was written for): a migration of `periods` monthly periods
consumes its estimate's migration_days evenly over those periods, from its provider, from its reseller (once when
they are the same supplier) and from its organisation when that organisation has an `agency` row; a need must
finish in the month of its deadline (own, else its network's); no new start in January 2027 (frozen).

Usage: python3 check.py   (exit 1 on any problem)
"""

import csv
import datetime
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
START = (2027, 1)
N_PERIODS = 24
FROZEN_UNTIL = 1   # first period a new migration may start (2027-02)
NETWORK_DEADLINE = {"rsss": "2028-06-30", "rees": "2028-12-31", "ministry": "2028-12-31", "agency": "2028-12-31"}
MAX_TERM = 36
HEADERS = {
    "agencies.csv": ["id", "name", "network"],
    "suppliers.csv": ["id", "name", "role", "quebec_firm"],
    "offers.csv": ["id", "provider", "reseller", "category", "qualified", "regions", "certifications"],
    "needs.csv": ["id", "agency", "title", "category", "personal_info", "certifications", "term_months"],
    "estimates.csv": ["need", "offer", "price", "region", "term_months", "compatibility", "accessibility",
                      "performance", "support"],
    "capacities.csv": ["supplier", "unit", "limit"],
    "consumption.csv": ["need", "offer", "unit", "amount"],
    "migrations.csv": ["need", "earliest_start", "deadline", "periods", "legacy_monthly_cost"],
    "precedences.csv": ["need", "after", "mode"],
    "period_capacities.csv": ["holder", "kind", "unit", "from", "limit"],
    "committed.csv": ["need", "offer", "start"],
}
ID = re.compile(r"^[\w.\-]+$")
AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")
DECIMAL = re.compile(r"^\d+(\.\d+)?$")
WHOLE = re.compile(r"^\d+$")
problems = []


def bad(msg):
    problems.append(msg)


def table(name):
    with open(os.path.join(HERE, name), newline="", encoding="utf-8") as f:
        r = csv.reader(f)
        header = next(r)
        if header != HEADERS[name]:
            bad(f"{name}: header {header}")
        rows = []
        for i, rec in enumerate(r, 2):
            if len(rec) != len(header):
                bad(f"{name}:{i}: {len(rec)} fields")
                continue
            for k, v in zip(header, rec):
                if v != v.strip():
                    bad(f"{name}:{i}: spaces around {k}")
            rows.append(dict(zip(header, rec), _line=i))
        return rows


def date(s, where):
    try:
        return datetime.date.fromisoformat(s)
    except ValueError:
        bad(f"{where}: bad date {s!r}")
        return None


def period(d):
    return (d.year - START[0]) * 12 + d.month - START[1]


def deadline_period(d):
    """Last period a migration may occupy to finish by date d (the month of d if d is its last day)."""
    nxt = d + datetime.timedelta(days=1)
    return period(d) if nxt.month != d.month else period(d) - 1


def main():
    T = {name: table(name) for name in HEADERS}
    for name in ("suppliers.csv", "offers.csv"):
        a = open(os.path.join(HERE, name), encoding="utf-8").read()
        b = open(os.path.join(HERE, "..", "cti-2025", name), encoding="utf-8").read()
        if a != b:
            bad(f"{name} differs from ../cti-2025/{name}")
    agencies = {r["id"]: r for r in T["agencies.csv"]}
    suppliers = {r["id"]: r for r in T["suppliers.csv"]}
    offers = {}
    for r in T["offers.csv"]:
        r["regions_l"] = r["regions"].split(";") if r["regions"] else []
        r["certs_l"] = r["certifications"].split(";") if r["certifications"] else []
        offers[r["id"]] = r
    for r in T["agencies.csv"]:
        if not ID.match(r["id"]) or r["network"] not in NETWORK_DEADLINE:
            bad(f"agencies.csv:{r['_line']}: {r}")
    needs = {}
    for r in T["needs.csv"]:
        w = f"needs.csv:{r['_line']}"
        if r["id"] in needs or not ID.match(r["id"]):
            bad(f"{w}: id {r['id']}")
        if r["agency"] not in agencies:
            bad(f"{w}: agency {r['agency']}")
        if r["category"] not in ("IaaS", "PaaS", "SaaS") or r["personal_info"] not in ("true", "false"):
            bad(f"{w}: category/personal_info")
        if not WHOLE.match(r["term_months"]) or int(r["term_months"]) < 1:
            bad(f"{w}: term_months")
        r["pi"] = r["personal_info"] == "true"
        r["certs_l"] = r["certifications"].split(";") if r["certifications"] else []
        r["network"] = agencies.get(r["agency"], {}).get("network", "rees")
        needs[r["id"]] = r
    est = {}
    for r in T["estimates.csv"]:
        w = f"estimates.csv:{r['_line']}"
        key = (r["need"], r["offer"])
        if key in est:
            bad(f"{w}: duplicate {key}")
        if r["need"] not in needs or r["offer"] not in offers:
            bad(f"{w}: reference {key}")
            continue
        if not AMOUNT.match(r["price"]) or float(r["price"]) <= 0:
            bad(f"{w}: price {r['price']}")
        if r["region"] not in offers[r["offer"]]["regions_l"]:
            bad(f"{w}: region {r['region']} not in {r['offer']}")
        sc = [r[k] for k in ("compatibility", "accessibility", "performance", "support")]
        if any(sc) and not all(s and DECIMAL.match(s) and float(s) <= 100 for s in sc):
            bad(f"{w}: scores {sc}")
        est[key] = r
    cons = {}
    for r in T["consumption.csv"]:
        key = (r["need"], r["offer"])
        if key not in est or r["unit"] != "migration_days" or not DECIMAL.match(r["amount"]) or key in cons:
            bad(f"consumption.csv:{r['_line']}: {r}")
        cons[key] = float(r["amount"])
    for key in est:
        if key not in cons:
            bad(f"consumption.csv: no row for estimate {key}")
    cap_units = {r["unit"] for r in T["capacities.csv"]}
    for r in T["capacities.csv"]:
        if r["supplier"] not in suppliers or not DECIMAL.match(r["limit"]):
            bad(f"capacities.csv:{r['_line']}: {r}")
    if cons and "migration_days" not in cap_units:
        bad("capacities.csv declares no migration_days (E206 for every consumption row)")

    def eligible(e):
        n, o = needs[e["need"]], offers[e["offer"]]
        term = int(e["term_months"] or n["term_months"])
        return (o["qualified"] == "true" and o["category"] == n["category"] and term <= MAX_TERM
                and (not n["pi"] or e["region"] == "qc") and all(c in o["certs_l"] for c in n["certs_l"]))

    by_need = {}
    for e in est.values():
        by_need.setdefault(e["need"], []).append(e)
    for nid, n in needs.items():
        es = by_need.get(nid, [])
        el = [e for e in es if eligible(e)]
        if len(el) < 2:
            bad(f"need {nid}: {len(el)} eligible estimates")
        if n["pi"] and sum(e["region"] == "qc" for e in es) < 2:
            bad(f"need {nid}: personal information with fewer than 2 estimates in qc")
        if not 4 <= len(es) <= 8:
            bad(f"need {nid}: {len(es)} estimates")

    # migrations
    mig = {}
    for r in T["migrations.csv"]:
        w = f"migrations.csv:{r['_line']}"
        if r["need"] not in needs or r["need"] in mig:
            bad(f"{w}: need {r['need']}")
            continue
        if not WHOLE.match(r["periods"]) or int(r["periods"]) < 1:
            bad(f"{w}: periods")
        if not AMOUNT.match(r["legacy_monthly_cost"]):
            bad(f"{w}: legacy_monthly_cost")
        r["es"] = date(r["earliest_start"], w) if r["earliest_start"] else None
        r["dl"] = date(r["deadline"], w) if r["deadline"] else None
        mig[r["need"]] = r
    committed = {}
    for r in T["committed.csv"]:
        w = f"committed.csv:{r['_line']}"
        key = (r["need"], r["offer"])
        if r["need"] in committed or key not in est:
            bad(f"{w}: {key} is not an estimate (or need committed twice)")
            continue
        if not eligible(est[key]):
            bad(f"{w}: committed estimate {key} is not eligible")
        if r["start"] and r["start"] not in ("2027-01-01", "2027-02-01"):
            bad(f"{w}: start {r['start']}")
        if r["need"] in mig and (mig[r["need"]]["dl"] or mig[r["need"]]["es"]):
            bad(f"{w}: committed need with its own dates")
        committed[r["need"]] = r
    prec = []
    for r in T["precedences.csv"]:
        w = f"precedences.csv:{r['_line']}"
        if r["need"] not in needs or r["after"] not in needs or r["mode"] not in ("after", "with") \
                or r["need"] == r["after"]:
            bad(f"{w}: {r}")
        if r["need"] in committed or r["after"] in committed:
            bad(f"{w}: committed need in a precedence")
        if needs.get(r["need"], {}).get("agency") != needs.get(r["after"], {}).get("agency"):
            bad(f"{w}: not the same organisation")
        prec.append((r["need"], r["after"], r["mode"]))
    # acyclic (treating `with` as an edge too)
    succ = {}
    for a, b, _ in prec:
        succ.setdefault(b, []).append(a)
    state = {}

    def visit(v):
        state[v] = 1
        for u in succ.get(v, []):
            if state.get(u) == 1 or (u not in state and not visit(u)):
                return False
        state[v] = 2
        return True
    for v in list(succ):
        if v not in state and not visit(v):
            bad("precedences.csv: cycle")
            break

    # period capacities
    pcap = {}   # holder -> [(from period, limit)]
    roles = {}
    for o in offers.values():
        roles.setdefault(o["provider"], set()).add("provider")
        roles.setdefault(o["reseller"], set()).add("reseller")
    for r in T["period_capacities.csv"]:
        w = f"period_capacities.csv:{r['_line']}"
        d = date(r["from"], w)
        ok = (r["kind"] == "supplier" and r["holder"] in roles) or (r["kind"] == "agency" and r["holder"] in agencies)
        if not ok or r["unit"] != "migration_days" or not DECIMAL.match(r["limit"]) or not d or d.day != 1:
            bad(f"{w}: {r}")
            continue
        pcap.setdefault((r["kind"], r["holder"]), []).append((period(d), float(r["limit"])))
    for s in roles:
        if not any(p == 0 for p, _ in pcap.get(("supplier", s), [])):
            bad(f"period_capacities.csv: no 2027-01-01 row for supplier {s}")

    def limits(key):
        rows = sorted(pcap.get(key, []))
        out, cur = [], None
        for p in range(N_PERIODS):
            for q, lim in rows:
                if q <= p:
                    cur = lim
            out.append(cur)
        return out
    cap = {k: limits(k) for k in pcap}

    # time windows
    window = {}
    for nid, n in needs.items():
        m = mig.get(nid)
        d = int(m["periods"]) if m else 1
        dl = m["dl"] if m and m["dl"] else datetime.date.fromisoformat(NETWORK_DEADLINE[n["network"]])
        net_dl = datetime.date.fromisoformat(NETWORK_DEADLINE[n["network"]])
        if dl > net_dl:
            bad(f"need {nid}: own deadline after the network's")
        es = max(FROZEN_UNTIL, period(m["es"]) + (m["es"].day > 1)) if m and m["es"] else FROZEN_UNTIL
        latest = deadline_period(dl) - d + 1
        if nid not in committed and es > latest:
            bad(f"need {nid}: window empty (earliest {es}, latest start {latest}, {d} periods)")
        window[nid] = (es, latest, d)

    # ---- greedy schedule ----
    used = {k: [0.0] * N_PERIODS for k in cap}

    def holders(nid, oid):
        o = offers[oid]
        hs = {("supplier", o["provider"]), ("supplier", o["reseller"])}
        hs.add(("agency", needs[nid]["agency"]))
        return [h for h in hs if h in cap]

    def fits(nid, oid, s, d):
        per = cons[(nid, oid)] / d
        if s < 0 or s + d > N_PERIODS:
            return False
        return all(used[h][p] + per <= cap[h][p] + 1e-9 for h in holders(nid, oid) for p in range(s, s + d))

    def take(nid, oid, s, d):
        per = cons[(nid, oid)] / d
        for h in holders(nid, oid):
            for p in range(s, s + d):
                used[h][p] += per

    def min_days_of(nid):
        return min(cons[(e["need"], e["offer"])] for e in by_need[nid] if eligible(e))

    sched = {}
    for nid, r in sorted(committed.items()):
        if r["start"]:
            s, d = period(datetime.date.fromisoformat(r["start"])), window[nid][2]
            if not fits(nid, r["offer"], s, d):
                bad(f"committed {nid} does not fit the capacities")
            take(nid, r["offer"], s, d)
            sched[nid] = (r["offer"], s, d)
    preds = {}
    for a, b, mode in prec:
        preds.setdefault(a, []).append((b, mode))
    # groups: needs that start together (`with`) are placed together
    group_of = {n: n for n in needs}

    def root(n):
        while group_of[n] != n:
            n = group_of[n]
        return n
    for a, b, mode in prec:
        if mode == "with":
            group_of[root(a)] = root(b)
    groups = {}
    for n in needs:
        if n not in committed:
            groups.setdefault(root(n), []).append(n)
    # large migrations first (and whatever must start before them), then by latest start
    big = {n for n in needs if n not in committed and min_days_of(n) >= 150}
    changed = True
    while changed:
        changed = False
        for a, b, _ in prec:
            if a in big and b not in big:
                big.add(b)
                changed = True
    # latest start, propagated back through precedences (a predecessor must leave its successors time)
    latest = {n: window[n][1] for n in needs}
    changed = True
    while changed:
        changed = False
        for a, b, mode in prec:
            lim = latest[a] - (window[b][2] if mode == "after" else 0)
            if lim < latest[b]:
                latest[b] = lim
                changed = True
    # tight windows first (own deadlines, late earliest starts), then by latest start, large migrations (and whatever
    # must start before them) a little earlier
    def key(g):
        tight = any(latest[n] - window[n][0] <= 8 for n in groups[g])
        return (not tight, min(latest[n] for n in groups[g]) - (3 if any(n in big for n in groups[g]) else 0), g)
    todo = sorted(groups, key=key)
    failed = []
    while todo:
        g = next(g for g in todo if all(b in sched or b in failed or root(b) == g
                                        for n in groups[g] for b, _ in preds.get(n, [])))
        todo.remove(g)
        members = sorted(groups[g])
        lo = max(window[n][0] for n in members)
        hi = min(latest[n] for n in members)
        for n in members:
            for b, mode in preds.get(n, []):
                if b in failed:
                    hi = -1
                elif mode == "after":
                    lo = max(lo, sched[b][1] + sched[b][2])
        placed = None
        for s in range(lo, hi + 1):   # earliest start that fits, cheapest offer that fits at that start
            chosen = []
            for n in members:
                d = window[n][2]
                options = sorted((e for e in by_need[n] if eligible(e)), key=lambda e: (float(e["price"]), e["offer"]))
                o = next((e["offer"] for e in options if fits(n, e["offer"], s, d)), None)
                if o is None:
                    break
                take(n, o, s, d)
                chosen.append((n, o))
            if len(chosen) == len(members):
                placed = (s, chosen)
                break
            for n, o in chosen:   # roll back
                per = cons[(n, o)] / window[n][2]
                for h in holders(n, o):
                    for p in range(s, s + window[n][2]):
                        used[h][p] -= per
        if placed is None:
            failed.extend(members)
            if os.environ.get("DEBUG"):
                for n in members:
                    print(f"  not placed: {n} {needs[n]['agency']} window {lo}..{hi} periods {window[n][2]}")
                    for e in by_need[n]:
                        if eligible(e):
                            per = cons[(n, e["offer"])] / window[n][2]
                            free = {h[1]: min(cap[h][p] - used[h][p] for p in range(max(lo, 0), max(hi, lo, 0) + 1))
                                    for h in holders(n, e["offer"])}
                            print(f"    {e['offer']}: {per:.0f}/month; least free in window {free}")
            continue
        for n, o in placed[1]:
            sched[n] = (o, placed[0], window[n][2])
    if failed:
        bad(f"greedy schedule could not place {len(failed)} needs: {' '.join(sorted(failed))}")

    # ---- totals ----
    open_needs = [n for n in needs if n not in committed]
    min_days = {n: min(cons[(e["need"], e["offer"])] for e in by_need[n] if eligible(e)) for n in needs}
    print(f"agencies {len(agencies)}, suppliers {len(suppliers)}, offers {len(offers)}, needs {len(needs)} "
          f"({len(committed)} committed, {sum(1 for r in committed.values() if r['start'])} under way), "
          f"estimates {len(est)}, migrations rows {len(mig)}, precedences {len(prec)}, "
          f"period capacity rows {len(T['period_capacities.csv'])}")
    print(f"personal information: {sum(n['pi'] for n in needs.values())} needs; own deadlines "
          f"{sum(1 for m in mig.values() if m['dl'])}, earliest starts {sum(1 for m in mig.values() if m['es'])}")
    prices = [float(e["price"]) for e in est.values()]
    print(f"estimate prices {min(prices):,.2f} .. {max(prices):,.2f} CAD; cheapest eligible per open need, total "
          f"{sum(min(float(e['price']) for e in by_need[n] if eligible(e)) for n in open_needs):,.2f} CAD")
    demand = sum(min_days[n] for n in open_needs)
    underway = sum(cons[(n, r["offer"])] for n, r in committed.items() if r["start"])
    usable = N_PERIODS - FROZEN_UNTIL
    for side in ("provider", "reseller"):
        sup = sum(sum(cap[("supplier", s)]) for s in roles if side in roles[s])
        print(f"{side} side: supply {sup:,.0f} migration_days over 24 months ({sup / N_PERIODS:,.0f}/month); "
              f"demand {demand + underway:,.0f} (open needs at their least effort {demand:,.0f} + under way "
              f"{underway:,.0f}) = {(demand + underway) / usable:,.0f}/month over {usable} usable months "
              f"= {100 * (demand + underway) / (sup * usable / N_PERIODS):.0f} % of supply")
    print("greedy schedule (earliest start that fits, then the cheapest eligible offer that fits): "
          f"{len(sched)} placed, {len(failed)} not placed; cost "
          f"{sum(float(est[(n, o)]['price']) for n, (o, s, d) in sched.items() if n not in committed):,.2f} CAD")
    print("  holder            limit/month      used over 24 months   peak month")
    for k in sorted(cap, key=lambda k: (k[0] != "supplier", -sum(used[k]))):
        tot, u = sum(cap[k]), sum(used[k])
        peak = max(range(N_PERIODS), key=lambda p: used[k][p] / cap[k][p] if cap[k][p] else 0)
        lims = "/".join(f"{x:g}" for x in sorted(set(cap[k]), key=cap[k].index))
        print(f"  {k[0][0]}:{k[1]:<16} {lims:>9}  {u:8.0f} / {tot:6.0f} ({100 * u / tot:3.0f} %)   "
              f"{peak:2d}: {100 * used[k][peak] / cap[k][peak]:3.0f} %")
    last = max(s + d - 1 for o, s, d in sched.values()) if sched else 0
    print(f"last migration period in the greedy schedule: {last}")
    for p in problems[:50]:
        print("PROBLEM:", p)
    if problems:
        print(f"{len(problems)} problems")
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
