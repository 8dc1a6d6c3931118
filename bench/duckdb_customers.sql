-- The job of `engage customers FILE -o x.parquet` in DuckDB: one row per
-- customer over the paid orders (what engage counts by default on the
-- generated files, whose statuses are paid, refunded and cancelled), with
-- lifetimes' frequency/recency/T/monetary_value in days, the quintile
-- scores (1 + 5 * (rank - 1) // n: ties share the rank of their first
-- place, as engage scores them) and the default segment rule table,
-- written to Parquet sorted by customer id.
-- usage: sed -e "s#FILE#orders.csv#" -e "s#OUT#x.parquet#" duckdb_customers.sql > q.sql
--        duckdb -c ".read q.sql"
CREATE TEMP TABLE o AS SELECT customer_id, order_date::TIMESTAMP::DATE AS d, amount::DOUBLE AS amount
  FROM read_csv('FILE', header=true) WHERE status = 'paid';
COPY (
WITH e AS (SELECT max(d) AS as_of FROM o),
days AS (SELECT customer_id, d, count(*) AS n, sum(amount) AS rev FROM o GROUP BY 1, 2),
c AS (SELECT customer_id, min(d) AS first_order, max(d) AS last_order, sum(n) AS orders,
             sum(rev) AS revenue, count(*) AS purchase_days, arg_min(rev, d) AS first_day_revenue
        FROM days GROUP BY 1),
s AS (SELECT c.*, revenue / orders AS aov, as_of - last_order AS days_since_last_order,
             purchase_days - 1 AS frequency, last_order - first_order AS recency,
             as_of - first_order AS "T",
             CASE WHEN purchase_days > 1 THEN (revenue - first_day_revenue) / (purchase_days - 1)
                  ELSE 0 END AS monetary_value,
             count(*) OVER () AS n
        FROM c, e),
q AS (SELECT s.*,
             1 + (5 * (rank() OVER (ORDER BY last_order) - 1)) // n AS r_score,
             1 + (5 * (rank() OVER (ORDER BY orders) - 1)) // n AS f_score,
             1 + (5 * (rank() OVER (ORDER BY revenue) - 1)) // n AS m_score
        FROM s)
SELECT customer_id, first_order, last_order, orders, revenue, aov, days_since_last_order,
       frequency, recency, "T", monetary_value, r_score, f_score, m_score,
       100 * r_score + 10 * f_score + m_score AS rfm_score,
       CASE
         WHEN r_score BETWEEN 4 AND 5 AND f_score BETWEEN 4 AND 5 AND m_score BETWEEN 4 AND 5 THEN 'Champions'
         WHEN r_score BETWEEN 2 AND 5 AND f_score BETWEEN 3 AND 5 AND m_score BETWEEN 3 AND 5 THEN 'Loyal Customers'
         WHEN r_score BETWEEN 4 AND 5 AND f_score = 1 AND m_score = 1 THEN 'New Customers'
         WHEN r_score BETWEEN 3 AND 4 AND f_score = 1 AND m_score = 1 THEN 'Promising'
         WHEN r_score BETWEEN 3 AND 5 AND f_score BETWEEN 1 AND 3 AND m_score BETWEEN 1 AND 3 THEN 'Potential Loyalist'
         WHEN r_score BETWEEN 2 AND 3 AND f_score BETWEEN 2 AND 3 AND m_score BETWEEN 2 AND 3 THEN 'Need Attention'
         WHEN r_score BETWEEN 2 AND 3 AND f_score BETWEEN 1 AND 2 AND m_score BETWEEN 1 AND 2 THEN 'About To Sleep'
         WHEN r_score = 1 AND f_score BETWEEN 4 AND 5 AND m_score BETWEEN 4 AND 5 THEN 'Can''t Lose Them'
         WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 2 AND 5 AND m_score BETWEEN 2 AND 5 THEN 'At Risk'
         WHEN r_score BETWEEN 1 AND 2 AND f_score BETWEEN 1 AND 2 AND m_score BETWEEN 1 AND 2 THEN 'Lost'
         ELSE 'Others'
       END AS segment
  FROM q ORDER BY customer_id
) TO 'OUT' (FORMAT parquet);
