"""Standard errors of lifetimes' BG/NBD and Gamma-Gamma fits on the CDNOW
week summary, once, to check engage's (from the Hessian) against.

Run (after make_expected.py, same venv):
     /tmp/lt/bin/python testdata/cdnow/make_se.py
Writes se_week.json beside this script: lifetimes' standard_errors_ (the
square roots of the diagonal of params^2 * inverse(Hessian of the mean
negative log-likelihood in log-parameters) / customers) for both fits.
"""
import json
import os

import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

HERE = os.path.dirname(os.path.abspath(__file__))
s = pd.read_csv(os.path.join(HERE, "summary_week.csv"), dtype={"customer_id": str})
bg = BetaGeoFitter()
bg.fit(s["frequency"], s["recency"], s["T"])
rep = s[(s["frequency"] > 0) & (s["monetary_value"] > 0)]
gg = GammaGammaFitter()
gg.fit(rep["frequency"], rep["monetary_value"])
out = {
    "bgnbd_se": {k: float(v) for k, v in bg.standard_errors_.items()},
    "gamma_gamma_se": {k: float(v) for k, v in gg.standard_errors_.items()},
}
with open(os.path.join(HERE, "se_week.json"), "w") as f:
    json.dump(out, f, indent=2)
print(json.dumps(out, indent=2))
