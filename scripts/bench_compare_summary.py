#!/usr/bin/env python3
"""Summary of a scripts/bench-compare.sh run: medians of the before and after runs and their ratio.

    python3 scripts/bench_compare_summary.py benchmarks/results/compare-<stamp> > compare-<stamp>.md

Reads <dir>/meta.env, <dir>/bdn/<side>-<n>/results/*-report-full-compressed.json (BenchmarkDotNet)
and <dir>/load/<side>-<n>.txt (Snmp.LoadTool stdout), writes markdown to stdout.
"""
import glob
import json
import os
import re
import statistics
import sys

SIDES = ("before", "after")


def read_meta(path):
    meta = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    k, v = line.rstrip("\n").split("=", 1)
                    meta[k] = v
    return meta


def run_dirs(root, side):
    """Run folders/files of one side, in round order: before-1, before-2, ..."""
    def key(p):
        m = re.search(r"-(\d+)(?:\.txt)?$", p)
        return int(m.group(1)) if m else 0
    return sorted(glob.glob(os.path.join(root, f"{side}-*")), key=key)


def spread(values):
    """(max - min) / median, in per cent."""
    if len(values) < 2:
        return None
    med = statistics.median(values)
    return (max(values) - min(values)) / med * 100 if med else None


def fmt_pct(p):
    return "-" if p is None else f"{p:.0f} %"


def fmt_time(ns):
    if ns is None:
        return "-"
    return f"{ns / 1000:.3f} us" if ns >= 1000 else f"{ns:.1f} ns"


def fmt_ratio(a, b):
    return "-" if a is None or b in (None, 0) else f"{a / b:.2f}"


def med(values):
    return statistics.median(values) if values else None


# --- BenchmarkDotNet -------------------------------------------------------------------------------
def load_bdn(root):
    """{(type, label): {side: [(mean_ns, median_ns, alloc_bytes), ...]}} and the per-run order."""
    data = {}
    for side in SIDES:
        for run in run_dirs(os.path.join(root, "bdn"), side):
            for path in glob.glob(os.path.join(run, "results", "*-report-full-compressed.json")):
                with open(path, encoding="utf-8") as f:
                    report = json.load(f)
                for b in report.get("Benchmarks", []):
                    stats = b.get("Statistics")
                    if not stats:
                        continue  # a benchmark that failed in this run
                    label = b["Method"] + (f" [{b['Parameters']}]" if b.get("Parameters") else "")
                    alloc = (b.get("Memory") or {}).get("BytesAllocatedPerOperation")
                    data.setdefault((b["Type"], label), {s: [] for s in SIDES})[side].append(
                        (stats["Mean"], stats["Median"], alloc))
    return data


def bdn_order(key, protocols):
    """Codec rows as BenchmarkDotNet lists them; USM rows by protocol (in USM_PROTOCOLS order), Outgoing first."""
    m = re.search(r"\[Protocols=(.*)\]$", key[1])
    proto = m.group(1) if m else ""
    return (protocols.index(proto) if proto in protocols else len(protocols), proto, not key[1].startswith("Outgoing"))


def bdn_section(data, type_name, title, out, protocols=()):
    rows = sorted((k for k in data if k[0] == type_name), key=lambda k: bdn_order(k, list(protocols)))
    if not rows:
        out.append(f"## {title}\n\nNo results.\n")
        return []
    out.append(f"## {title}\n")
    out.append("Per run: BenchmarkDotNet's mean time per operation; the table gives the median of those "
               "per-run means for each side, the ratio after / before (above 1 = slower after), and the "
               "spread of each side's runs ((max - min) / median).\n")
    out.append("| benchmark | before (median) | after (median) | after / before | runs b / a | spread before | spread after | allocated before / after |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    spreads = []
    for key in rows:
        sides = data[key]
        mb = med([m for m, _, _ in sides["before"]])
        ma = med([m for m, _, _ in sides["after"]])
        sb, sa = spread([m for m, _, _ in sides["before"]]), spread([m for m, _, _ in sides["after"]])
        spreads += [s for s in (sb, sa) if s is not None]
        ab = med([a for _, _, a in sides["before"] if a is not None])
        aa = med([a for _, _, a in sides["after"] if a is not None])
        alloc = f"{'-' if ab is None else f'{ab:.0f} B'} / {'-' if aa is None else f'{aa:.0f} B'}"
        out.append(f"| {key[1]} | {fmt_time(mb)} | {fmt_time(ma)} | {fmt_ratio(ma, mb)} | "
                   f"{len(sides['before'])} / {len(sides['after'])} | {fmt_pct(sb)} | {fmt_pct(sa)} | {alloc} |")
    out.append("")
    return spreads


def bdn_raw(data, out, protocols):
    out.append("### Per-run means (BenchmarkDotNet), in run order\n")
    out.append("| benchmark | before runs | after runs |")
    out.append("| --- | --- | --- |")
    for key in sorted(data, key=lambda k: (k[0] != "CodecBenchmarks", k[0], bdn_order(k, protocols))):
        cells = [", ".join(fmt_time(m) for m, _, _ in data[key][s]) or "-" for s in SIDES]
        out.append(f"| {key[0]}.{key[1]} | {cells[0]} | {cells[1]} |")
    out.append("")


# --- load tool ---------------------------------------------------------------------------------------
NUM = re.compile(r"-?\d+(?:\.\d+)?")


def number(cell):
    m = NUM.search(cell.replace(",", ""))
    return float(m.group(0)) if m else None


def parse_load(path):
    """{metric: value} from one Snmp.LoadTool stdout: its markdown tables, whatever their rows."""
    values = {}
    header = None
    carry = ""
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("|"):
                header = None
                continue
            cells = [c.strip() for c in line.strip("|").split("|")]
            if header is None:
                header, carry = cells, ""
                continue
            if all(set(c) <= set("-: ") for c in cells):
                continue
            first = cells[0] or carry
            carry = first
            if header[:2] == ["load", "version"]:
                row = f"{first} / {cells[1]}"
                for col, name in ((2, "GET/s"), (5, "client CPU/GET (us)"), (3, "snmpd CPU (%)"), (4, "client CPU (%)")):
                    if col < len(cells) and number(cells[col]) is not None:
                        values[(name, row)] = number(cells[col])
            elif len(header) > 1 and header[0].startswith("full walk"):
                if number(cells[1]) is not None and "ratio" not in first:
                    values[("walk wall time (ms)", first)] = number(cells[1])
            elif len(header) > 1 and header[0] == "load" and "/" in header[1]:
                for col in range(1, len(cells)):
                    if col < len(header) and number(cells[col]) is not None:
                        values[(f"CPU/GET ratio {header[col]}", first)] = number(cells[col])
    return values


def load_section(root, out):
    runs = {s: [parse_load(p) for p in run_dirs(os.path.join(root, "load"), s)] for s in SIDES}
    if not any(runs.values()):
        out.append("## End to end (Snmp.LoadTool)\n\nNo results.\n")
        return []
    metrics = []
    for s in SIDES:
        for r in runs[s]:
            for k in r:
                if k not in metrics:
                    metrics.append(k)
    out.append("## End to end (Snmp.LoadTool)\n")
    out.append("Each load-tool run reports, per row, the median of its own rounds; the table gives the "
               "median of those over the runs of each side. GET/s: above 1 = faster after. Client CPU/GET "
               "and wall times: above 1 = costlier after.\n")
    spreads = []
    for group in ("GET/s", "client CPU/GET (us)", "walk wall time (ms)"):
        keys = [k for k in metrics if k[0] == group]
        if not keys:
            continue
        out.append(f"### {group}\n")
        out.append("| row | before (median) | after (median) | after / before | runs b / a | spread before | spread after |")
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for k in keys:
            vb = [r[k] for r in runs["before"] if k in r]
            va = [r[k] for r in runs["after"] if k in r]
            mb, ma = med(vb), med(va)
            sb, sa = spread(vb), spread(va)
            spreads += [s for s in (sb, sa) if s is not None]
            f = (lambda v: "-" if v is None else f"{v:.0f}") if group == "GET/s" else (lambda v: "-" if v is None else f"{v:.1f}")
            out.append(f"| {k[1]} | {f(mb)} | {f(ma)} | {fmt_ratio(ma, mb)} | {len(vb)} / {len(va)} | {fmt_pct(sb)} | {fmt_pct(sa)} |")
        out.append("")
    out.append("### Per-run GET/s, in run order\n")
    out.append("| row | before runs | after runs |")
    out.append("| --- | --- | --- |")
    for k in [k for k in metrics if k[0] == "GET/s"]:
        cells = [", ".join(f"{r[k]:.0f}" for r in runs[s] if k in r) or "-" for s in SIDES]
        out.append(f"| {k[1]} | {cells[0]} | {cells[1]} |")
    out.append("")
    return spreads


def main():
    root = sys.argv[1]
    meta = read_meta(os.path.join(root, "meta.env"))
    out = []
    runtime = int(meta.get("runtime_seconds", "0") or 0)
    out.append(f"# Benchmarks before and after, same run ({meta.get('stamp', os.path.basename(root))})\n")
    out.append(f"- before: `{meta.get('before_sha', '?')[:7]}` {meta.get('before_subject', '')}")
    out.append(f"- after: `{meta.get('after_sha', '?')[:7]}` ({meta.get('after_rev', '')}) {meta.get('after_subject', '')}; "
               f"{meta.get('commits_between', '?')} commits after before")
    out.append(f"- machine: {meta.get('cores', '?')} cores ({meta.get('cpu', '?')}), shared with other work; "
               f"load average {meta.get('loadavg_start', '?')} at the start, {meta.get('loadavg_end', '?')} at the end; "
               f".NET SDK {meta.get('dotnet', '?')}")
    out.append(f"- BenchmarkDotNet: job {meta.get('bdn_job', '?')}{(' ' + meta['bdn_extra']) if meta.get('bdn_extra') else ''}, "
               f"{meta.get('rounds', '?')} runs per side, alternating before, after, after, before, ...; "
               f"USM protocols: {meta.get('usm_protocols', '?')}")
    out.append(f"- Snmp.LoadTool: {meta.get('load_runs', '?')} runs per side, alternating, each "
               f"`--seconds {meta.get('load_seconds', '?')} --rounds {meta.get('load_rounds', '?')}`")
    out.append(f"- started {meta.get('start', '?')}, total {runtime // 60} min {runtime % 60} s "
               f"(builds done {meta.get('build_done', '?')}, BenchmarkDotNet done {meta.get('bdn_done', '?')})")
    diff_path = os.path.join(root, "benchmarks-diff.txt")
    if os.path.exists(diff_path):
        with open(diff_path, encoding="utf-8") as f:
            stat = [line.strip() for line in f if line.strip()]
        if stat:
            out.append("- benchmark sources differ between the trees (each tree's own are built against its own sources; "
                       "`benchmarks-diff.patch` in the raw data): " + "; ".join(f"`{line}`" for line in stat))
        else:
            out.append("- benchmark sources: identical in both trees")
    out.append(f"- raw data: `benchmarks/results/{os.path.basename(root)}/`\n")

    data = load_bdn(root)
    spreads = bdn_section(data, "CodecBenchmarks", "Codec (CodecBenchmarks)", out)
    spreads_usm = bdn_section(data, "UsmBenchmarks", "USM per message (UsmBenchmarks)", out,
                              meta.get("usm_protocols", "").split())
    # Any other benchmark class run through BDN_FILTERS (RequestCostBenchmarks, say).
    for type_name in sorted({k[0] for k in data} - {"CodecBenchmarks", "UsmBenchmarks"}):
        spreads += bdn_section(data, type_name, type_name, out)
    spreads_load = load_section(root, out)

    notes = ["## Noise\n",
             f"The machine has {meta.get('cores', '2')} cores shared with other builds and test runs (and, in the "
             "load tool, client and snmpd share them too), so single runs vary; the ratios compare medians of "
             "runs interleaved in time."]
    for name, s in (("BenchmarkDotNet", spreads + spreads_usm), ("load tool", spreads_load)):
        if s:
            notes.append(f"Spread of one side's runs ((max - min) / median), {name}: median {statistics.median(s):.0f} %, "
                         f"largest {max(s):.0f} %.")
    notes.append("A ratio within that spread is not a measured difference.\n")
    out.append(notes[0])
    out.append(" ".join(notes[1:]) + "\n")

    if data:
        bdn_raw(data, out, meta.get("usm_protocols", "").split())

    failures_path = os.path.join(root, "failures.txt")
    if os.path.exists(failures_path) and os.path.getsize(failures_path):
        with open(failures_path, encoding="utf-8") as f:
            out.append("## Failures\n\n```\n" + f.read().rstrip() + "\n```\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
