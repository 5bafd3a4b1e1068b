#!/usr/bin/env bash
# npm run test:slurm (CI: .ci/run, which installs slurm-wlm and munge): docs/scale-out.md's Slurm
# example on a real single-node cluster. Starts munged, slurmctld and slurmd on localhost (config:
# .ci/slurm/slurm.conf.in; everything under a temporary directory), then does what the docs say:
#   1. docs/scale-out/slurm-submit.sh 3 <run-dir>   the array of 3 audit shards + the merge job;
#   2. holds the merge job, cancels running task 2 with scancel, resubmits it as the docs'
#      recovery step (sbatch --array=2 slurm-shard.sbatch, which resumes its shard), releases the merge;
#   3. checks that the merged report equals a single-machine run of the same audit cell for cell.
# The daemons are stopped by their pids at the end, also on failure. Skips (exit 0, saying why) when
# Slurm or munge is not installed. Runs as root (the daemons and jobs run as the invoking user).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
for bin in munged slurmctld slurmd sbatch scancel squeue scontrol sinfo; do
  command -v "$bin" >/dev/null || { echo "test:slurm: skipped: $bin not found (Debian: apt-get install slurm-wlm munge)"; exit 0; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/fwa-slurm.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "$rc" -ne 0 ]; then
    echo "test:slurm: FAILED (exit $rc); logs:" >&2
    tail -n 20 "$work"/*.log "$work"/munge/*.log 2>/dev/null >&2 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "test:slurm: $*" >&2; exit 1; }
# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local limit=$1
  shift
  for _ in $(seq $((limit * 5))); do "$@" && return 0; sleep 0.2; done
  return 1
}

# munge: its own key, socket and pid file.
mkdir -p "$work/munge" "$work/state" "$work/spool"
chmod 700 "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$work/munge/munge.socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munge.seed"
wait_for 10 test -s "$work/munge/munged.pid" || fail "munged did not start"
pids+=("$(cat "$work/munge/munged.pid")")

# Slurm: ports chosen at random, so a cluster already on this host is left alone.
ctld_port=$((20000 + RANDOM % 20000))
sed -e "s#@WORK@#$work#g" -e "s#@CTLD_PORT@#$ctld_port#g" -e "s#@SLURMD_PORT@#$((ctld_port + 1))#g" \
  "$repo/.ci/slurm/slurm.conf.in" > "$work/slurm.conf"
export SLURM_CONF="$work/slurm.conf"
slurmctld -D -i > "$work/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N localhost > "$work/slurmd.out" 2>&1 &
pids+=($!)
wait_for 60 bash -c 'sinfo -h -o %T 2>/dev/null | grep -q idle' || fail "the node did not become idle: $(sinfo 2>&1)"
echo "test:slurm: cluster up (slurmctld on port $ctld_port, one node, $(sinfo -h -o %c) CPUs)"

# The audit of docs/scale-out.md, small: two theorems at the ci profile, one thread per shard.
export FWA_PROFILE=ci FWA_SEED=20241120
export FWA_THEOREMS="node $repo/bin/fwa-theorems.mjs"
export FWA_AUDIT_ARGS="--threads 1 --theorem sz13-last-iterate --theorem fwa-convergence"
run="$work/run"
cd "$work" # the jobs start here: their logs stay in the temporary directory
line=$("$repo/docs/scale-out/slurm-submit.sh" 3 "$run")
echo "test:slurm: $line"
array=$(sed -n 's/.*job array \([0-9]*\).*/\1/p' <<<"$line")
merge=$(sed -n 's/.*merge: job \([0-9]*\).*/\1/p' <<<"$line")
[ -n "$array" ] && [ -n "$merge" ] || fail "could not read the job ids from: $line"
scontrol hold "$merge"

# Cancel task 2 once it is running and has recorded a cell.
has_cells() { [ "$({ wc -l < "$run/shard-2/results.jsonl"; } 2>/dev/null || echo 0)" -ge 2 ]; }
wait_for 300 has_cells || fail "task 2 never recorded a cell: $(squeue 2>&1)"
scancel --signal=TERM --full "${array}_2" || scancel "${array}_2"
wait_for 60 bash -c "! squeue -h -j ${array}_2 2>/dev/null | grep -q ." || fail "task 2 did not end after scancel"
before=$(($(wc -l < "$run/shard-2/results.jsonl") - 1))
echo "test:slurm: task ${array}_2 cancelled with $before cells recorded"
wait_for 600 bash -c "! squeue -h -j $array -t PD,R,CG 2>/dev/null | grep -q ." || fail "the array did not finish"

# The recovery of docs/scale-out.md: resubmit the cancelled task (it resumes its shard), then release the merge.
export RUN_DIR="$run" FWA_SHARD_COUNT=3
again=$(sbatch --parsable --export=ALL --array=2 "$repo/docs/scale-out/slurm-shard.sbatch")
wait_for 600 bash -c "! squeue -h -j $again 2>/dev/null | grep -q ." || fail "the resubmitted task did not finish"
grep -q 'resuming: ' "$work"/fwa-audit-"$again"_2.log || fail "the resubmitted task did not resume: $(cat "$work"/fwa-audit-"$again"_2.log)"
scontrol release "$merge"
wait_for 300 bash -c "! squeue -h -j $merge 2>/dev/null | grep -q ." || fail "the merge job did not finish"
[ -s "$run/merged/audit.json" ] || fail "no merged report: $(cat "$work"/fwa-audit-merge-*.log)"

# The same audit on one machine, compared cell for cell (the wall time of a cell aside).
# shellcheck disable=SC2086
$FWA_THEOREMS audit --budget 0 --out "$work/single" $FWA_AUDIT_ARGS > "$work/single.log" 2>&1 || true
cd "$repo"
node --import tsx scripts/compare-runs.ts "$work/single" "$run/merged"
echo "test:slurm: the merged report of 3 Slurm shards (one cancelled and resubmitted) equals the single run"
