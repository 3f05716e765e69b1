#!/usr/bin/env bash
# Writes THIRD-PARTY-LICENSES.txt: every crate compiled into casa on the three desktop
# targets, with its licence's text, by cargo-about (about.toml, the template in
# packaging/licenses/). `tools/licenses.sh --check` fails if the committed file is stale
# (CI runs it after every change to Cargo.lock could make it so).
set -euo pipefail
cd "$(dirname "$0")/.."
version=0.9.3
if ! cargo about --version 2>/dev/null | grep -q " $version"; then
  cargo install cargo-about --version "$version" --features cli --locked --quiet
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
# Every target's crates on disk (the macOS ones are never built here), then cargo-about
# reads only local files: the same Cargo.lock always gives the same notice.
cargo fetch --locked --quiet
cargo about generate --frozen --fail -c about.toml packaging/licenses/third-party.hbs \
  --output-file "$out"
if [ "${1:-}" = "--check" ]; then
  if ! diff -q "$out" THIRD-PARTY-LICENSES.txt >/dev/null; then
    diff -u THIRD-PARTY-LICENSES.txt "$out" | head -40
    echo "THIRD-PARTY-LICENSES.txt is stale: run tools/licenses.sh and commit it" >&2
    exit 1
  fi
  echo "THIRD-PARTY-LICENSES.txt is up to date ($(grep -c '^- ' "$out") crate entries)"
else
  cat "$out" > THIRD-PARTY-LICENSES.txt
  echo "wrote THIRD-PARTY-LICENSES.txt ($(grep -c '^- ' "$out") crate entries)"
fi
