#!/usr/bin/env bash
# Builds CASA's Windows installers around the casa.exe tools/windows/build.sh built: the
# per-user NSIS .exe (packaging/windows/casa.nsi, makensis) and the per-machine .msi
# (packaging/windows/casa.wxs, wixl). Installs each silently under Wine, checks what a
# Windows user and an IT department would (files, Start menu, Apps & features, PATH, every
# file type with its icon, the shortcut's app id), uninstalls it and checks that nothing is
# left. A briefing package made by the Linux build (target/release/casa) is opened by a
# double-click's ShellExecute.
#
#   tools/windows/build.sh run tools/windows/installers.sh
set -euo pipefail
cd /src
win="$PWD/target/windows"
stage="$win/stage"
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
setup="$win/casa-$version-setup.exe"
msi="$win/casa-$version.msi"
export WINEPREFIX="$win/prefix" WINEDEBUG=-all XDG_RUNTIME_DIR=/tmp/xdg
export WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p /tmp/xdg
wineserver=/usr/lib/x86_64-linux-gnu/wine/wineserver
[ -x "$wineserver" ] || wineserver="$(command -v wineserver)"
fail() { echo "FAIL: $*" >&2; exit 1; }
[ -x target/release/casa ] || fail "build target/release/casa first (it makes the briefing package a double-click opens)"

echo "== the installer, built with $(makensis -VERSION)"
rm -rf "$stage" && mkdir -p "$stage/licenses"
cp "$win/casa.exe" packaging/icons/casa.ico "$stage/"
# Windows' Notepad wants \r\n; the texts are the repository's.
crlf() { sed 's/\r\?$/\r/' "$1" > "$2"; }
crlf LICENSE-MIT "$stage/LICENSE-MIT.txt"
crlf LICENSE-APACHE "$stage/LICENSE-APACHE.txt"
crlf NOTICE "$stage/NOTICE.txt"
crlf THIRD-PARTY-LICENSES.txt "$stage/THIRD-PARTY-LICENSES.txt"
for f in licenses/*.txt; do crlf "$f" "$stage/licenses/$(basename "$f")"; done
makensis -V2 -DVERSION="$version" -DSTAGE="$stage" -DOUT="$setup" packaging/windows/casa.nsi
ls -l "$setup"

echo "== the .msi, built with wixl $(wixl --version 2>/dev/null | head -1)"
rm -f "$msi"
if ! wixl -a x64 -D Version="$version" -D Stage="$stage" -o "$msi" packaging/windows/casa.wxs \
  2> "$win/wixl.log"; then
  cat "$win/wixl.log" >&2
  fail "wixl could not build the .msi"
fi
# The shortcut's app id, added to the built package (MsiShortcutProperty): wixl has no
# ShortcutProperty element.
idt="$win/idt"
rm -rf "$idt" && mkdir -p "$idt"
printf 'MsiShortcutProperty\tShortcut_\tPropertyKey\tPropVariantValue\r\ns72\ts72\ts255\ts255\r\nMsiShortcutProperty\tMsiShortcutProperty\r\nAppUserModelId\tStartMenuShortcut\tSystem.AppUserModel.ID\torg.casaatlas.Casa\r\n' \
  > "$idt/MsiShortcutProperty.idt"
msibuild "$msi" -i "$idt/MsiShortcutProperty.idt" >/dev/null
# (Each table read whole before it is searched: grep -q stopping early would fail the pipe.)
properties=$(msiinfo export "$msi" Property | tr -d '\r')
grep -qx "ALLUSERS"$'\t'"1" <<< "$properties" || fail "the .msi is not for the whole machine"
shortcut_properties=$(msiinfo export "$msi" MsiShortcutProperty | tr -d '\r')
grep -q "System.AppUserModel.ID"$'\t'"org.casaatlas.Casa$" <<< "$shortcut_properties" \
  || fail "no app id in the .msi"
ls -l "$msi"

# What the checks read: a key or value in the registry (reg.exe, as an admin would); the
# output is captured before it is searched, so a failing reg.exe cannot pass a check.
reg_has() { wine reg query "$@" >/dev/null 2>&1; }
reg_out() { wine reg query "$@" 2>/dev/null | tr -d '\r' || true; }
reg_value() { reg_out "$1" /v "$2" | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"; }
# A key's default value; empty when it has none (reg.exe says "(value not set)").
reg_default() { reg_out "$1" /ve | sed -n 's/^ *(Default) *REG_[A-Z_]* *//p' | grep -vx '(value not set)' || true; }
users="$WINEPREFIX/drive_c/users/$(whoami)"
dir="$users/AppData/Local/Programs/CASA"
lnk="$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/CASA.lnk"
classes='HKCU\Software\Classes'
uninstall='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.casaatlas.Casa'
app_paths='Software\Microsoft\Windows\CurrentVersion\App Paths\casa.exe'
types="casa:Briefing geojson:GeoJSON kml:KML kmz:KMZ gpx:GPX shz:ZippedShapefile gpkg:GeoPackage csv:CSV tsv:TSV json:JSON zip:Zip shp:Shapefile"
# Every type's ProgID in CLASSES (the user's or the machine's): "Open with", the icon and
# the open command. check_types CLASSES INSTALLER
check_types() {
  local t ext progid
  for t in $types; do
    ext=${t%%:*} progid="org.casaatlas.Casa.${t#*:}"
    reg_has "$1\\.$ext\\OpenWithProgids" /v "$progid" || fail "$2: .$ext has no Open with CASA"
    case "$(reg_default "$1\\$progid\\DefaultIcon")" in *'casa.exe,0') ;; *) fail "$2: $progid: no icon" ;; esac
    case "$(reg_default "$1\\$progid\\shell\\open\\command")" in *'casa.exe" "%1"') ;; *) fail "$2: $progid: no open command" ;; esac
  done
}
files="casa.exe LICENSE-MIT.txt LICENSE-APACHE.txt NOTICE.txt THIRD-PARTY-LICENSES.txt
  licenses/font-ubuntu.txt licenses/font-hack.txt licenses/font-noto-emoji.txt
  licenses/font-emoji-icon.txt"

echo "== a fresh Wine prefix, as a user's machine has it: a PATH, another program's types"
rm -rf "$WINEPREFIX"
wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w
user_path='C:\Tools\bin;C:\Program Files\Other'
wine reg add 'HKCU\Environment' /v Path /t REG_EXPAND_SZ /d "$user_path" /f >/dev/null
# Google Earth has .kml for this user, a GPS program .gpx for the whole machine: CASA takes
# neither default, and gives both back untouched.
wine reg add "$classes\\.kml" /ve /d GoogleEarth.kmlfile /f >/dev/null
wine reg add 'HKLM\Software\Classes\.gpx' /ve /d Garmin.gpx /f >/dev/null
"$wineserver" -w

echo "== silent install (/S), as IT would"
wine "$setup" /S
"$wineserver" -w
for f in $files uninstall.exe; do [ -f "$dir/$f" ] || fail "not installed: $f"; done
echo "files: $(cd "$dir" && find . -type f | sort | tr '\n' ' ')"
[ -f "$lnk" ] || fail "no Start-menu shortcut"
# The shortcut should carry the app id casa.exe sets (System.AppUserModel.ID, UTF-16).
utf16_id='o\x00r\x00g\x00\.\x00c\x00a\x00s\x00a\x00a\x00t\x00l\x00a\x00s\x00\.\x00C\x00a\x00s\x00a\x00'
if grep -qaP "$utf16_id" "$lnk"; then
  echo "Start-menu shortcut: CASA.lnk, app id org.casaatlas.Casa"
else
  echo "Start-menu shortcut: CASA.lnk; the app id is not in the file Wine wrote (its shell link may not keep the property; not checkable here)"
fi
[ "$(reg_value "$uninstall" DisplayName)" = "CASA" ] || fail "not in Apps & features"
[ "$(reg_value "$uninstall" DisplayVersion)" = "$version" ] || fail "DisplayVersion"
case "$(reg_value "$uninstall" QuietUninstallString)" in *'uninstall.exe" /S') ;; *) fail "QuietUninstallString" ;; esac
case "$(reg_default "HKCU\\$app_paths")" in *'\CASA\casa.exe') ;; *) fail "no App Paths entry" ;; esac
path=$(reg_value 'HKCU\Environment' Path)
echo "user PATH: $path"
[ "$path" = "$user_path;C:\\users\\$(whoami)\\AppData\\Local\\Programs\\CASA" ] \
  || fail "PATH is not the user's with CASA's folder added: $path"
# A new terminal finds casa on PATH.
out=$(wine cmd /c "casa --version" 2>&1 | tr -d '\r' || true)
case "$out" in *"casa $version"*) echo "casa --version from a new cmd.exe: $out" ;; *) fail "casa on PATH: $out" ;; esac
check_types "$classes" "NSIS"
for ext in casa geojson kmz shz gpkg; do
  case "$(reg_default "$classes\\.$ext")" in org.casaatlas.Casa.*) ;; *) fail ".$ext does not open with CASA by default" ;; esac
done
[ "$(reg_default "$classes\\.kml")" = GoogleEarth.kmlfile ] || fail "the user's .kml default was taken"
[ -z "$(reg_default "$classes\\.gpx")" ] || fail "the machine's .gpx default was overridden for the user"
echo "file types: every one offers CASA; .casa .geojson .kmz .shz .gpkg open with it; .kml and .gpx stay with their programs"

echo "== silent uninstall: nothing left, the user's PATH and types as they were"
wine "$dir/uninstall.exe" /S
"$wineserver" -w
# The NSIS uninstaller copies itself to %TEMP% and runs from there: let it finish.
for _ in $(seq 1 30); do [ -d "$dir" ] || break; sleep 1; done
[ ! -e "$dir" ] || fail "left behind: $(find "$dir")"
[ ! -e "$lnk" ] || fail "the shortcut is left"
! reg_has "$uninstall" || fail "still in Apps & features"
! reg_has "HKCU\\$app_paths" || fail "App Paths left"
! reg_has "$classes\\Applications\\casa.exe" || fail "Applications\\casa.exe left"
left=$(reg_out "$classes" /s | grep -i casaatlas || true)
[ -z "$left" ] || fail "left in the user's classes: $left"
[ "$(reg_value 'HKCU\Environment' Path)" = "$user_path" ] || fail "PATH is not as it was: $(reg_value 'HKCU\Environment' Path)"
[ "$(reg_default "$classes\\.kml")" = GoogleEarth.kmlfile ] || fail "the user's .kml default was not kept"
[ "$(reg_default 'HKLM\Software\Classes\.gpx')" = Garmin.gpx ] || fail "the machine's .gpx default was touched"
echo "uninstall: no file, shortcut, file type or registry key left; PATH and the other programs' types as they were"

echo "== /NOPATH leaves PATH alone; a PATH too long to edit safely is left whole"
wine "$setup" /S /NOPATH
"$wineserver" -w
[ "$(reg_value 'HKCU\Environment' Path)" = "$user_path" ] || fail "/NOPATH changed PATH"
wine "$dir/uninstall.exe" /S
"$wineserver" -w
for _ in $(seq 1 30); do [ -d "$dir" ] || break; sleep 1; done
long_path="$user_path$(printf ';C:\\Program Files\\Vendor%02d\\bin' $(seq 1 40))"
wine reg add 'HKCU\Environment' /v Path /t REG_EXPAND_SZ /d "$long_path" /f >/dev/null
"$wineserver" -w
wine "$setup" /S
"$wineserver" -w
[ "$(reg_value 'HKCU\Environment' Path)" = "$long_path" ] || fail "a ${#long_path}-character PATH was changed"
wine "$dir/uninstall.exe" /S
"$wineserver" -w
for _ in $(seq 1 30); do [ -d "$dir" ] || break; sleep 1; done
[ "$(reg_value 'HKCU\Environment' Path)" = "$long_path" ] || fail "a ${#long_path}-character PATH was changed by the uninstall"
echo "a ${#long_path}-character PATH: kept whole by the install and the uninstall"
wine reg add 'HKCU\Environment' /v Path /t REG_EXPAND_SZ /d "$user_path" /f >/dev/null

echo "== the .msi: msiexec /i /qn, as IT would"
hklm='HKLM\Software\Classes'
pf="$WINEPREFIX/drive_c/Program Files/CASA"
menu="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/CASA.lnk"
system_env='HKLM\System\CurrentControlSet\Control\Session Manager\Environment'
wine msiexec /i "$msi" /qn
"$wineserver" -w
for f in $files; do [ -f "$pf/$f" ] || fail ".msi did not install $f"; done
# Windows Installer puts a machine-wide shortcut in ProgramData's Start menu; Wine's msi
# resolves ProgramMenuFolder to the user's whatever ALLUSERS says.
user_menu="$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/CASA.lnk"
if [ -f "$menu" ]; then
  echo ".msi shortcut: ProgramData's Start menu"
elif [ -f "$user_menu" ]; then
  menu="$user_menu"
  echo ".msi shortcut: the user's Start menu (Wine's msi ignores ALLUSERS for ProgramMenuFolder)"
else
  fail ".msi: no Start-menu shortcut"
fi
reg_out 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s | grep 'DisplayName *REG_SZ *CASA$' >/dev/null \
  || fail ".msi: not in Apps & features"
case "$(reg_default "HKLM\\$app_paths")" in *'\CASA\casa.exe') ;; *) fail ".msi: no App Paths entry" ;; esac
case "$(reg_value "$system_env" PATH)" in *'Program Files\CASA'*) ;; *) fail ".msi: casa.exe not on the system PATH" ;; esac
check_types "$hklm" ".msi"
[ "$(reg_default "$hklm\\.gpx")" = Garmin.gpx ] || fail ".msi took the machine's .gpx default"
[ "$(reg_default "$hklm\\.casa")" = org.casaatlas.Casa.Briefing ] || fail ".msi: .casa does not open with CASA"
echo ".msi installed: files, Start menu, Apps & features, App Paths, system PATH, every file type under Open with"

echo "== a double-click on a briefing package: the .casa open command starts CASA with it"
# Made by the Linux build; opened through ShellExecute (what Explorer does on a double-click):
# Wine's start looks up .casa's program in the registry the installer wrote. (After the
# .msi: Wine's HKEY_CLASSES_ROOT shows the machine's classes, not the user's the NSIS
# installer writes, which Windows merges in.)
pkg="$win/double-click.casa"
CASA_DATA_DIR="$win/double-click-data" target/release/casa export --briefing --out "$pkg" >/dev/null
opened="$users/AppData/Roaming/casa/data/briefings/double-click/scenes.json"
"$wineserver" -w
WGPU_BACKEND=vulkan timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" bash -c '
  wine start /unix "$0"
  for _ in $(seq 1 120); do [ -f "$1" ] && break; sleep 1; done
  [ -f "$1" ] || { echo "CASA did not open the package" >&2; exit 3; }
  sleep 8
  import -window root "$2"' "$pkg" "$opened" "$win/double-click.png" \
  || fail "a double-click on $(basename "$pkg") did not open it in CASA"
"$wineserver" -k 2>/dev/null || true
"$wineserver" -w
spread=$(convert "$win/double-click.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
awk -v s="$spread" 'BEGIN { exit !(s + 0 >= 0.02) }' || fail "the screen after the double-click is blank"
grep -q "opened briefing package" "$users/AppData/Local/casa/logs/casa.log" \
  || fail "the log does not record the package"
echo "double-click: casa.exe started by the .casa association, the package unpacked and presented (screen grey spread $spread, $win/double-click.png)"

wine msiexec /x "$msi" /qn
"$wineserver" -w
[ ! -e "$pf" ] || fail ".msi left behind: $(find "$pf")"
[ ! -e "$menu" ] || fail ".msi left the shortcut"
left=$(reg_out "$hklm" /s | grep -i casaatlas || true)
[ -z "$left" ] || fail ".msi left in the machine's classes: $left"
! reg_has "HKLM\\$app_paths" || fail ".msi left App Paths"
after=$(reg_value "$system_env" PATH)
case "$after" in *CASA*) fail ".msi left PATH: $after" ;; esac
[ "$(reg_default "$hklm\\.gpx")" = Garmin.gpx ] || fail ".msi touched the machine's .gpx default"
echo ".msi uninstall: nothing left"

echo "== the .msi without PATH (ADDLOCAL=Main)"
wine msiexec /i "$msi" /qn ADDLOCAL=Main
"$wineserver" -w
[ -f "$pf/casa.exe" ] || fail "ADDLOCAL=Main did not install casa.exe"
case "$(reg_value "$system_env" PATH)" in *CASA*) fail "ADDLOCAL=Main put CASA on PATH" ;; esac
wine msiexec /x "$msi" /qn
"$wineserver" -w
[ ! -e "$pf" ] || fail ".msi left behind: $(find "$pf")"
echo "ADDLOCAL=Main: installed without PATH, removed"

echo "installer checks passed: $setup, $msi"
