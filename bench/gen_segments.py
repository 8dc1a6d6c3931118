"""Orders whose segment column has one distinct value per order: the file
behind the output-memory figures in the README (#11 items 11-12: a
`--segment` set to an e-mail column by mistake gives a million rows of
output). Plain Python, no dependencies, deterministic.

    python3 bench/gen_segments.py --orders 1000000 > /tmp/segments.csv
    /usr/bin/time -v engage orders /tmp/segments.csv --segment email -o /tmp/out.json
"""
import argparse
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, default=1_000_000)
    a = ap.parse_args()
    out = sys.stdout
    out.write("order_id,customer_id,order_date,amount,status,email\n")
    for i in range(a.orders):
        # About three orders per customer; a distinct e-mail on every order.
        c = (i * 7919) % max(1, a.orders // 3)
        day = 1 + i % 28
        month = 1 + (i // 28) % 12
        cents = 500 + (i * 104729) % 20000
        out.write(
            f"O{i:08d},C{c:07d},2024-{month:02d}-{day:02d},{cents // 100}.{cents % 100:02d},"
            f"paid,user{i:07d}@example.com\n"
        )


if __name__ == "__main__":
    main()
