#!/usr/bin/env bash
# Does the ASCII common case pay for native-digit reading? Two release
# binaries (before and after a change to the cell parsers) run alternately
# on the same 1M-row files: an orders file with ISO dates and amounts half
# plain (`123.45`, the parser's fast path) and half with a symbol and
# separators (`$1,234.50`, the general path, which now first checks
# is_ascii), read with --by month so that every date is parsed; and a
# survey file with 1M NPS and CSAT answers and dates. Prints each binary's
# least and median CPU time (user + system, from wait4's rusage: on a
# shared machine less disturbed by other work than wall time) per job and
# the ratio new/old.
#
#   bench/ascii_path.sh OLD_BINARY NEW_BINARY [RUNS]    default 7 runs
set -euo pipefail
OLD=$1
NEW=$2
RUNS=${3:-7}
DIR=${BENCH_DIR:-/tmp/bench/ascii_path}
mkdir -p "$DIR"
[ -f "$DIR/orders.csv" ] || python3 - "$DIR" <<'GEN'
import random, sys
d = sys.argv[1]
random.seed(7)
with open(f"{d}/orders.csv", "w") as f:
    f.write("order_id,customer_id,order_date,amount\n")
    for i in range(1_000_000):
        c = random.randint(100, 99999)
        a = f"{c // 100}.{c % 100:02d}" if i % 2 else f"${c // 100:,}.{c % 100:02d}"
        f.write(f"{i},c{random.randint(1, 200000)},2024-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},{a}\n")
with open(f"{d}/surveys.csv", "w") as f:
    f.write("response_id,submitted_at,nps,csat\n")
    for i in range(1_000_000):
        f.write(f"{i},2024-{random.randint(1, 12):02d}-{random.randint(1, 28):02d},{random.randint(0, 10)},{random.randint(1, 5)}\n")
GEN
python3 - "$OLD" "$NEW" "$RUNS" "$DIR" <<'RUN'
import os, statistics, subprocess, sys
old, new, runs, d = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
jobs = {
    "orders": ["orders", f"{d}/orders.csv", "--by", "month", "--format", "csv"],
    "survey": ["survey", f"{d}/surveys.csv", "--by", "month", "--format", "csv"],
}


def cpu(binary, args):
    p = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    assert status == 0, (binary, args)
    return ru.ru_utime + ru.ru_stime


for job, args in jobs.items():
    times = {old: [], new: []}
    for _ in range(runs):
        for b in (old, new):
            times[b].append(cpu(b, args))
    for name, f in (("min", min), ("median", statistics.median)):
        o, n = f(times[old]), f(times[new])
        print(f"{job} {name} CPU: old {o:.3f} s, new {n:.3f} s, new/old {n / o:.3f}")
RUN
