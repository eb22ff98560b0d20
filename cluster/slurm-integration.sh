#!/usr/bin/env bash
# Integration test against a real Slurm: installs Debian's slurm-wlm and munge if missing, runs a
# single-node cluster on this machine (config in a scratch folder), submits a quick-profile experiment
# as a 3-shard array job with `repro slurm --submit`, waits, merges, and checks the merged artifact
# equals a local single-machine run (`repro diff`, exit 0).
# Exit 0: passed. Exit 1: failed. Exit 3: skipped, because the daemons cannot run here (the reason is printed).
set -euo pipefail
cd "$(dirname "$0")/.."
experiment=${1:-scale-invariance-growth}
shards=3
skip() { echo "SLURM INTEGRATION SKIPPED: $*" >&2; exit 3; }

root=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  echo "Installing slurm-wlm and munge..."
  $root apt-get update -qq >/dev/null && $root apt-get install -y -qq slurm-wlm munge >/dev/null || skip "cannot install slurm-wlm/munge with apt-get"
fi

work=$(mktemp -d /tmp/rht-slurm.XXXXXX)
export SLURM_CONF=$work/slurm.conf
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 * 0.8) }' /proc/meminfo)
mkdir -p "$work/state" "$work/spool" "$work/log"
cat > "$SLURM_CONF" <<CONF
ClusterName=rht-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF

cleanup() {
  [ -f "$work/slurmd.pid" ] && kill "$(cat "$work/slurmd.pid")" 2>/dev/null || true
  [ -f "$work/slurmctld.pid" ] && kill "$(cat "$work/slurmctld.pid")" 2>/dev/null || true
  [ -n "${munge_pid:-}" ] && kill "$munge_pid" 2>/dev/null || true
}
trap cleanup EXIT

# munge: its own socket and key in the scratch folder, so a system munged (if any) is left alone.
mkdir -p "$work/munge"
key=/etc/munge/munge.key
[ -r "$key" ] || { dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 2>/dev/null; key=$work/munge/munge.key; }
cp "$key" "$work/munge/key" && chmod 600 "$work/munge/key"
munged --force --key-file="$work/munge/key" --socket="$work/munge/socket" --pid-file="$work/munge/pid" \
  --log-file="$work/munge/log" --seed-file="$work/munge/seed" 2>"$work/munge/err" || skip "munged does not start: $(cat "$work/munge/err")"
munge_pid=$(cat "$work/munge/pid")
# Slurm finds munge's socket through its AuthInfo.
sed -i "s|^AuthType=auth/munge|AuthType=auth/munge\nAuthInfo=socket=$work/munge/socket|" "$SLURM_CONF"

slurmctld 2>"$work/log/ctld.err" || skip "slurmctld does not start: $(tail -3 "$work/log/ctld.err" "$work/log/slurmctld.log" 2>/dev/null)"
slurmd 2>"$work/log/d.err" || skip "slurmd does not start: $(tail -3 "$work/log/d.err" "$work/log/slurmd.log" 2>/dev/null)"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)' && break
  sleep 1
done
sinfo -h -o %T | grep -qE '^(idle|mixed|allocated)' || skip "the node never became idle: $(sinfo 2>&1; tail -5 "$work/log/slurmd.log" "$work/log/slurmctld.log")"
echo "Slurm is up: $(sinfo -h -o '%P %D %T %C')"

dotnet build experiments/Repro -c Release -v q -nologo >/dev/null
repro() { dotnet experiments/Repro/bin/Release/net10.0/repro.dll "$@"; }
out=$work/runs
local=$work/local
repro slurm "$experiment" --profile quick --shards $shards --cpus 1 --time 00:15:00 --runs "$out" --submit | tee "$work/submit.txt"
job=$(awk '/submitted job/ { print $3 }' "$work/submit.txt")
run=$(awk '/watch:/ { print $4 }' "$work/submit.txt")
for _ in $(seq 600); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job")" ] || { echo "job $job did not finish in 10 minutes"; squeue; exit 1; }
cat "$out"/slurm/logs/*.log | tail -20
repro status "$run" --shards $shards
repro merge "$run"
repro run "$experiment" --profile quick --runs "$local" --artifacts "$work/no-references" --threads 2 >/dev/null  # compared with the shards below, not with artifacts/
repro diff "$local/${run#$out/}" "$run"
echo "SLURM INTEGRATION PASSED: $shards array tasks merged into the same data as a local run."
