#!/usr/bin/env bash
# The service images without a Docker engine or a reachable registry: buildah (storage driver
# vfs, chroot isolation) builds deploy/docker/*.Dockerfile on a Python base made here with
# debootstrap from Debian's packages, and a uv image holding the project's own uv binary.
# Where a registry is reachable the same Dockerfiles build from their defaults (the official
# python:3.11 slim and ghcr.io/astral-sh/uv images): see deploy/docker/README.md.
#
#   tools/images.sh setup          install buildah and debootstrap, make the base and uv images
#   tools/images.sh build NAME     build deploy/docker/NAME.Dockerfile as localhost/panjereh/NAME
#   tools/images.sh buildah ARGS   buildah on this script's storage (inspect, run, rmi, ...)
#
# Everything lives under $PANJEREH_IMAGES_DIR (default .data/images): the image storage, the
# debootstrap tarball and uv's wheel cache, so a second run reuses all three. Idempotent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
state="${PANJEREH_IMAGES_DIR:-$root/.data/images}"
suite="${PANJEREH_BASE_SUITE:-bookworm}"
mirror="${PANJEREH_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
uv_version="$(sed -n 's/^UV_VERSION *:*= *//p' "$root/Makefile")"
base_image="localhost/panjereh-base:$suite-python3.11"
uv_image="localhost/panjereh-uv:$uv_version"
tag="${PANJEREH_IMAGE_TAG:-dev}"

log() { printf '[images] %s\n' "$*" >&2; }
die() { printf '[images] ERROR: %s\n' "$*" >&2; exit 1; }

# buildah keeps the RUN --mount=type=cache directories under $TMPDIR: keeping that under
# $state is what carries uv's wheel cache from one run to the next.
bh() {
  mkdir -p "$state/tmp"
  TMPDIR="$state/tmp" BUILDAH_ISOLATION=chroot \
    buildah --root "$state/storage" --runroot "$state/run" --storage-driver vfs "$@"
}

install_tools() {
  command -v buildah >/dev/null && command -v debootstrap >/dev/null && return
  [ "$(id -u)" = 0 ] || die "buildah and debootstrap are missing: apt-get install buildah debootstrap"
  log "installing buildah and debootstrap from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || die "apt-get update failed"
  apt-get install -y -qq buildah debootstrap >/dev/null || die "apt-get install failed"
}

has_image() { bh inspect --type image "$1" >/dev/null 2>&1; }

# Debian's python3.11 at the path the official image has it, so the Dockerfiles' UV_PYTHON
# (/usr/local/bin/python3.11) holds on both bases.
base_rootfs() {
  local tarball="$state/base-$suite.tar"
  [ -s "$tarball" ] && { echo "$tarball"; return; }
  local dir="$state/debootstrap"
  rm -rf "$dir"
  log "debootstrap $suite (minbase + python3.11) from $mirror"
  debootstrap --variant=minbase --include=python3.11,ca-certificates,tzdata \
    "$suite" "$dir" "$mirror" >"$state/debootstrap.log" 2>&1 ||
    die "debootstrap failed (see $state/debootstrap.log)"
  chroot "$dir" apt-get clean
  rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/* "$dir"/var/log/* \
    "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/info/*
  ln -sf /usr/bin/python3.11 "$dir/usr/local/bin/python3.11"
  ln -sf python3.11 "$dir/usr/local/bin/python3"
  ln -sf python3.11 "$dir/usr/local/bin/python"
  tar -C "$dir" --numeric-owner -cf "$tarball.part" .
  mv "$tarball.part" "$tarball"
  rm -rf "$dir"
  echo "$tarball"
}

make_base() {
  has_image "$base_image" && return
  local tarball ctr mnt
  tarball="$(base_rootfs)"
  log "committing $base_image"
  ctr="$(bh from scratch)"
  mnt="$(bh mount "$ctr")"
  tar -C "$mnt" --numeric-owner -xf "$tarball"
  bh umount "$ctr" >/dev/null
  bh config --env LANG=C.UTF-8 --env PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin \
    --cmd python3 --label "org.opencontainers.image.description=Debian $suite with python3.11 (debootstrap)" \
    "$ctr"
  bh commit --quiet --rm "$ctr" "$base_image" >/dev/null
}

# The project's uv (the Makefile's UV_VERSION, installed by `make install`) as /uv, which is
# all the Dockerfiles take from ghcr.io/astral-sh/uv.
make_uv() {
  has_image "$uv_image" && return
  local uv="$root/.tools/bin/uv" ctr
  [ -x "$uv" ] || die "$uv is missing: run make install"
  "$uv" --version | grep -q " $uv_version\b" || die "$uv is not uv $uv_version"
  log "committing $uv_image"
  ctr="$(bh from scratch)"
  bh copy "$ctr" "$uv" /uv >/dev/null
  bh commit --quiet --rm "$ctr" "$uv_image" >/dev/null
}

build() {
  local name="$1" file="$root/deploy/docker/$1.Dockerfile"
  [ -f "$file" ] || die "no such Dockerfile: $file"
  local trust=()
  if [ -n "${SSL_CERT_FILE:-}" ] && [ -f "$SSL_CERT_FILE" ]; then
    trust=(--volume "$SSL_CERT_FILE:/run/host-ca/ca-certificates.crt:ro"
      --build-arg "SSL_CERT_FILE=/run/host-ca/ca-certificates.crt")
  fi
  bh build --quiet --layers="${PANJEREH_IMAGES_LAYERS:-false}" --format docker --pull=never \
    --isolation chroot "${trust[@]}" \
    --build-arg "PYTHON_IMAGE=$base_image" --build-arg "UV_IMAGE=$uv_image" \
    --build-arg "DEBIAN_IMAGE=$base_image" \
    -f "$file" -t "localhost/panjereh/$name:$tag" "$root" >/dev/null
}

case "${1:-}" in
  setup) install_tools; mkdir -p "$state"; make_base; make_uv ;;
  build) [ $# = 2 ] || die "usage: $0 build NAME"; build "$2" ;;
  buildah) shift; bh "$@" ;;
  *) die "usage: $0 setup | build NAME | buildah ARGS..." ;;
esac
