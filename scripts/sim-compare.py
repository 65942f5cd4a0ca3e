#!/usr/bin/env python3
"""Our device simulator (`snmp sim`) beside Debian's snmpsimd (snmpsim 0.4.5), same run, same recordings.

    python3 scripts/sim-compare.py [--seconds 3] [--rounds 3] [--clients 4] [--in-flight 8] [--walkers 16]
                                   [--device recorded/linux-full-walk] [--threads N] [--snmpsim-instances N] [--no-build]

Copies the recordings the interop tests compare (tests/Snmp.Simulator.Tests/Interop) out of
/usr/share/doc/snmpsim/examples/data (Debian package "snmpsim"; .gz unpacked, readable by the user
snmpsimd drops to), starts snmpsimd and `snmp sim` on free ports of 127.0.0.1 with that one data
directory, and drives both with the project's load tool (benchmarks/Snmp.LoadTool --drive): SNMPv2c
GET/s of sysDescr.0 of one device (several client engines with requests in flight) and GetBulk
varbinds/s walking that device's mib-2 (max-repetitions 25, several walks at once), one unmeasured
warm-up second each, rounds alternating between the two
agents, medians, agent CPU from /proc. Prints the load tool's table (markdown) with the ratio
ours / snmpsim. Stops both agents at the end, also on failure or Ctrl+C.

Each agent is one process: snmpsimd 0.4.5 serves on one thread (its documentation suggests several
instances for throughput: --snmpsim-instances N adds "snmpsim x N", N snmpsimd processes on N ports
with the same data, its clients spread over them, its CPU the sum); ours receives on --threads
threads (default: the processor count).
"""
import argparse
import gzip
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = "/usr/share/doc/snmpsim/examples/data"
FILES = [
    "recorded/linksys-system.snmprec", "recorded/solaris-system.snmprec", "recorded/udp-endpoint-table-walk.snmprec",
    "recorded/linux-full-walk.snmprec.gz", "recorded/winxp-full-walk.snmprec.gz",
    "mib2dev/host-resources-mib.snmprec", "mib2dev/tcp-mib.snmprec", "mib2dev/udp-mib.snmprec", "mib2dev/ip-mib.snmprec.gz",
    "bgp.snmprec", "hp_perf2.snmprec.gz", "cisco_16_switch.snmprec.gz",
    "foreignformats/linux.snmpwalk.gz", "foreignformats/winxp1.snmpwalk.gz",
]
TOOL = os.path.join(ROOT, "src/Snmp.Tool/bin/Release/net10.0/Snmp.Tool.dll")
LOAD = os.path.join(ROOT, "benchmarks/Snmp.LoadTool/bin/Release/net10.0/Snmp.LoadTool.dll")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_recordings(target):
    for name in FILES:
        source = os.path.join(DATA, name)
        destination = os.path.join(target, name[:-3] if name.endswith(".gz") else name)
        os.makedirs(os.path.dirname(destination), exist_ok=True)
        if name.endswith(".gz"):
            with gzip.open(source, "rb") as i, open(destination, "wb") as o:
                shutil.copyfileobj(i, o)
        else:
            shutil.copyfile(source, destination)
    for directory, _, files in os.walk(target):
        os.chmod(directory, 0o755)
        for f in files:
            os.chmod(os.path.join(directory, f), 0o644)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", default="3")
    parser.add_argument("--rounds", default="3")
    parser.add_argument("--clients", default="4")
    parser.add_argument("--in-flight", default="8")
    parser.add_argument("--walkers", default="16", help="client engines walking at once (GetBulk)")
    parser.add_argument("--device", default="recorded/linux-full-walk", help="the community (device) both are asked")
    parser.add_argument("--get-oid", default="1.3.6.1.2.1.1.1.0")
    parser.add_argument("--bulk-root", default="1.3.6.1.2.1")
    parser.add_argument("--threads", help="our simulator's receive threads (default: processor count)")
    parser.add_argument("--snmpsim-instances", type=int, default=1,
                        help="also measure snmpsim as this many snmpsimd processes on as many ports (clients take them in turn)")
    parser.add_argument("--no-build", action="store_true", help="use the Release builds already there")
    args = parser.parse_args()

    snmpsimd = shutil.which("snmpsimd") or shutil.which("snmpsimd.py")
    if snmpsimd is None or not os.path.isdir(DATA):
        sys.exit("sim-compare: snmpsimd or its recordings are missing: apt-get install snmpsim")
    if not args.no_build:
        for project in ("src/Snmp.Tool", "benchmarks/Snmp.LoadTool"):
            subprocess.run(["dotnet", "build", "-c", "Release", "--nologo", "-v", "q", project], cwd=ROOT, check=True)

    work = tempfile.mkdtemp(prefix="sim-compare-")
    os.chmod(work, 0o755)
    processes = []
    try:
        data = os.path.join(work, "data")
        copy_recordings(data)
        cache = os.path.join(work, "cache")
        os.makedirs(cache)
        os.chmod(cache, 0o777)
        instances = max(1, args.snmpsim_instances)
        theirs = [free_port() for _ in range(1 + (instances if instances > 1 else 0))]
        ours = free_port()
        log = open(os.path.join(work, "snmpsimd.log"), "wb")
        for port in theirs:
            command = [snmpsimd, f"--data-dir={data}", f"--cache-dir={cache}", f"--agent-udpv4-endpoint=127.0.0.1:{port}", "--logging-method=null"]
            if os.geteuid() == 0:
                command += ["--process-user=nobody", "--process-group=nogroup"]
            processes.append(subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT))
            if len(processes) == 1:
                time.sleep(2)   # the first builds the index in the shared cache directory
        command = ["dotnet", TOOL, "sim", f"--data-dir={data}", f"127.0.0.1:{ours}"]
        if args.threads:
            command.insert(4, f"--threads={args.threads}")
        processes.append(subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1)
        for p in processes:
            if p.poll() is not None:
                sys.exit(f"sim-compare: {p.args[0]} exited ({p.returncode}); see {work}")
        ours_process = processes[-1]
        agents = f"snmpsim 0.4.5=127.0.0.1:{theirs[0]}={processes[0].pid},"
        if instances > 1:
            agents += (f"snmpsim x {instances}=" + "+".join(f"127.0.0.1:{p}" for p in theirs[1:]) + "="
                       + "+".join(str(p.pid) for p in processes[1:1 + instances]) + ",")
        agents += f"snmp sim=127.0.0.1:{ours}={ours_process.pid}"
        print(f"# sim-compare: {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, device {args.device}, "
              f"commit {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=ROOT, capture_output=True, text=True).stdout.strip()}", flush=True)
        subprocess.run(["dotnet", LOAD, "--drive", agents, "--community", args.device, "--get-oid", args.get_oid,
                        "--bulk-root", args.bulk_root, "--seconds", args.seconds, "--rounds", args.rounds,
                        "--clients", args.clients, "--in-flight", args.in_flight, "--walkers", args.walkers], check=True)
    finally:
        for p in processes:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
