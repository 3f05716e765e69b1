#!/usr/bin/env bash
# Regenerates assets/ from the registry sources: the documented, reproducible conversion.
#   tools/make-assets.sh           region assets into assets/ (committed)
#   tools/make-assets.sh --world   also the whole world at 1:10m into target/world-10m.geojson
#                                  (for the benchmarks; not committed)
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f sources/world-atlas/countries-10m.json ] || tools/fetch-sources.sh
extra=()
if [ "${1:-}" = "--world" ]; then
  mkdir -p target
  extra=(--world target/world-10m.geojson)
fi
cargo run --release -p casa-prep -- --sources sources --out assets "${extra[@]}"
