#!/bin/sh
# The image's entry point: scenarios mounted at /scenarios are used when no other scenario is asked for, then the stub
# replaces this shell (exec), so it is PID 1 and receives `docker stop`'s SIGTERM directly.
set -e
if [ -z "${DEEPLEAD_FAKE_SCENARIO:-}" ]; then
  list=
  for file in /scenarios/*.json; do
    [ -f "$file" ] || continue
    list="${list:+$list;}$file"
  done
  # Every *.json in /scenarios, in name order, as layers (a later file adds to and overrides an earlier one).
  # A --scenario flag still wins: the stub does not read the variable then.
  if [ -n "$list" ]; then
    export DEEPLEAD_FAKE_SCENARIO="$list"
  fi
fi
exec /app/DeepLead.Fakes.Server "$@"
