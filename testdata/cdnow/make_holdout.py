"""Calibration-vs-holdout expectations on the CDNOW sample, once, with
lifetimes, to check `engage clv --holdout-until` against.

Run (same venv as make_expected.py):
     /tmp/lt/bin/python testdata/cdnow/make_holdout.py
Calibration: transactions up to 1997-09-30, lifetimes' week summary
(summary_week.csv, all 2,357 customers first bought before then); holdout:
(1997-09-30, 1998-06-30], 39 weeks. Actual holdout purchases are distinct
purchase days, as lifetimes' calibration_and_holdout_data counts them (that
function fails under pandas 3, so the count is done here with pandas).
Writes holdout_week.json beside this script: the total predicted
(BetaGeoFitter.conditional_expected_number_of_purchases_up_to_time over 39
weeks) and actual purchases, per calibration frequency 0..6 and 7+ the
customers and mean predicted and actual purchases, and for each week w of
the holdout the cumulative expected and actual purchases.
"""
import json
import os

import pandas as pd
from lifetimes import BetaGeoFitter

HERE = os.path.dirname(os.path.abspath(__file__))
AS_OF, UNTIL = pd.Timestamp("1997-09-30"), pd.Timestamp("1998-06-30")

s = pd.read_csv(os.path.join(HERE, "summary_week.csv"), dtype={"customer_id": str}).set_index("customer_id")
t = pd.read_csv(os.path.join(HERE, "transactions.csv"), dtype={"customer_id": str})
t["order_date"] = pd.to_datetime(t["order_date"])
h = t[(t["order_date"] > AS_OF) & (t["order_date"] <= UNTIL)][["customer_id", "order_date"]].drop_duplicates()
h = h[h["customer_id"].isin(s.index)]
actual = h.groupby("customer_id").size().reindex(s.index, fill_value=0)

bg = BetaGeoFitter()
bg.fit(s["frequency"], s["recency"], s["T"])
weeks = (UNTIL - AS_OF).days / 7
pred = bg.conditional_expected_number_of_purchases_up_to_time(weeks, s["frequency"], s["recency"], s["T"])

bucket = s["frequency"].clip(upper=7).astype(int)
by = pd.DataFrame({"b": bucket, "p": pred, "a": actual}).groupby("b")
h["week"] = ((h["order_date"] - AS_OF).dt.days - 1) // 7 + 1
tracking = []
for w in range(1, int(-(-(UNTIL - AS_OF).days // 7)) + 1):
    e = min(w, weeks)
    exp = bg.conditional_expected_number_of_purchases_up_to_time(e, s["frequency"], s["recency"], s["T"]).sum()
    tracking.append({"week": w, "expected": float(exp), "actual": int((h["week"] <= w).sum())})
out = {
    "customers": int(len(s)),
    "predicted": float(pred.sum()),
    "actual": int(actual.sum()),
    "by_frequency": [
        {"calibration_frequency": int(b), "customers": int(len(g)),
         "mean_predicted": float(g["p"].mean()), "mean_actual": float(g["a"].mean())}
        for b, g in by
    ],
    "tracking": tracking,
}
with open(os.path.join(HERE, "holdout_week.json"), "w") as f:
    json.dump(out, f, indent=2)
print(json.dumps({k: out[k] for k in ["customers", "predicted", "actual"]}))
print(json.dumps(out["by_frequency"], indent=1))
print(out["tracking"][:2], out["tracking"][-1])
