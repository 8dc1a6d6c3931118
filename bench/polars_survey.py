"""The job of duckdb_survey.sql in polars (Python), lazy, one collect_all."""
import sys
import polars as pl
s = pl.scan_csv(sys.argv[1]).select(
    pl.col("submitted_at").str.to_datetime("%Y-%m-%dT%H:%M:%S").alias("ts"), "nps", "csat")
metrics = [
    pl.col("nps").count().alias("nps_responses"),
    ((pl.col("nps") >= 9).mean() * 100 - (pl.col("nps") <= 6).mean() * 100).alias("nps"),
    pl.col("csat").count().alias("csat_responses"),
    ((pl.col("csat") >= 4).mean() * 100).alias("csat"),
    pl.col("csat").mean().alias("csat_mean"),
]
overall = s.select(metrics)
weekly = s.group_by(pl.col("ts").dt.strftime("%G-W%V").alias("period")).agg(metrics).sort("period")
a, b = pl.collect_all([overall, weekly])
a.write_csv(sys.stdout); b.write_csv(sys.stdout)
