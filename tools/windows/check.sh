#!/usr/bin/env bash
# Runs casa.exe under Wine, inside the root tools/windows/build.sh made (the repository at
# /src), and compares what it prints and exports with the Linux build's (target/release/casa,
# run here first).
#
#   tools/windows/build.sh run tools/windows/check.sh
set -euo pipefail
cd /src
win=target/windows
exe="$PWD/$win/casa.exe"
out="$win/out"
linux="$win/linux"
rm -rf "$out"
mkdir -p "$out" /tmp/xdg
export WINEPREFIX="$PWD/$win/prefix" WINEDEBUG=-all XDG_RUNTIME_DIR=/tmp/xdg
# No Mono or Gecko download prompts (nothing here needs .NET or a browser engine).
export WINEDLLOVERRIDES="mscoree,mshtml="
wineserver=/usr/lib/x86_64-linux-gnu/wine/wineserver
[ -x "$wineserver" ] || wineserver="$(command -v wineserver)"
# Wine writes \r\n where casa.exe prints \n (the console is Windows'): compare lines.
unix() { tr -d '\r'; }
fail() { echo "FAIL: $*" >&2; exit 1; }
same() { # same NAME FILE-A FILE-B
  if ! diff -u "$2" "$3" > "$out/$1.diff"; then head -40 "$out/$1.diff" >&2; fail "$1 differs from Linux"; fi
  echo "same as Linux: $1"
}

echo "== the Linux build's output, to compare with"
rm -rf "$linux" && mkdir -p "$linux"
(
  export CASA_DATA_DIR="$PWD/$linux/data"
  target/release/casa check > "$linux/check.txt"
  target/release/casa info Kant > "$linux/info.txt"
  target/release/casa measure Kant Astana > "$linux/measure.txt"
  target/release/casa export --scene 2 --size 1920x1080 --out "$linux/slide.png"
  target/release/casa export --briefing --out "$linux/deck.pdf"
  # A briefing package with a layer (what it holds is said on stderr).
  target/release/casa export --briefing --layer tests/fixtures/layers/sites.csv \
    --out "$linux/briefing.casa" 2> "$linux/package.txt"
)

echo "== Wine $(wine --version), a fresh prefix $WINEPREFIX"
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1 || true
wine cmd /c ver | unix | grep -v '^$' || true

echo "== casa.exe on the command line"
wine "$exe" --version | unix | tee "$out/version.txt"
grep -q "^casa $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)$" "$out/version.txt" \
  || fail "--version"
wine "$exe" check | unix > "$out/check.txt" || fail "casa.exe check exited with $?"
tail -n 2 "$out/check.txt"
same check "$linux/check.txt" "$out/check.txt"
wine "$exe" info Kant | unix > "$out/info.txt"
same "info Kant" "$linux/info.txt" "$out/info.txt"
wine "$exe" measure Kant Astana | unix > "$out/measure.txt"
cat "$out/measure.txt"
same "measure Kant Astana" "$linux/measure.txt" "$out/measure.txt"
# A missing file: the error names it and the exit status says so.
if wine "$exe" check --layer 'Z:\nowhere\missing.geojson' > "$out/missing.txt" 2>&1; then
  fail "a missing layer file was not an error"
fi
unix < "$out/missing.txt" | grep 'missing.geojson' >/dev/null || fail "the error does not name the file"

echo "== casa.exe export: a slide and the deck, against the Linux build's"
wine "$exe" export --scene 2 --size 1920x1080 --out "$out/slide.png"
wine "$exe" export --briefing --out "$out/deck.pdf"
file "$out/slide.png"
pdfinfo "$out/deck.pdf" | grep -E '^(Pages|Page size):' | tee "$out/deck-info.txt"
pdfinfo "$linux/deck.pdf" | grep -E '^(Pages|Page size):' > "$out/deck-info-linux.txt"
same "deck pages" "$out/deck-info-linux.txt" "$out/deck-info.txt"
pdftotext -layout "$out/deck.pdf" "$out/deck.txt"
pdftotext -layout "$linux/deck.pdf" "$out/deck-linux.txt"
same "deck text" "$out/deck-linux.txt" "$out/deck.txt"
# The same pixels but for rounding: at most 0.5% of them off by more than a quarter.
# (compare prints a count such as 2.0736e+06: compared as a number, not as text.)
pixels=$(compare -metric AE -fuzz 25% "$linux/slide.png" "$out/slide.png" "$out/slide-diff.png" 2>&1 || true)
pixels=${pixels%% *}
echo "slide: $pixels of 2073600 pixels differ from Linux's by more than 25%"
awk -v p="$pixels" 'BEGIN { exit !(p ~ /^[0-9.e+]+$/ && p + 0 <= 10368) }' \
  || fail "the slide differs from Linux's ($pixels pixels)"

echo "== the window, under Xvfb (Vulkan: winevulkan on Mesa's lavapipe)"
# A window opened while the headless runs' wineserver lives hangs: let it end first.
"$wineserver" -w
WGPU_BACKEND=vulkan timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
  wine "$exe" --screenshot "$out/window.png" --size 1600x1000
"$wineserver" -w
# A picture of the window, not a blank: its size, and colours that vary (map, panels, text).
picture() { # picture FILE WIDTHxHEIGHT MIN-SPREAD
  [ -s "$1" ] || fail "no picture: $1"
  local size spread
  size=$(identify -format '%wx%h' "$1")
  spread=$(convert "$1" -colorspace Gray -format '%[fx:standard_deviation]' info:)
  echo "$1: $size, grey spread $spread"
  [ "$size" = "$2" ] || fail "$1 is $size, not $2"
  awk -v s="$spread" -v m="$3" 'BEGIN { exit !(s + 0 >= m) }' || fail "$1 is blank (spread $spread)"
}
picture "$out/window.png" 1600x1000 0.02
# The user's files go where Windows keeps them: settings roam, the log stays on the machine.
users="$WINEPREFIX/drive_c/users/$(whoami)"
log="$users/AppData/Local/casa/logs/casa.log"
[ -f "$log" ] || fail "no log in %LOCALAPPDATA%\\casa\\logs"
grep -q "started" "$log" || fail "the log does not record the start"
[ -d "$users/AppData/Roaming/casa/data" ] || fail "no data folder in %APPDATA%\\casa\\data"
echo "log: %LOCALAPPDATA%\\casa\\logs\\casa.log; data: %APPDATA%\\casa\\data ($(ls "$users/AppData/Roaming/casa/data" | tr '\n' ' '))"

echo "== a briefing package, as a double-click passes it: unpacked and presented at once"
WGPU_BACKEND=vulkan timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
  wine "$exe" "$linux/briefing.casa" --screenshot "$out/package.png" --size 1600x1000
"$wineserver" -w
picture "$out/package.png" 1600x1000 0.02
unpacked="$users/AppData/Roaming/casa/data/briefings/briefing"
[ -f "$unpacked/scenes.json" ] || fail "the package was not unpacked into %APPDATA%\\casa\\data\\briefings"
cmp tests/fixtures/layers/sites.csv "$unpacked/layers/sites.csv" || fail "the package's layer differs"
# What casa.exe presented, as its log says, is what the Linux build packed: as many
# scenes and layers.
{ grep -o '([0-9]* scenes, [0-9]* layers' "$linux/package.txt" || true; } | sed 's/^(//' > "$out/package-linux.txt"
{ grep -o 'opened briefing package .* ([0-9]* scenes, [0-9]* layers)' "$log" || true; } | unix \
  | tail -n 1 | sed 's/.*(//; s/)$//' > "$out/package-wine.txt"
[ -s "$out/package-wine.txt" ] || fail "the log does not record the package"
[ -s "$out/package-linux.txt" ] || fail "the Linux build did not say what it packed"
same "the package presented: $(cat "$out/package-wine.txt")" "$out/package-linux.txt" "$out/package-wine.txt"

echo "== a window that cannot open: a message box names the reason and the log"
# No adapter: a backend Windows does not have (what a VM or Remote Desktop without a GPU
# driver meets). The box is captured, then dismissed with Enter, as a user would.
WGPU_BACKEND=metal timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  wine "$0" & pid=$!
  for _ in $(seq 1 60); do
    box=$(xdotool search --name "^CASA$" 2>/dev/null | head -n 1)
    [ -n "$box" ] && break
    sleep 1
  done
  [ -n "$box" ] || { echo "no message box" >&2; kill $pid; exit 3; }
  sleep 1
  import -window root "$1"
  xdotool windowactivate --sync "$box" key Return 2>/dev/null || xdotool key Return
  wait $pid' "$exe" "$out/window-failed.png" && fail "casa.exe exited 0 without a window" || status=$?
picture "$out/window-failed.png" 1280x800 0.02
[ "${status:-0}" -eq 1 ] || fail "the failed window run exited with ${status:-0}, not 1"
grep -q "could not open the window" "$log" || fail "the log does not say the window failed"
grep "could not open the window" "$log" | tail -n 1
"$wineserver" -w
echo "Windows checks passed"
