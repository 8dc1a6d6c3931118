-- NPS and CSAT overall and per ISO week, as an analyst would write it in
-- DuckDB: the job of `engage survey FILE --by week`.
-- usage: sed "s#FILE#path/surveys.csv#" duckdb_survey.sql > q.sql; duckdb -csv -c ".read q.sql"
CREATE TEMP TABLE s AS SELECT submitted_at::TIMESTAMP AS ts, nps::INT AS nps, csat::INT AS csat
  FROM read_csv('FILE', header=true);
SELECT count(nps) AS nps_responses,
       100.0 * avg((nps >= 9)::INT) - 100.0 * avg((nps <= 6)::INT) AS nps,
       count(csat) AS csat_responses, 100.0 * avg((csat >= 4)::INT) AS csat, avg(csat) AS csat_mean
  FROM s;
SELECT strftime(ts, '%G-W%V') AS period, count(nps) AS nps_responses,
       100.0 * avg((nps >= 9)::INT) - 100.0 * avg((nps <= 6)::INT) AS nps,
       count(csat) AS csat_responses, 100.0 * avg((csat >= 4)::INT) AS csat, avg(csat) AS csat_mean
  FROM s GROUP BY 1 ORDER BY 1;
