#!/usr/bin/env bash
# Coverage-guided fuzzing of one entry point that reads bytes from the network (issue 10):
#   scripts/fuzz.sh <target> <seconds>
# targets: ber (BER message decoders), usm (USM processIncomingMsg with real keys, re-signed),
#          mp (prepareDataElements of the v1/v2c/v3 message processing models), responder (the
#          Command Responder end to end), receiver (the TrapReceiver / Notification Receiver),
#          mib (the MIB compiler Snmp.Smi.Modules: MIB text in), mibcache (its compiled-cache reader),
#          agentx (the AgentX PDU codec of Snmp.AgentX and a subagent serving what decodes).
# Installs AFL++ (Debian) and SharpFuzz.CommandLine (dotnet tool) when missing, builds
# fuzz/Snmp.Fuzz, instruments the library assemblies with sharpfuzz, seeds from the PROTOS jar,
# the Net-SNMP wire captures and generated messages (plus the kept corpus), runs afl-fuzz for the
# given time (0: none, only minimise the last run's queue again), then minimises the queue (afl-cmin) into fuzz/corpus/<target>/. Crashes and hangs
# are copied to fuzz/findings/<target>/ (not committed): each becomes a regression test.
# Work files go to ${FUZZ_WORK:-fuzz/.work} (not committed). Environment: FUZZ_MAX_CORPUS (default 300);
# FUZZ_BIN (default $FUZZ_WORK/bin): where the fuzzer is published (plain/ as built, instrumented/
# after sharpfuzz); FUZZ_REUSE_BIN=1: use what an earlier run published there instead of publishing
# again (to run several targets at once: `dotnet publish` of one project must not run concurrently).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"
target="${1:?usage: scripts/fuzz.sh <ber|usm|mp|responder|receiver|mib|mibcache|agentx> <seconds>}"
seconds="${2:?usage: scripts/fuzz.sh <target> <seconds>}"
work="${FUZZ_WORK:-$repo/fuzz/.work}"  # not under /tmp: afl-cmin refuses it
max_corpus="${FUZZ_MAX_CORPUS:-300}"
tools="$repo/.fuzz-tools"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing AFL++ (Debian afl++)"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq afl++ >/dev/null
fi
if [ ! -x "$tools/sharpfuzz" ]; then
  echo "== installing SharpFuzz.CommandLine 2.3.0 into $tools"
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version 2.3.0 >/dev/null
fi

bin="${FUZZ_BIN:-$work/bin}"
plain="$bin/plain"          # as built: writes the seeds, replays inputs
out="$bin/instrumented"     # after sharpfuzz: only runs under afl-fuzz
if [ "${FUZZ_REUSE_BIN:-0}" = 1 ] && [ -f "$out/Snmp.Fuzz.dll" ] && [ -f "$plain/Snmp.Fuzz.dll" ]; then
  echo "== reusing the fuzzer published in $bin"
else
  echo "== building fuzz/Snmp.Fuzz into $bin"
  rm -rf "$bin"
  dotnet publish fuzz/Snmp.Fuzz -c Release -o "$plain" --nologo -v quiet >/dev/null
  cp -r "$plain" "$out"
  # Instrument the library assemblies (not the harness, SharpFuzz or the framework).
  for dll in Snmp.Core Snmp.Security.Usm Snmp.Security.Community Snmp.MessageProcessing Snmp.Dispatcher \
             Snmp.Applications Snmp.AccessControl.Vacm Snmp.Transport.Udp Snmp Snmp.Smi.Modules Snmp.AgentX; do
    "$tools/sharpfuzz" "$out/$dll.dll" >/dev/null
  done
fi
# Seeds first: instrumented code only runs under afl-fuzz (it writes to AFL's shared memory).
seeds="$work/$target/seeds"
findings="$work/$target/findings"
if [ "$seconds" = 0 ]; then
  echo "== 0 seconds: no fuzzing, only afl-cmin of the last run's queue ($findings)"
else
  rm -rf "$seeds" "$findings"
fi
dotnet "$plain/Snmp.Fuzz.dll" seeds "$target" "$seeds" "$repo"
if [ -d "fuzz/corpus/$target" ]; then cp fuzz/corpus/"$target"/* "$seeds"/ 2>/dev/null || true; fi
run=("$(command -v dotnet)" "$out/Snmp.Fuzz.dll" run "$target")  # afl-cmin wants a path


export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1
# A dictionary of the input's tokens (afl-fuzz -x): fuzz/dict/<target>.dict, else the BER/SNMP one for packets.
dict=()
if [ -f "fuzz/dict/$target.dict" ]; then dict=(-x "fuzz/dict/$target.dict")
elif [ "${target#mib}" = "$target" ]; then dict=(-x fuzz/dict/snmp.dict); fi
echo "== afl-fuzz $target for $seconds s"
[ "$seconds" = 0 ] || afl-fuzz -i "$seeds" -o "$findings" "${dict[@]}" -t 5000 -m none -V "$seconds" -- "${run[@]}" >"$work/$target/afl.log" 2>&1 || {
  echo "afl-fuzz failed; the end of $work/$target/afl.log:"; tail -30 "$work/$target/afl.log"; exit 1; }

stats="$findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|bitmap_cvg|edges_found|total_edges|saved_crashes|saved_hangs|stability)' "$stats" | tee "$work/$target/summary.txt"

for kind in crashes hangs; do
  if ls "$findings/default/$kind"/id:* >/dev/null 2>&1; then
    mkdir -p "fuzz/findings/$target/$kind"
    cp "$findings/default/$kind"/id:* "fuzz/findings/$target/$kind/"
    echo "!! $kind found: fuzz/findings/$target/$kind/ (replay: dotnet $plain/Snmp.Fuzz.dll replay $target <file>)"
  fi
done

echo "== afl-cmin into fuzz/corpus/$target"
minimised="$work/$target/cmin"
rm -rf "$minimised"
afl-cmin -i "$findings/default/queue" -o "$minimised" -t 5000 -m none -- "${run[@]}" >"$work/$target/cmin.log" 2>&1 || {
  echo "afl-cmin failed; the end of $work/$target/cmin.log:"; tail -20 "$work/$target/cmin.log"; exit 1; }
rm -rf "fuzz/corpus/$target"
mkdir -p "fuzz/corpus/$target"
# Keep it small: the smallest files first, at most $max_corpus (afl-cmin keeps the smallest input per edge).
i=0
while IFS= read -r file; do
  i=$((i + 1))
  cp "$file" "fuzz/corpus/$target/$(printf '%04d' "$i")"
done < <(find "$minimised" -type f -printf '%s %p\n' | sort -n | head -n "$max_corpus" | cut -d' ' -f2-)
echo "fuzz/corpus/$target: $i files (afl-cmin kept $(find "$minimised" -type f | wc -l))"
