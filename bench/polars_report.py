"""The job of duckdb_report.sql in polars (Python): weekly order and survey
metrics joined per week, with the previous week's values."""
import sys
import polars as pl
o = (pl.scan_csv(sys.argv[1]).filter(pl.col("status") == "paid")
     .select("customer_id", pl.col("order_date").str.to_datetime("%Y-%m-%dT%H:%M:%S").alias("ts"), "amount"))
s = pl.scan_csv(sys.argv[2]).select(
    pl.col("submitted_at").str.to_datetime("%Y-%m-%dT%H:%M:%S").alias("ts"), "nps", "csat")
week = pl.col("ts").dt.strftime("%G-W%V").alias("period")
ow = (o.group_by(week, "customer_id").agg(n=pl.len(), rev=pl.col("amount").sum())
      .group_by("period").agg(orders=pl.col("n").sum(), customers=pl.len(), revenue=pl.col("rev").sum(),
                              repeat_purchase_rate=(pl.col("n") >= 2).mean() * 100)
      .with_columns(aov=pl.col("revenue") / pl.col("orders")))
sw = s.group_by(week).agg(
    nps_responses=pl.col("nps").count(),
    nps=(pl.col("nps") >= 9).mean() * 100 - (pl.col("nps") <= 6).mean() * 100,
    csat_responses=pl.col("csat").count(), csat=(pl.col("csat") >= 4).mean() * 100)
cols = ["orders", "revenue", "aov", "repeat_purchase_rate", "nps", "csat"]
j = (ow.join(sw, on="period", how="full", coalesce=True).sort("period")
     .with_columns([pl.col(c).shift(1).alias(f"prev_{c}") for c in cols]))
j.collect().write_csv(sys.stdout)
