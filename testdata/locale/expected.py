#!/usr/bin/env python3
"""Expected values of the locale fixtures, worked out independently of
engage: Python's own Unicode database reads the native digits
(unicodedata.digit), the label sets and the Buddhist-era offset are written
out here from their sources (README, "Satisfaction labels" and "Locale
input"), and every metric follows METRICS.md. Run from the repository root:

    python3 testdata/locale/expected.py > testdata/locale/expected.txt

tests/locale.rs asserts these numbers; testdata/README.md ("Locale
fixtures") works the same values by hand.
"""

import csv
import datetime
import math
import unicodedata
from collections import defaultdict

HERE = "testdata/locale/"

# Labels worst to best, as their sources give them (see README).
SETS = {
    "en-5-somewhat": ["very dissatisfied", "somewhat dissatisfied",
                      "neither satisfied nor dissatisfied",
                      "somewhat satisfied", "very satisfied"],
    "en-7": ["extremely dissatisfied", "moderately dissatisfied",
             "slightly dissatisfied", "neither satisfied nor dissatisfied",
             "slightly satisfied", "moderately satisfied",
             "extremely satisfied"],
    "he-5": [["מאוד לא מרוצה"], ["לא מרוצה"], ["ניטרלי"],
             ["מרוצה"], ["מרוצה מאוד", "מאוד מרוצה"]],
    "effort": ["very difficult", "difficult", "neutral", "easy", "very easy"],
}


def position(label, name):
    """1-based position of `label` in set `name`, or None."""
    label = " ".join(label.split()).lower()
    for i, spellings in enumerate(SETS[name], 1):
        if isinstance(spellings, str):
            spellings = [spellings]
        if label in spellings:
            return i
    return None


def ascii_number(text):
    """Native digits to ASCII; Arabic separators; currency markers out."""
    for marker in ["ر.س", "د.إ", "ج.م", "บาท", "SAR", "THB", "฿", "$"]:
        text = text.replace(marker, "")
    out = []
    for c in text.strip():
        if c == "\u066b":
            out.append(".")
        elif c == "\u066c":
            out.append(",")
        elif unicodedata.category(c) == "Nd":
            out.append(str(unicodedata.digit(c)))
        else:
            out.append(c)
    return "".join(out).replace(",", "").strip()


def cents(text):
    whole, _, frac = ascii_number(text).partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def day(text, order, buddhist=False):
    t = ascii_number(text).split(" ")[0]
    if "-" in t[:5] and len(t.split("-")[0]) == 4:
        y, m, d = (int(x) for x in t.split("-"))
    else:
        a, b, y = (int(x) for x in t.replace(".", "/").replace("-", "/").split("/"))
        m, d = (a, b) if order == "mdy" else (b, a)
    if buddhist:
        y -= 543
    return datetime.date(y, m, d)


def wilson(s, n, z=1.96):
    p = s / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return max(0.0, 100 * (centre - half)), min(100.0, 100 * (centre + half))


def nps(answers):
    n = len(answers)
    p = sum(a >= 9 for a in answers)
    d = sum(a <= 6 for a in answers)
    return n, p, d, 100 * (p - d) / n


def csat(answers, satisfied_from):
    n = len(answers)
    s = sum(a >= satisfied_from for a in answers)
    return n, s, 100 * s / n, sum(answers) / n, wilson(s, n)


def orders(file, order="iso", buddhist=False, by=None, segment=None):
    rows = list(csv.DictReader(open(HERE + file, encoding="utf-8")))
    groups = defaultdict(list)
    for r in rows:
        if r.get("status") == "refunded":
            continue
        d = day(r["order_date"], order, buddhist)
        key = d.strftime("%Y-%m") if by == "month" else (r[segment] if segment else "all")
        groups[key].append((r["customer_id"], cents(r["amount"]), d))
    for key in sorted(groups):
        g = groups[key]
        per = defaultdict(int)
        spend = defaultdict(int)
        for c, a, _ in g:
            per[c] += 1
            spend[c] += a
        revenue = sum(a for _, a, _ in g)
        repeat = [c for c in per if per[c] >= 2]
        print(f"  {key}: orders {len(g)}, customers {len(per)}, revenue {revenue / 100:.2f}, "
              f"aov {revenue / len(g) / 100}, repeat customers {len(repeat)}, "
              f"repeat revenue share {100 * sum(spend[c] for c in repeat) / revenue}")


def survey(file, nps_col, csat_col, sets, satisfied_from, order="iso", by=None, date_col=None):
    rows = list(csv.DictReader(open(HERE + file, encoding="utf-8")))
    groups = defaultdict(lambda: ([], []))
    for r in rows:
        key = day(r[date_col], order).strftime("%Y-%m") if by else "all"
        if nps_col and r[nps_col].strip():
            groups[key][0].append(int(ascii_number(r[nps_col])))
        if r[csat_col].strip():
            pos = [position(r[csat_col], s) for s in sets]
            groups[key][1].append(next(p for p in pos if p))
    for key in sorted(groups):
        n_answers, c_answers = groups[key]
        out = f"  {key}:"
        if n_answers:
            n, p, d, score = nps(n_answers)
            out += f" NPS n {n}, promoters {p}, detractors {d}, nps {score};"
        n, s, pct, mean, (lo, hi) = csat(c_answers, satisfied_from)
        out += f" CSAT n {n}, satisfied {s}, csat {pct}, mean {mean}, low {lo}, high {hi}"
        print(out)


print("labels_en.csv (en-5-somewhat, satisfied from 4)")
survey("labels_en.csv", "nps", "How satisfied were you with your order?", ["en-5-somewhat"], 4)
survey("labels_en.csv", "nps", "How satisfied were you with your order?", ["en-5-somewhat"], 4,
       by="month", date_col="submitted_at")
print("questionpro.csv (en-5-somewhat; month-first timestamps)")
survey("questionpro.csv", "How likely are you to recommend us to a friend or colleague?",
       "Overall how satisfied are you with our service?", ["en-5-somewhat"], 4,
       order="mdy", by="month", date_col="Timestamp (mm/dd/yyyy)")
print("effort.csv (engage.toml set 'effort', satisfied from Easy = 4)")
survey("effort.csv", None, "CSAT (effort)", ["effort"], 4)
print("survey_he.csv (he-5, satisfied from 4)")
survey("survey_he.csv", "מה הסיכוי שתמליץ עלינו לחבר או לעמית?",
       "באיזו מידה אתה מרוצה מהשירות?", ["he-5"], 4)
survey("survey_he.csv", "מה הסיכוי שתמליץ עלינו לחבר או לעמית?",
       "באיזו מידה אתה מרוצה מהשירות?", ["he-5"], 4, order="dmy", by="month", date_col="תאריך")
print("orders_ar.csv (day first; order 1004 refunded)")
orders("orders_ar.csv", order="dmy", by="month")
orders("orders_ar.csv", order="dmy", segment="city")
print("orders_th.csv (Buddhist era)")
orders("orders_th.csv", buddhist=True, by="month")
orders("orders_th.csv", buddhist=True)
