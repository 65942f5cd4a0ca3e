#!/usr/bin/env bash
# Before/after benchmark comparison in one run: the BenchmarkDotNet codec and USM benchmarks and
# the end-to-end load tool, each run alternately on a "before" tree and an "after" tree, with a
# summary of medians and after/before ratios.
#
#   scripts/bench-compare.sh                 # before = 753d6d0, after = HEAD of /work/main
#   BEFORE_REV=abc123 AFTER_REV=HEAD ROUNDS=3 LOAD_RUNS=3 scripts/bench-compare.sh
#
# Both trees are git worktrees (detached, recreated on every run so "after" is exactly the commit,
# not the working copy): $WT_ROOT/bench-before and $WT_ROOT/bench-after. Each tree's benchmark
# projects are built in Release against that tree's own sources. They are removed at the end
# unless KEEP_WORKTREES=1.
#
# Environment (defaults in brackets):
#   REPO [this script's repository] the repository
#   BEFORE_REV [753d6d0]         baseline commit
#   AFTER_REV [HEAD]             commit to compare (resolved once, at the start)
#   WT_ROOT [/work/wt]           where the two worktrees go
#   ROUNDS [3]                   BenchmarkDotNet runs per side (alternating before, after, after, before, ...)
#   BDN_JOB [short]              BenchmarkDotNet --job
#   BDN_EXTRA []                 extra BenchmarkDotNet arguments (e.g. --inProcess)
#   USM_PROTOCOLS ["noAuthNoPriv HMAC-SHA-96 HMAC-SHA-96+AES"]  UsmBenchmarks.Protocols values
#   BDN_FILTERS []               BenchmarkDotNet filters instead of the codec and USM ones
#                                (space-separated, e.g. '*RequestCostBenchmarks*')
#   LOAD_RUNS [3]                load-tool runs per side (alternating)
#   LOAD_SECONDS [3]             load tool --seconds (per round)
#   LOAD_ROUNDS [3]              load tool --rounds (rounds inside one run; it reports their median)
#   LOAD_ARGS []                 extra load-tool arguments (e.g. --sequential for the cost of one request)
#   SKIP_BDN / SKIP_LOAD [0]     1 to skip a part
#   KEEP_WORKTREES [0]           1 to leave the worktrees in place
#   OUT_ROOT [$REPO/benchmarks/results]
#
# Output: $OUT_ROOT/compare-<stamp>/ (per-run BenchmarkDotNet artifacts, load-tool stdout, build
# logs) and the summary $OUT_ROOT/compare-<stamp>.md, written by scripts/bench_compare_summary.py.
set -uo pipefail

REPO=${REPO:-$(cd "$(dirname "$0")/.." && pwd)}
BEFORE_REV=${BEFORE_REV:-753d6d0}
AFTER_REV=${AFTER_REV:-HEAD}
WT_ROOT=${WT_ROOT:-/work/wt}
ROUNDS=${ROUNDS:-3}
BDN_JOB=${BDN_JOB:-short}
BDN_EXTRA=${BDN_EXTRA:-}
USM_PROTOCOLS=${USM_PROTOCOLS:-"noAuthNoPriv HMAC-SHA-96 HMAC-SHA-96+AES"}
LOAD_RUNS=${LOAD_RUNS:-3}
LOAD_SECONDS=${LOAD_SECONDS:-3}
LOAD_ROUNDS=${LOAD_ROUNDS:-3}
LOAD_ARGS=${LOAD_ARGS:-}
SKIP_BDN=${SKIP_BDN:-0}
SKIP_LOAD=${SKIP_LOAD:-0}
KEEP_WORKTREES=${KEEP_WORKTREES:-0}
OUT_ROOT=${OUT_ROOT:-$REPO/benchmarks/results}
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

STAMP=$(date +%Y-%m-%d-%H%M)
OUT="$OUT_ROOT/compare-$STAMP"
if [[ -e "$OUT" ]]; then STAMP=$(date +%Y-%m-%d-%H%M%S); OUT="$OUT_ROOT/compare-$STAMP"; fi
mkdir -p "$OUT/bdn" "$OUT/load" "$OUT/build"
FAILURES="$OUT/failures.txt"
: >"$FAILURES"
START_EPOCH=$(date +%s)

log() { echo "[$(date +%H:%M:%S)] $*" | tee -a "$OUT/progress.log"; }
fail() { echo "$*" >>"$FAILURES"; log "FAILED: $*"; }

BEFORE_SHA=$(git -C "$REPO" rev-parse --verify "$BEFORE_REV^{commit}") || { echo "no commit $BEFORE_REV" >&2; exit 2; }
AFTER_SHA=$(git -C "$REPO" rev-parse --verify "$AFTER_REV^{commit}") || { echo "no commit $AFTER_REV" >&2; exit 2; }
declare -A SHA=([before]=$BEFORE_SHA [after]=$AFTER_SHA)
declare -A TREE=([before]="$WT_ROOT/bench-before" [after]="$WT_ROOT/bench-after")
declare -A BDN_OK=([before]=1 [after]=1) LOAD_OK=([before]=1 [after]=1)

{
  echo "stamp=$STAMP"
  echo "before_sha=$BEFORE_SHA"
  echo "before_subject=$(git -C "$REPO" log -1 --format=%s "$BEFORE_SHA")"
  echo "after_rev=$AFTER_REV"
  echo "after_sha=$AFTER_SHA"
  echo "after_subject=$(git -C "$REPO" log -1 --format=%s "$AFTER_SHA")"
  echo "commits_between=$(git -C "$REPO" rev-list --count "$BEFORE_SHA..$AFTER_SHA")"
  echo "rounds=$ROUNDS"
  echo "bdn_job=$BDN_JOB"
  echo "bdn_extra=$BDN_EXTRA"
  echo "usm_protocols=$USM_PROTOCOLS"
  echo "load_runs=$LOAD_RUNS"
  echo "load_seconds=$LOAD_SECONDS"
  echo "load_rounds=$LOAD_ROUNDS"
  echo "load_args=$LOAD_ARGS"
  echo "cores=$(nproc)"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "dotnet=$(dotnet --version 2>/dev/null)"
  echo "loadavg_start=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "start=$(date -Is)"
} >"$OUT/meta.env"

log "before $BEFORE_SHA, after $AFTER_SHA ($AFTER_REV); output $OUT"

# --- 1. worktrees and builds -------------------------------------------------------------------
remove_worktree() {
  local path=$1
  if git -C "$REPO" worktree list --porcelain | grep -qx "worktree $path"; then
    git -C "$REPO" worktree remove --force "$path" >/dev/null 2>&1 || true
  fi
  rm -rf "$path"
  git -C "$REPO" worktree prune
}

build() { # side project-dir
  local side=$1 proj=$2 name
  name=$(basename "$proj")
  if (cd "${TREE[$side]}" && dotnet build -c Release "$proj" -nologo -clp:NoSummary) >"$OUT/build/$side-$name.log" 2>&1; then
    log "built $side $name"
    return 0
  fi
  fail "build of $name in the $side tree (${SHA[$side]}) failed; errors:"
  grep -E ': error ' "$OUT/build/$side-$name.log" | sed -E 's#^.*/(bench-(before|after))/#\1/#' | sort -u | head -40 >>"$FAILURES"
  return 1
}

mkdir -p "$WT_ROOT"
for side in before after; do
  remove_worktree "${TREE[$side]}"
  git -C "$REPO" worktree add --detach "${TREE[$side]}" "${SHA[$side]}" >"$OUT/build/$side-worktree.log" 2>&1 \
    || { fail "git worktree add ${TREE[$side]} ${SHA[$side]}"; exit 1; }
done
# The benchmark projects are part of each tree and built against its own sources; record how
# their code differs between the trees (an API change may have made the after tree's differ).
git -C "$REPO" diff --stat "$BEFORE_SHA" "$AFTER_SHA" -- benchmarks/Snmp.Benchmarks benchmarks/Snmp.LoadTool >"$OUT/benchmarks-diff.txt"
git -C "$REPO" diff "$BEFORE_SHA" "$AFTER_SHA" -- benchmarks/Snmp.Benchmarks benchmarks/Snmp.LoadTool >"$OUT/benchmarks-diff.patch"
for side in before after; do
  [[ $SKIP_BDN == 1 ]] || build "$side" benchmarks/Snmp.Benchmarks/Snmp.Benchmarks.csproj || BDN_OK[$side]=0
  [[ $SKIP_LOAD == 1 ]] || build "$side" benchmarks/Snmp.LoadTool/Snmp.LoadTool.csproj || LOAD_OK[$side]=0
done
echo "build_done=$(date -Is)" >>"$OUT/meta.env"

# --- 2. BenchmarkDotNet: codec and USM, alternating ---------------------------------------------
if [[ -n ${BDN_FILTERS:-} ]]; then
  read -r -a FILTERS <<<"$BDN_FILTERS"
else
  FILTERS=('*CodecBenchmarks*')
  for p in $USM_PROTOCOLS; do FILTERS+=("*UsmBenchmarks*\"$p\"*"); done
fi

run_bdn() { # side round
  local side=$1 i=$2 dir="$OUT/bdn/$1-$2" rc
  mkdir -p "$dir"
  log "BenchmarkDotNet $side round $i"
  # Run from the project directory: BenchmarkDotNet looks for the .csproj there to generate its host.
  # shellcheck disable=SC2086
  (cd "${TREE[$side]}/benchmarks/Snmp.Benchmarks" &&
    dotnet bin/Release/net10.0/Snmp.Benchmarks.dll --filter "${FILTERS[@]}" --job "$BDN_JOB" \
      --artifacts "$dir" --exporters json $BDN_EXTRA) >"$dir/stdout.txt" 2>&1
  rc=$?
  if [[ $rc != 0 ]] || grep -q 'Benchmarks with issues' "$dir/stdout.txt"; then
    fail "BenchmarkDotNet $side round $i: exit $rc or benchmarks with issues (see ${dir#"$OUT"/}/stdout.txt)"
  fi
}

if [[ $SKIP_BDN != 1 ]]; then
  for ((i = 1; i <= ROUNDS; i++)); do
    # ABBA: the sides take turns going first, so that a machine growing busier (or quieter)
    # through the session does not always fall on the same side.
    if ((i % 2)); then order=(before after); else order=(after before); fi
    for side in "${order[@]}"; do
      [[ ${BDN_OK[$side]} == 1 ]] && run_bdn "$side" "$i"
    done
  done
fi
echo "bdn_done=$(date -Is)" >>"$OUT/meta.env"

# --- 3. load tool, alternating -------------------------------------------------------------------
run_load() { # side round
  local side=$1 i=$2 file="$OUT/load/$1-$2.txt" rc
  log "load tool $side round $i"
  # shellcheck disable=SC2086
  (cd "${TREE[$side]}" &&
    dotnet benchmarks/Snmp.LoadTool/bin/Release/net10.0/Snmp.LoadTool.dll --seconds "$LOAD_SECONDS" --rounds "$LOAD_ROUNDS" $LOAD_ARGS) >"$file" 2>&1
  rc=$?
  [[ $rc == 0 ]] || fail "load tool $side round $i: exit $rc (see load/$side-$i.txt)"
}

if [[ $SKIP_LOAD != 1 ]]; then
  for ((i = 1; i <= LOAD_RUNS; i++)); do
    for side in before after; do
      [[ ${LOAD_OK[$side]} == 1 ]] && run_load "$side" "$i"
    done
  done
fi

# --- 4. summary ------------------------------------------------------------------------------------
{
  echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "end=$(date -Is)"
  echo "runtime_seconds=$(($(date +%s) - START_EPOCH))"
} >>"$OUT/meta.env"

if [[ $KEEP_WORKTREES != 1 ]]; then
  for side in before after; do remove_worktree "${TREE[$side]}"; done
  log "worktrees removed"
fi

python3 "$SCRIPT_DIR/bench_compare_summary.py" "$OUT" >"$OUT_ROOT/compare-$STAMP.md" || fail "summary script"
if [[ " $LOAD_ARGS " == *" --sequential "* ]]; then
  { echo; echo "## The cost of one request (load tool --sequential)"; echo
    python3 "$SCRIPT_DIR/sequential_cost_summary.py" "$OUT"; } >>"$OUT_ROOT/compare-$STAMP.md" || fail "sequential summary script"
fi
log "summary: $OUT_ROOT/compare-$STAMP.md ($(($(date +%s) - START_EPOCH)) s)"
[[ -s "$FAILURES" ]] && { log "failures:"; cat "$FAILURES"; exit 1; }
exit 0
