# shellcheck shell=bash
# Shared by scripts/package.sh and the release tests (sourced, not run): the crate's
# version, a scratch folder removed on exit together with the servers started in it, and
# free loopback ports for those servers.

# Windows runners may have only `python`.
python=$(command -v python3 || command -v python)

crate_version() { # Cargo.toml's version
  cargo metadata --no-deps --locked --format-version 1 |
    "$python" -c 'import json, sys; print(json.load(sys.stdin)["packages"][0]["version"])'
}

free_port() { # a TCP port on 127.0.0.1 nothing listens on now
  "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# `work` is a fresh scratch folder; `background LOG CMD...` starts a server there. On exit
# (failures included) the servers are stopped and the folder removed.
work=$(mktemp -d)
background_pids=()
stop_and_clean() {
  local pid
  for pid in "${background_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap stop_and_clean EXIT

background() { # LOG CMD... -> starts CMD with its output in LOG; stopped on exit
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  background_pids+=("$!")
}
