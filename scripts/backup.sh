#!/bin/sh
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the uploaded
# documents (a tar of MEDIA_ROOT: private dossiers, contracts, evidence, reports, and the
# public uploads), with a manifest and SHA-256 checksums. Restore with scripts/restore.sh.
#
#   DATABASE_URL=postgres://user:pass@host:5432/nscl MEDIA_ROOT=/app/media \
#     sh scripts/backup.sh [OUTPUT_DIR]            (default: $BACKUP_DIR or ./backups)
#
# Writes OUTPUT_DIR/nscl-YYYYMMDDTHHMMSSZ/{database.dump,media.tar.gz,manifest.txt,SHA256SUMS}
# and prints that folder. BACKUP_KEEP_DAYS (optional) removes older backups in OUTPUT_DIR.
# Needs only pg_dump (of the server's major version or newer), tar and sha256sum.
set -eu

: "${DATABASE_URL:?set DATABASE_URL to the database to back up}"
MEDIA_ROOT=${MEDIA_ROOT:-./media}
out_root=${1:-${BACKUP_DIR:-./backups}}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
dir="$out_root/nscl-$stamp"
partial="$dir.partial"

mkdir -p "$partial"
trap 'rm -rf "$partial"' EXIT

pg_dump --format=custom --no-owner --no-privileges --file="$partial/database.dump" \
  --dbname="$DATABASE_URL"

mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" --exclude='./.before-restore-*' --exclude='./.restoring-*' \
  -czf "$partial/media.tar.gz" .

{
  echo "created_at: $stamp"
  echo "pg_dump: $(pg_dump --version)"
  echo "database_objects: $(pg_restore --list "$partial/database.dump" | grep -vc '^;')"
  echo "media_files: $(tar -tzf "$partial/media.tar.gz" | grep -vc '/$')"
} >"$partial/manifest.txt"

(cd "$partial" && sha256sum database.dump media.tar.gz manifest.txt >SHA256SUMS)

# Only a complete backup gets its final name.
mv "$partial" "$dir"
trap - EXIT

if [ -n "${BACKUP_KEEP_DAYS:-}" ]; then
  find "$out_root" -mindepth 1 -maxdepth 1 -type d -name 'nscl-*' ! -name '*.partial' \
    -mtime +"$BACKUP_KEEP_DAYS" -exec rm -rf {} +
fi

echo "$dir"
