#!/usr/bin/env bash
# Weekly engagement report for cron: last week's metrics against the week
# before, as an HTML report to open or mail, a CSV row appended to a
# history file for spreadsheets, and an alert when a threshold breaks.
#
# crontab (Mondays at 07:00; cron has a short PATH, so give full paths):
#   0 7 * * 1  /opt/engage/examples/weekly-report.sh >>/var/log/engage-weekly.log 2>&1
#
# Try it on the sample data (the sample's last complete week ends on
# 2025-11-30, so pin the day the report counts back from):
#   ENGAGE="cargo run -q --" AS_OF=2025-12-01 examples/weekly-report.sh
set -uo pipefail

ENGAGE=${ENGAGE:-engage}
ORDERS=${ORDERS:-examples/orders.csv}
SURVEYS=${SURVEYS:-examples/surveys.csv}
OUT_DIR=${OUT_DIR:-reports}
# Empty: count back from today.
AS_OF=${AS_OF:-}

mkdir -p "$OUT_DIR"
as_of=()
[ -n "$AS_OF" ] && as_of=(--as-of "$AS_OF")
common=(--orders "$ORDERS" --surveys "$SURVEYS" --period last-week "${as_of[@]}"
        --compare previous --segment channel)

# 1. The report people read. -o is atomic: a failed run keeps last week's.
# The thresholds: exit code 3 when one breaks, and a line on stderr naming
# the metric, its value and the threshold.
$ENGAGE report "${common[@]}" -q \
    --fail-if 'nps<0' --fail-if 'repeat_purchase_rate<40' \
    --fail-if 'change_pct_revenue<-25' \
    -o "$OUT_DIR/weekly.html"
status=$?

# 2. The headline as one CSV row appended to a history a spreadsheet reads
# (header written once). Only on success or a breach: a data error leaves
# the history alone.
if [ "$status" -eq 0 ] || [ "$status" -eq 3 ]; then
    history="$OUT_DIR/weekly-history.csv"
    $ENGAGE report "${common[@]}" -q -f csv |
        awk -F, -v skip="$([ -s "$history" ] && echo 1 || echo 0)" \
            'NR == 1 && !skip { print } $1 == "headline" { print }' >>"$history"
fi

case $status in
    0) echo "weekly report written: $OUT_DIR/weekly.html" ;;
    3) echo "weekly report written, THRESHOLD BREACHED: see above" >&2
       # e.g. mail -s "engage: threshold breached" team@example.com <"$OUT_DIR/weekly.html"
       ;;
    2) echo "engage usage error: fix the command line in $0" >&2 ;;
    *) echo "engage could not read the data (exit $status): see above" >&2 ;;
esac
exit "$status"
