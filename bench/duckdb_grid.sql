-- The job of `engage orders FILE --by PERIOD [--segment channel [--segment country]]`
-- in DuckDB, for the grid of bench/run.sh (jobs grid_PERIOD_N): paid orders; the
-- total, then per period and segment values: orders, customers, revenue, AOV,
-- purchase frequency, repeat-purchase rate, as duckdb_orders.sql computes them.
-- usage: sed -e "s#FILE#o.csv#" -e "s#PERIOD#strftime(ts, '%G-W%V')#" \
--            -e "s#SEGMENTS#channel, country, #" duckdb_grid.sql > q.sql
-- (SEGMENTS: empty, "channel, " or "channel, country, "; PERIOD: the label
-- expression of the period, see bench/run.sh)
CREATE TEMP TABLE o AS SELECT SEGMENTS customer_id, order_date::TIMESTAMP AS ts, amount::DOUBLE AS amount
  FROM read_csv('FILE', header=true) WHERE status = 'paid';
SELECT count(*) AS orders, count(DISTINCT customer_id) AS customers, sum(amount) AS revenue,
       sum(amount)/count(*) AS aov, count(*)/count(DISTINCT customer_id) AS purchase_frequency
  FROM o;
WITH w AS (SELECT PERIOD AS period, SEGMENTS customer_id, count(*) n, sum(amount) rev
             FROM o GROUP BY ALL)
SELECT period, SEGMENTS sum(n) orders, count(*) customers, sum(rev) revenue, sum(rev)/sum(n) aov,
       sum(n)/count(*) purchase_frequency, 100.0*avg((n>=2)::INT) repeat_purchase_rate
  FROM w GROUP BY ALL ORDER BY ALL;
