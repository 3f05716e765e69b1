#!/usr/bin/env bash
# Builds CASA's Windows installers around the casa.exe tools/windows/build.sh built: the
# per-user NSIS .exe (packaging/windows/casa.nsi, makensis) and the per-machine .msi
# (packaging/windows/casa.wxs, wixl). Installs each silently under Wine, checks what a
# Windows user and an IT department would (files, Start menu, Apps & features, PATH, every
# file type with its icon, the shortcut's app id), uninstalls it and checks that nothing is
# left.
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

echo "== the installer, built with $(makensis -VERSION)"
rm -rf "$stage" && mkdir -p "$stage/licenses"
cp "$win/casa.exe" packaging/icons/casa.ico "$stage/"
# Windows' Notepad wants \r\n; the texts are the repository's.
crlf() { sed 's/$/\r/' "$1" > "$2"; }
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
msiinfo export "$msi" Property | grep -q "^ALLUSERS"$'\t'"1" || fail "the .msi is not for the whole machine"
msiinfo export "$msi" MsiShortcutProperty | tail -n 1 | grep -q "org.casaatlas.Casa" || fail "no app id in the .msi"
ls -l "$msi"

# What the checks read: a key or value in the registry (reg.exe, as an admin would).
reg_has() { wine reg query "$@" >/dev/null 2>&1; }
reg_value() { { wine reg query "$1" /v "$2" 2>/dev/null || true; } | tr -d '\r' | sed -n "s/^ *$2 *REG_[A-Z_]* *//p"; }
users="$WINEPREFIX/drive_c/users/$(whoami)"
dir="$users/AppData/Local/Programs/CASA"
lnk="$users/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/CASA.lnk"
classes='HKCU\Software\Classes'
uninstall='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\org.casaatlas.Casa'
types="geojson:GeoJSON kml:KML kmz:KMZ gpx:GPX shz:ZippedShapefile gpkg:GeoPackage csv:CSV tsv:TSV json:JSON zip:Zip shp:Shapefile"

echo "== silent install (/S), as IT would"
wineboot -i >/dev/null 2>&1 || true
"$wineserver" -w
wine "$setup" /S
"$wineserver" -w
for f in casa.exe uninstall.exe LICENSE-MIT.txt LICENSE-APACHE.txt NOTICE.txt \
  THIRD-PARTY-LICENSES.txt licenses/font-ubuntu.txt; do
  [ -f "$dir/$f" ] || fail "not installed: $f"
done
echo "files: $(cd "$dir" && find . -type f | sort | tr '\n' ' ')"
[ -f "$lnk" ] || fail "no Start-menu shortcut"
# The shortcut carries the app id casa.exe sets (System.AppUserModel.ID, UTF-16).
utf16_id='o\x00r\x00g\x00\.\x00c\x00a\x00s\x00a\x00a\x00t\x00l\x00a\x00s\x00\.\x00C\x00a\x00s\x00a\x00'
if grep -qaP "$utf16_id" "$lnk"; then
  echo "Start-menu shortcut: CASA.lnk, app id org.casaatlas.Casa"
else
  echo "Start-menu shortcut: CASA.lnk; the app id is not in the file Wine wrote (its shell link may not keep the property; not checkable here)"
fi
[ "$(reg_value "$uninstall" DisplayName)" = "CASA" ] || fail "not in Apps & features"
[ "$(reg_value "$uninstall" DisplayVersion)" = "$version" ] || fail "DisplayVersion"
reg_value "$uninstall" QuietUninstallString | grep -q 'uninstall.exe" /S' || fail "QuietUninstallString"
path=$(reg_value 'HKCU\Environment' Path)
echo "user PATH: $path"
case ";$path;" in *"Programs\\CASA;"*) ;; *) fail "casa.exe is not on PATH" ;; esac
# A new terminal finds casa on PATH.
wine cmd /c "casa --version" | tr -d '\r' | grep -q "^casa $version$" || fail "casa on PATH does not run"
echo "casa --version from a new cmd.exe: ok"
for t in $types; do
  ext=${t%%:*} progid="org.casaatlas.Casa.${t#*:}"
  reg_has "$classes\\.$ext\\OpenWithProgids" /v "$progid" || fail ".$ext: no Open with CASA"
  wine reg query "$classes\\$progid\\DefaultIcon" /ve 2>/dev/null | grep -qi 'casa.exe,0' \
    || fail "$progid: no icon"
  wine reg query "$classes\\$progid\\shell\\open\\command" 2>/dev/null | grep -q 'casa.exe" "%1"' \
    || fail "$progid: no open command"
done
for ext in geojson kml kmz gpx shz gpkg; do
  wine reg query "$classes\\.$ext" /ve 2>/dev/null | grep -q "org.casaatlas.Casa" \
    || fail ".$ext does not open with CASA by default"
done
echo "file types: every one opens with CASA (default for .geojson .kml .kmz .gpx .shz .gpkg)"

echo "== silent uninstall, and nothing left"
wine "$dir/uninstall.exe" /S
"$wineserver" -w
# The NSIS uninstaller copies itself to %TEMP% and runs from there: let it finish.
for _ in $(seq 1 30); do [ -d "$dir" ] || break; sleep 1; done
[ ! -e "$dir" ] || fail "left behind: $(find "$dir")"
[ ! -e "$lnk" ] || fail "the shortcut is left"
reg_has "$uninstall" && fail "still in Apps & features"
for t in $types; do
  ext=${t%%:*} progid="org.casaatlas.Casa.${t#*:}"
  reg_has "$classes\\$progid" && fail "$progid left behind"
  wine reg query "$classes\\.$ext" /s 2>/dev/null | grep -q org.casaatlas && fail ".$ext still names CASA"
done
path=$(reg_value 'HKCU\Environment' Path)
case "$path" in *CASA*) fail "PATH still has CASA: $path" ;; esac
reg_has "$classes\\Applications\\casa.exe" && fail "Applications\\casa.exe left"
echo "uninstall: no file, shortcut, file type, PATH entry or registry key left"

echo "== /NOPATH leaves PATH alone"
wine "$setup" /S /NOPATH
"$wineserver" -w
path=$(reg_value 'HKCU\Environment' Path)
case "$path" in *CASA*) fail "/NOPATH: PATH has CASA: $path" ;; esac
wine "$dir/uninstall.exe" /S
"$wineserver" -w

echo "== the .msi: msiexec /i /qn, as IT would"
hklm='HKLM\Software\Classes'
pf="$WINEPREFIX/drive_c/Program Files/CASA"
menu="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/CASA.lnk"
system_env='HKLM\System\CurrentControlSet\Control\Session Manager\Environment'
wine msiexec /i "$msi" /qn
"$wineserver" -w
for f in casa.exe LICENSE-MIT.txt LICENSE-APACHE.txt NOTICE.txt THIRD-PARTY-LICENSES.txt \
  licenses/font-ubuntu.txt; do
  [ -f "$pf/$f" ] || fail ".msi did not install $f"
done
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
wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null \
  | tr -d '\r' | grep -q 'DisplayName *REG_SZ *CASA$' || fail ".msi: not in Apps & features"
reg_value "$system_env" PATH | grep -qi 'Program Files\\CASA' || fail ".msi: casa.exe not on the system PATH"
for t in $types; do
  ext=${t%%:*} progid="org.casaatlas.Casa.${t#*:}"
  reg_has "$hklm\\.$ext\\OpenWithProgids" /v "$progid" || fail ".msi: .$ext has no Open with CASA"
  wine reg query "$hklm\\$progid\\DefaultIcon" 2>/dev/null | grep -qi 'casa.exe,0' || fail ".msi: $progid: no icon"
done
echo ".msi installed: files, Start menu, Apps & features, system PATH, every file type"
wine msiexec /x "$msi" /qn
"$wineserver" -w
[ ! -e "$pf" ] || fail ".msi left behind: $(find "$pf")"
[ ! -e "$menu" ] || fail ".msi left the shortcut"
wine reg query "$hklm" 2>/dev/null | grep -qi casaatlas && fail ".msi left a file type"
reg_value "$system_env" PATH | grep -qi 'CASA' && fail ".msi left PATH: $(reg_value "$system_env" PATH)"
echo ".msi uninstall: nothing left"

echo "installer checks passed: $setup, $msi"
