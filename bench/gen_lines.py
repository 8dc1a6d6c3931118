#!/usr/bin/env python3
"""Invoice lines for the quantity x unit price speed check (README,
"Quantities, cancellations, guests, refunds"): one file with both a
quantity and unit price and the line total they make, so that
`engage orders --quantity-col quantity --unit-price-col unit_price` and
`engage orders --amount-col line_total --line-items sum` read the same
bytes and fold the same invoices; only the amount differs.

Usage: gen_lines.py ROWS OUT.csv  (seeded: the same file every run)
"""
import random
import sys
from datetime import date, timedelta


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20)
    start = date(2023, 1, 1)
    customers = max(rows // 10, 1)
    invoice = 500000
    written = 0
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write("invoice,customer_id,invoice_date,stock_code,quantity,unit_price,line_total\n")
        while written < rows:
            invoice += 1
            cust = f"C{rng.randrange(customers):07d}"
            day = (start + timedelta(days=rng.randrange(730))).isoformat()
            for _ in range(min(rng.randint(1, 5), rows - written)):
                qty = rng.randint(1, 24) * (-1 if rng.random() < 0.02 else 1)
                cents = rng.randint(10, 5000)
                price = f"{cents // 100}.{cents % 100:02d}"
                total = qty * cents
                sign = "-" if total < 0 else ""
                total = abs(total)
                f.write(
                    f"{invoice},{cust},{day},{rng.randint(10000, 99999)},{qty},{price},"
                    f"{sign}{total // 100}.{total % 100:02d}\n"
                )
                written += 1


if __name__ == "__main__":
    main()
