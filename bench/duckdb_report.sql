-- The job of `engage report --orders O --surveys S --by week --compare previous`
-- in DuckDB: weekly order metrics (paid orders) and weekly NPS/CSAT, joined
-- per week, each with the previous week's values beside it.
-- usage: sed -e "s#ORDERS#o.csv#" -e "s#SURVEYS#s.csv#" duckdb_report.sql > q.sql; duckdb -csv -c ".read q.sql"
CREATE TEMP TABLE o AS SELECT customer_id, order_date::TIMESTAMP AS ts, amount::DOUBLE AS amount
  FROM read_csv('ORDERS', header=true) WHERE status = 'paid';
CREATE TEMP TABLE s AS SELECT submitted_at::TIMESTAMP AS ts, nps::INT AS nps, csat::INT AS csat
  FROM read_csv('SURVEYS', header=true);
WITH w AS (SELECT strftime(ts, '%G-W%V') AS period, customer_id, count(*) n, sum(amount) rev FROM o GROUP BY 1,2),
ow AS (SELECT period, sum(n) orders, count(*) customers, sum(rev) revenue, sum(rev)/sum(n) aov,
              sum(n)/count(*) purchase_frequency, 100.0*avg((n>=2)::INT) repeat_purchase_rate
         FROM w GROUP BY 1),
sw AS (SELECT strftime(ts, '%G-W%V') AS period, count(nps) nps_responses,
              100.0*avg((nps>=9)::INT) - 100.0*avg((nps<=6)::INT) nps,
              count(csat) csat_responses, 100.0*avg((csat>=4)::INT) csat
         FROM s GROUP BY 1),
j AS (SELECT * FROM ow FULL JOIN sw USING (period))
SELECT *, lag(orders) OVER p AS prev_orders, lag(revenue) OVER p AS prev_revenue,
       lag(aov) OVER p AS prev_aov, lag(repeat_purchase_rate) OVER p AS prev_repeat_purchase_rate,
       lag(nps) OVER p AS prev_nps, lag(csat) OVER p AS prev_csat
  FROM j WINDOW p AS (ORDER BY period) ORDER BY period;
