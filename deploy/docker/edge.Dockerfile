# Panjereh's compiled edge: HAProxy 2.6 from Debian's packages (ES256 jwt_verify, stick tables
# shared by peers, the Prometheus exporter).
#
#   docker build -f deploy/docker/edge.Dockerfile -t panjereh/edge .   # from the repo root
#
# Nothing of Panjereh is baked in. Its configuration and key files are generated beside it,
# into /run/edge (a volume both share), by the gateway image's `panjereh-gateway edge-sync`:
# from the routing table of the gateway release running and the gateway's own settings, so the
# edge can never disagree with the gateway it fronts (deploy/edge/README.md). The same sidecar
# reloads it through the master socket after a key rotation.

# The base image is a build argument: Debian's official image by default; where no registry is
# reachable tools/images.sh passes the Debian base it made with debootstrap.
ARG DEBIAN_IMAGE=debian:12.12-slim

FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends haproxy=2.6.* \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 panjereh \
    && useradd --system --uid 10001 --gid panjereh --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin panjereh \
    && install -d -o 10001 -g 10001 -m 0770 /run/edge
LABEL org.opencontainers.image.title="panjereh-edge" \
      org.opencontainers.image.description="Panjereh's compiled edge (HAProxy)"
USER 10001:10001
# The public port, the Prometheus exporter (never public), the peers' port.
EXPOSE 8000 8404 10000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8000"]
# A master (-W) in the foreground: SIGUSR2 or `reload` on its socket (-S) loads new files with
# no connection cut; SIGUSR1 stops softly (in-flight requests finish, hard-stop-after bounds it).
STOPSIGNAL SIGUSR1
CMD ["haproxy", "-W", "-db", "-f", "/run/edge/haproxy.cfg", "-S", "/run/edge/master.sock"]
