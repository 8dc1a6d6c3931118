"""The job of `engage clv FILE --customers -o x.parquet` in lifetimes 0.11.3:
read the orders with pandas, keep the paid ones, summary (freq="D",
observation end the last order day), BetaGeoFitter on every customer,
GammaGammaFitter on the repeat customers with positive spend, then per
customer P(alive), expected purchases over 365 days, expected average value
and 12-month CLV at 10% a year (0.797% a month), written as Parquet (CSV
when pyarrow is missing).

usage: /tmp/lt/bin/python bench/lifetimes_clv.py orders.csv out.parquet
"""
import sys

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter
from lifetimes.utils import summary_data_from_transaction_data

o = pd.read_csv(sys.argv[1], usecols=["customer_id", "order_date", "amount", "status"])
o = o[o["status"] == "paid"]
o["order_date"] = pd.to_datetime(o["order_date"]).dt.normalize()
s = summary_data_from_transaction_data(
    o, "customer_id", "order_date", monetary_value_col="amount",
    observation_period_end=o["order_date"].max(), freq="D")
bg = BetaGeoFitter()
bg.fit(s["frequency"], s["recency"], s["T"])
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
gg = GammaGammaFitter()
gg.fit(rep["frequency"], rep["monetary_value"])
s["p_alive"] = bg.conditional_probability_alive(s["frequency"], s["recency"], s["T"])
s["expected_purchases"] = bg.conditional_expected_number_of_purchases_up_to_time(
    365, s["frequency"], s["recency"], s["T"])
s["expected_avg_value"] = gg.conditional_expected_average_profit(s["frequency"], s["monetary_value"])
s["clv"] = gg.customer_lifetime_value(
    bg, s["frequency"], s["recency"], s["T"], s["monetary_value"],
    time=12, discount_rate=1.1 ** (1 / 12) - 1, freq="D")
s = s.sort_index()
try:
    s.to_parquet(sys.argv[2])
except ImportError:
    s.to_csv(sys.argv[2])
print(bg.params_.to_dict(), gg.params_.to_dict(), file=sys.stderr)
