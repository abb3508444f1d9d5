#!/usr/bin/env bash
# Prepares this machine for the container tests and for building the image: Docker's daemon running and the image's
# base (debian:bookworm-slim) present. Run as root (or with sudo). Safe to run again: each step is skipped when done.
#
#   scripts/docker-setup.sh                  # install docker.io/debootstrap if missing, start dockerd, make the base
#   DEEPLEAD_DOCKERD_PIDFILE=F scripts/docker-setup.sh   # also write the pid of a dockerd it started to F (.ci/run
#                                                         # stops that daemon again when it ends)
#
# Where images can be pulled, none of this is needed beyond a running Docker: `docker build` pulls debian:bookworm-slim.
# Where no registry is reachable (this project's machines), the base is made locally once per machine with debootstrap
# from Debian's packages and tagged as the Dockerfile names it; it is reused while the tag exists.
set -euo pipefail

BASE_IMAGE=${DEEPLEAD_BASE_IMAGE:-debian:bookworm-slim}
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
log() { echo "docker-setup: $*"; }

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi

missing=()
command -v dockerd >/dev/null 2>&1 || [ -x /usr/sbin/dockerd ] || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# Debian's client speaks the daemon's API version; a newer client found earlier on PATH is used with DOCKER_API_VERSION.
docker_cli=/usr/bin/docker
[ -x "$docker_cli" ] || docker_cli=$(command -v docker)

if ! $docker_cli info >/dev/null 2>&1; then
  log "starting dockerd"
  dockerd_log=${DEEPLEAD_DOCKERD_LOG:-${TMPDIR:-/var/tmp}/deeplead-dockerd.log}
  # setsid: the daemon outlives this script (and is not hit by a Ctrl+C meant for the caller).
  $SUDO setsid /usr/sbin/dockerd >"$dockerd_log" 2>&1 < /dev/null &
  pid=$!
  for _ in $(seq 600); do
    $docker_cli info >/dev/null 2>&1 && break
    if ! kill -0 "$pid" 2>/dev/null; then
      log "dockerd exited while starting; its log ($dockerd_log):"; tail -n 30 "$dockerd_log"; exit 1
    fi
    sleep 0.1
  done
  if ! $docker_cli info >/dev/null 2>&1; then
    log "dockerd did not answer within 60 s; its log ($dockerd_log):"; tail -n 30 "$dockerd_log"; exit 1
  fi
  [ -n "${DEEPLEAD_DOCKERD_PIDFILE:-}" ] && echo "$pid" > "$DEEPLEAD_DOCKERD_PIDFILE"
  log "dockerd running (pid $pid)"
else
  log "dockerd already running"
fi

if $docker_cli image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
  log "base image $BASE_IMAGE present"
else
  log "making base image $BASE_IMAGE with debootstrap (once per machine)"
  root=$(mktemp -d)
  trap '$SUDO rm -rf "$root"' EXIT
  # minbase is what the slim image holds; libssl3 is loaded by the stub at run time (its first POST needs it), and
  # ca-certificates lets its shadow mode reach https. The Dockerfile installs both itself on a pulled slim base.
  $SUDO debootstrap --variant=minbase --include=libssl3,ca-certificates bookworm "$root" > "$root.log" 2>&1 \
    || { log "debootstrap failed:"; tail -n 30 "$root.log"; rm -f "$root.log"; exit 1; }
  rm -f "$root.log"
  # What the slim image also leaves out: downloaded packages, package lists, docs, man pages and translations.
  $SUDO rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
  $SUDO find "$root"/usr/share/locale -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +
  $SUDO tar -C "$root" -c . | $docker_cli import - "$BASE_IMAGE" >/dev/null
  log "base image $BASE_IMAGE made: $($docker_cli image inspect -f '{{.Size}}' "$BASE_IMAGE") bytes"
fi
