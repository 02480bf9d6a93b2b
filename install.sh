#!/bin/sh
# Install soc2 from a release: detect the platform, download the archive of a
# pinned or the latest version, verify it against the release's SHA256SUMS, and
# put the binary in ~/.local/bin (or --to DIR).
#
#   curl -fsSL https://github.com/soc2-rs/soc2/releases/latest/download/install.sh | sh
#   sh install.sh --version 0.1.0 --to /usr/local/bin
#
# Exit codes: 0 installed, 1 failed (download, checksum, no prebuilt binary for
# this platform; nothing is installed), 2 usage.
#
# SOC2_INSTALL_BASE_URL replaces https://github.com/soc2-rs/soc2/releases (a
# mirror, a test server). It must serve, like GitHub does:
#   $BASE/download/v<version>/soc2-v<version>-<target>.tar.gz   (.zip on Windows)
#   $BASE/download/v<version>/SHA256SUMS
#   $BASE/latest/download/SHA256SUMS                              (for --version latest)
set -eu

REPOSITORY="https://github.com/soc2-rs/soc2"
BASE_URL="${SOC2_INSTALL_BASE_URL:-$REPOSITORY/releases}"
BASE_URL="${BASE_URL%/}"

version="latest"
to=""
target=""
resolve_only=0
tmp=""

say() { printf 'soc2-install: %s\n' "$*" >&2; }
fail() {
    printf 'soc2-install: error: %s\n' "$*" >&2
    exit 1
}
usage_error() {
    printf 'soc2-install: error: %s\n' "$*" >&2
    printf "Try 'sh install.sh --help'.\n" >&2
    exit 2
}

usage() {
    cat <<EOF
Install soc2 from a release, verified against its SHA256SUMS.

Usage: sh install.sh [--version VERSION] [--to DIR] [--target TARGET]

Options:
  --version VERSION  the release to install, such as 0.1.0 (default: latest)
  --to DIR           where to put the soc2 binary (default: ~/.local/bin)
  --target TARGET    the platform's Rust target triple instead of the detected one
  --resolve          print version=, target=, archive=, url= and repository= lines
                     for the release and platform, and install nothing
  -h, --help         this help

Environment:
  SOC2_INSTALL_BASE_URL  where releases are downloaded from
                         (default: $REPOSITORY/releases)

From source instead: cargo install --locked --git $REPOSITORY soc2
EOF
}

cleanup() {
    if [ -n "$tmp" ] && [ -d "$tmp" ]; then
        rm -rf "$tmp"
    fi
}

# The Rust target triple of a prebuilt soc2 for this machine; empty when there is none.
detect_target() {
    os=$(uname -s 2>/dev/null || echo unknown)
    arch=$(uname -m 2>/dev/null || echo unknown)
    case "$arch" in
        x86_64 | amd64 | x64) arch=x86_64 ;;
        aarch64 | arm64 | armv8*) arch=aarch64 ;;
    esac
    case "$os" in
        Linux)
            case "$arch" in
                x86_64 | aarch64) echo "$arch-unknown-linux-musl" ;;
            esac
            ;;
        Darwin)
            # An x86_64 shell under Rosetta on Apple silicon still gets the native binary.
            if [ "$arch" = x86_64 ] && [ "$(sysctl -n hw.optional.arm64 2>/dev/null || echo 0)" = 1 ]; then
                arch=aarch64
            fi
            case "$arch" in
                x86_64 | aarch64) echo "$arch-apple-darwin" ;;
            esac
            ;;
        MINGW* | MSYS* | CYGWIN* | Windows_NT)
            case "$arch" in
                x86_64) echo "x86_64-pc-windows-msvc" ;;
            esac
            ;;
    esac
}

# download URL FILE: fetch URL into FILE; fails without leaving FILE behind.
download() {
    if command -v curl >/dev/null 2>&1; then
        curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" || {
            rm -f "$2"
            return 1
        }
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --tries=3 --output-document="$2" "$1" || {
            rm -f "$2"
            return 1
        }
    else
        fail "neither curl nor wget is installed"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    elif command -v openssl >/dev/null 2>&1; then
        openssl dgst -sha256 "$1" | sed 's/^.*= *//'
    else
        fail "no sha256sum, shasum or openssl to verify the download"
    fi
}

# The checksum SHA256SUMS gives for a file name (either `sha256sum` output mode).
expected_sum() {
    awk -v f="$2" '$2 == f || $2 == ("*" f) { print $1; exit }' "$1"
}

fetch_sums() {
    download "$sums_url" "$tmp/SHA256SUMS" ||
        fail "cannot download $sums_url: refusing to install without checksums; nothing was installed"
}

# The version in the first archive name of SHA256SUMS: soc2-v<version>-<target>.<ext>.
latest_version() {
    awk '{
        name = $2
        sub(/^\*/, "", name)
        if (name ~ /^soc2-v/ && match(name, /-(x86_64|aarch64)-/)) {
            print substr(name, 7, RSTART - 7)
            exit
        }
    }' "$1"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --version)
            [ $# -ge 2 ] || usage_error "--version needs a value"
            version="$2"
            shift 2
            ;;
        --version=*)
            version="${1#*=}"
            shift
            ;;
        --to)
            [ $# -ge 2 ] || usage_error "--to needs a directory"
            to="$2"
            shift 2
            ;;
        --to=*)
            to="${1#*=}"
            shift
            ;;
        --target)
            [ $# -ge 2 ] || usage_error "--target needs a value"
            target="$2"
            shift 2
            ;;
        --target=*)
            target="${1#*=}"
            shift
            ;;
        --resolve)
            resolve_only=1
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        *) usage_error "unknown argument '$1'" ;;
    esac
done

version="${version#v}"
case "$version" in
    "" | *[!0-9A-Za-z.+-]*) usage_error "invalid version '$version' (expected such as 0.1.0, or latest)" ;;
esac
[ -n "$target" ] || target=$(detect_target)
case "$target" in
    *[!0-9A-Za-z_.-]*) usage_error "invalid target '$target'" ;;
esac

trap cleanup EXIT
trap 'exit 1' HUP INT TERM
tmp=$(mktemp -d 2>/dev/null || mktemp -d -t soc2-install)

# SHA256SUMS first: nothing is installed without it. For `latest` it also names
# the version, so that one is fetched even by --resolve.
if [ "$version" = latest ]; then
    sums_url="$BASE_URL/latest/download/SHA256SUMS"
    fetch_sums
    version=$(latest_version "$tmp/SHA256SUMS")
    [ -n "$version" ] || fail "$sums_url names no soc2 archive; nothing was installed"
else
    sums_url="$BASE_URL/download/v$version/SHA256SUMS"
fi

case "$target" in
    *-windows-*)
        ext=zip
        exe=soc2.exe
        ;;
    *)
        ext=tar.gz
        exe=soc2
        ;;
esac
archive="soc2-v$version-$target.$ext"
url="$BASE_URL/download/v$version/$archive"

if [ "$resolve_only" = 1 ]; then
    printf 'version=%s\ntarget=%s\narchive=%s\nurl=%s\nrepository=%s\n' \
        "$version" "$target" "${target:+$archive}" "${target:+$url}" "$REPOSITORY"
    exit 0
fi

if [ -z "$target" ]; then
    fail "no prebuilt soc2 for $(uname -s 2>/dev/null) $(uname -m 2>/dev/null); build it from source: cargo install --locked --git $REPOSITORY --tag v$version soc2"
fi

[ -f "$tmp/SHA256SUMS" ] || fetch_sums
expected=$(expected_sum "$tmp/SHA256SUMS" "$archive")
[ -n "$expected" ] || fail "SHA256SUMS of v$version lists no $archive; nothing was installed"

say "downloading soc2 $version for $target"
download "$url" "$tmp/$archive" || fail "cannot download $url; nothing was installed"
actual=$(sha256_of "$tmp/$archive")
if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $archive: SHA256SUMS says $expected, the download is $actual; nothing was installed"
fi

mkdir "$tmp/unpacked"
case "$ext" in
    zip)
        if command -v unzip >/dev/null 2>&1; then
            unzip -q "$tmp/$archive" -d "$tmp/unpacked" || fail "cannot unpack $archive"
        else
            (cd "$tmp/unpacked" && tar -xf "../$archive") || fail "cannot unpack $archive (no unzip)"
        fi
        ;;
    *) tar -xzf "$tmp/$archive" -C "$tmp/unpacked" || fail "cannot unpack $archive" ;;
esac
[ -f "$tmp/unpacked/$exe" ] || fail "$archive holds no $exe at its root; nothing was installed"

[ -n "$to" ] || to="${HOME:?HOME is not set; use --to DIR}/.local/bin"
mkdir -p "$to" || fail "cannot create $to"
# Copy beside the destination, then rename: the binary appears whole or not at all.
partial="$to/.$exe.partial.$$"
if ! cp "$tmp/unpacked/$exe" "$partial" || ! chmod 755 "$partial" || ! mv -f "$partial" "$to/$exe"; then
    rm -f "$partial"
    fail "cannot write $to/$exe"
fi
say "installed soc2 $version ($target) to $to/$exe"

case ":${PATH:-}:" in
    *":$to:"*) ;;
    *) say "note: $to is not on PATH; add it, for example: export PATH=\"$to:\$PATH\"" ;;
esac
