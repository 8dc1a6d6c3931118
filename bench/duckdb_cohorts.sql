-- The job of `engage cohorts FILE --by month --format csv` in DuckDB: each
-- customer's cohort is the month of their first counted order (status not
-- refunded/cancelled/canceled/voided/failed, as engage counts), and per
-- (cohort, month since) the cohort size, active customers, retention,
-- orders, revenue, revenue per customer and its running sum, and customers
-- with a second order so far; one row per cohort and month up to the last
-- month of the data, months without activity included.
-- usage: sed "s#FILE#orders.csv#" duckdb_cohorts.sql > q.sql; duckdb -csv -c ".read q.sql"
CREATE TEMP TABLE o AS
  SELECT customer_id, order_date::TIMESTAMP::DATE AS d, amount::DECIMAL(18,2) AS amount
    FROM read_csv('FILE', header=true)
   WHERE status IS NULL
      OR lower(trim(status)) NOT IN ('refunded', 'cancelled', 'canceled', 'voided', 'failed');
WITH ranked AS (
  SELECT customer_id, date_trunc('month', d) AS m, amount,
         row_number() OVER (PARTITION BY customer_id ORDER BY d) AS n,
         min(date_trunc('month', d)) OVER (PARTITION BY customer_id) AS cohort
    FROM o),
size AS (SELECT cohort, count(DISTINCT customer_id) AS cohort_customers FROM ranked GROUP BY 1),
act AS (SELECT cohort, m, count(DISTINCT customer_id) AS active_customers, count(*) AS orders,
               sum(amount) AS revenue, count(*) FILTER (WHERE n = 2) AS second_orders
          FROM ranked GROUP BY 1, 2),
grid AS (SELECT s.cohort, g.m, s.cohort_customers
           FROM size s, LATERAL (SELECT unnest(generate_series(s.cohort,
                  (SELECT max(m) FROM act), INTERVAL 1 MONTH)) AS m) g)
SELECT strftime(g.cohort, '%Y-%m') AS cohort,
       datediff('month', g.cohort, g.m) AS period_index,
       strftime(g.m, '%Y-%m') AS period,
       g.cohort_customers,
       coalesce(a.active_customers, 0) AS active_customers,
       100.0 * coalesce(a.active_customers, 0) / g.cohort_customers AS retention,
       coalesce(a.orders, 0) AS orders,
       coalesce(a.revenue, 0) AS revenue,
       coalesce(a.revenue, 0) / g.cohort_customers AS revenue_per_customer,
       sum(coalesce(a.revenue, 0)) OVER w / g.cohort_customers AS cumulative_revenue_per_customer,
       sum(coalesce(a.second_orders, 0)) OVER w AS repeat_customers_cumulative,
       100.0 * sum(coalesce(a.second_orders, 0)) OVER w / g.cohort_customers AS repeat_rate_cumulative
  FROM grid g LEFT JOIN act a ON a.cohort = g.cohort AND a.m = g.m
WINDOW w AS (PARTITION BY g.cohort ORDER BY g.m)
ORDER BY 1, 2;
