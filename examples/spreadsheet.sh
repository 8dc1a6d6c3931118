#!/usr/bin/env bash
# Piping engage into spreadsheets. When stdout is not a terminal engage
# writes CSV (or say --format csv): a header, one row per period/segment,
# `.` decimals at full precision, nothing else on stdout (warnings go to
# stderr), and text cells that a spreadsheet would run as a formula
# (=, +, -, @) prefixed with ' so they stay text.
#
#   ENGAGE="cargo run -q --" examples/spreadsheet.sh
set -euo pipefail
ENGAGE=${ENGAGE:-engage}
OUT_DIR=${OUT_DIR:-reports}
mkdir -p "$OUT_DIR"

# Monthly order metrics per channel, ready for File > Import (or
# Google Sheets' File > Import > Upload).
$ENGAGE orders examples/orders.csv --by month --segment channel -q >"$OUT_DIR/orders-by-month.csv"

# NPS and CSAT per week; -o writes atomically and takes the format from
# the extension.
$ENGAGE survey examples/surveys.csv --by week -q -o "$OUT_DIR/nps-by-week.csv"

# The report as one table: a `section` column tells the headline, period
# and segment rows apart; filter it in the sheet, or here with awk.
$ENGAGE report --orders examples/orders.csv --surveys examples/surveys.csv \
    --by month --compare previous -q -f csv |
    awk -F, 'NR == 1 || $1 == "period"' >"$OUT_DIR/report-periods.csv"

# Straight into the clipboard-friendly TSV some sheets paste best
# (no field of these reports contains a tab or a quote).
$ENGAGE orders examples/orders.csv --by month -q | tr ',' '\t' | head -3

# Or into LibreOffice without a dialog:
#   libreoffice --calc "$OUT_DIR/orders-by-month.csv"
echo "wrote $OUT_DIR/orders-by-month.csv, nps-by-week.csv, report-periods.csv" >&2
