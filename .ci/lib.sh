# shellcheck shell=bash
# The functions behind .ci/run: step bookkeeping, the summary and cleanup, MariaDB, the throwaway
# database, Chromium. Sourced by .ci/run, which reads as the list of steps.

readonly DB_HOST=127.0.0.1
readonly DB_PORT=3306
readonly MARIADBD=/usr/sbin/mariadbd
readonly DEADLINE=$((SECONDS + ${CI_TIME_BUDGET:-1560}))

STEP_NAMES=()
STEP_RESULTS=()
STEP_PID=''
CHECKS_FAILED=0
TEST_STATUS=0
DB_NAME=''
DB_USER=''
DB_PASS=''
OWN_USER=0

section() { printf '\n======== %s ========\n' "$*"; }
note() { printf '.ci/run: %s\n' "$*"; }
hex() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
remaining() {
  local left=$((DEADLINE - SECONDS))
  ((left > 0)) || left=1
  echo "$left"
}

# ---------------------------------------------------------------- steps

# Runs one step with what is left of the time budget; records and returns its exit status.
step() {
  local name=$1
  shift
  section "$name"
  local started=$SECONDS status=0
  # In the background and waited for, so that a TERM/INT sent to this script is handled at
  # once (bash defers traps until a foreground command ends) and passed on to the step.
  timeout --kill-after=30 "$(remaining)" "$@" </dev/null &
  STEP_PID=$!
  wait "$STEP_PID" || status=$?
  STEP_PID=''
  ((status != 124)) || note "$name timed out (time budget exhausted)"
  note "$name: exit $status after $((SECONDS - started))s"
  STEP_NAMES+=("$name")
  STEP_RESULTS+=("$status")
  return "$status"
}

# A step whose failure fails the run at the end but does not stop it.
check() { step "$@" || CHECKS_FAILED=1; }

# The tests' status when they fail, else 1 if any check failed, else 0.
finish() {
  ((TEST_STATUS == 0)) || exit "$TEST_STATUS"
  exit "$CHECKS_FAILED"
}

environment() {
  section "Environment"
  note "node $(node --version), npm $(npm --version), $(mariadb --version 2>/dev/null || echo 'mariadb client missing')"
  note "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
}

# ---------------------------------------------------------------- cleanup and summary

summary() {
  ((${#STEP_NAMES[@]} > 0)) || return 0
  section "Summary"
  local i
  for i in "${!STEP_NAMES[@]}"; do
    if [[ "${STEP_RESULTS[$i]}" == 0 ]]; then
      printf '  %-14s passed\n' "${STEP_NAMES[$i]}"
    else
      printf '  %-14s FAILED (exit %s)\n' "${STEP_NAMES[$i]}" "${STEP_RESULTS[$i]}"
    fi
  done
  printf '  total time     %ss\n' "$SECONDS"
}

cleanup() {
  local status=$?
  set +e
  if [[ -n "$DB_NAME" && -n "$DB_USER" ]]; then
    section "Cleanup"
    # The test harness and the bench name their databases <DB_NAME>_<suffix>.
    scratch_drop "$DB_NAME"
    if ((OWN_USER)); then
      sql_socket -e "DROP USER IF EXISTS '$DB_USER'@'$DB_HOST'" && note "dropped user $DB_USER"
    fi
  fi
  summary
  exit "$status"
}

interrupted() {
  note "interrupted: stopping the current step"
  if [[ -n "$STEP_PID" ]]; then
    kill -TERM "$STEP_PID" 2>/dev/null || true
    wait "$STEP_PID" 2>/dev/null || true
  fi
  exit "$1"
}

# ---------------------------------------------------------------- MariaDB

sql_socket() { mariadb --protocol=socket -uroot --batch --skip-column-names "$@" </dev/null; }
sql_tcp() {
  MYSQL_PWD="$DB_PASS" mariadb --protocol=tcp -h"$DB_HOST" -P"$DB_PORT" -u"$DB_USER" \
    --connect-timeout=10 --batch --skip-column-names "$@" </dev/null
}
port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/$DB_HOST/$DB_PORT" 2>/dev/null; }

# Starts the local server when nothing listens on DB_HOST:DB_PORT; exits 1 if it does not come up.
mariadb_up() {
  section "MariaDB"
  if port_open; then
    note "MariaDB already accepts connections on $DB_HOST:$DB_PORT"
    return 0
  fi
  note "nothing listens on $DB_HOST:$DB_PORT: starting $MARIADBD"
  # Debian's tmpfiles entry for the socket/pid directory does not exist in containers.
  mkdir -p /run/mysqld
  chown mysql:mysql /run/mysqld
  if [[ ! -d /var/lib/mysql/mysql ]]; then
    note "initialising an empty data directory"
    mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
  fi
  # my.cnf's [mysqld] section names `user = mysql`, so the server drops root itself.
  start-stop-daemon --start --oknodo --background --exec "$MARIADBD"
  for _ in $(seq 1 60); do
    port_open && break
    sleep 1
  done
  if ! port_open; then
    note "MariaDB did not open $DB_HOST:$DB_PORT within 60 s; last lines of its log:"
    tail -n 20 /var/log/mysql/error.log 2>/dev/null || true
    exit 1
  fi
  note "MariaDB is up"
}

# Root without a password over TCP when it works (and CI_MYSQL_OWN_USER is not 1); else a user
# of this run only, made through the local socket and limited to this run's databases, so that
# concurrent runs cannot reset each other's password. Sets DB_NAME, DB_USER, DB_PASS; exits 1
# when neither way works.
mysql_credentials() {
  local run_id
  run_id=$(hex 4)
  DB_NAME="tokensvc_ci_${run_id}"
  if [[ "${CI_MYSQL_OWN_USER:-0}" != 1 ]] &&
    mariadb --protocol=tcp -h"$DB_HOST" -P"$DB_PORT" -uroot --connect-timeout=10 -e 'SELECT 1' </dev/null >/dev/null 2>&1; then
    DB_USER=root
    DB_PASS=''
    note "using root without password over TCP"
    return 0
  fi
  DB_USER="tokensvc_ci_${run_id}"
  DB_PASS=$(hex 16)
  # Underscores are LIKE wildcards in grant patterns: escape them so only this run's names match.
  local pattern="${DB_NAME//_/\\_}%"
  OWN_USER=1
  if ! sql_socket -e "CREATE USER '$DB_USER'@'$DB_HOST' IDENTIFIED BY '$DB_PASS';
    GRANT ALL PRIVILEGES ON \`$pattern\`.* TO '$DB_USER'@'$DB_HOST';"; then
    note "root over TCP needs a password and root over the local socket cannot create a user:"
    note "give root@localhost unix_socket (or empty-password) access, or run the tests by hand with TEST_MYSQL_URL"
    exit 1
  fi
  note "created user $DB_USER@$DB_HOST through the local socket (grant on \`$pattern\`.*)"
}

# The server's URL with this run's credentials (no database).
mysql_base_url() {
  if [[ -n "$DB_PASS" ]]; then
    echo "mysql://${DB_USER}:${DB_PASS}@${DB_HOST}:${DB_PORT}/"
  else
    echo "mysql://${DB_USER}@${DB_HOST}:${DB_PORT}/"
  fi
}

# Throwaway databases go through the same helper as the tests' and the benchmarks'.
# scratch_create NAME: creates database NAME and prints its URL.
scratch_create() { node scripts/scratch-mysql.js create "$(mysql_base_url)" "$1"; }

# scratch_drop PREFIX: drops every database whose name starts with PREFIX.
scratch_drop() {
  local db
  for db in $(node scripts/scratch-mysql.js drop "$(mysql_base_url)" "$1" 2>/dev/null | sed -n 's/^dropped //p'); do
    note "dropped database $db"
  done
}

# ---------------------------------------------------------------- browser

# The Swagger UI test drives Debian's Chromium through playwright-core (which downloads no
# browser of its own). Installed once; later runs on the same machine skip it.
chromium_present() {
  [[ -x /usr/bin/chromium ]] || return 1
  note "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null | tail -n 1)"
}
# A command line, not a function: steps run under `timeout`.
readonly INSTALL_CHROMIUM='apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'

# The cluster suite starts throwaway MariaDB Galera nodes (Debian's galera-4, rsync for state transfers).
galera_present() {
  [[ -f /usr/lib/galera/libgalera_smm.so && -x /usr/bin/rsync ]] || return 1
  note "galera-4 and rsync already installed"
}
readonly INSTALL_GALERA='apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq galera-4 rsync >/dev/null'
