"""Compares `engage cohorts FILE --by month -f csv` with the DuckDB query
bench/duckdb_cohorts.sql on the same file: same rows in the same order,
counts equal, revenue equal to the cent, quotients within 1e-9 relative.

usage: python3 bench/compare_cohorts.py engage.csv duckdb.csv
"""
import csv
import sys

COUNTS = ["period_index", "cohort_customers", "active_customers", "orders",
          "repeat_customers_cumulative"]
FLOATS = ["retention", "revenue_per_customer", "cumulative_revenue_per_customer",
          "repeat_rate_cumulative"]


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main():
    ours, theirs = rows(sys.argv[1]), rows(sys.argv[2])
    assert len(ours) == len(theirs), (len(ours), len(theirs))
    for a, b in zip(ours, theirs):
        key = (a["cohort"], a["period"])
        assert key == (b["cohort"], b["period"]), (key, b)
        for c in COUNTS:
            assert int(a[c]) == int(b[c]), (key, c, a[c], b[c])
        assert round(float(a["revenue"]) * 100) == round(float(b["revenue"]) * 100), key
        for c in FLOATS:
            x, y = float(a[c]), float(b[c])
            assert abs(x - y) <= 1e-9 * max(1.0, abs(y)), (key, c, x, y)
    print(f"{len(ours)} rows equal")


main()
