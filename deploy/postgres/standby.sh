#!/bin/sh
# The `db-replica` service's entry point: on its first start, copy the primary (`postgres`)
# with pg_basebackup and configure it as a streaming hot standby (-R writes primary_conninfo
# and standby.signal, -C -S a replication slot so the primary keeps the WAL it has not yet
# sent); then start PostgreSQL read-only. Later starts go straight to PostgreSQL.
# Removing the replica for good: on the primary, SELECT pg_drop_replication_slot('nscl_replica');
# (a slot nobody reads keeps WAL on the primary's disk).
set -eu
export PGPASSWORD="$POSTGRES_REPLICATION_PASSWORD"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres "$PGDATA"
    chmod 700 "$PGDATA"
    until pg_isready --host=postgres --port=5432 --timeout=5; do sleep 2; done
    slot="--create-slot"
    if psql "host=postgres user=${POSTGRES_REPLICATION_USER:-replicator} dbname=${POSTGRES_DB:-nscl}" \
        -tAc "SELECT 1 FROM pg_replication_slots WHERE slot_name = 'nscl_replica'" | grep -q 1; then
        slot=""  # a replica volume made again: reuse the primary's slot
    fi
    gosu postgres pg_basebackup --host=postgres --port=5432 \
        --username="${POSTGRES_REPLICATION_USER:-replicator}" --pgdata="$PGDATA" \
        --wal-method=stream --write-recovery-conf $slot --slot=nscl_replica --progress
fi
# hot_standby_feedback: the primary keeps the rows a long export on the replica still reads, so
# the export is not cancelled "due to conflict with recovery"; a conflicting lock waits up to
# 5 minutes (the replica lags meanwhile, and new exports read from the primary past
# DATABASE_REPLICA_MAX_LAG_SECONDS).
exec docker-entrypoint.sh postgres -c hot_standby=on -c hot_standby_feedback=on \
    -c max_standby_streaming_delay=300s
