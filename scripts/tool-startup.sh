#!/usr/bin/env bash
# Start-up and speed of the snmp tool beside Net-SNMP's, in one run (issue 22):
#   1. publishes src/Snmp.Tool three ways: plain (framework-dependent IL), ReadyToRun, Native AOT
#      (each only if it builds; a failure is reported with its first errors/warnings);
#   2. starts a private snmpd on a free loopback port (temp dir, community public);
#   3. times N (default 100) runs of `snmp get -v2c -c public AGENT sysDescr.0` for each variant
#      interleaved with N runs of `snmpget` (same agent, same object), and prints the median wall
#      time of each and its ratio to snmpget's;
#   4. times `snmp bulkwalk` of snmpd's whole tree beside `snmpbulkwalk` (median of WALKS, default 15, same -Cr).
# Usage: scripts/tool-startup.sh [RUNS]     (needs snmpd, snmpget, snmpbulkwalk, python3)
#        Prints wall and CPU (user+sys) medians and the load average: on a loaded machine compare the CPU ratios.
#        SNMP_TOOL_PUBLISHED=DIR reuses DIR/plain, DIR/r2r, DIR/aot from an earlier run (AOT takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
walks="${WALKS:-15}"
out="$(mktemp -d /tmp/snmp-tool-startup.XXXXXX)"
stop_snmpd() { # kill the private snmpd and wait for it (it writes its persistent files as it ends)
  local pid; pid="$(cat "$out/snmpd.pid" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$out"
}
trap stop_snmpd EXIT
export MIBS="" SNMP_PERSISTENT_DIR="$out/persist"

publish() { # name, extra msbuild properties...
  local name="$1"; shift
  # PublishAot=false: the project publishes natively whenever a runtime is given (Snmp.Tool.csproj).
  if [ -n "${SNMP_TOOL_PUBLISHED:-}" ] && [ -d "$SNMP_TOOL_PUBLISHED/$name" ]; then cp -r "$SNMP_TOOL_PUBLISHED/$name" "$out/$name"; echo "reused: $name"; return; fi
  if dotnet publish src/Snmp.Tool/Snmp.Tool.csproj -c Release -r linux-x64 --self-contained false -p:PublishAot=false -o "$out/$name" "$@" >"$out/$name.log" 2>&1; then
    echo "published: $name ($(du -sh "$out/$name" | cut -f1))"
  else
    echo "publish FAILED: $name (first problems below)"; grep -E "error|warning" "$out/$name.log" | sort -u | head -n 8
    rm -rf "$out/$name"
  fi
}
publish plain
publish r2r -p:PublishReadyToRun=true
if [ -n "${SNMP_TOOL_PUBLISHED:-}" ] && [ -x "$SNMP_TOOL_PUBLISHED/aot/Snmp.Tool" ]; then
  cp -r "$SNMP_TOOL_PUBLISHED/aot" "$out/aot"; echo "reused: aot"
elif dotnet publish src/Snmp.Tool/Snmp.Tool.csproj -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" >"$out/aot.log" 2>&1; then
  echo "published: aot ($(du -sh "$out/aot/Snmp.Tool" | cut -f1))"
  echo "  trimming/AOT warnings: $(grep -c -E 'warning (IL|AOT)' "$out/aot.log" || true)"
else
  echo "publish FAILED: aot (first problems below)"; grep -E "error|warning (IL|AOT)" "$out/aot.log" | sed -E 's/^.*(error|warning)/  \1/' | sort -u | head -n 12
  rm -rf "$out/aot"
fi

port=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$out/persist"
printf 'agentAddress udp:127.0.0.1:%s\nrocommunity public 127.0.0.1\n' "$port" >"$out/snmpd.conf"
"$(command -v snmpd || echo /usr/sbin/snmpd)" -C -c "$out/snmpd.conf" -Lf "$out/snmpd.log" -p "$out/snmpd.pid" -m ""
agent="127.0.0.1:$port"
for _ in $(seq 50); do snmpget -v2c -c public -t 0.2 -r 0 "$agent" 1.3.6.1.2.1.1.1.0 >/dev/null 2>&1 && break; sleep 0.1; done

# Timing: python3 forks and execs each run itself and reads the child's user+sys CPU from
# wait4(2) (microseconds; GNU time's %U/%S round to 10 ms, too coarse for a 5 ms get). Runs of
# the commands are interleaved, so a load that comes and goes hits them alike.
measure() { # runs, then commands separated by --
  python3 - "$@" <<'PY'
import os, sys, time, statistics
runs = int(sys.argv[1]); cmds = []; cur = None
for a in sys.argv[2:]:
    if a == "--":
        cur = []; cmds.append(cur)
    else:
        cur.append(a)
null = os.open(os.devnull, os.O_WRONLY)
res = [[] for _ in cmds]
for c in cmds:  # warm the file cache
    pid = os.fork()
    if pid == 0:
        os.dup2(null, 1); os.dup2(null, 2); os.execvp(c[0], c)
    os.waitpid(pid, 0)
for _ in range(runs):
    for k, c in enumerate(cmds):
        t = time.perf_counter(); pid = os.fork()
        if pid == 0:
            os.dup2(null, 1); os.dup2(null, 2); os.execvp(c[0], c)
        _, status, ru = os.wait4(pid, 0)
        res[k].append(((time.perf_counter() - t) * 1000, (ru.ru_utime + ru.ru_stime) * 1000))
base = None
for k, c in enumerate(cmds):
    w = statistics.median(r[0] for r in res[k]); cpu = statistics.median(r[1] for r in res[k])
    base = base or (w, cpu)
    # snmpget / snmpbulkwalk, or the publish's directory name (plain, r2r, aot).
    name = c[0] if c[0] in ("snmpget", "snmpbulkwalk") else "snmp " + os.path.basename(os.path.dirname(c[1] if c[0] == "dotnet" else c[0]))
    print(f"  {name:26s} wall {w:8.2f} ms  x{w/base[0]:.2f}   cpu (user+sys) {cpu:8.2f} ms  x{cpu/max(base[1], 0.01):.2f}")
PY
}

get_args=(-v2c -c public "$agent" 1.3.6.1.2.1.1.1.0)
set -- "$runs" -- snmpget "${get_args[@]}"
[ -d "$out/plain" ] && set -- "$@" -- dotnet "$out/plain/Snmp.Tool.dll" get "${get_args[@]}"
[ -d "$out/r2r" ] && set -- "$@" -- dotnet "$out/r2r/Snmp.Tool.dll" get "${get_args[@]}"
[ -d "$out/aot" ] && set -- "$@" -- "$out/aot/Snmp.Tool" get "${get_args[@]}"
echo "== $runs single gets of sysDescr.0, medians (same run, interleaved; ratios to snmpget); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
measure "$@"

echo "== whole-tree walk: snmp bulkwalk beside snmpbulkwalk (-Cr25 -On, median of $walks each, interleaved; ratios to snmpbulkwalk)"
if [ -d "$out/aot" ]; then tool=("$out/aot/Snmp.Tool"); elif [ -d "$out/r2r" ]; then tool=(dotnet "$out/r2r/Snmp.Tool.dll"); else tool=(dotnet "$out/plain/Snmp.Tool.dll"); fi
walk_args=(-v2c -c public -Cr25 -On "$agent" .1.3)
echo "  lines: snmpbulkwalk $(snmpbulkwalk "${walk_args[@]}" | wc -l), ours $("${tool[@]}" bulkwalk "${walk_args[@]}" | wc -l)"
measure "$walks" -- snmpbulkwalk "${walk_args[@]}" -- "${tool[@]}" bulkwalk "${walk_args[@]}"
echo "  load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
