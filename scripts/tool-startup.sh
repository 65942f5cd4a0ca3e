#!/usr/bin/env bash
# Start-up and speed of the snmp tool beside Net-SNMP's, in one run (issue 22):
#   1. publishes src/Snmp.Tool three ways: plain (framework-dependent IL), ReadyToRun, Native AOT
#      (each only if it builds; a failure is reported with its first errors/warnings);
#   2. starts a private snmpd on a free loopback port (temp dir, community public);
#   3. times N (default 100) runs of `snmp get -v2c -c public AGENT sysDescr.0` for each variant
#      interleaved with N runs of `snmpget` (same agent, same object), and prints the median wall
#      time of each and its ratio to snmpget's;
#   4. times `snmp bulkwalk` of snmpd's whole tree beside `snmpbulkwalk` (median of 5 each, same -Cr).
# Usage: scripts/tool-startup.sh [RUNS]     (needs snmpd, snmpget, snmpbulkwalk, GNU time; python3 for medians)
#        Prints wall and CPU (user+sys) medians: on a loaded machine compare the CPU ratios.
#        SNMP_TOOL_PUBLISHED=DIR reuses DIR/plain, DIR/r2r, DIR/aot from an earlier run (AOT takes minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-100}"
out="$(mktemp -d /tmp/snmp-tool-startup.XXXXXX)"
trap 'kill "$(cat "$out/snmpd.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$out"' EXIT
export MIBS="" SNMP_PERSISTENT_DIR="$out/persist"

publish() { # name, extra msbuild properties...
  local name="$1"; shift
  if [ -n "${SNMP_TOOL_PUBLISHED:-}" ] && [ -d "$SNMP_TOOL_PUBLISHED/$name" ]; then cp -r "$SNMP_TOOL_PUBLISHED/$name" "$out/$name"; echo "reused: $name"; return; fi
  if dotnet publish src/Snmp.Tool/Snmp.Tool.csproj -c Release -r linux-x64 --self-contained false -o "$out/$name" "$@" >"$out/$name.log" 2>&1; then
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

# One timed run: wall, user and system seconds (GNU time) appended to $out/NAME.times.
timed() { # name, command...
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S" -o "$out/time.tmp" "$@" >/dev/null 2>&1 || true
  tail -n 1 "$out/time.tmp" >>"$out/$name.times"
}

declare -A cmd
cmd[snmpget]="snmpget"
[ -d "$out/plain" ] && cmd[plain]="dotnet $out/plain/Snmp.Tool.dll get"
[ -d "$out/r2r" ] && cmd[r2r]="dotnet $out/r2r/Snmp.Tool.dll get"
[ -d "$out/aot" ] && cmd[aot]="$out/aot/Snmp.Tool get"
names=(snmpget); for n in plain r2r aot; do [ -n "${cmd[$n]:-}" ] && names+=("$n"); done

for n in "${names[@]}"; do ${cmd[$n]} -v2c -c public "$agent" 1.3.6.1.2.1.1.1.0 >/dev/null; done # warm the file cache
for i in $(seq "$runs"); do
  for n in "${names[@]}"; do
    # shellcheck disable=SC2086
    timed "$n" ${cmd[$n]} -v2c -c public "$agent" 1.3.6.1.2.1.1.1.0
  done
done

# Wall time is what the aims name; CPU time (user+sys) is what a loaded machine cannot inflate much.
report() { # baseline name, names...
  python3 - "$out" "$@" <<'PY'
import statistics, sys
out, base, names = sys.argv[1], sys.argv[2], sys.argv[2:]
def load(n):
    rows = [tuple(map(float, l.split())) for l in open(f"{out}/{n}.times") if l.strip()]
    return statistics.median(r[0] for r in rows) * 1000, statistics.median(r[1] + r[2] for r in rows) * 1000
m = {n: load(n) for n in names}
for n in names:
    w, c = m[n]
    print(f"  {n:14s} wall {w:8.1f} ms  x{w/m[base][0]:.2f}   cpu (user+sys) {c:8.1f} ms  x{c/max(m[base][1], 0.1):.2f}")
PY
}
echo "== $runs single gets, medians (same run, interleaved; ratios to snmpget)"
report "${names[@]}"

echo "== whole-tree walk: snmp bulkwalk beside snmpbulkwalk (-Cr25, median of 5; ratios to snmpbulkwalk)"
best="${names[-1]}"; tool="${cmd[$best]% get}"
lines_theirs=$(snmpbulkwalk -v2c -c public -Cr25 "$agent" .1.3 | wc -l); lines_ours=$($tool bulkwalk -v2c -c public -Cr25 "$agent" .1.3 | wc -l)
echo "  lines: snmpbulkwalk $lines_theirs, ours ($best) $lines_ours"
for i in 1 2 3 4 5; do
  timed walk-snmpbulkwalk snmpbulkwalk -v2c -c public -Cr25 -On "$agent" .1.3
  # shellcheck disable=SC2086
  timed "walk-$best" $tool bulkwalk -v2c -c public -Cr25 -On "$agent" .1.3
done
report walk-snmpbulkwalk "walk-$best"
