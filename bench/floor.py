"""The floor for any CSV tool: polars (Python) scanning one column of the
file (the amount, summed so the parse cannot be skipped)."""
import sys
import polars as pl
print(pl.scan_csv(sys.argv[1]).select(pl.col(sys.argv[2]).sum()).collect().item())
