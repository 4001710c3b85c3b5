#!/bin/sh
# The two database roles of the app (README, "Database roles"), made when the db container
# first initialises its data directory (it runs /docker-entrypoint-initdb.d/*.sh as
# POSTGRES_USER, a superuser, on an empty volume only). Also run by scripts/production_run.py.
#
# - the owner (OCMW_OWNER_ROLE, default ocmw_owner) owns the database and its schema and runs
#   the migrations; no superuser;
# - the app (OCMW_APP_ROLE, default ocmw_app) may connect and nothing more until the owner's
#   `migrate` grants it its rights (DATABASE_APP_ROLE, core/db_roles.py); it owns nothing.
#
# Safe to run again: existing roles get the passwords given. Needs POSTGRES_USER, POSTGRES_DB,
# POSTGRES_OWNER_PASSWORD and POSTGRES_APP_PASSWORD; libpq's PGHOST, PGPORT and PGPASSWORD
# apply when set.
set -eu

: "${POSTGRES_OWNER_PASSWORD:?set POSTGRES_OWNER_PASSWORD}"
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD}"

psql -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v db="$POSTGRES_DB" \
  -v owner="${OCMW_OWNER_ROLE:-ocmw_owner}" \
  -v app="${OCMW_APP_ROLE:-ocmw_app}" \
  -v owner_password="$POSTGRES_OWNER_PASSWORD" \
  -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', :'owner')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'owner_password';
ALTER ROLE :"app" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS
  PASSWORD :'app_password';

ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
-- Only the owner creates objects (PostgreSQL 15 and later revoke this already).
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
SQL
