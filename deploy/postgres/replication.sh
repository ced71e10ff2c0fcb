#!/bin/sh
# Run once by the postgres image when it creates the database (mounted into
# /docker-entrypoint-initdb.d): with POSTGRES_REPLICATION_PASSWORD set, a role the
# `db-replica` service streams the WAL as, and the pg_hba.conf line that lets it.
# An existing database (the volume already initialised) does not run this: run the same two
# statements by hand (docs/PERFORMANCE.md, "A national deployment").
set -eu
if [ -z "${POSTGRES_REPLICATION_PASSWORD:-}" ]; then
    echo "POSTGRES_REPLICATION_PASSWORD unset: no replication role created"
    exit 0
fi
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v user="${POSTGRES_REPLICATION_USER:-replicator}" \
    -v password="$POSTGRES_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE :"user" WITH REPLICATION LOGIN PASSWORD :'password';
SQL
echo "host replication ${POSTGRES_REPLICATION_USER:-replicator} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
