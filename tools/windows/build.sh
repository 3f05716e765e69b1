#!/usr/bin/env bash
# Builds casa.exe (x86_64-pc-windows-gnu) on a Debian 12 machine and runs it under Wine.
#
# Rustup cannot fetch another target's standard library here, but Debian sid packages rustc,
# cargo and a matching rust-src, so the std is built from source (-Zbuild-std); sid also has
# MinGW-w64, Wine, NSIS and msitools. A debootstrap root keeps sid apart from the host.
# Needs root (debootstrap, chroot, mounts) and only Debian's and crates.io's registries.
# docs/WINDOWS.md says what each step is for.
#
#   tools/windows/build.sh root              make the sid root (once; ~4 min, ~3.7 GB)
#   tools/windows/build.sh build [PROFILE]   casa.exe with PROFILE (windows-ci by default,
#                                            release for shipping): target/windows/casa.exe
#   tools/windows/build.sh run CMD...        CMD inside the root, the repository at /src
#   tools/windows/build.sh clean             remove the root, the prefix and the build
#
# CASA_WINDOWS_ROOT (default target/windows-root) is where the root goes.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd -P)"
root="$(realpath -m "${CASA_WINDOWS_ROOT:-$repo/target/windows-root}")"
mirror="${CASA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cargo_home="$(realpath -m "${CARGO_HOME:-$HOME/.cargo}")"

# Every command runs in a mount namespace of its own, private to it: the root's /proc,
# /sys, /dev, /src and cargo home are mounted there only, vanish when the command ends
# (however it ends), never reach the host's mount table (nothing to unmount, nothing a
# `rm -rf target` could follow into /dev), and two commands side by side never touch each
# other's mounts.
if [ -z "${CASA_WINDOWS_NS:-}" ]; then
  CASA_WINDOWS_NS=1 exec unshare --mount --propagation private "$0" "$@"
fi

packages=(
  ca-certificates rustc cargo rust-src gcc-mingw-w64-x86-64-win32 binutils-mingw-w64-x86-64
  wine wine64 nsis msitools wixl xvfb xauth xdotool imagemagick mesa-vulkan-drivers libvulkan1 libgl1
  libgl1-mesa-dri libegl1 libxcursor1 libxi6 libxrandr2 libxrender1 libxcomposite1
  libxinerama1 libxfixes3 libxxf86vm1 libxkbcommon-x11-0 fonts-liberation poppler-utils file
)

mount_all() {
  mkdir -p "$root/proc" "$root/sys" "$root/dev" "$root/src" "$root/root/.cargo" "$cargo_home"
  mount -t proc proc "$root/proc"
  mount --rbind /sys "$root/sys"
  mount --rbind /dev "$root/dev"
  mount --bind "$repo" "$root/src"
  # The host's cargo home (its crate downloads, and the lock cargo takes on them, so the
  # host's cargo and the root's never unpack into it at once); its bin/ is not on PATH.
  mount --bind "$cargo_home" "$root/root/.cargo"
}

make_root() {
  if [ -x "$root/usr/bin/wine" ] && [ -x "$root/usr/bin/cargo" ]; then
    echo "the root is there: $root"
    return
  fi
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  mkdir -p "$root"
  debootstrap --variant=minbase sid "$root" "$mirror" >/dev/null
  # A mirror may serve a snapshot older than the clock: let apt accept it.
  echo 'Acquire::Check-Valid-Until "false";' > "$root/etc/apt/apt.conf.d/99no-valid-until"
  # The registries are reached through the host's certificate chain: trust what it trusts.
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/" 2>/dev/null || true
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mount_all
  chroot "$root" bash -c "apt-get update -qq \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ${packages[*]} >/dev/null \
    && update-ca-certificates >/dev/null && apt-get clean"
  # Every tool the scripts call, there, or the root is refused now rather than midway.
  chroot "$root" bash -c 'for tool in rustc cargo x86_64-w64-mingw32-gcc wine makensis wixl \
      msibuild msiinfo xvfb-run xdotool convert identify compare pdfinfo pdftotext file; do
    command -v "$tool" >/dev/null || { echo "the root has no $tool" >&2; exit 1; }; done'
}

in_root() {
  mount_all
  chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    TERM="${TERM:-dumb}" CARGO_INCREMENTAL=0 bash -c "cd /src && $*"
}

build() {
  local profile="${1:-windows-ci}" dir
  [ "$profile" = dev ] && dir=debug || dir="$profile"
  in_root "rustc -V && cargo -V && RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CARGO_TARGET_DIR=/src/target/windows-build \
    cargo build --locked --bin casa --profile $profile --target x86_64-pc-windows-gnu \
      -Zbuild-std=std,panic_abort"
  mkdir -p "$repo/target/windows"
  cp "$repo/target/windows-build/x86_64-pc-windows-gnu/$dir/casa.exe" "$repo/target/windows/casa.exe"
  ls -l "$repo/target/windows/casa.exe"
}

# Removes the root, the Wine prefix and the Windows build. The mounts live only in each
# command's own namespace, but a root with anything mounted inside (seen from here) is
# left alone: removing it could follow the mount into /dev or the repository.
clean() {
  if findmnt -rno TARGET | grep -F "$root/" >/dev/null; then
    echo "still mounted in $root:" >&2
    findmnt -rno TARGET | grep -F "$root/" >&2
    exit 1
  fi
  rm -rf --one-file-system "$root" "$repo/target/windows" "$repo/target/windows-build"
}

case "${1:-}" in
  root) make_root ;;
  build) shift; build "$@" ;;
  run) shift; in_root "$@" ;;
  clean) clean ;;
  *) sed -n '2,18p' "$0"; exit 2 ;;
esac
