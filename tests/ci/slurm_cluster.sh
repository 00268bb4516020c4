# A one-node Slurm cluster under $tmp for slurm_test.sh (sourced): munged with its own key and
# socket, slurmctld and slurmd in the foreground (their pids in $pids, which the test's cleanup
# stops), addressed on 127.0.0.1 through ports 16817 and 16818, jobs tracked without cgroups.
# SLURM_CONF points the client commands at it.

start_munge() {
  mkdir -p "$tmp/munge" "$tmp/log" "$tmp/state" "$tmp/spool"
  chmod 700 "$tmp/munge"
  dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
  chmod 400 "$tmp/munge/munge.key"
  munged --foreground --force --socket="$tmp/munge/munge.socket" --key-file="$tmp/munge/munge.key" \
    --pid-file="$tmp/munge/munged.pid" --seed-file="$tmp/munge/munged.seed" \
    --log-file="$tmp/log/munged.log" >/dev/null 2>&1 &
  pids+=($!)
  for _ in $(seq 50); do
    [ -S "$tmp/munge/munge.socket" ] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

write_slurm_conf() {
  local node
  node=$(hostname -s)
  cat >"$tmp/slurm.conf" <<CONF
ClusterName=cudabenchtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdParameters=config_overrides
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
NodeName=$node NodeAddr=127.0.0.1 CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
}

start_slurm() {
  write_slurm_conf
  export SLURM_CONF=$tmp/slurm.conf
  slurmctld -D -i -f "$SLURM_CONF" >>"$tmp/log/slurmctld.out" 2>&1 &
  pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N "$(hostname -s)" >>"$tmp/log/slurmd.out" 2>&1 &
  pids+=($!)
  local _
  for _ in $(seq 60); do
    sinfo -h -o %t 2>/dev/null | grep -qx idle && return 0
    sleep 0.5
  done
  return 1
}
