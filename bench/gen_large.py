"""../shared/bench/gen_data.py's orders.csv, written in chunks so that
100M orders fit in memory while being generated (gen_data.py builds every
column whole as numpy text: about 40 GB at 100M rows).

Same columns, formats and distributions: order ids O0000000001... in
order; about N/3 customers with Zipf-like weights (exponent 0.55; unlike
gen_data.py a customer is not guaranteed an order); timestamps over
2024-2025, sorted; lognormal amounts (median 45); status paid 92% /
refunded 5% / cancelled 3%; channel and country as in gen_data.py.

    python3 bench/gen_large.py --orders 100000000 --out-dir /tmp/bench/100000000
"""
import argparse
import os
import numpy as np

START = np.datetime64("2024-01-01T00:00:00")
SPAN_S = 2 * 365 * 24 * 3600
CHUNK = 2_000_000


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--orders", type=int, required=True)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    n = a.orders
    n_customers = max(1, n // 3)
    weights = 1.0 / np.arange(1, n_customers + 1, dtype=np.float64) ** 0.55
    cdf = np.cumsum(weights)
    cdf /= cdf[-1]
    # Customer numbers are shuffled so that frequent buyers are spread out.
    perm = rng.permutation(n_customers)
    secs = np.sort(rng.integers(0, SPAN_S, size=n))  # 800 MB at 100M
    os.makedirs(a.out_dir, exist_ok=True)
    with open(os.path.join(a.out_dir, "orders.csv"), "w") as f:
        f.write("order_id,customer_id,order_date,amount,status,channel,country\n")
        for lo in range(0, n, CHUNK):
            hi = min(n, lo + CHUNK)
            m = hi - lo
            cust = perm[np.searchsorted(cdf, rng.random(m))]
            ts = np.datetime_as_string(START + secs[lo:hi].astype("timedelta64[s]"), unit="s")
            amount = np.round(np.exp(rng.normal(np.log(45.0), 0.75, size=m)), 2)
            status = rng.choice(np.array(["paid", "refunded", "cancelled"]), size=m, p=[0.92, 0.05, 0.03])
            channel = rng.choice(np.array(["web", "app", "store"]), size=m, p=[0.55, 0.3, 0.15])
            country = rng.choice(np.array(["US", "GB", "DE", "FR", "IL", "TH"]), size=m,
                                 p=[0.45, 0.15, 0.15, 0.1, 0.08, 0.07])
            lines = [
                f"O{lo + i + 1:010d},C{c:08d},{t},{x:.2f},{s},{ch},{co}"
                for i, (c, t, x, s, ch, co) in enumerate(
                    zip(cust.tolist(), ts.tolist(), amount.tolist(), status.tolist(),
                        channel.tolist(), country.tolist()))
            ]
            f.write("\n".join(lines))
            f.write("\n")


if __name__ == "__main__":
    main()
