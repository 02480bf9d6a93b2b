# soc2 in a container, for CI systems that run one (GitLab, Woodpecker, Tekton…):
# a static (musl) binary on Alpine, with git to commit and push evidence and a
# shell for CI scripts, run as an unprivileged user.
#
#   docker build -t soc2 .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/repo" soc2 soc2 check
#
# The release workflow publishes it as ghcr.io/soc2-rs/soc2:<version>.

# Packages are not pinned to versions (DL3018): Alpine drops old versions from
# its mirrors, so a pin breaks the build; the 3.22 branch bounds them.
FROM rust:1-alpine3.22 AS build
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
# hadolint ignore=DL3018
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
# The commit `soc2 init --ci github` pins the action to (see build.rs).
ARG SOC2_SOURCE_COMMIT=""
RUN cargo build --release --locked \
    && if readelf -d target/release/soc2 | grep NEEDED; then echo "soc2 is not static" >&2; exit 1; fi \
    && cp target/release/soc2 /usr/local/bin/soc2

FROM alpine:3.22
# A mounted repository belongs to another user: safe.directory lets git and
# libgit2 open it.
# hadolint ignore=DL3018
RUN apk add --no-cache ca-certificates git \
    && adduser -D -u 10001 -h /home/soc2 soc2 \
    && git config --system --add safe.directory '*'
COPY --from=build /usr/local/bin/soc2 /usr/local/bin/soc2
USER 10001:10001
WORKDIR /repo
CMD ["soc2", "--help"]
