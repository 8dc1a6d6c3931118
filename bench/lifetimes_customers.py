"""The job of `engage customers FILE -f csv` in lifetimes 0.11.3: read the
orders with pandas, keep the paid ones, summary_data_from_transaction_data
(freq="D", observation end the last order day) and write it as CSV.

usage: /tmp/lt/bin/python bench/lifetimes_customers.py orders.csv > summary.csv
"""
import sys

import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

o = pd.read_csv(sys.argv[1], usecols=["customer_id", "order_date", "amount", "status"])
o = o[o["status"] == "paid"]
o["order_date"] = pd.to_datetime(o["order_date"]).dt.normalize()
s = summary_data_from_transaction_data(
    o, "customer_id", "order_date", monetary_value_col="amount",
    observation_period_end=o["order_date"].max(), freq="D")
s.sort_index().to_csv(sys.stdout)
