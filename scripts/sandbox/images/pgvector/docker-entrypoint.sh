#!/usr/bin/env bash
# Entrypoint of the sandbox stand-in for pgvector/pgvector:*-pg17.
#
# Contract kept from the official postgres image, because compose files and
# tests rely on it:
#   POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust),
#   POSTGRES_USER (default postgres), POSTGRES_DB (default $POSTGRES_USER),
#   POSTGRES_INITDB_ARGS, POSTGRES_INITDB_WALDIR, POSTGRES_HOST_AUTH_METHOD,
#   the *_FILE variants of these (Docker secrets),
#   PGDATA (default /var/lib/postgresql/data),
#   /docker-entrypoint-initdb.d/*.sql, *.sql.gz, *.sql.xz and *.sh run once,
#   on the first start with an empty data directory.
#
# No `set -u`: *.sh init scripts are sourced into this shell and commonly
# reference variables that may be unset.
set -Eeo pipefail

log() { printf '%s [entrypoint] %s\n' "$(date -u +'%Y-%m-%d %H:%M:%S UTC')" "$*"; }
die() { log "error: $*" >&2; exit 1; }

# VAR may instead be given as VAR_FILE=/run/secrets/...; setting both is
# ambiguous, so refuse it.
read_env() {
  local var=$1 default=${2-} file_var="${1}_FILE" value
  if [[ -n ${!var-} && -n ${!file_var-} ]]; then
    die "both $var and $file_var are set; use only one"
  fi
  value=$default
  if [[ -n ${!var-} ]]; then
    value=${!var}
  elif [[ -n ${!file_var-} ]]; then
    value=$(<"${!file_var}")
  fi
  export "$var=$value"
  unset "$file_var"
}

# `postgres --help` and friends must not trigger a first-run init.
wants_no_init() {
  local arg
  for arg in "$@"; do
    case $arg in -'?'|--help|--describe-config|-V|--version|-C) return 0 ;; esac
  done
  return 1
}

prepare_dirs() {
  mkdir -p "$PGDATA"
  chmod 0700 "$PGDATA" 2>/dev/null || :
  mkdir -p /var/run/postgresql
  chmod 3775 /var/run/postgresql 2>/dev/null || :
  if [[ -n ${POSTGRES_INITDB_WALDIR-} ]]; then
    mkdir -p "$POSTGRES_INITDB_WALDIR"
    chmod 0700 "$POSTGRES_INITDB_WALDIR" 2>/dev/null || :
  fi
  # A fresh named volume or bind mount arrives owned by root.
  if [[ $(id -u) == 0 ]]; then
    find "$PGDATA" /var/run/postgresql ${POSTGRES_INITDB_WALDIR:+"$POSTGRES_INITDB_WALDIR"} \
      \! -user postgres -exec chown postgres:postgres '{}' +
  fi
}

# Runs queries against the temporary, socket-only server of the first start.
run_psql() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

run_init_scripts() {
  local f
  for f in /docker-entrypoint-initdb.d/*; do
    [[ -e $f ]] || continue
    case $f in
      *.sh)
        if [[ -x $f ]]; then
          log "running $f"; "$f"
        else
          log "sourcing $f"
          # shellcheck source=/dev/null
          . "$f"
        fi ;;
      *.sql)    log "running $f"; run_psql --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) log "running $f"; gunzip -c "$f" | run_psql --dbname "$POSTGRES_DB" ;;
      *.sql.xz) log "running $f"; xz -dc "$f" | run_psql --dbname "$POSTGRES_DB" ;;
      *)        log "ignoring $f" ;;
    esac
  done
}

first_init() {
  read_env POSTGRES_PASSWORD
  read_env POSTGRES_USER postgres
  read_env POSTGRES_DB "$POSTGRES_USER"
  read_env POSTGRES_INITDB_ARGS
  local auth=${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}

  # Same refusal as upstream: a database reachable from other containers
  # with no password at all is almost always a mistake.
  if [[ -z $POSTGRES_PASSWORD && $auth != trust ]]; then
    die "the database is uninitialized and no superuser password is set.
  Set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE) to a non-empty value,
  or POSTGRES_HOST_AUTH_METHOD=trust to allow connections without one."
  fi

  log "initialising database cluster in $PGDATA"
  local -a initdb_args=(--username="$POSTGRES_USER")
  [[ -n ${POSTGRES_INITDB_WALDIR-} ]] && initdb_args+=(--waldir="$POSTGRES_INITDB_WALDIR")
  if [[ -n $POSTGRES_PASSWORD ]]; then
    # Word splitting of POSTGRES_INITDB_ARGS is intended: it is a flag string.
    # shellcheck disable=SC2086
    initdb "${initdb_args[@]}" --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD") $POSTGRES_INITDB_ARGS
  else
    # shellcheck disable=SC2086
    initdb "${initdb_args[@]}" $POSTGRES_INITDB_ARGS
  fi

  # initdb leaves local socket and loopback connections on trust; everything
  # arriving from other containers has to authenticate.
  printf "\nlisten_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
  printf '\nhost all all all %s\n' "$auth" >> "$PGDATA/pg_hba.conf"

  # Init scripts get a server nobody else can reach yet: socket only.
  pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -p ${PGPORT:-5432}" start
  export PGPASSWORD=${PGPASSWORD:-$POSTGRES_PASSWORD}

  if [[ $POSTGRES_DB != postgres ]]; then
    log "creating database $POSTGRES_DB"
    run_psql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  run_init_scripts

  pg_ctl -D "$PGDATA" -m fast -w stop
  unset PGPASSWORD
  log "initialisation complete; starting the server"
}

main() {
  # `docker run IMAGE -c shared_buffers=256MB`: options belong to postgres.
  if [[ $# -eq 0 || $1 == -* ]]; then
    set -- postgres "$@"
  fi
  : "${PGDATA:=/var/lib/postgresql/data}"
  export PGDATA

  if [[ $1 == postgres ]] && ! wants_no_init "$@"; then
    prepare_dirs
    if [[ $(id -u) == 0 ]]; then
      # Re-run this script as postgres (postgres refuses to run as root);
      # exec keeps the server as the container's PID 1 so it gets the signals.
      exec setpriv --reuid=postgres --regid=postgres --init-groups "${BASH_SOURCE[0]}" "$@"
    fi
    if [[ ! -s $PGDATA/PG_VERSION ]]; then
      first_init
    else
      log "data directory $PGDATA already initialised; skipping init"
    fi
  fi
  exec "$@"
}

main "$@"
