#!/usr/bin/env bash
# Start-up and speed of the snmp tool beside Net-SNMP's, in one run (issue 22):
#   1. publishes src/Snmp.Tool three ways: plain (framework-dependent IL), ReadyToRun, Native AOT
#      (each only if it builds; a failure is reported with its first errors/warnings);
#   2. starts a private snmpd on a free loopback port (temp dir, community public);
#   3. times N (default 100) runs of `snmp get -v2c -c public AGENT sysDescr.0` for each variant
#      interleaved with N runs of `snmpget` (same agent, same object), and prints the median wall
#      time of each and its ratio to snmpget's;
#   4. times `snmp bulkwalk` of snmpd's whole tree beside `snmpbulkwalk` (median of 5 each, same -Cr).
# Usage: scripts/tool-startup.sh [RUNS]     (needs snmpd, snmpget, snmpbulkwalk; python3 for medians)
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

declare -A cmd
cmd[snmpget]="snmpget"
[ -d "$out/plain" ] && cmd[plain]="dotnet $out/plain/Snmp.Tool.dll get"
[ -d "$out/r2r" ] && cmd[r2r]="dotnet $out/r2r/Snmp.Tool.dll get"
[ -d "$out/aot" ] && cmd[aot]="$out/aot/Snmp.Tool get"
names=(snmpget); for n in plain r2r aot; do [ -n "${cmd[$n]:-}" ] && names+=("$n"); done

for n in "${names[@]}"; do ${cmd[$n]} -v2c -c public "$agent" 1.3.6.1.2.1.1.1.0 >/dev/null; done # warm the file cache
for i in $(seq "$runs"); do
  for n in "${names[@]}"; do
    s=$(date +%s%N); ${cmd[$n]} -v2c -c public "$agent" 1.3.6.1.2.1.1.1.0 >/dev/null; e=$(date +%s%N)
    echo "$(( (e - s) / 1000 ))" >>"$out/$n.times"
  done
done

echo "== $runs single gets, median wall time (same run, interleaved)"
python3 - "$out" "${names[@]}" <<'PY'
import statistics, sys
out, names = sys.argv[1], sys.argv[2:]
med = {n: statistics.median(int(l) for l in open(f"{out}/{n}.times")) for n in names}
for n in names:
    print(f"  {n:8s} {med[n]/1000:8.1f} ms   x{med[n]/med['snmpget']:.2f} of snmpget")
PY

echo "== whole-tree walk: snmp bulkwalk beside snmpbulkwalk (-Cr25, median of 5)"
best="${names[-1]}"; tool="${cmd[$best]% get}"
lines_theirs=$(snmpbulkwalk -v2c -c public -Cr25 "$agent" .1.3 | wc -l); lines_ours=$($tool bulkwalk -v2c -c public -Cr25 "$agent" .1.3 | wc -l)
for i in 1 2 3 4 5; do
  s=$(date +%s%N); snmpbulkwalk -v2c -c public -Cr25 -On "$agent" .1.3 >/dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000 ))" >>"$out/walk-snmpbulkwalk.times"
  s=$(date +%s%N); $tool bulkwalk -v2c -c public -Cr25 -On "$agent" .1.3 >/dev/null; e=$(date +%s%N); echo "$(( (e - s) / 1000 ))" >>"$out/walk-ours.times"
done
python3 - "$out" "$best" "$lines_theirs" "$lines_ours" <<'PY'
import statistics, sys
out, best, lt, lo = sys.argv[1:]
t = statistics.median(int(l) for l in open(f"{out}/walk-snmpbulkwalk.times"))
o = statistics.median(int(l) for l in open(f"{out}/walk-ours.times"))
print(f"  snmpbulkwalk   {t/1000:8.1f} ms  ({lt} lines)")
print(f"  snmp ({best:5s}) {o/1000:8.1f} ms  ({lo} lines)  x{o/t:.2f} of snmpbulkwalk")
PY
