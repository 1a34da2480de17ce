#!/usr/bin/env bash
# Rebuilds demo/data/app.db from make-db.sql (the drifted "production" database of the demo).
# Usage: demo/data/make-db.sh [OUTPUT]   (default: app.db beside this script)
# Uses the sqlite3 command when installed, else Python's sqlite3 module.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
output="${1:-$here/app.db}"
rm -f "$output" "$output-wal" "$output-shm" "$output-journal"
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 -bail "$output" < "$here/make-db.sql"
else
    python3 - "$output" "$here/make-db.sql" <<'PY'
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as script:
    connection.executescript(script.read())
connection.close()
PY
fi
# A plain rollback-journal file (no -wal beside it), small and deterministic.
if command -v sqlite3 >/dev/null 2>&1; then
    sqlite3 "$output" 'VACUUM;' >/dev/null
else
    python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("VACUUM"); c.close()' "$output"
fi
echo "wrote $output"
