#!/usr/bin/env bash
# Prepares this machine for the inspector's browser tests (tests/DeepLead.Fakes.Inspector.Tests): Debian's chromium at
# /usr/bin/chromium, which Playwright launches by path (it cannot download its own browsers here). Run as root (or with
# sudo). Safe to run again: nothing is done when chromium is there.
#
#   scripts/browser-setup.sh
set -euo pipefail

log() { echo "browser-setup: $*"; }

if [ -x /usr/bin/chromium ]; then
  log "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
log "installing chromium"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
log "chromium installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
