#!/usr/bin/env python3
"""Same-run comparison of MIB start-up: Net-SNMP's snmptranslate beside our MibModuleSet.

Each round runs, in a rotating order, one whole process of each:
  snmptranslate -M DIR -m ALL -On SNMPv2-MIB::sysDescr.0   (Net-SNMP parses every module of DIR)
  Snmp.MibStartup compile DIR        (MibModuleSet.LoadAll from the files)
  Snmp.MibStartup cache DIR CACHE    (MibModuleSet.ReadCache of the compiled set, what a tool reads)
  Snmp.MibStartup none               (the runtime's start-up alone: the floor)
for each build of benchmarks/Snmp.MibStartup: the usual JIT build, a ReadyToRun publish and a
Native AOT publish (the script builds all three first unless --no-build). It records each
process's wall time (start to exit) and peak resident set (/usr/bin/time's %M, so that the forking
Python's own memory is not counted), and prints the medians and each one's ratio to snmptranslate's
median of the same run. Every process must print .1.3.6.1.2.1.1.1.0.

  python3 scripts/mib_load_compare.py [--dir ../shared/mibs/ietf] [--rounds 15] [--no-build]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
project = os.path.join(root, "benchmarks", "Snmp.MibStartup", "Snmp.MibStartup.csproj")
out = os.path.join(root, "benchmarks", "Snmp.MibStartup", "bin", "compare")
parser = argparse.ArgumentParser()
parser.add_argument("--dir", default=os.path.join(root, "..", "shared", "mibs", "ietf"))
parser.add_argument("--rounds", type=int, default=15)
parser.add_argument("--no-build", action="store_true")
args = parser.parse_args()

builds = {
    "JIT": ["dotnet", "publish", project, "-c", "Release", "-o", os.path.join(out, "jit")],
    "ReadyToRun": ["dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false",
                   "-p:PublishReadyToRun=true", "-o", os.path.join(out, "r2r")],
    "Native AOT": ["dotnet", "publish", project, "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "-o", os.path.join(out, "aot")],
}
if not args.no_build:
    for command in builds.values():
        subprocess.run(command + ["-v", "q", "-nologo"], check=True, stdout=subprocess.DEVNULL)

work = tempfile.mkdtemp(prefix="mibload-")
env = dict(os.environ, MIBDIRS="", MIBS="", SNMP_PERSISTENT_DIR=os.path.join(work, "persistent"))
variants = {"snmptranslate -m ALL": ["snmptranslate", "-M", args.dir, "-m", "ALL", "-On", "SNMPv2-MIB::sysDescr.0"]}
for build, folder in (("JIT", "jit"), ("ReadyToRun", "r2r"), ("Native AOT", "aot")):
    exe = os.path.join(out, folder, "Snmp.MibStartup")
    variants[f"ours {build}, compile all"] = [exe, "compile", args.dir]
    variants[f"ours {build}, from the cache"] = [exe, "cache", args.dir, os.path.join(work, f"{folder}.cache")]
    variants[f"{build} start-up alone"] = [exe, "none"]
rss_file = os.path.join(work, "rss")


def run(command):
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file, *command], capture_output=True, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0 or done.stdout.decode().strip() != ".1.3.6.1.2.1.1.1.0":
        raise SystemExit(f"{command[0]} failed: status {done.returncode}, output {done.stdout!r} {done.stderr!r}")
    with open(rss_file) as f:
        rss_kb = int(f.read().split()[-1])
    return wall * 1000, rss_kb / 1024


# Warm-up: the files in the page cache, the compiled caches written.
for command in variants.values():
    run(command)

results = {name: [] for name in variants}
names = list(variants)
for r in range(args.rounds):
    for name in names[r % len(names):] + names[:r % len(names)]:
        results[name].append(run(variants[name]))

base_wall = statistics.median(w for w, _ in results[names[0]])
base_rss = statistics.median(m for _, m in results[names[0]])
print(f"{args.rounds} rounds, modules of {os.path.abspath(args.dir)}; load average {os.getloadavg()[0]:.1f}")
print("| process | wall (median) | wall / snmptranslate | peak RSS (median) | RSS / snmptranslate |")
print("| --- | ---: | ---: | ---: | ---: |")
for name in names:
    wall = statistics.median(w for w, _ in results[name])
    rss = statistics.median(m for _, m in results[name])
    print(f"| {name} | {wall:.1f} ms | {wall / base_wall:.2f} | {rss:.1f} MB | {rss / base_rss:.2f} |")
shutil.rmtree(work, ignore_errors=True)
