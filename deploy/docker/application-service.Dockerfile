# Panjereh application service image.
#
#   docker build -f deploy/docker/application-service.Dockerfile -t panjereh/application-service .   # from the repo root
#
# Configuration is by environment variables only (PANJEREH_APPLICATION_*); nothing is baked in.
# The container never migrates its database at start: production sets
# PANJEREH_APPLICATION_AUTO_MIGRATE=false and runs `application-service migrate` once, as a one-shot job
# (deploy/compose.yml does exactly that), before the new version serves.

# The base images are build arguments: the official images by default; where no registry is
# reachable tools/images.sh passes a Debian base made with debootstrap and the project's uv.
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.8
ARG PYTHON_IMAGE=python:3.11.13-slim-bookworm

FROM ${UV_IMAGE} AS uv

# ---- builder: a virtual environment with this service, the platform kit and their locked deps
FROM ${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /bin/uv
ENV UV_FROZEN=1 \
    UV_NO_DEV=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/opt/venv
# Behind a TLS-inspecting proxy the build is given that proxy's CA bundle (tools/images.sh
# mounts it for the build only); unset, uv trusts its own roots. Nothing of it reaches the image.
ARG SSL_CERT_FILE
WORKDIR /src
# uv reads every workspace member's manifest to resolve the workspace from uv.lock.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY gateway/pyproject.toml gateway/
COPY application-service/pyproject.toml application-service/
COPY inquiry-service/pyproject.toml inquiry-service/
COPY status-service/pyproject.toml status-service/
COPY compliance-service/pyproject.toml compliance-service/
COPY notification-service/pyproject.toml notification-service/
COPY deploy/embedded/pyproject.toml deploy/embedded/
COPY sdk/python/pyproject.toml sdk/python/
# Third-party dependencies only: this layer is rebuilt only when the lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --package application-service --no-install-workspace --no-editable
# Then the two local packages, installed as wheels (not editable): the kit and this service.
COPY shared/ shared/
COPY application-service/ application-service/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --package application-service --no-editable

# ---- runtime: the same slim base, the virtual environment only, a non-root user
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH="/opt/venv/bin:$PATH"
RUN groupadd --system --gid 10001 panjereh \
    && useradd --system --uid 10001 --gid panjereh --no-create-home \
       --home-dir /nonexistent --shell /usr/sbin/nologin panjereh
LABEL org.opencontainers.image.title="panjereh-application-service" \
      org.opencontainers.image.description="Panjereh application service"
# Owned by root and read-only for the service user.
COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
USER 10001:10001
EXPOSE 8001
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8001/health/live', timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["application-service", "serve", "--host", "0.0.0.0", "--port", "8001"]
