#!/usr/bin/env bash
# The project's test command (README "Run the tests"): installs what the tests need, builds,
# runs the whole suite (the package consumer test among it), builds the API reference (docfx),
# and closes with "tests: N passed, N failed, N skipped" from the real results. Exits non-zero
# on any failure, of a test or of the API reference.
set -uo pipefail
cd "$(dirname "$0")/.."

# Net-SNMP is the interop peer (snmpd, snmptrapd and the command-line tools). Install it from
# Debian's packages when missing; the interop tests fail (not skip) under CI=true without it.
need_netsnmp=0
for tool in snmpd snmpget snmptrapd; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || need_netsnmp=1
done
# pysnmp 4.4 (for Debian's /usr/bin/python3) is the peer for 3DES and the Reeder AES key extension.
/usr/bin/python3 -c 'import pysnmp.entity.engine' >/dev/null 2>&1 || need_netsnmp=1
# openssl's s_client/s_server are the independent peer of the TLS and DTLS handshake tests.
command -v openssl >/dev/null 2>&1 || need_netsnmp=1
# snmpsim's snmpsimd and its recordings (Debian 'snmpsim') are the simulator's peer.
command -v snmpsimd >/dev/null 2>&1 || need_netsnmp=1
if [ "$need_netsnmp" = 1 ]; then
  echo "== installing Net-SNMP (snmp, snmpd, snmptrapd) and pysnmp (python3-pysnmp4) from Debian's packages"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null 2>&1 || echo "warning: apt-get update failed"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends snmp snmpd snmptrapd python3-pysnmp4 openssl snmpsim >/dev/null 2>&1 \
    || echo "warning: could not install Net-SNMP or pysnmp; interop tests will fail"
fi

# The MIB module tests read the shared MIB corpus in place (its README asks that it not be copied
# into the project): ../shared/mibs/ietf beside the repository, else the workplace's /work/shared.
# Under CI=true those tests fail when it is not found.
if [ -z "${SNMP_SHARED_MIBS:-}" ]; then
  for candidate in "../shared/mibs/ietf" "/work/shared/mibs/ietf"; do
    if [ -d "$candidate" ]; then export SNMP_SHARED_MIBS="$(cd "$candidate" && pwd)"; break; fi
  done
fi

echo "== restoring and building"
dotnet restore Snmp.Architecture.sln --nologo -v quiet || exit 1
dotnet build Snmp.Architecture.sln --no-restore --nologo -v quiet -c Debug || exit 1

results="$(pwd)/TestResults"
rm -rf "$results"
echo "== running the tests"
dotnet test Snmp.Architecture.sln --no-build --nologo -c Debug \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results"
status=$?

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); ab=$(get aborted)
  total=$(get total); executed=$(get executed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${ab:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done

if [ "$files" = 0 ]; then
  echo "no test results were produced"
  status=1
fi
if [ "$failed" -gt 0 ]; then
  status=1
fi

# The API reference (docs/docfx.json): docfx, a local tool (.config/dotnet-tools.json), reads the
# src projects' XML documentation and builds the static site into docs/_site with README.md and
# ARCHITECTURE.md as articles. Warnings are errors, so a broken cref, xref or file link fails it.
echo "== building the API reference (docfx)"
rm -rf docs/_site docs/api
mkdir -p "$results"
docs_log="$results/docfx.log"
docs_started=$SECONDS
if dotnet tool restore >"$docs_log" 2>&1 \
  && dotnet tool run docfx docs/docfx.json --warningsAsErrors >>"$docs_log" 2>&1; then
  echo "docs: API reference built in $((SECONDS - docs_started)) s (docs/_site)"
else
  grep -E -i "warning|error" "$docs_log" | grep -v -E "Build succeeded|^ *[0-9]+ (warning|error)\(s\)" | head -n 40
  echo "docs: API reference FAILED after $((SECONDS - docs_started)) s (warnings are errors; full log: $docs_log)"
  status=1
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
