#!/usr/bin/env python3
"""Summarise `bench-compare.sh` runs of `Snmp.LoadTool --sequential` (LOAD_ARGS=--sequential).

    python3 scripts/sequential_cost_summary.py benchmarks/results/compare-<stamp>
    python3 scripts/sequential_cost_summary.py run-1.txt [run-2.txt ...]

Reads <dir>/load/<side>-<n>.txt; every load-tool run already reports, per measure, the median of
its own rounds; this prints, per measure and column, the median over the runs of each side, the
after/before ratio, and the spread between runs ((max - min) / median) of each side, as markdown.
Given files instead of a directory, it summarises them as the runs of one side.
Then, per side, the client's CPU per GET of v3 authPriv over v2c with 32 in flight (issue 13
item 3), to snmpd and to our Agent: each run's ratio, the median over the runs.
"""
import glob
import os
import re
import statistics
import sys

COLUMNS = ["wall us / request", "CPU us / request", "CPU share", "work items / request",
           "voluntary ctx switches / request", "bytes / request", "agent CPU",
           # from the table "32 in flight: who set the pace" (those measures only)
           "client's busiest thread", "agent's busiest thread", "agent CPU us / request", "machine busy"]

# (label, v2c measure, v3 authPriv measure): the client's CPU per GET, v3 / v2c, 32 in flight.
V3_RATIOS = [
    ("to snmpd", "v2c GetAsync, 32 in flight", "v3 authPriv GetAsync, 32 in flight"),
    ("to our Agent", "v2c GetAsync, 32 in flight, to our Agent", "v3 authPriv GetAsync, 32 in flight, to our Agent"),
]


def column(header):
    """A header cell without what varies between runs ("machine busy, of 2 cores" -> "machine busy")."""
    return header.split(",")[0]


def first_number(cell):
    m = re.search(r"-?\d+(\.\d+)?", cell)
    return float(m.group(0)) if m else None


def parse(path):
    rows = {}
    walk = {}
    header = None
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if not line.startswith("|"):
            header = None
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] in ("measure", PACE) or cells[0].startswith("sequential GetNext walk"):
            header = cells
            continue
        if set(cells[0]) <= set("-: "):
            continue
        if header and header[0] in ("measure", PACE):
            row = rows.setdefault(cells[0], {})
            for h, c in zip(map(column, header[1:]), cells[1:]):
                if header[0] == "measure" or h not in row:  # the pace table repeats the CPU shares
                    row[h] = first_number(c)
        elif header and header[0].startswith("sequential GetNext walk"):
            name = "walk: " + re.sub(r", CPU .*", "", cells[0])
            walk[name] = first_number(cells[1])
            cpu = re.search(r"CPU (\d+)", cells[0])
            if cpu:
                form = "awaited " if "(awaited)" in cells[0] else ""
                walk[f"walk: Snmp.Architecture {form}CPU ms"] = float(cpu.group(1))
            per = re.search(r"([\d.]+) \(\S+\) us per GetNext", cells[0])
            if per:
                walk["walk: Snmp.Architecture CPU per GetNext"] = float(per.group(1))
    return rows, walk


PACE = "32 in flight: who set the pace"


def v3_ratios(runs):
    """Per label, each run's v3/v2c client CPU per GET at 32 in flight."""
    out = {}
    for label, v2c, v3 in V3_RATIOS:
        values = []
        for rows, _ in runs:
            a = rows.get(v2c, {}).get("CPU us / request")
            b = rows.get(v3, {}).get("CPU us / request")
            if a and b is not None:
                values.append(b / a)
        out[label] = values
    return out


def print_v3_ratios(sides):
    print()
    ratios = {side: v3_ratios(runs) for side, runs in sides.items()}
    for label, _, _ in V3_RATIOS:
        parts = []
        for side, by_label in ratios.items():
            values = by_label[label]
            if values:
                each = ", ".join(f"{v:.2f}" for v in values)
                parts.append(f"{side} {statistics.median(values):.2f} (runs: {each})")
        if parts:
            print(f"v3/v2c client CPU at 32 in flight, {label}: " + "; ".join(parts))


def one_side(paths):
    runs = [r for r in (parse(p) for p in paths) if r[0]]
    if not runs:
        print("no --sequential output found")
        return 1
    print(f"Runs: {len(runs)}; each value the median over runs of each run's median over its rounds; "
          "spread = (max - min) / median over runs.")
    print()
    print("| measure | column | median | spread |")
    print("| --- | --- | ---: | ---: |")
    measures = list(dict.fromkeys(m for r in runs for m in r[0]))
    for measure in measures:
        for col in COLUMNS:
            v = [r[0][measure][col] for r in runs if measure in r[0] and r[0][measure].get(col) is not None]
            if v:
                print(f"| {measure} | {col} | {statistics.median(v):.2f} | {spread(v):.0%} |")
    print_v3_ratios({"runs": runs})
    return 0


def spread(values):
    m = statistics.median(values)
    return (max(values) - min(values)) / m if m else 0.0


def main(root):
    sides = {}
    for side in ("before", "after"):
        runs = [parse(p) for p in sorted(glob.glob(os.path.join(root, "load", f"{side}-*.txt")))]
        sides[side] = [r for r in runs if r[0]]
    if not sides["before"] or not sides["after"]:
        print("no --sequential output found")
        return 1
    print(f"Runs per side: before {len(sides['before'])}, after {len(sides['after'])}; "
          "each value the median over runs of each run's median over its rounds; spread = (max - min) / median over runs.")
    print()
    print("| measure | column | before | after | after / before | spread b / a |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    measures = list(dict.fromkeys(m for side in ("before", "after") for r in sides[side] for m in r[0]))
    for measure in measures:
        for col in COLUMNS:
            b = [r[0][measure][col] for r in sides["before"] if measure in r[0] and r[0][measure].get(col) is not None]
            a = [r[0][measure][col] for r in sides["after"] if measure in r[0] and r[0][measure].get(col) is not None]
            if not b or not a:
                continue
            mb, ma = statistics.median(b), statistics.median(a)
            ratio = f"{ma / mb:.2f}" if mb else "-"
            print(f"| {measure} | {col} | {mb:.2f} | {ma:.2f} | {ratio} | {spread(b):.0%} / {spread(a):.0%} |")
    for name in sides["before"][0][1]:
        b = [r[1][name] for r in sides["before"] if name in r[1]]
        a = [r[1][name] for r in sides["after"] if name in r[1]]
        if b and a:
            mb, ma = statistics.median(b), statistics.median(a)
            unit, fmt = ("ratio", ".2f") if "ratio" in name else ("us", ".1f") if "per GetNext" in name else ("ms", ".0f")
            print(f"| {name} | {unit} | {mb:{fmt}} | {ma:{fmt}} | {ma / mb:.2f} | {spread(b):.0%} / {spread(a):.0%} |")
    print_v3_ratios(sides)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    if len(sys.argv) == 2 and os.path.isdir(sys.argv[1]):
        sys.exit(main(sys.argv[1]))
    sys.exit(one_side(sys.argv[1:]))
