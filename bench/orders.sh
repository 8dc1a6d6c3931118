#!/usr/bin/env bash
# Benchmark: `engage orders FILE --by week --format csv` against DuckDB's CLI
# (shared/bench/duckdb_orders.sql) and polars from Python
# (shared/bench/polars_orders.py) on the same generated file, alternating
# runs so that page cache and machine load fall alike on each tool.
#
#   bench/orders.sh [N_ORDERS] [RUNS]      default 10000000 orders, 5 runs
#
# Needs: python3 with numpy, duckdb-cli and polars (pip install numpy
# duckdb-cli polars), /usr/bin/time, and shared/ beside the repository.
# Prints the median wall time and peak RSS per tool and the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000000}
RUNS=${2:-5}
SHARED=${SHARED:-../shared/bench}
DIR=${BENCH_DIR:-/tmp/bench/$N}
DATA=$DIR/orders.csv

[ -f "$DATA" ] || python3 "$SHARED/gen_data.py" --orders "$N" --out-dir "$DIR"
cargo build --release --quiet
ENGAGE=${CARGO_TARGET_DIR:-target}/release/engage
sed "s#FILE#$DATA#" "$SHARED/duckdb_orders.sql" > "$DIR/q.sql"

declare -A CMD=(
  [engage]="$ENGAGE orders $DATA --by week --format csv"
  [duckdb]="duckdb -csv -c .read\ $DIR/q.sql"
  [polars]="python3 $SHARED/polars_orders.py $DATA"
)
TOOLS=(engage duckdb polars)
LOG=$(mktemp)
cat "$DATA" > /dev/null   # into the page cache
for run in $(seq "$RUNS"); do
  for tool in "${TOOLS[@]}"; do
    /usr/bin/time -f "$tool %e %M" -a -o "$LOG" bash -c "${CMD[$tool]} > /dev/null"
  done
done

python3 - "$LOG" "$N" "$RUNS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip() and not l.startswith("Command")]
by = {}
for tool, wall, rss in rows:
    by.setdefault(tool, []).append((float(wall), int(rss)))
med = {t: (statistics.median(w for w, _ in v), max(r for _, r in v) / 1e6) for t, v in by.items()}
print(f"{int(sys.argv[2]):,} orders, {sys.argv[3]} alternating runs per tool")
print(f"{'tool':8} {'median wall':>12} {'peak RSS':>10} {'vs duckdb':>10}")
for t, (w, m) in med.items():
    print(f"{t:8} {w:11.2f}s {m:9.2f}G {w / med['duckdb'][0]:9.2f}x")
PY
rm -f "$LOG"
