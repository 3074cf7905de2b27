#!/usr/bin/env python3
"""Oracle fixtures for packages/analysis/src/tda: diagrams from GUDHI and Ripser, distances from GUDHI.

Run from the repository root (needs Debian's `ripser` and `python3-gudhi`, with POT for
gudhi.wasserstein):

    python3 packages/analysis/scripts/make-tda-fixtures.py

Writes packages/analysis/src/tda/fixtures/{rips-gudhi,rips-ripser,distances-gudhi}.json.
Every cloud comes from a fixed seed, so re-running reproduces the same files.

Oracles and their precision:
- GUDHI's RipsComplex computes in double precision: our values must agree within 1e-9.
- The Ripser binary stores distances as float32 and prints 6 significant digits, so on
  point clouds it is compared within 1e-5 relative; on integer distance matrices (exact
  in float32, printed exactly) it is compared within 1e-9, and these carry many ties.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import numpy as np
import gudhi
from gudhi.wasserstein import wasserstein_distance

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "src", "tda", "fixtures")


def rounded(points):
    # Six decimals keep the files small; both sides read the same decimal coordinates.
    return [[round(float(x), 6) for x in p] for p in points]


def num(x):
    return None if math.isinf(x) else float(x)


def gudhi_rips(points, max_dim, threshold):
    edge = math.inf if threshold is None else threshold
    st = gudhi.RipsComplex(points=points, max_edge_length=edge).create_simplex_tree(max_dimension=max_dim + 1)
    # Z/2 like Ripser; GUDHI's min_persistence=0 drops zero-length pairs, as Ripser does.
    st.compute_persistence(homology_coeff_field=2, min_persistence=0)
    return [[[num(b), num(d)] for b, d in st.persistence_intervals_in_dimension(k)] for k in range(max_dim + 1)]


def ripser_run(text, fmt, max_dim, threshold):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
        path = f.name
    args = ["ripser", "--format", fmt, "--dim", str(max_dim)]
    if threshold is not None:
        args += ["--threshold", repr(threshold)]
    out = subprocess.run(args + [path], capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    return parse_ripser(out, max_dim)


def parse_ripser(out, max_dim):
    dims = [[] for _ in range(max_dim + 1)]
    current = None
    for line in out.splitlines():
        if line.startswith("persistence intervals in dim "):
            current = int(line.split()[-1].rstrip(":"))
        elif current is not None and line.startswith(" ["):
            b, d = line.strip()[1:-1].split(",")
            dims[current].append([float(b), None if d.strip() == "" else float(d)])
    return dims


# Point clouds -----------------------------------------------------------------

def circle(rng, n, r=1.0, noise=0.0, centre=(0.0, 0.0)):
    t = rng.uniform(0, 2 * math.pi, n)
    return np.c_[centre[0] + r * np.cos(t), centre[1] + r * np.sin(t)] + noise * rng.normal(size=(n, 2))


def torus(rng, n, big=2.0, small=0.7):
    u, v = rng.uniform(0, 2 * math.pi, (2, n))
    return np.c_[(big + small * np.cos(v)) * np.cos(u), (big + small * np.cos(v)) * np.sin(u), small * np.sin(v)]


def sphere(rng, n):
    x = rng.normal(size=(n, 3))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def clouds():
    rng = np.random.default_rng(20240601)
    cases = []

    def add(name, pts, max_dim, thresholds=(None,)):
        for t in thresholds:
            cases.append((name if t is None else f"{name} (threshold {t})", rounded(pts), max_dim, t))

    add("uniform 2-D, 40 points", rng.uniform(size=(40, 2)), 2, (None, 0.2))
    add("uniform 3-D, 60 points", rng.uniform(size=(60, 3)), 1, (None, 0.3))
    add("uniform 4-D, 100 points", rng.uniform(size=(100, 4)), 1)
    add("gaussian 5-D, 30 points", rng.normal(size=(30, 5)), 2)
    add("noisy circle, 30 points", circle(rng, 30, noise=0.05), 2, (None, 0.8))
    add("two circles, 50 points", np.r_[circle(rng, 25, 1.0, 0.03), circle(rng, 25, 0.6, 0.03, (3.0, 0.5))], 1, (None, 1.0))
    t = np.linspace(0, 2 * math.pi, 50, endpoint=False)
    add("figure eight, 50 points", np.c_[np.sin(t), np.sin(t) * np.cos(t)] + 0.01 * rng.normal(size=(50, 2)), 1)
    add("torus, 80 points", torus(rng, 80), 1)
    add("torus, 40 points", torus(rng, 40), 2)
    add("sphere, 40 points", sphere(rng, 40), 2, (None, 1.5))
    add("three clusters, 60 points", np.r_[rng.normal(0, 0.1, (20, 3)), rng.normal(2, 0.1, (20, 3)), rng.normal((0, 3, 1), 0.2, (20, 3))], 1)
    add("grid 6x6 (many equal distances)", [[i, j] for i in range(6) for j in range(6)], 2, (None, 1.5))
    add("grid 3x3x3 (many equal distances)", [[i, j, k] for i in range(3) for j in range(3) for k in range(3)], 2)
    base = rng.uniform(size=(20, 3))
    add("duplicate points, 25 points", np.r_[base, base[[0, 3, 3, 7, 11]]], 2)
    add("collinear, 12 points", [[i * 0.5, 0] for i in range(12)], 1)
    add("single point", [[1.0, 2.0]], 1)
    add("two points", [[0.0, 0.0], [3.0, 4.0]], 1)
    return cases


def rips_gudhi_fixtures():
    out = []
    for name, pts, max_dim, threshold in clouds():
        out.append({"name": name, "points": pts, "maxDim": max_dim, "threshold": threshold,
                    "dimensions": gudhi_rips(pts, max_dim, threshold)})
    return out


def lower_text(lower, n):
    rows, k = [], 0
    for i in range(n):
        rows.append(",".join(str(v) for v in lower[k:k + i]))
        k += i
    return "\n".join(rows) + "\n"


def rips_ripser_fixtures():
    rng = np.random.default_rng(777)
    out = []
    # Integer distance matrices: exact in float32, printed exactly, full of ties.
    for name, n, max_dim, hi, thresholds in [("random integers 1..5, 25 points", 25, 2, 5, (None, 2)),
                                             ("random integers 1..20, 40 points", 40, 1, 20, (None, 5)),
                                             ("random integers 1..3, 18 points", 18, 2, 3, (None,))]:
        lower = [int(x) for x in rng.integers(1, hi + 1, n * (n - 1) // 2)]
        for t in thresholds:
            out.append({"name": name if t is None else f"{name} (threshold {t})", "lower": lower, "maxDim": max_dim,
                        "threshold": t, "tolerance": 1e-9,
                        "dimensions": ripser_run(lower_text(lower, n), "lower-distance", max_dim, t)})
    grid = [(i, j) for i in range(5) for j in range(5)]
    manhattan = [abs(a[0] - b[0]) + abs(a[1] - b[1]) for i, a in enumerate(grid) for b in grid[:i]]
    out.append({"name": "grid 5x5, Manhattan distances", "lower": manhattan, "maxDim": 2, "threshold": None,
                "tolerance": 1e-9, "dimensions": ripser_run(lower_text(manhattan, 25), "lower-distance", 2, None)})
    # Point clouds: Ripser computes in float32 and prints 6 digits.
    for name, pts, max_dim, t in [("uniform 4-D, 100 points", rng.uniform(size=(100, 4)), 1, None),
                                  ("uniform 3-D, 50 points", rng.uniform(size=(50, 3)), 2, None),
                                  ("noisy circle, 40 points", circle(rng, 40, noise=0.05), 1, 0.9)]:
        pts = rounded(pts)
        text = "\n".join(",".join(repr(x) for x in p) for p in pts) + "\n"
        out.append({"name": name, "points": pts, "maxDim": max_dim, "threshold": t, "tolerance": 1e-5,
                    "dimensions": ripser_run(text, "point-cloud", max_dim, t)})
    return out


def random_diagram(rng, n, essential):
    b = rng.uniform(0, 1, n)
    d = b + rng.exponential(0.3, n)
    pts = [[float(x), float(y)] for x, y in zip(b, d)]
    pts += [[float(x), math.inf] for x in rng.uniform(0, 1, essential)]
    return pts


def distance_fixtures():
    rng = np.random.default_rng(4242)
    cases = [([[0, 1]], [[0, 1]]), ([[0, 1]], []), ([[0, 2], [1, 3]], [[0.5, 2.5]]), ([], [])]
    for n, m, e in [(5, 5, 0), (8, 3, 1), (12, 15, 2), (30, 25, 0), (1, 9, 1), (40, 40, 3)]:
        cases.append((random_diagram(rng, n, e), random_diagram(rng, m, e)))
    cases.append((random_diagram(rng, 6, 1), random_diagram(rng, 6, 2)))
    # H0-like diagrams: every birth 0 (the distances then solve a problem on a line).
    for m, n in [(10, 12), (40, 35)]:
        h0 = lambda k: [[0.0, float(x)] for x in rng.exponential(1.0, k)] + [[0.0, math.inf]]
        cases.append((h0(m), h0(n)))
    out = []
    for a, b in cases:
        A = np.array(a, dtype=float).reshape(-1, 2)
        B = np.array(b, dtype=float).reshape(-1, 2)
        entry = {"a": [[x, num(y)] for x, y in a], "b": [[x, num(y)] for x, y in b],
                 "bottleneck": num(gudhi.bottleneck_distance(A, B, 0))}
        for order in (1, 2):
            for internal in (math.inf, 2):
                key = f"wasserstein{order}{'' if math.isinf(internal) else '_l2'}"
                entry[key] = num(wasserstein_distance(A, B, order=order, internal_p=internal))
        out.append(entry)
    return out


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(data, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {os.path.relpath(path)} ({os.path.getsize(path) // 1024} KB)", file=sys.stderr)


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")  # GUDHI warns when essential parts differ: that is a case we test
    os.makedirs(OUT, exist_ok=True)
    write("rips-gudhi.json", rips_gudhi_fixtures())
    write("rips-ripser.json", rips_ripser_fixtures())
    write("distances-gudhi.json", distance_fixtures())
