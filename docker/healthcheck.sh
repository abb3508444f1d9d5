#!/bin/bash
# The image's HEALTHCHECK: asks the stub's health endpoint through bash's /dev/tcp (the image has no curl), with the
# admin token when the stub has one from DEEPLEAD_FAKE_ADMIN_TOKEN. Healthy only on a 200.
exec 3<>"/dev/tcp/127.0.0.1/${DEEPLEAD_FAKE_PORT:-8080}" || exit 1
auth=
if [ -n "${DEEPLEAD_FAKE_ADMIN_TOKEN:-}" ]; then
  auth="Authorization: Bearer $DEEPLEAD_FAKE_ADMIN_TOKEN"$'\r\n'
fi
printf 'GET /__admin/health HTTP/1.0\r\nHost: 127.0.0.1\r\n%s\r\n' "$auth" >&3
read -r -t 2 _ status _ <&3
[ "$status" = 200 ]
