#!/usr/bin/env bash
# Submits an N-shard audit as a Slurm job array plus a merge job that runs once every shard ended.
#   usage: docs/scale-out/slurm-submit.sh N [run-dir]
# Run from the repository root (the jobs start in the submission directory).
set -euo pipefail
N=${1:?usage: slurm-submit.sh N [run-dir]}
HERE=$(cd "$(dirname "$0")" && pwd)
export RUN_DIR=${2:-reports/slurm-$(date -u +%Y%m%dT%H%M%S)}
export FWA_PROFILE=${FWA_PROFILE:-audit}
export FWA_SHARD_COUNT=$N
mkdir -p "$RUN_DIR"
array=$(sbatch --parsable --export=ALL --array="1-$N" "$HERE/slurm-shard.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency="afterany:$array" "$HERE/slurm-merge.sbatch")
echo "shards: job array $array (1-$N) into $RUN_DIR/shard-*; merge: job $merge into $RUN_DIR/merged"
