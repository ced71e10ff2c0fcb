#!/bin/sh
# Restore a backup made by scripts/backup.sh into DATABASE_URL and MEDIA_ROOT.
#
#   DATABASE_URL=postgres://user:pass@host:5432/nscl MEDIA_ROOT=/app/media \
#     sh scripts/restore.sh BACKUP_FOLDER
#
# Checks every file against SHA256SUMS first and stops at the first mismatch. The database is
# restored in one transaction (all or nothing: existing tables of the portal are replaced).
# The documents are unpacked first and swapped in only once complete; the documents found
# there before are kept in MEDIA_ROOT/.before-restore-<time> until you remove them.
# Stop the web, worker and beat services before restoring.
set -eu

backup=${1:?usage: restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the database to restore into}"
MEDIA_ROOT=${MEDIA_ROOT:-./media}

(cd "$backup" && sha256sum -c --quiet SHA256SUMS)

pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --single-transaction \
  --dbname="$DATABASE_URL" "$backup/database.dump"

# Unpack beside the current documents, then swap them in (MEDIA_ROOT itself may be a mounted
# volume, so its entries move rather than the folder).
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$MEDIA_ROOT"
incoming="$MEDIA_ROOT/.restoring-$stamp"
previous="$MEDIA_ROOT/.before-restore-$stamp"
mkdir -p "$incoming" "$previous"
tar -C "$incoming" -xzf "$backup/media.tar.gz"
for entry in "$MEDIA_ROOT"/* "$MEDIA_ROOT"/.[!.]*; do
  [ -e "$entry" ] || continue
  case "$entry" in "$incoming" | "$previous" | "$MEDIA_ROOT"/.before-restore-*) continue ;; esac
  mv "$entry" "$previous/"
done
for entry in "$incoming"/* "$incoming"/.[!.]*; do
  [ -e "$entry" ] || continue
  mv "$entry" "$MEDIA_ROOT/"
done
rmdir "$incoming"
rmdir "$previous" 2>/dev/null || echo "previous documents kept in $previous"

echo "restored $backup"
