#!/usr/bin/env python3
"""Parity of `engage sql` with engage itself, on real engines.

Every case is an order or survey export (the hand-worked fixtures of
testdata/ and files written by a seeded generator) with a set of options.
For each case, `engage KIND --format csv OPTIONS FILE` is the expected
table; the same file is loaded into each engine as a typed table (dates as
DATE or TIMESTAMP, amounts as DECIMAL(18,2), scores as BIGINT, the rest as
text, plus `line_no`, the row's line in the file), `engage sql KIND
--dialect D --table T --row-order-col line_no OPTIONS` is run there, and
every cell is compared: counts, labels and text exactly, money exactly as
decimals, other numbers to 1e-9 relative (magnitudes below 1 count as 1).
This comparison is written here, independently of `engage compare`, which
is itself checked on a few cases (equal: exit 0; one cell changed: exit 1).

Engines: DuckDB, DataFusion (in process), PostgreSQL 15 (initdb in a
temporary folder, listening on 127.0.0.1 on a free port, stopped at the
end), Spark local mode (SPARK_LOCAL_IP and spark.driver.bindAddress
127.0.0.1, session time zone UTC, 3 shuffle partitions). BigQuery, Snowflake
and Trino cannot run here: each statement is parsed with sqlglot's parser
for that dialect (syntax only).

Usage: sql_parity.py --engage target/debug/engage [--engines duckdb,...]
       [--spark-cases small|all]. Exit 0 when every case matched on every
engine asked for, 1 otherwise. Prints, per engine and KIND, the cases that
matched, and the seconds each engine took.
"""

import argparse
import csv
import datetime as dt
import decimal
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TESTDATA = os.path.join(ROOT, "testdata")
TOLERANCE = 1e-9

# Columns compared within TOLERANCE (quotients), as exact decimals (money),
# or as truth values; everything else exactly.
QUOTIENTS = {
    "aov", "purchase_frequency", "repeat_purchase_rate", "returning_customer_rate",
    "repeat_revenue_share", "repeat_vs_one_time_spend", "promoters_pct", "passives_pct",
    "detractors_pct", "nps", "nps_margin", "csat", "csat_mean", "csat_low", "csat_high",
    "recency", "T", "monetary_value", "retention", "revenue_per_customer",
    "cumulative_revenue_per_customer", "repeat_rate_cumulative",
}
MONEY = {"revenue"}
FLAGS = {"low_sample"}

# ---------------------------------------------------------------- fixtures


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def day(d):
    return d.isoformat()


# Days that sit on ISO week and year boundaries: 2020 has an ISO week 53
# (2020-12-28 .. 2021-01-03), 2024-12-30 starts 2025-W01, 2026-W53 exists.
BOUNDARY_DAYS = [
    dt.date(2020, 12, 27), dt.date(2020, 12, 28), dt.date(2020, 12, 31), dt.date(2021, 1, 1),
    dt.date(2021, 1, 3), dt.date(2021, 1, 4), dt.date(2021, 3, 31), dt.date(2021, 4, 1),
    dt.date(2024, 2, 29), dt.date(2024, 12, 29), dt.date(2024, 12, 30), dt.date(2024, 12, 31),
    dt.date(2025, 1, 1), dt.date(2025, 1, 5), dt.date(2025, 1, 6), dt.date(2026, 12, 31),
    dt.date(2027, 1, 3), dt.date(2027, 1, 4),
]
CHANNELS = ["web", "app", "store", "Ünïcode 市場", "-promo", ""]
COUNTRIES = ["DE", "FR", "US", "日本"]
STATUSES = ["paid", "paid", "paid", "Paid", "", "refunded", "Cancelled", "pending", "voided"]


def generate_orders(path, seed, customers=60, line_items="first", timestamps=False, guests=False):
    """Orders of `customers` customers: one-time and repeat buyers, refunds
    (negative amounts) and excluded statuses, orders spread over several
    line-item rows (order-level fields on the first row only; with
    line_items="sum" every row carries its line total), boundary days,
    e-mail ids in mixed case, Unicode and formula-like segment values,
    segments with empty periods. With `guests`: orders without a customer,
    partial refunds in a `refunded` column, and order ids starting with C
    (cancellations under `cancel_id_prefix = "C"`)."""
    rng = random.Random(seed)
    rows = []
    oid = 5000
    start = dt.date(2020, 12, 1)
    for c in range(customers):
        cust = rng.choice([f"C{c:03d}", f"Cust{c}@Example.COM", f"c{c}-ü"])
        n = rng.choice([1, 1, 1, 2, 2, 3, 5])
        for _ in range(n):
            oid += 1
            if rng.random() < 0.25:
                d = rng.choice(BOUNDARY_DAYS)
            else:
                d = start + dt.timedelta(days=rng.randrange(0, 800))
            when = day(d)
            if timestamps:
                when += f" {rng.randrange(24):02d}:{rng.randrange(60):02d}:00"
            status = rng.choice(STATUSES)
            guest = guests and rng.random() < 0.15
            # Some refunds signed negative, as some exports write them (engage
            # and the SQL both take a refund by its size); no extra draw, so
            # the rest of the data is unchanged.
            refunded = ""
            if guests and rng.random() < 0.2:
                refund = rng.randrange(1, 5000)
                refunded = f"{'-' if refund % 7 == 0 else ''}{refund / 100:.2f}"
            order = f"C{oid}" if guests and rng.random() < 0.1 else oid
            channel = rng.choice(CHANNELS)
            country = rng.choice(COUNTRIES)
            cents = rng.randrange(100, 30000)
            if rng.random() < 0.05:
                cents = -cents
            if rng.random() < 0.03:
                cents = 0
            lines = rng.choice([1, 1, 1, 2, 3])
            parts = [cents // lines] * lines
            parts[0] += cents - sum(parts)
            for i in range(lines):
                cust_cell = cust if i == 0 and not guest else ""
                if line_items == "first":
                    amount = f"{cents / 100:.2f}" if i == 0 else ""
                else:
                    amount = f"{parts[i] / 100:.2f}"
                if i == 0:
                    rows.append([order, cust_cell, when, amount, status, channel, country, refunded])
                else:
                    rows.append([order, cust_cell, "", amount, "", "", "", ""])
    rng.shuffle(rows)
    write_csv(path, ["order_id", "customer_id", "order_date", "amount", "status", "channel", "country",
                     "refunded"], rows)


def generate_surveys(path, seed, n=400):
    """Responses with NPS 6/7/8/9 and CSAT 3/4 boundaries weighted up,
    blank answers, boundary days, Unicode segments."""
    rng = random.Random(seed)
    rows = []
    start = dt.date(2020, 12, 1)
    for r in range(n):
        if rng.random() < 0.2:
            d = rng.choice(BOUNDARY_DAYS)
        else:
            d = start + dt.timedelta(days=rng.randrange(0, 800))
        nps = rng.choice([0, 3, 6, 6, 7, 7, 8, 8, 9, 9, 10, ""])
        csat = rng.choice([1, 2, 3, 3, 4, 4, 5, ""])
        rows.append([f"R{r}", day(d), nps, csat, rng.choice(CHANNELS), rng.choice(COUNTRIES)])
    write_csv(path, ["response_id", "submitted_at", "nps", "csat", "channel", "country"], rows)


# ------------------------------------------------------------------ cases


class Fixture:
    """A CSV file and how it is typed in a table: `kind` orders or
    surveys, `types` column -> date, timestamp, decimal or bigint (the rest
    text); `sql_opts` tell `engage sql` which roles the table lacks
    (`--status-col ''`)."""

    def __init__(self, name, path, kind, types, sql_opts=()):
        self.name, self.path, self.kind, self.types = name, path, kind, types
        self.sql_opts = list(sql_opts)


def fixtures(tmp):
    t = lambda *p: os.path.join(TESTDATA, *p)
    orders = {"order_date": "date", "amount": "decimal"}
    out = [
        Fixture("orders", t("orders.csv"), "orders", orders),
        Fixture("line_items", t("line_items.csv"), "orders", {"Created at": "timestamp", "Total": "decimal"}),
        Fixture("cents", t("cents.csv"), "orders", {"amount": "decimal"}, ["--status-col", ""]),
        Fixture("cohorts", t("cohorts", "orders.csv"), "orders", orders),
        Fixture("customers", t("customers", "orders.csv"), "orders", orders),
        Fixture("survey", t("survey.csv"), "surveys", {
            "submitted_at": "date", "How likely are you to recommend us?": "bigint",
            "Overall satisfaction": "bigint"}),
        # Exports loaded as-is, mapped by --preset.
        Fixture("shopify", t("presets", "shopify.csv"), "orders",
                {"Created at": "timestamp", "Total": "decimal"}),
        Fixture("woocommerce", t("presets", "woocommerce.csv"), "orders",
                {"Order Date": "timestamp", "Order Total": "decimal"}),
        Fixture("cdnow", t("cdnow", "transactions.csv"), "orders", orders, ["--status-col", ""]),
        Fixture("csat7", t("csat7.csv"), "surveys", {"csat": "bigint"}, ["--nps-col", ""]),
    ]
    for seed in (1, 2, 3):
        p = os.path.join(tmp, f"gen_orders_{seed}.csv")
        generate_orders(p, seed)
        out.append(Fixture(f"gen{seed}", p, "orders", orders))
    p = os.path.join(tmp, "gen_orders_sum.csv")
    generate_orders(p, 4, line_items="sum")
    out.append(Fixture("gen_sum", p, "orders", orders))
    p = os.path.join(tmp, "gen_orders_guests.csv")
    generate_orders(p, 6, guests=True)
    out.append(Fixture("gen_guest", p, "orders", {"order_date": "date", "amount": "decimal",
                                                   "refunded": "decimal"}))
    p = os.path.join(tmp, "gen_orders_ts.csv")
    generate_orders(p, 5, timestamps=True)
    out.append(Fixture("gen_ts", p, "orders", {"order_date": "timestamp", "amount": "decimal"}))
    for seed in (1, 2):
        p = os.path.join(tmp, f"gen_surveys_{seed}.csv")
        generate_surveys(p, seed)
        out.append(Fixture(f"gsurv{seed}", p, "surveys", {
            "submitted_at": "date", "nps": "bigint", "csat": "bigint"}))
    return {f.name: f for f in out}


LINE_ITEM_COLS = ["--order-id-col", "Order ID", "--customer-col", "Email", "--date-col", "Created at",
                  "--amount-col", "Total", "--status-col", "Financial Status"]
SURVEY_COLS = ["--nps-col", "How likely are you to recommend us?", "--csat-col", "Overall satisfaction"]
PERIODS = ["day", "week", "month", "quarter", "year"]


def cases():
    """(kind, fixture, options, small): `small` cases also run on Spark
    when it runs the small set."""
    c = []
    add = lambda kind, fx, opts, small=False: c.append((kind, fx, opts, small))
    # orders: hand-worked fixtures
    add("orders", "orders", [], True)
    for p in PERIODS:
        add("orders", "orders", ["--by", p], p == "week")
    add("orders", "orders", ["--segment", "channel"])
    add("orders", "orders", ["--segment", "status"])
    add("orders", "orders", ["--since", "2024-01-08", "--until", "2024-01-31"])
    add("orders", "orders", ["--exclude-status", ""])
    add("orders", "orders", ["--include-status", "paid"])
    add("orders", "orders", ["--by", "month", "--segment", "channel", "--since", "2024-01-02"])
    add("orders", "line_items", LINE_ITEM_COLS, True)
    add("orders", "line_items", LINE_ITEM_COLS + ["--line-items", "sum", "--by", "week"])
    add("orders", "cents", [])
    add("orders", "cohorts", ["--by", "week", "--segment", "channel"])
    # orders: generated
    for fx in ("gen1", "gen2", "gen3"):
        for p in PERIODS:
            add("orders", fx, ["--by", p, "--segment", "channel"], fx == "gen1" and p == "week")
        add("orders", fx, ["--segment", "channel", "--segment", "country"])
        add("orders", fx, ["--by", "month", "--since", "2021-01-01", "--until", "2021-12-31"])
        add("orders", fx, ["--by", "quarter", "--include-status", "paid,pending"])
    add("orders", "gen_sum", ["--line-items", "sum", "--by", "week", "--segment", "country"], True)
    add("orders", "gen_ts", ["--by", "week"], True)
    # guests, net revenue, cancellations by id prefix
    cancel = ["--config", os.path.join(TESTDATA, "sql", "cancel_c.toml")]
    add("orders", "gen_guest", ["--guest-orders", "include", "--by", "month", "--segment", "channel"], True)
    add("orders", "gen_guest", ["--guest-orders", "include", "--since", "2021-06-01"])
    add("orders", "gen_guest", ["--guest-orders", "skip", "--by", "week"])
    add("orders", "gen_guest", ["--guest-orders", "include", "--revenue", "net", "--refund-col", "refunded",
                                "--by", "quarter", "--segment", "country"], True)
    add("orders", "gen_guest", cancel + ["--guest-orders", "skip", "--by", "month"])
    add("customers", "gen_guest", ["--guest-orders", "include", "--revenue", "net", "--refund-col", "refunded"])
    add("customers", "gen_guest", cancel + ["--guest-orders", "skip", "--segment", "channel"])
    add("cohorts", "gen_guest", ["--guest-orders", "include", "--by", "quarter", "--segment", "channel"])
    add("orders", "gen_ts", ["--since", "2021-03-31"])
    # survey
    add("survey", "survey", SURVEY_COLS, True)
    add("survey", "survey", SURVEY_COLS + ["--by", "week", "--segment", "channel"])
    add("survey", "csat7", ["--csat-scale", "7"], True)
    add("survey", "csat7", ["--csat-scale", "7", "--csat-satisfied", "5"])
    for fx in ("gsurv1", "gsurv2"):
        for p in PERIODS:
            add("survey", fx, ["--by", p, "--segment", "channel"], fx == "gsurv1" and p == "month")
        add("survey", fx, ["--segment", "country", "--since", "2021-01-01", "--until", "2021-06-30"])
        add("survey", fx, ["--csat-satisfied", "3"])
    # customers
    add("customers", "customers", [], True)
    add("customers", "customers", ["--segment", "channel", "--time-unit", "week"])
    add("customers", "customers", ["--as-of", "2024-02-15", "--time-unit", "month"])
    add("customers", "orders", [])
    add("customers", "line_items", LINE_ITEM_COLS)
    add("orders", "shopify", ["--preset", "shopify", "--by", "week", "--segment", "Source"], True)
    add("customers", "shopify", ["--preset", "shopify"])
    add("orders", "woocommerce", ["--preset", "woocommerce", "--by", "month"])
    add("cohorts", "woocommerce", ["--preset", "woocommerce", "--by", "month"])
    # CDNOW (2,357 customers): the summary `engage clv --summary` fits the
    # published BG/NBD and Gamma-Gamma parameters from.
    add("customers", "cdnow", ["--as-of", "1997-09-30", "--time-unit", "week"])
    add("orders", "cdnow", ["--by", "month"])
    add("cohorts", "cdnow", ["--by", "month"])
    for fx in ("gen1", "gen2", "gen3", "gen_sum"):
        extra = ["--line-items", "sum"] if fx == "gen_sum" else []
        add("customers", fx, extra + ["--segment", "channel"], fx == "gen1")
        add("customers", fx, extra + ["--as-of", "2021-06-30", "--time-unit", "week"])
    # cohorts
    add("cohorts", "cohorts", ["--by", "week"], True)
    add("cohorts", "cohorts", ["--by", "month", "--segment", "channel"])
    add("cohorts", "orders", ["--by", "week"])
    for fx in ("gen1", "gen2", "gen3"):
        for p in ("week", "month", "quarter", "year"):
            add("cohorts", fx, ["--by", p], fx == "gen1" and p == "quarter")
        add("cohorts", fx, ["--by", "month", "--segment", "channel", "--since", "2021-02-10",
                            "--until", "2021-11-01"])
    add("cohorts", "gen_sum", ["--line-items", "sum", "--by", "quarter"])
    return c


# ------------------------------------------------------------ typed tables

LABELLED = re.compile(r"^\s*(\d+)")
ANY_NUMBER = re.compile(r"(\d+)")


def typed(value, kind):
    """A cell of an export as the typed value a table would hold."""
    v = value.strip()
    if v == "":
        return None
    if kind == "date":
        return dt.date.fromisoformat(v[:10])
    if kind == "timestamp":
        # The local date and time as written; an offset is not applied.
        return dt.datetime.fromisoformat(v[:10] + " " + (v[11:19] if len(v) >= 19 else "00:00:00"))
    if kind == "decimal":
        v = v.replace("$", "").replace(",", "")
        return decimal.Decimal(v).quantize(decimal.Decimal("0.01"))
    if kind == "bigint":
        m = LABELLED.match(v) or ANY_NUMBER.search(v)
        return int(m.group(1))
    return value


def load_fixture(fx):
    """(column names, column types, rows) of a fixture, with `line_no`
    (the row's line in the file) last."""
    with open(fx.path, newline="", encoding="utf-8-sig") as f:
        r = csv.reader(f)
        header = next(r)
        rows = []
        for rec in r:
            line = r.line_num
            rows.append(tuple(typed(v, fx.types.get(h, "text")) for h, v in zip(header, rec)) + (line,))
    return header + ["line_no"], [fx.types.get(h, "text") for h in header] + ["bigint"], rows


# --------------------------------------------------------------- engines


class DuckDB:
    name = dialect = "duckdb"

    def __init__(self):
        import duckdb
        self.con = duckdb.connect()

    def load(self, table, names, types, rows):
        self.con.register("incoming", arrow_table(names, types, rows))
        self.con.execute(f'CREATE TABLE "{table}" AS SELECT * FROM incoming')
        self.con.unregister("incoming")

    def query(self, sql):
        cur = self.con.execute(sql)
        return [d[0] for d in cur.description], cur.fetchall()

    def close(self):
        self.con.close()


def arrow_table(names, types, rows):
    import pyarrow as pa
    atype = {"text": pa.string(), "date": pa.date32(), "timestamp": pa.timestamp("us"),
             "decimal": pa.decimal128(18, 2), "bigint": pa.int64()}
    cols = list(zip(*rows)) if rows else [[] for _ in names]
    return pa.table({n: pa.array(list(c), type=atype[t]) for n, t, c in zip(names, types, cols)})


class DataFusion:
    name = dialect = "datafusion"

    def __init__(self):
        import datafusion
        self.ctx = datafusion.SessionContext()

    def load(self, table, names, types, rows):
        self.ctx.register_record_batches(table, [arrow_table(names, types, rows).to_batches()])

    def query(self, sql):
        t = self.ctx.sql(sql.rstrip().rstrip(";")).to_arrow_table()
        return t.column_names, [tuple(r.values()) for r in t.to_pylist()]

    def close(self):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_bin():
    for d in sorted(os.listdir("/usr/lib/postgresql"), reverse=True) if os.path.isdir("/usr/lib/postgresql") else []:
        p = os.path.join("/usr/lib/postgresql", d, "bin")
        if os.path.exists(os.path.join(p, "initdb")):
            return p
    raise RuntimeError("no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)")


class Postgres:
    """A throwaway server: initdb in a temporary folder (as the `postgres`
    user when run as root, since the server refuses root), trust auth,
    listening on 127.0.0.1 only, on a free port."""

    name = dialect = "postgres"

    def __init__(self):
        import psycopg2
        self.dir = tempfile.mkdtemp(prefix="engage-pg-")
        self.data = os.path.join(self.dir, "data")
        self.port = free_port()
        bin_ = pg_bin()
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        run = lambda *a: subprocess.run(self.as_user + list(a), check=True, capture_output=True, text=True)
        run(f"{bin_}/initdb", "-D", self.data, "--auth=trust", "-U", "engage", "--encoding=UTF8",
            "--locale=C.UTF-8" if os.path.exists("/usr/lib/locale/C.utf8") else "--no-locale")
        self.pg_ctl = f"{bin_}/pg_ctl"
        opts = f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.dir} -c fsync=off"
        run(self.pg_ctl, "-D", self.data, "-o", opts, "-l", os.path.join(self.dir, "log"), "-w", "start")
        self.con = psycopg2.connect(host="127.0.0.1", port=self.port, user="engage", dbname="postgres")
        self.con.autocommit = True

    def load(self, table, names, types, rows):
        sqltype = {"text": "TEXT", "date": "DATE", "timestamp": "TIMESTAMP",
                   "decimal": "NUMERIC(18,2)", "bigint": "BIGINT"}
        cols = ", ".join(f'"{n}" {sqltype[t]}' for n, t in zip(names, types))
        with self.con.cursor() as cur:
            cur.execute(f'CREATE TABLE "{table}" ({cols})')
            if rows:
                marks = ", ".join("%s" for _ in names)
                cur.executemany(f'INSERT INTO "{table}" VALUES ({marks})', rows)

    def query(self, sql):
        with self.con.cursor() as cur:
            cur.execute(sql)
            return [d[0] for d in cur.description], cur.fetchall()

    def close(self):
        self.con.close()
        subprocess.run(self.as_user + [self.pg_ctl, "-D", self.data, "-m", "fast", "-w", "stop"],
                       check=False, capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


class Spark:
    """Spark in local mode, bound to loopback, UTC, 3 shuffle partitions."""

    name = dialect = "spark"

    def __init__(self):
        os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("engage-sql-parity")
                      .config("spark.driver.bindAddress", "127.0.0.1")
                      .config("spark.driver.host", "127.0.0.1")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.sql.shuffle.partitions", "3")
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def load(self, table, names, types, rows):
        from pyspark.sql import types as T
        stype = {"text": T.StringType(), "date": T.DateType(), "timestamp": T.TimestampNTZType(),
                 "decimal": T.DecimalType(18, 2), "bigint": T.LongType()}
        schema = T.StructType([T.StructField(n, stype[t], True) for n, t in zip(names, types)])
        self.spark.createDataFrame(rows, schema).createOrReplaceTempView(table)

    def query(self, sql):
        df = self.spark.sql(sql.rstrip().rstrip(";"))
        return df.columns, [tuple(r) for r in df.collect()]

    def close(self):
        self.spark.stop()


ENGINES = {"duckdb": DuckDB, "datafusion": DataFusion, "postgres": Postgres, "spark": Spark}
SYNTAX_ONLY = ["bigquery", "snowflake", "trino"]

# ------------------------------------------------------------ comparison


def cell(v):
    """An engine's value as CSV text."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return str(v)


def norm_decimal(s):
    try:
        d = decimal.Decimal(s)
    except decimal.InvalidOperation:
        return None
    return d.normalize() if d != 0 else decimal.Decimal(0)


def same(name, a, b):
    """Whether the engine's cell `a` equals engage's cell `b`."""
    if a == b:
        return True
    if name in QUOTIENTS:
        try:
            x, y = float(a), float(b)
        except ValueError:
            return False
        return abs(x - y) <= TOLERANCE * max(abs(x), abs(y), 1.0)
    if name in MONEY:
        return norm_decimal(a) is not None and norm_decimal(a) == norm_decimal(b)
    if name in FLAGS:
        return a.lower() in ("true", "t") and b == "true" or a.lower() in ("false", "f") and b == "false"
    # engage's CSV neutralises text a spreadsheet would run as a formula.
    if b.startswith("'") and b[1:] == a and a[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return True
    return False


def diff(names, rows, expected):
    """The first differences between an engine's result and engage's CSV
    (header and rows), as text; empty when equal."""
    header, body = expected[0], expected[1:]
    out = []
    if list(names) != header:
        return [f"header: engine {names}, engage {header}"]
    if len(rows) != len(body):
        out.append(f"rows: engine {len(rows)}, engage {len(body)}")
    for i, (r, e) in enumerate(zip(rows, body)):
        for name, a, b in zip(header, r, e):
            if not same(name, cell(a), b):
                out.append(f"row {i + 1} ({e[0]}), {name}: engine {cell(a)!r}, engage {b!r}")
    return out[:10]


# ------------------------------------------------------------------ main


def run_engage(engage, args):
    p = subprocess.run([engage] + args, capture_output=True)
    if p.returncode != 0:
        raise RuntimeError(f"engage {' '.join(args)} exited {p.returncode}: {p.stderr.decode(errors='replace')}")
    return p.stdout.decode()


def expected_table(engage, kind, fx, opts):
    text = run_engage(engage, [kind, "--format", "csv", "-q"] + opts + [fx.path])
    return list(csv.reader(text.splitlines()))


def statement(engage, kind, dialect, fx, opts):
    row_order = ["--row-order-col", "line_no"] if kind != "survey" else []
    return run_engage(engage, ["sql", kind, "--dialect", dialect, "--table", f"t_{fx.name}"]
                      + row_order + opts + fx.sql_opts)


def check_compare(engage, tmp, kind, fx, opts, names, rows):
    """`engage compare` on an engine's result: equal (exit 0), then with
    one number changed (exit 1)."""
    path = os.path.join(tmp, "result.csv")

    def write(rows):
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(names)
            w.writerows([[cell(v) for v in r] for r in rows])

    write(rows)
    ok = subprocess.run([engage, "compare", kind, path] + opts + [fx.path], capture_output=True)
    col = names.index("orders") if "orders" in names else len(names) - 2
    changed = [list(r) for r in rows]
    changed[0][col] = (changed[0][col] or 0) + 1
    write(changed)
    bad = subprocess.run([engage, "compare", kind, path] + opts + [fx.path], capture_output=True)
    return ok.returncode == 0 and bad.returncode == 1 and b"warehouse" in bad.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engage", required=True, help="the engage binary")
    ap.add_argument("--engines", default="duckdb,datafusion,postgres,spark,syntax")
    ap.add_argument("--spark-cases", choices=["small", "all"], default="small")
    ap.add_argument("--only", default="", help="run the cases whose fixture name contains this")
    args = ap.parse_args()
    engage = os.path.abspath(args.engage)
    tmp = tempfile.mkdtemp(prefix="engage-sql-parity-")
    failures = 0
    summary = []
    try:
        fxs = fixtures(tmp)
        all_cases = [c for c in cases() if args.only in c[1]]
        expected = {}
        for kind, fx, opts, _ in all_cases:
            expected[(kind, fx, tuple(opts))] = expected_table(engage, kind, fxs[fx], opts)
        loaded = {fx: load_fixture(fxs[fx]) for fx in {c[1] for c in all_cases}}
        for engine in args.engines.split(","):
            t0 = time.time()
            matched, total = {}, {}
            if engine == "syntax":
                import sqlglot
                for dialect in SYNTAX_ONLY:
                    for kind, fx, opts, _ in all_cases:
                        sql = statement(engage, kind, dialect, fxs[fx], opts)
                        key = (dialect, kind)
                        total[key] = total.get(key, 0) + 1
                        try:
                            sqlglot.parse_one(sql, read=dialect)
                            matched[key] = matched.get(key, 0) + 1
                        except Exception as e:  # a parse error is the finding
                            failures += 1
                            print(f"FAIL {dialect} syntax {kind} {fx} {opts}: {str(e)[:300]}")
            else:
                eng = ENGINES[engine]()
                try:
                    run_cases = [c for c in all_cases
                                 if engine != "spark" or args.spark_cases == "all" or c[3]]
                    for fx in sorted({c[1] for c in run_cases}):
                        eng.load(f"t_{fx}", *loaded[fx])
                    compared = 0
                    for kind, fx, opts, _ in run_cases:
                        key = (engine, kind)
                        total[key] = total.get(key, 0) + 1
                        sql = statement(engage, kind, eng.dialect, fxs[fx], opts)
                        try:
                            names, rows = eng.query(sql)
                        except Exception as e:  # an engine error is the finding
                            failures += 1
                            print(f"FAIL {engine} {kind} {fx} {opts}: {type(e).__name__}: {str(e)[:600]}")
                            continue
                        d = diff(names, rows, expected[(kind, fx, tuple(opts))])
                        if d:
                            failures += 1
                            print(f"FAIL {engine} {kind} {fx} {opts}:\n  " + "\n  ".join(d))
                            continue
                        matched[key] = matched.get(key, 0) + 1
                        if engine == "duckdb" and compared < 4 and rows and kind in ("orders", "cohorts"):
                            compared += 1
                            if not check_compare(engage, tmp, kind, fxs[fx], opts, names, rows):
                                failures += 1
                                print(f"FAIL engage compare on {kind} {fx} {opts}")
                finally:
                    eng.close()
            seconds = time.time() - t0
            for key in sorted(total):
                summary.append(f"{key[0]:<11} {key[1]:<10} {matched.get(key, 0):>3} of {total[key]:>3} cases matched")
            summary.append(f"{engine:<11} took {seconds:.1f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\n".join(summary))
    print("sql parity: " + ("all cases matched" if failures == 0 else f"{failures} failures"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
