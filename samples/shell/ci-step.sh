#!/usr/bin/env bash
# A CI step that needs neither .NET nor Docker and downloads nothing: check and unpack the stub's archive (made by
# scripts/build-stub-archive.sh, or fetched by your CI as an artifact), start it, run DeepLead's curl example against
# it, and stop it.
#
#   samples/shell/ci-step.sh artifacts/deeplead-fake-0.1.0-linux-x64.tar.gz
set -euo pipefail
archive=$(realpath "${1:?usage: ci-step.sh deeplead-fake-VERSION-linux-x64.tar.gz}")

# The checksum file sits beside the archive.
(cd "$(dirname "$archive")" && sha256sum --check --quiet "$(basename "$archive").sha256")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -xzf "$archive" -C "$work" --strip-components=1

# Port 0: a free port, read from the ready file (a fixed --port 8080 works as well when it is free).
"$work/deeplead-fake" --port 0 --scenario shipped:default --ready-file "$work/deeplead.url" > "$work/deeplead.log" 2>&1 &
stub=$!
for _ in $(seq 300); do
  [ -s "$work/deeplead.url" ] && break
  kill -0 "$stub" 2>/dev/null || { cat "$work/deeplead.log"; exit 1; }
  sleep 0.1
done
[ -s "$work/deeplead.url" ] || { echo "the stub was not ready within 30 s"; cat "$work/deeplead.log"; kill "$stub"; exit 1; }
BASE_URL=$(cat "$work/deeplead.url")     # http://127.0.0.1:PORT/api/v1/

# DeepLead's curl example, with only the host changed.
curl -sS --fail-with-body -X POST "${BASE_URL}inboxes" \
  -H "Authorization: Bearer dl_your_api_key_here" \
  -H "Content-Type: application/json" \
  -d '{
  "emailAddress": "sales@company.com",
  "imapPassword": "your-app-password",
  "provider": "google"
}'
echo
curl -sS --fail-with-body -X GET "${BASE_URL}pools" \
  -H "Authorization: Bearer dl_your_api_key_here"
echo

# SIGTERM: the stub stops cleanly with exit code 0.
kill -TERM "$stub"
wait "$stub"
echo "stub stopped: exit code $?"
