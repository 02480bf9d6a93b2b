# soc2 in a container, for CI systems that run one (GitLab, Woodpecker, Tekton…):
# a static (musl) binary on Alpine, with git to commit and push evidence and a
# shell for CI scripts, run as an unprivileged user.
#
#   docker build -t soc2 .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/repo" soc2 soc2 check
#
# The release workflow publishes it as ghcr.io/soc2-rs/soc2:<version>.

FROM rust:1-alpine3.22 AS build
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
# The commit `soc2 init --ci github` pins the action to (see build.rs).
ARG SOC2_SOURCE_COMMIT=""
RUN cargo build --release --locked \
    && test -z "$(readelf -d target/release/soc2 | grep NEEDED)" \
    && cp target/release/soc2 /usr/local/bin/soc2

FROM alpine:3.22
RUN apk add --no-cache ca-certificates git \
    && adduser -D -u 10001 -h /home/soc2 soc2 \
    # A mounted repository belongs to another user: let git and libgit2 read it.
    && git config --system --add safe.directory '*'
COPY --from=build /usr/local/bin/soc2 /usr/local/bin/soc2
USER 10001:10001
WORKDIR /repo
CMD ["soc2", "--help"]
