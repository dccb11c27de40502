#!/bin/bash
# Runs a varlab experiment on a one-node Slurm cluster started here, and checks it: the
# shards of a job array, merged and assembled by a dependent job, must print exactly what
# one process prints. Needs root on a Debian machine (installs slurm-wlm and munge if
# missing). Stops everything it started. Exit codes: 0 the outputs are identical, 1 they
# differ or a job failed, 3 Slurm could not be started here (the reason is printed).
#
#   bash examples/slurm/local-cluster.sh [SCRIPT.var] [SHARDS]
# Defaults: examples/slurm/small-sweep.var and 3 shards. VARLAB names the executable
# (default: .build/release/varlab, built if missing).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
script=$(realpath "${1:-$here/small-sweep.var}")
shards=${2:-3}
varlab=${VARLAB:-$root/.build/release/varlab}
# A whole number before any arithmetic: bash evaluates $(( )) operands as expressions, so
# SHARDS='x[$(cmd)]' would run cmd.
if ! [[ "$shards" =~ ^[1-9][0-9]{0,2}$ ]]; then
  echo "local-cluster.sh: SHARDS must be a whole number from 1 to 999, got '$shards'" >&2; exit 2
fi

if [ "$(id -u)" != 0 ]; then echo "local-cluster.sh: skipped: needs root (it starts munged, slurmctld and slurmd)"; exit 3; fi
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  if ! { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y slurm-wlm munge; }; then
    echo "local-cluster.sh: skipped: slurm-wlm and munge could not be installed"; exit 3
  fi
fi
if [ ! -x "$varlab" ]; then (cd "$root" && swift build -c release --product varlab); fi

work=$(mktemp -d /tmp/varlab-slurm-XXXXXX)
conf=$work/slurm.conf
munge_key=$work/munge.key
started=()
cleanup() {
  for pidfile in "$work/slurmd.pid" "$work/slurmctld.pid" "$work/munged.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
}
trap cleanup EXIT

# munge: its own key, socket and pid file in the work folder.
dd if=/dev/urandom of="$munge_key" bs=1024 count=1 status=none
chmod 400 "$munge_key"
mkdir -p "$work/munge"
if ! munged --force --key-file="$munge_key" --socket="$work/munge/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/munged.log" --seed-file="$work/munge.seed"; then
  echo "local-cluster.sh: skipped: munged did not start (log: $work/munged.log)"; exit 3
fi

cpus=$(nproc)
memory=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 8 / 10 ))
host=$(hostname -s)
cat > "$conf" <<CONF
ClusterName=varlab
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
MpiDefault=none
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=varlab Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
mkdir -p "$work/state" "$work/spool"
export SLURM_CONF=$conf
if ! slurmctld -f "$conf" || ! slurmd -f "$conf"; then
  echo "local-cluster.sh: skipped: slurmctld or slurmd did not start (logs in $work)"; exit 3
fi
for _ in $(seq 1 60); do
  if sinfo -h -o %T 2>/dev/null | grep -q idle; then break; fi
  sleep 1
done
if ! sinfo -h -o %T | grep -q idle; then
  echo "local-cluster.sh: skipped: the node did not come up; logs in $work"; tail -5 "$work/slurmctld.log" "$work/slurmd.log"; exit 3
fi
echo "slurm is up: $(sinfo -h -o '%P %D %T')"

# The experiment: an array of shards, then the merge that depends on it.
cd "$work"
export VARLAB=$varlab STORE_DIR=$work/stores
array=$(sbatch --parsable --array=0-$((shards - 1)) "$here/sweep.sbatch" "$script")
merge=$(sbatch --parsable --dependency=afterok:$array "$here/merge.sbatch" "$script")
echo "submitted shards as job $array and the merge as job $merge"
for _ in $(seq 1 600); do
  if ! squeue -h -j "$array,$merge" 2>/dev/null | grep -q .; then break; fi
  sleep 1
done
if [ ! -s "$work/stores/result.out" ]; then
  echo "local-cluster.sh: no assembled result; job logs:"; tail -5 "$work"/varlab-*.log; exit 1
fi
"$varlab" "$script" > "$work/one-process.out"
if cmp -s "$work/one-process.out" "$work/stores/result.out"; then
  echo "the assembled result of $shards shards equals a one-process run byte for byte ($(wc -l < "$work/one-process.out") lines; logs and stores in $work)"
  exit 0
fi
echo "local-cluster.sh: the assembled result differs from a one-process run:"
diff "$work/one-process.out" "$work/stores/result.out" | head -20
exit 1
