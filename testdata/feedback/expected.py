#!/usr/bin/env python3
"""Independent computation of `engage survey --orders` on the feedback
fixtures, from the CSV files and the definitions (METRICS.md, "Feedback by
customer value"; README), brute force: every response's history is the
orders strictly before its day, recomputed from scratch, and RFM / spend
scores are recomputed over every customer for each response. Only the
Welch t quantile comes from scipy. Writes expected_<grouping>.json next to
this script; tests/feedback.rs compares engage's JSON with them.

    python3 -m venv /tmp/v && /tmp/v/bin/pip install scipy
    /tmp/v/bin/python testdata/feedback/expected.py
"""
import csv
import datetime as dt
import json
import math
import os
import sys

import warnings

from scipy import stats

# b = [1, 1] (no spread) makes scipy warn about precision; its interval is
# still right (checked by hand in testdata/README.md).
warnings.filterwarnings("ignore", category=RuntimeWarning)

HERE = os.path.dirname(os.path.abspath(__file__))
EXCLUDED = {"refunded", "cancelled", "canceled", "voided", "failed"}
Z = 1.96
AFTER = 90
# rfm's default rule table (README, engage customers), first match wins.
RULES = [
    ("Champions", (4, 5), (4, 5), (4, 5)),
    ("Loyal Customers", (2, 5), (3, 5), (3, 5)),
    ("New Customers", (4, 5), (1, 1), (1, 1)),
    ("Promising", (3, 4), (1, 1), (1, 1)),
    ("Potential Loyalist", (3, 5), (1, 3), (1, 3)),
    ("Need Attention", (2, 3), (2, 3), (2, 3)),
    ("About To Sleep", (2, 3), (1, 2), (1, 2)),
    ("Can't Lose Them", (1, 1), (4, 5), (4, 5)),
    ("At Risk", (1, 2), (2, 5), (2, 5)),
    ("Lost", (1, 2), (1, 2), (1, 2)),
]


def customer_value(s):
    s = s.strip()
    if not s:
        return None
    return s.lower() if "@" in s else s


def day(s):
    return dt.date.fromisoformat(s.strip()[:10])


def read_orders(path):
    orders = []  # (customer, day, cents)
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row["status"].strip().lower() in EXCLUDED:
                continue
            cents = round(float(row["amount"]) * 100)
            orders.append((customer_value(row["customer_id"]), day(row["order_date"]), cents))
    return orders


def read_responses(path):
    out = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            nps = int(row["nps"]) if row["nps"].strip() else None
            csat = int(row["csat"]) if row["csat"].strip() else None
            out.append((customer_value(row["email"]), day(row["submitted_at"]), nps, csat))
    return out


def scores(values, classes):
    """1 + floor(classes * below / n), below = values strictly smaller."""
    n = len(values)
    return {k: 1 + classes * sum(1 for w in values.values() if w < v) // n for k, v in values.items()}


def group_of(grouping, orders, customer, d):
    before = [o for o in orders if o[1] < d]
    mine = [o for o in before if o[0] == customer]
    if not mine:
        return "new"
    if grouping == "history":
        return "one-time" if len(mine) == 1 else "repeat"
    if grouping == "cohort":
        first = min(o[1] for o in mine)
        return f"{first.year}-{first.month:02d}"
    customers = sorted({o[0] for o in before})
    last = {c: max(o[1] for o in before if o[0] == c).toordinal() for c in customers}
    count = {c: sum(1 for o in before if o[0] == c) for c in customers}
    revenue = {c: sum(o[2] for o in before if o[0] == c) for c in customers}
    if grouping == "spend":
        q = scores(revenue, 4)[customer]
        return {1: "Q1 (lowest 25%)", 4: "Q4 (highest 25%)"}.get(q, f"Q{q}")
    r, f, m = scores(last, 5)[customer], scores(count, 5)[customer], scores(revenue, 5)[customer]
    for name, rr, ff, mm in RULES:
        if rr[0] <= r <= rr[1] and ff[0] <= f <= ff[1] and mm[0] <= m <= mm[1]:
            return name
    return "Others"


def wilson(x, n):
    p = x / n
    den = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / den
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / den
    return max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def nps_stats(answers):
    n = len(answers)
    if n == 0:
        return None, None
    p = sum(1 for a in answers if a >= 9)
    d = sum(1 for a in answers if a <= 6)
    pa, da = (p + 0.75) / (n + 3), (d + 0.75) / (n + 3)
    margin = 100 * Z * math.sqrt((pa + da - (pa - da) ** 2) / (n + 3))
    return 100 * p / n - 100 * d / n, margin


def group_rows(grouping, orders, responses, ids):
    rows = {}
    for customer, d, nps, csat in responses:
        linked = customer in ids
        g = group_of(grouping, orders, customer, d) if linked else "unlinked"
        for key in (g, "all"):
            r = rows.setdefault(key, {"responses": 0, "respondents": set(), "nps": [], "csat": []})
            r["responses"] += 1
            if customer:
                r["respondents"].add(customer)
            if nps is not None:
                r["nps"].append(nps)
            if csat is not None:
                r["csat"].append(csat)
    out = {}
    for key, r in rows.items():
        nps, margin = nps_stats(r["nps"])
        n = len(r["csat"])
        sat = sum(1 for a in r["csat"] if a >= 4)
        low, high = wilson(sat, n) if n else (None, None)
        out[key] = {
            "responses": r["responses"],
            "respondents": len(r["respondents"]),
            "nps_responses": len(r["nps"]),
            "nps": nps,
            "nps_margin": margin,
            "csat_responses": n,
            "csat": 100 * sat / n if n else None,
            "csat_low": low,
            "csat_high": high,
        }
    return out


def behaviour(orders, responses, ids, end):
    groups = {g: [] for g in ("promoters", "passives", "detractors", "satisfied", "not satisfied")}
    incomplete = 0
    for customer, d, nps, csat in responses:
        if customer not in ids:
            continue
        families = []
        if nps is not None:
            families.append("promoters" if nps >= 9 else "passives" if nps >= 7 else "detractors")
        if csat is not None:
            families.append("satisfied" if csat >= 4 else "not satisfied")
        if not families:
            continue
        if d + dt.timedelta(days=AFTER) > end:
            incomplete += 1
            continue
        window = [o[2] for o in orders if o[0] == customer and d < o[1] <= d + dt.timedelta(days=AFTER)]
        for g in families:
            groups[g].append(window)
    return groups, incomplete


def welch(a, b):
    if len(a) < 2 or len(b) < 2:
        return None
    if stats.tvar(a) + stats.tvar(b) == 0:
        d = sum(a) / len(a) - sum(b) / len(b)
        return d, d, d
    r = stats.ttest_ind(a, b, equal_var=False)
    ci = r.confidence_interval(0.95)
    return sum(a) / len(a) - sum(b) / len(b), float(ci.low), float(ci.high)


def main():
    orders = read_orders(os.path.join(HERE, "orders.csv"))
    responses = read_responses(os.path.join(HERE, "surveys.csv"))
    ids = {o[0] for o in orders}
    end = max(o[1] for o in orders)
    groups, incomplete = behaviour(orders, responses, ids, end)
    after = {}
    for g, windows in groups.items():
        n = len(windows)
        again = sum(1 for w in windows if w)
        amounts = [c / 100 for w in windows for c in w]
        after[g] = {
            "responses": n,
            "ordered_again": again,
            "ordered_again_pct": 100 * again / n if n else None,
            "orders": len(amounts),
            "orders_per_respondent": len(amounts) / n if n else None,
            "revenue": sum(amounts),
            "revenue_per_respondent": sum(amounts) / n if n else None,
            "aov": sum(amounts) / len(amounts) if amounts else None,
        }
    differences = {}
    for name, a, b in (("promoters - detractors", "promoters", "detractors"),
                       ("satisfied - not satisfied", "satisfied", "not satisfied")):
        wa, wb = groups[a], groups[b]
        pa, pb = after[a]["ordered_again_pct"], after[b]["ordered_again_pct"]
        (la, ua), (lb, ub) = wilson(after[a]["ordered_again"], len(wa)), wilson(after[b]["ordered_again"], len(wb))
        delta = pa - pb
        differences[name] = {
            "ordered_again_pct": (delta, delta - math.hypot(pa - la, ub - pb), delta + math.hypot(ua - pa, pb - lb)),
            "orders_per_respondent": welch([len(w) for w in wa], [len(w) for w in wb]),
            "revenue_per_respondent": welch([sum(w) / 100 for w in wa], [sum(w) / 100 for w in wb]),
            "aov": welch([c / 100 for w in wa for c in w], [c / 100 for w in wb for c in w]),
        }
    with_customer = sum(1 for r in responses if r[0])
    linked = sum(1 for r in responses if r[0] in ids)
    for grouping in ("history", "cohort", "spend", "rfm"):
        out = {
            "match": {"responses": len(responses), "with_customer": with_customer, "linked": linked,
                      "match_rate": 100 * linked / with_customer, "linked_share": 100 * linked / len(responses)},
            "by_group": group_rows(grouping, orders, responses, ids),
            "after": after,
            "differences": differences,
            "window_incomplete": incomplete,
        }
        with open(os.path.join(HERE, f"expected_{grouping}.json"), "w") as f:
            json.dump(out, f, indent=1, sort_keys=True)
            f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
