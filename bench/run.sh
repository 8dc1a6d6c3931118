#!/usr/bin/env bash
# The benchmark suite: engage's orders, survey and report commands against
# DuckDB's CLI and polars (Python) computing the same metrics on the same
# generated files, runs alternating between tools so that page cache and
# machine load fall alike on each; plus the floor for any CSV tool, polars
# scanning one column of the orders file.
#
#   bench/run.sh [N_ORDERS] [RUNS]      default 10000000 orders, 5 runs
#   JOBS="cohorts/engage cohorts/duckdb" bench/run.sh   only these jobs
#
# The feedback jobs (`engage survey SURVEYS --orders ORDERS`, by history and
# by rfm) are compared with `engage report` on the same files (report/engage,
# and report_base/engage: the report of the binary ENGAGE_BASE, e.g. a
# build of main without the report's feedback section), e.g.
#   ENGAGE_BASE=/tmp/engage-main JOBS="feedback/engage report/engage report_base/engage" bench/run.sh 10000000 3
#
# The clv jobs: `engage clv --customers -o x.parquet` (both fits, every
# customer's predictions written to Parquet) on N_ORDERS, and on LT_N
# orders (default 1M, in /tmp/bench/LT_N, made with the same seed when
# missing) against lifetimes 0.11.3 doing the same
# (bench/lifetimes_clv.py, python from LIFETIMES_PY, default
# /tmp/lt/bin/python).
# The customers job (`engage customers -o x.parquet`) runs against DuckDB
# computing the same per-customer table (bench/duckdb_customers.sql), and
# `engage customers -f csv` against lifetimes' summary_data_from_transaction_data
# (bench/lifetimes_customers.py, python from LIFETIMES_PY, default
# /tmp/lt/bin/python with lifetimes 0.11.3) on LT_N orders (default 1M, in
# /tmp/bench/LT_N, generated with the same seed when missing), e.g.
#   JOBS="customers/engage customers/duckdb lifetimes_1M/engage lifetimes_1M/lifetimes" bench/run.sh 10000000 3
#
# The grid: `engage orders --by P` with no segment, `--segment channel` and
# `--segment channel --segment country` (jobs grid_P_0, grid_P_1, grid_P_2
# for P = day, week, month, quarter, year) against DuckDB doing the same
# grouping (bench/duckdb_grid.sql); JOBS=grid runs all 30 jobs:
#   JOBS=grid bench/run.sh 10000000 3
#
# Checksums: the first run of each engage job keeps its standard output and
# its SHA-256 is printed; with BENCH_SUMS=FILE they are compared with FILE
# (a difference fails the script) or, when FILE does not exist, written
# there, e.g. from main's binary first:
#   ENGAGE=/tmp/engage-main BENCH_SUMS=/tmp/sums.txt JOBS=grid bench/run.sh
#   BENCH_SUMS=/tmp/sums.txt JOBS=grid bench/run.sh
# (ENGAGE=BINARY times that binary instead of this checkout's release build.)
#
# Needs: python3 with numpy, duckdb-cli and polars (pip install numpy
# duckdb-cli polars), /usr/bin/time, and shared/ beside the repository
# (gen_data.py, duckdb_orders.sql, polars_orders.py). Data goes to
# BENCH_DIR (default /tmp/bench/N_ORDERS); the survey file has N/10 rows.
# Prints per job and tool the median wall time, the peak RSS over the runs
# and the ratio to DuckDB, then engage against the one-column floor.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
RUNS=${2:-5}
SHARED=${SHARED:-../shared/bench}
DIR=${BENCH_DIR:-/tmp/bench/$N}
ORDERS=$DIR/orders.csv
SURVEYS=$DIR/surveys.csv

[ -f "$ORDERS" ] || python3 "$SHARED/gen_data.py" --orders "$N" --out-dir "$DIR" --seed 1
if [ -z "${ENGAGE:-}" ]; then
  cargo build --release --quiet
  ENGAGE=${CARGO_TARGET_DIR:-target}/release/engage
fi
sed "s#FILE#$ORDERS#" "$SHARED/duckdb_orders.sql" > "$DIR/orders.sql"
sed "s#FILE#$SURVEYS#" bench/duckdb_survey.sql > "$DIR/survey.sql"
sed -e "s#ORDERS#$ORDERS#" -e "s#SURVEYS#$SURVEYS#" bench/duckdb_report.sql > "$DIR/report.sql"
sed "s#FILE#$ORDERS#" bench/duckdb_cohorts.sql > "$DIR/cohorts.sql"
OUT=$(mktemp -d)
sed -e "s#FILE#$ORDERS#" -e "s#OUT#$OUT/duckdb.parquet#" bench/duckdb_customers.sql > "$DIR/customers.sql"
LT_N=${LT_N:-1000000}
LT_DIR=/tmp/bench/$LT_N
LT_PY=${LIFETIMES_PY:-/tmp/lt/bin/python}
if [ -z "${JOBS:-}" ] || [[ " $JOBS" == *"_1M/"* ]]; then
  [ -f "$LT_DIR/orders.csv" ] || python3 "$SHARED/gen_data.py" --orders "$LT_N" --out-dir "$LT_DIR" --seed 1
fi

declare -A CMD=(
  [orders/engage]="$ENGAGE orders $ORDERS --by week --format csv"
  [orders/duckdb]="duckdb -csv -c '.read $DIR/orders.sql'"
  [orders/polars]="python3 $SHARED/polars_orders.py $ORDERS"
  [survey/engage]="$ENGAGE survey $SURVEYS --by week --format csv -q"
  [survey/duckdb]="duckdb -csv -c '.read $DIR/survey.sql'"
  [survey/polars]="python3 bench/polars_survey.py $SURVEYS"
  [report/engage]="$ENGAGE report --orders $ORDERS --surveys $SURVEYS --by week --compare previous --format csv -q"
  [report/duckdb]="duckdb -csv -c '.read $DIR/report.sql'"
  [report/polars]="python3 bench/polars_report.py $ORDERS $SURVEYS"
  [orders/floor]="python3 bench/floor.py $ORDERS amount"
  [cohorts/engage]="$ENGAGE cohorts $ORDERS --by month --format csv"
  [cohorts/duckdb]="duckdb -csv -c '.read $DIR/cohorts.sql'"
  [clv/engage]="$ENGAGE clv $ORDERS --customers -o $OUT/clv.parquet -q"
  [clv_1M/engage]="$ENGAGE clv $LT_DIR/orders.csv --customers -o $OUT/clv_1M.parquet -q"
  [clv_1M/lifetimes]="$LT_PY bench/lifetimes_clv.py $LT_DIR/orders.csv $OUT/lifetimes.parquet"
  [customers/engage]="$ENGAGE customers $ORDERS -o $OUT/engage.parquet -q"
  [customers/duckdb]="duckdb -c '.read $DIR/customers.sql'"
  [lifetimes_1M/engage]="$ENGAGE customers $LT_DIR/orders.csv -f csv -q"
  [lifetimes_1M/lifetimes]="$LT_PY bench/lifetimes_customers.py $LT_DIR/orders.csv"
  [feedback/engage]="$ENGAGE survey $SURVEYS --orders $ORDERS --format csv -q"
  [feedback_rfm/engage]="$ENGAGE survey $SURVEYS --orders $ORDERS --by-customer rfm --format csv -q"
  [report_base/engage]="${ENGAGE_BASE:-$ENGAGE} report --orders $ORDERS --surveys $SURVEYS --by week --compare previous --format csv -q"
)
GRID=()
declare -A PERIOD_SQL=([day]="strftime(ts, '%Y-%m-%d')" [week]="strftime(ts, '%G-W%V')"
  [month]="strftime(ts, '%Y-%m')" [quarter]="year(ts) || '-Q' || quarter(ts)" [year]="strftime(ts, '%Y')")
for p in day week month quarter year; do
  for k in 0 1 2; do
    segs=("" "channel, " "channel, country, ")
    flags=("" "--segment channel" "--segment channel --segment country")
    sed -e "s#FILE#$ORDERS#" -e "s#PERIOD#${PERIOD_SQL[$p]}#" -e "s#SEGMENTS#${segs[$k]}#" \
      bench/duckdb_grid.sql > "$DIR/grid_${p}_$k.sql"
    CMD[grid_${p}_$k/engage]="$ENGAGE orders $ORDERS --by $p ${flags[$k]} --format csv"
    CMD[grid_${p}_$k/duckdb]="duckdb -csv -c '.read $DIR/grid_${p}_$k.sql'"
    GRID+=("grid_${p}_$k/engage" "grid_${p}_$k/duckdb")
  done
done
if [ "${JOBS:-}" = grid ]; then
  JOBS=("${GRID[@]}")
elif [ -n "${JOBS:-}" ]; then
  read -r -a JOBS <<< "$JOBS"
else
  JOBS=(orders/engage orders/duckdb orders/polars orders/floor
        survey/engage survey/duckdb survey/polars
        report/engage report/duckdb report/polars
        cohorts/engage cohorts/duckdb
        clv/engage clv_1M/engage clv_1M/lifetimes
        customers/engage customers/duckdb lifetimes_1M/engage lifetimes_1M/lifetimes)
fi
LOG=$(mktemp)
# Into the page cache (bench/gen_large.py makes no survey file).
cat "$ORDERS" > /dev/null
[ ! -f "$SURVEYS" ] || cat "$SURVEYS" > /dev/null
for run in $(seq "$RUNS"); do
  for job in "${JOBS[@]}"; do
    out=/dev/null
    [ "$run" = 1 ] && [[ "$job" == */engage ]] && out="$OUT/${job%/engage}.out"
    /usr/bin/time -f "$job %e %M" -a -o "$LOG" bash -c "${CMD[$job]} > $out"
  done
done
SUMS=$(cd "$OUT" && for f in *.out; do [ -e "$f" ] && sha256sum "$f"; done)
echo "SHA-256 of each engage job's output (first run):"
echo "$SUMS"
if [ -n "${BENCH_SUMS:-}" ]; then
  if [ -f "$BENCH_SUMS" ]; then
    diff <(echo "$SUMS") "$BENCH_SUMS" > /dev/null || {
      echo "bench: outputs differ from $BENCH_SUMS:" >&2
      diff <(echo "$SUMS") "$BENCH_SUMS" >&2
      exit 1
    }
    echo "(all equal to $BENCH_SUMS)"
  else
    echo "$SUMS" > "$BENCH_SUMS"
  fi
fi

python3 - "$LOG" "$N" "$RUNS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("Command")]
by = {}
for job, wall, rss in rows:
    by.setdefault(job, []).append((float(wall), int(rss)))
med = {j: (statistics.median(w for w, _ in v), max(r for _, r in v) / 1e6) for j, v in by.items()}
print(f"{int(sys.argv[2]):,} orders ({int(sys.argv[2]) // 10:,} survey rows), {sys.argv[3]} alternating runs")
print(f"| job | tool | median wall | peak RSS | wall vs DuckDB (lifetimes) | RSS vs DuckDB (lifetimes) |")
print(f"|---|---|---|---|---|---|")
for j, (w, m) in med.items():
    job, tool = j.split("/")
    d = med.get(f"{job}/duckdb") or med.get(f"{job}/lifetimes")
    ratio = f"{w / d[0]:.2f}x" if d else "-"
    rss = f"{m / d[1]:.2f}x" if d else "-"
    print(f"| {job} | {tool} | {w:.2f} s | {m:.2f} GB | {ratio} | {rss} |")
for job in ("feedback/engage", "feedback_rfm/engage"):
    for base in ("report/engage", "report_base/engage"):
        if job in med and base in med:
            print(f"\n{job} takes {med[job][0] / med[base][0]:.2f}x the time of {base}")
if "orders/engage" in med and "orders/floor" in med:
    e, f = med["orders/engage"][0], med["orders/floor"][0]
    print(f"\nengage orders takes {e / f:.1f}x the one-column parse of the same file ({f:.2f} s)")
PY
rm -rf "$LOG" "$OUT"
