"""Builds the CDNOW fixtures and their expected values, once, with lifetimes.

Run: python3 -m venv /tmp/lt && /tmp/lt/bin/pip install 'lifetimes==0.11.3'
     /tmp/lt/bin/python testdata/cdnow/make_expected.py
(lifetimes 0.11.3, pandas 3.1.1, scipy 1.17.1, numpy 2.4.6 produced the
committed files.)

Source: lifetimes/datasets/CDNOW_sample.txt (MIT, shipped in the PyPI package
Lifetimes 0.11.3): 6,919 transactions of 2,357 customers who first bought in
Q1 1997 (columns: master id, sample id, yyyymmdd, CDs, dollar value).

Writes, beside this script:
- transactions.csv: order_id (the row's 1-based line number), customer_id
  (the master id, zero-padded as in the source), order_date (YYYY-MM-DD),
  amount (dollars as in the source).
- summary_{day,week,month}.csv: lifetimes' summary_data_from_transaction_data
  with observation_period_end=1997-09-30, freq="D" and freq_multiplier 1, 7
  and 30.4375, sorted by customer_id: frequency, recency, T, monetary_value.
- bgnbd_week.csv: per customer, BetaGeoFitter fitted on the week summary:
  p_alive (conditional_probability_alive) and expected_purchases_52
  (conditional_expected_number_of_purchases_up_to_time(52)), and for the
  repeat customers the GammaGammaFitter's conditional_expected_average_profit
  (blank for others) and customer_lifetime_value(time=12 months,
  discount_rate=0.01 monthly, freq="W").
- params_week.json: the fitted parameters and log-likelihoods.
"""
import json
import os

import lifetimes
import numpy as np
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data
from scipy.special import gammaln

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(lifetimes.__file__), "datasets", "CDNOW_sample.txt")
AS_OF = "1997-09-30"

t = pd.read_csv(SRC, sep=r"\s+", header=None,
                names=["customer_id", "sample_id", "date", "cds", "amount"],
                dtype={"customer_id": str, "sample_id": str, "date": str})
t["order_date"] = pd.to_datetime(t["date"], format="%Y%m%d")
out = pd.DataFrame({
    "order_id": range(1, len(t) + 1),
    "customer_id": t["customer_id"],
    "order_date": t["order_date"].dt.strftime("%Y-%m-%d"),
    "amount": t["amount"].map(lambda v: f"{v:.2f}"),
})
out.to_csv(os.path.join(HERE, "transactions.csv"), index=False)

summaries = {}
for unit, mult in [("day", 1), ("week", 7), ("month", 30.4375)]:
    s = summary_data_from_transaction_data(
        t, "customer_id", "order_date", monetary_value_col="amount",
        observation_period_end=AS_OF, freq="D", freq_multiplier=mult)
    s = s.sort_index()
    s.index.name = "customer_id"
    s.to_csv(os.path.join(HERE, f"summary_{unit}.csv"), float_format="%.17g")
    summaries[unit] = s

s = summaries["week"]
bg = BetaGeoFitter()
bg.fit(s["frequency"], s["recency"], s["T"])
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
gg = GammaGammaFitter()
gg.fit(rep["frequency"], rep["monetary_value"])

def bgnbd_loglik(par, s):
    """Fader, Hardie & Lee (2005) eq. 6, summed over customers, unscaled
    (lifetimes fits on a rescaled T, so its stored likelihood is not this)."""
    r, alpha, a, b = par["r"], par["alpha"], par["a"], par["b"]
    x, tx, T = s["frequency"].values, s["recency"].values, s["T"].values
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + tx), -np.inf)
    return float(np.sum(a1 + a2 + np.logaddexp(a3, a4)))


pred = pd.DataFrame(index=s.index)
pred["p_alive"] = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
pred["expected_purchases_52"] = bg.conditional_expected_number_of_purchases_up_to_time(
    52, s["frequency"], s["recency"], s["T"])
pred["expected_avg_value"] = gg.conditional_expected_average_profit(
    rep["frequency"], rep["monetary_value"])
pred["clv_12m_1pct"] = gg.customer_lifetime_value(
    bg, rep["frequency"], rep["recency"], rep["T"], rep["monetary_value"],
    time=12, discount_rate=0.01, freq="W")
pred.to_csv(os.path.join(HERE, "bgnbd_week.csv"), float_format="%.17g")

params = {
    "bgnbd": {k: float(v) for k, v in bg.params_.items()},
    "bgnbd_loglik": bgnbd_loglik(bg.params_, s),
    "gamma_gamma": {k: float(v) for k, v in gg.params_.items()},
    "gamma_gamma_customers": int(len(rep)),
    "customers": int(len(s)),
}
with open(os.path.join(HERE, "params_week.json"), "w") as f:
    json.dump(params, f, indent=2)
print(json.dumps(params, indent=2))
