#!/usr/bin/env python3
"""The local date of every timestamp in this folder's fixtures under each
zone the tests use, computed with Python's zoneinfo (the system's tz
database, independent of the chrono-tz tables engage carries). Writes
local_dates.txt; tests/timezone.rs asserts the same dates, worked by hand.

Rules (README, "Time zones"): a timestamp with an offset or Z is an
instant; in a column whose header has the word UTC a time without an offset
is UTC; any other time, and a date without a time, is the local date as
written. Run: python3 testdata/timezone/local_dates.py
"""
import csv
import datetime as dt
import pathlib
import re
from zoneinfo import ZoneInfo

HERE = pathlib.Path(__file__).parent
ZONES = ["America/New_York", "Asia/Jerusalem", "UTC"]
FILES = {"orders.csv": "order_date", "surveys.csv": "submitted_at",
         "stripe_utc.csv": "Created date (UTC)"}


def instant(text, utc_column):
    m = re.fullmatch(r"(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d(?::\d\d)?) ?(Z|[+-]\d\d:?\d\d)?", text)
    if not m:
        return None  # a date alone: never converted
    date, time, offset = m.groups()
    if offset is None and not utc_column:
        return None  # local time as written
    offset = "+00:00" if offset in (None, "Z") else offset
    if ":" not in offset:
        offset = offset[:3] + ":" + offset[3:]
    if len(time) == 5:
        time += ":00"
    return dt.datetime.fromisoformat(f"{date}T{time}{offset}")


lines = []
for name, column in FILES.items():
    with open(HERE / name, newline="") as f:
        for row in csv.DictReader(f):
            text = row[column]
            t = instant(text, "UTC" in column)
            dates = [t.astimezone(ZoneInfo(z)).date().isoformat() if t else text[:10]
                     for z in ZONES]
            lines.append(f"{name} {text!r}: as written {text[:10]}; "
                         + "; ".join(f"{z} {d}" for z, d in zip(ZONES, dates)))
(HERE / "local_dates.txt").write_text("\n".join(lines) + "\n")
print("\n".join(lines))
