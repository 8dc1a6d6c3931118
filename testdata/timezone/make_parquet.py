#!/usr/bin/env python3
"""Writes orders_utc.parquet: the orders of orders.csv that carry an offset,
with order_date as a Parquet timestamp in UTC (timestamp[us, tz=UTC], what
a warehouse export of a TIMESTAMPTZ column holds). Needs pyarrow (the SQL
parity venv has it: tests/sql_parity_requirements.txt).
Run: python3 testdata/timezone/make_parquet.py
"""
import csv
import datetime as dt
import pathlib

import pyarrow as pa
import pyarrow.parquet as pq

HERE = pathlib.Path(__file__).parent
rows = []
with open(HERE / "orders.csv", newline="") as f:
    for r in csv.DictReader(f):
        t = r["order_date"].replace(" -0500", "-05:00")
        if len(t) > 19:  # a time with an offset or Z
            rows.append((r["order_id"], r["customer_id"],
                         dt.datetime.fromisoformat(t.replace("Z", "+00:00")),
                         float(r["amount"])))
ids, customers, stamps, amounts = zip(*rows)
table = pa.table({
    "order_id": pa.array(ids),
    "customer_id": pa.array(customers),
    "order_date": pa.array(stamps, pa.timestamp("us", tz="UTC")),
    "amount": pa.array(amounts),
})
pq.write_table(table, HERE / "orders_utc.parquet")
print(table)
