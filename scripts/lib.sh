# Shared, idempotent setup steps for scripts/run and scripts/test.
# Each step installs what a fresh machine of this kind lacks and is a no-op
# when it is already there.

log() { printf '\n== %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

# libpq for diesel's PostgreSQL backend (the embedded SQLite is bundled).
ensure_native_deps() {
  if [ ! -e /usr/include/postgresql/libpq-fe.h ]; then
    log "installing libpq-dev"
    apt_install libpq-dev
  fi
}

# The wasm32 target and a wasm-bindgen CLI of exactly the lock file's version.
ensure_wasm_toolchain() {
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    log "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ -z "$want" ]; then
    echo "cannot read the wasm-bindgen version from Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $want" ]; then
    log "installing wasm-bindgen-cli $want (about 3 minutes, once)"
    # Not --locked: its lock file names a crate version the registry lacks.
    cargo install wasm-bindgen-cli --version "=$want" --force
  fi
}

# wasm-opt from npm's binaryen 132, kept inside target/: Debian's binaryen
# (108) makes a module that fails in Chromium, so it must never be the one
# found on PATH.
WASM_OPT=target/tools/binaryen/node_modules/.bin/wasm-opt
ensure_wasm_opt() {
  if ! "$WASM_OPT" --version 2>/dev/null | grep -q "version 132"; then
    command -v npm >/dev/null || apt_install nodejs npm
    log "installing wasm-opt (npm binaryen 132, into target/tools)"
    npm install --no-audit --no-fund --silent --prefix target/tools/binaryen binaryen@132.0.0 >/dev/null
  fi
}

# brotli and gzip, which scripts/build-frontend precompresses the SPA with.
ensure_brotli() {
  if ! command -v brotli >/dev/null; then
    log "installing brotli"
    apt_install brotli
  fi
}

# wrk, the outside load generator of scripts/bench-load.
ensure_wrk() {
  if ! command -v wrk >/dev/null; then
    log "installing wrk"
    apt_install wrk
  fi
}

# Debian's Chromium and its WebDriver for the browser tests.
ensure_chromium() {
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver"
    apt_install chromium chromium-driver
  fi
}

pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# PostgreSQL server binaries for the throwaway test cluster (and python3,
# with which free_port finds it a port).
ensure_postgres() {
  command -v python3 >/dev/null || apt_install python3
  if [ -z "$(pg_bin_dir)" ] || [ ! -x "$(pg_bin_dir)/initdb" ]; then
    log "installing the PostgreSQL server binaries"
    apt_install postgresql
  fi
  # initdb refuses to run as root: the cluster runs as an unprivileged user.
  if [ "$(id -u)" = 0 ] && ! id degreepg >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin degreepg
  fi
}

pg_run() {
  if [ "$(id -u)" = 0 ]; then runuser -u degreepg -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Start a throwaway cluster; sets PG_DIR and DEGREE_TEST_PG_URL.
start_pg() {
  local bin port
  bin=$(pg_bin_dir)
  port=$(free_port)
  PG_DIR=$(mktemp -d /tmp/degree-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown degreepg "$PG_DIR"
  pg_run "$bin/initdb" -D "$PG_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_DIR/initdb.log"
  pg_run "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "-p $port -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  export DEGREE_TEST_PG_URL="postgres://postgres@127.0.0.1:$port/postgres"
  log "PostgreSQL test cluster on port $port ($PG_DIR)"
}

stop_pg() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    pg_run "$(pg_bin_dir)/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}

# schemathesis (PyPI) in a virtual environment inside target/, for
# scripts/api-fuzz. Pinned: a new release may change what a check means.
SCHEMATHESIS_VERSION=4.32.5
SCHEMATHESIS_VENV=target/tools/venv
ensure_schemathesis() {
  local py=$SCHEMATHESIS_VENV/bin/python
  # scripts/api-fuzz signs in and compares documents with them.
  command -v curl >/dev/null || apt_install curl
  command -v jq >/dev/null || apt_install jq
  if [ -x "$py" ] && "$py" -c "import importlib.metadata as m, sys; sys.exit(m.version('schemathesis') != '$SCHEMATHESIS_VERSION')" 2>/dev/null; then
    return 0
  fi
  log "installing schemathesis $SCHEMATHESIS_VERSION (into $SCHEMATHESIS_VENV)"
  if [ ! -x "$SCHEMATHESIS_VENV/bin/pip" ]; then
    rm -rf "$SCHEMATHESIS_VENV"
    command -v python3 >/dev/null || apt_install python3
    if ! python3 -m venv "$SCHEMATHESIS_VENV" >/dev/null 2>&1; then
      rm -rf "$SCHEMATHESIS_VENV"
      apt_install python3-venv
      python3 -m venv "$SCHEMATHESIS_VENV"
    fi
  fi
  "$SCHEMATHESIS_VENV/bin/pip" install --quiet --disable-pip-version-check \
    "schemathesis==$SCHEMATHESIS_VERSION"
}
