# The DeepLead fake (the standalone stub) as a container. The image copies a self-contained publish made before
# `docker build`, so it needs no .NET SDK in the build and no .NET runtime in the image:
#   scripts/build-stub-archive.sh                # publishes to artifacts/stub/linux-x64/ (and packs the archive)
#   docker build -t deeplead-fake .
#   docker run --rm -p 127.0.0.1:8080:8080 deeplead-fake
#   docker run --rm -p 127.0.0.1:8080:8080 deeplead-fake --scenario shipped:outage     # flags win over variables
#   docker run --rm -p 127.0.0.1:8080:8080 -v "$PWD/my-scenarios:/scenarios:ro" deeplead-fake   # every *.json there
#   docker run --rm -p 127.0.0.1:8080:8080 -e DEEPLEAD_FAKE_SCENARIO=shipped:outage deeplead-fake
# Then: http://127.0.0.1:8080/api/v1/ (API), /__admin/health, /__admin/deeplead/... (admin), /openapi.json.
# Another platform: publish it (scripts/build-stub-archive.sh --rid linux-arm64) and pass --build-arg STUB=artifacts/stub/linux-arm64.

# The plain Debian slim image, pulled from a registry as usual. Machines without one (this project's CI) make an image
# of the same Debian release locally under this name (scripts/docker-setup.sh), so users and tests build the same file.
FROM debian:bookworm-slim AS rootfs
# The stub loads libssl at run time (hashing, and https for shadow mode); the slim image lacks it and the CA bundle.
# Installed only when missing, so the locally made base (which has both) needs no package source.
RUN set -e; \
    if ! dpkg -s libssl3 ca-certificates >/dev/null 2>&1; then \
      apt-get update; \
      apt-get install -y --no-install-recommends libssl3 ca-certificates; \
    fi
ARG STUB=artifacts/stub/linux-x64
COPY ${STUB}/ /rootfs/app/
COPY docker/entrypoint.sh docker/healthcheck.sh /rootfs/usr/local/lib/deeplead-fake/
COPY docker/rootfs.sh /rootfs.sh
# Only what the stub, its entry point and its health check need from Debian (docker/rootfs.sh): the publish + ~10 MB.
RUN sh /rootfs.sh /rootfs

FROM scratch
COPY --from=rootfs /rootfs/ /
# Inside a container the stub must listen on every interface; outside one it stays on 127.0.0.1 by default.
# No DEEPLEAD_FAKE_SCENARIO here: the entry point takes the files mounted at /scenarios, or the default scenario.
ENV DEEPLEAD_FAKE_HOST=0.0.0.0 \
    DEEPLEAD_FAKE_PORT=8080 \
    PATH=/usr/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
EXPOSE 8080
USER 1654:1654
WORKDIR /app
# No curl in the image: bash asks the health endpoint itself (with the admin token, when it comes from its variable).
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 CMD ["/bin/bash", "/usr/local/lib/deeplead-fake/healthcheck.sh"]
# The entry point execs the stub: the stub is PID 1 and gets SIGTERM from `docker stop` itself (exit code 0).
ENTRYPOINT ["/bin/sh", "/usr/local/lib/deeplead-fake/entrypoint.sh"]
