# syntax=docker/dockerfile:1
# One image for every platform; the command picks the adapter:
#   docker run --env-file .env awstutor slack | slack --http | discord | doctor | chat
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: install awstutor and its dependencies into a virtualenv ----------------------
FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
# Every dependency ships manylinux wheels for 3.11, so no compiler is needed even here.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY knowledge ./knowledge
# DL3013: this installs the project itself; its dependency ranges live in pyproject.toml.
# hadolint ignore=DL3013
RUN pip install --no-cache-dir ".[all]" \
    && python -m compileall -q /opt/venv/lib \
    && pip uninstall --yes pip setuptools wheel

# --- runtime: the virtualenv, the knowledge, a non-root user ----------------------------
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="awstutor" \
      org.opencontainers.image.description="AWS Cloud Practitioner study bot for Slack, Discord and the terminal" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --system --gid 10001 awstutor \
    && useradd --system --uid 10001 --gid awstutor --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin awstutor \
    && mkdir -p /app/data \
    && chown awstutor:awstutor /app/data
COPY --from=build /opt/venv /opt/venv
# Owned by root and read-only to the bot; mount your own over it (see docs/deploy.md).
COPY knowledge /app/knowledge
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    AWSTUTOR_KNOWLEDGE=/app/knowledge \
    DATABASE_URL=sqlite+aiosqlite:////app/data/awstutor.db \
    HEARTBEAT_FILE=/tmp/awstutor.heartbeat \
    LOG_FORMAT=json
WORKDIR /app
# Numeric, so Kubernetes' runAsNonRoot can verify it without /etc/passwd.
USER 10001:10001
VOLUME ["/app/data"]
EXPOSE 3000
# The bot stops taking events on SIGTERM and finishes in-flight answers within
# SHUTDOWN_TIMEOUT (20 s); give `docker stop` more than that (compose: stop_grace_period).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["awstutor", "health"]
ENTRYPOINT ["awstutor"]
CMD ["slack"]
