#!/usr/bin/env bash
# Start Debian's PostgreSQL cluster and make a role and database for the store's tests.
# Prints the database URL on stdout. Used by .ci/run; run it by hand to test against PostgreSQL.
set -euo pipefail

sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
as_postgres() { $sudo_cmd su postgres -c "$1"; }

version=$(ls /etc/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  $sudo_cmd pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 30); do pg_isready -q -h localhost && break; sleep 0.5; done

if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname = 'bokslut'\"" | grep -q 1; then
  as_postgres "psql -q -c \"CREATE ROLE bokslut LOGIN CREATEDB PASSWORD 'bokslut'\"" >&2
fi
if ! as_postgres "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'bokslut'\"" | grep -q 1; then
  as_postgres "createdb -O bokslut bokslut" >&2
fi
echo "postgresql://bokslut:bokslut@localhost:5432/bokslut"
