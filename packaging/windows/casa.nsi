; CASA's Windows installer (NSIS 3, built by tools/windows/installers.sh with makensis).
;
; Installs for the current user, with no administrator rights, into
; %LOCALAPPDATA%\Programs\CASA: casa.exe, the licences and notices, a Start-menu shortcut
; carrying the app id the program sets at run time (one taskbar button when pinned), the
; uninstaller in Apps & features, casa.exe on the user's PATH, and "Open with CASA" for
; every file type CASA reads. The uninstaller takes all of it back.
;
; Silent install for IT (docs/PACKAGING.md):
;   casa-VERSION-setup.exe /S [/NOPATH] [/D=C:\Path\To\CASA]     (/D last, unquoted)
;   "%LOCALAPPDATA%\Programs\CASA\uninstall.exe" /S
;
; makensis -DVERSION=0.1.0 -DSTAGE=<folder with casa.exe and the licences> -DOUT=<setup.exe>

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z"
!endif
!ifndef STAGE
  !error "makensis -DSTAGE=folder"
!endif
!ifndef OUT
  !define OUT "casa-${VERSION}-setup.exe"
!endif

!define APP_ID "org.casaatlas.Casa"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define CLASSES "Software\Classes"

Name "CASA"
Caption "CASA ${VERSION} Setup"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\CASA"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
BrandingText "CASA — Central Asia Security Atlas"
VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "CASA"
VIAddVersionKey "FileDescription" "CASA ${VERSION} Setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "CompanyName" "The CASA developers"
VIAddVersionKey "LegalCopyright" "The CASA developers; MIT OR Apache-2.0"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WordFunc.nsh"
!include "WinMessages.nsh"
!include "Win\COM.nsh"
!include "Win\Propkey.nsh"

!define MUI_ICON "${STAGE}\casa.ico"
!define MUI_UNICON "${STAGE}\casa.ico"
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\casa.exe"
!define MUI_FINISHPAGE_RUN_TEXT "Start CASA"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

; One file type: its extension, CASA's ProgID for it, what Explorer calls it, and whether
; CASA becomes its default program when no other program is (0: only "Open with").
!macro Type ext progid description default
  WriteRegStr HKCU "${CLASSES}\${progid}" "" "${description}"
  WriteRegStr HKCU "${CLASSES}\${progid}\DefaultIcon" "" "$INSTDIR\casa.exe,0"
  WriteRegStr HKCU "${CLASSES}\${progid}\shell\open\command" "" '"$INSTDIR\casa.exe" "%1"'
  WriteRegStr HKCU "${CLASSES}\.${ext}\OpenWithProgids" "${progid}" ""
  WriteRegStr HKCU "${CLASSES}\Applications\casa.exe\SupportedTypes" ".${ext}" ""
  !if ${default} == 1
    ; The user's classes, then the machine's (another program's default set for the
    ; whole machine counts); both asked, as HKCR merges them on Windows but not in Wine.
    ReadRegStr $0 HKCU "${CLASSES}\.${ext}" ""
    ${If} $0 == ""
      ReadRegStr $0 HKLM "${CLASSES}\.${ext}" ""
    ${EndIf}
    ${If} $0 == ""
      WriteRegStr HKCU "${CLASSES}\.${ext}" "" "${progid}"
    ${EndIf}
  !endif
!macroend

!macro UnType ext progid
  DeleteRegKey HKCU "${CLASSES}\${progid}"
  DeleteRegValue HKCU "${CLASSES}\.${ext}\OpenWithProgids" "${progid}"
  DeleteRegKey /ifempty HKCU "${CLASSES}\.${ext}\OpenWithProgids"
  ReadRegStr $0 HKCU "${CLASSES}\.${ext}" ""
  ${If} $0 == "${progid}"
    DeleteRegValue HKCU "${CLASSES}\.${ext}" ""
  ${EndIf}
  DeleteRegKey /ifempty HKCU "${CLASSES}\.${ext}"
!macroend

; Every type CASA opens: its briefing package (.casa, src/data/package.rs) and the layers
; (src/data/user_layer/mod.rs, LayerFormat::EXTENSIONS, and .shz, the zipped Shapefile's own). Generic types (.json, .csv, .tsv, .zip, .shp): "Open with" only.
!macro Types action
  !insertmacro ${action} casa "${APP_ID}.Briefing" "CASA briefing package" 1
  !insertmacro ${action} geojson "${APP_ID}.GeoJSON" "GeoJSON map data" 1
  !insertmacro ${action} kml "${APP_ID}.KML" "KML map data" 1
  !insertmacro ${action} kmz "${APP_ID}.KMZ" "KMZ map data (zipped KML)" 1
  !insertmacro ${action} gpx "${APP_ID}.GPX" "GPX track data" 1
  !insertmacro ${action} shz "${APP_ID}.ZippedShapefile" "Zipped Shapefile" 1
  !insertmacro ${action} gpkg "${APP_ID}.GeoPackage" "OGC GeoPackage" 1
  !insertmacro ${action} csv "${APP_ID}.CSV" "Table of sites (CSV)" 0
  !insertmacro ${action} tsv "${APP_ID}.TSV" "Table of sites (TSV)" 0
  !insertmacro ${action} json "${APP_ID}.JSON" "GeoJSON map data" 0
  !insertmacro ${action} zip "${APP_ID}.Zip" "Zipped Shapefile" 0
  !insertmacro ${action} shp "${APP_ID}.Shapefile" "Shapefile" 0
!macroend
!macro UnTypes
  !insertmacro UnType casa "${APP_ID}.Briefing"
  !insertmacro UnType geojson "${APP_ID}.GeoJSON"
  !insertmacro UnType kml "${APP_ID}.KML"
  !insertmacro UnType kmz "${APP_ID}.KMZ"
  !insertmacro UnType gpx "${APP_ID}.GPX"
  !insertmacro UnType shz "${APP_ID}.ZippedShapefile"
  !insertmacro UnType gpkg "${APP_ID}.GeoPackage"
  !insertmacro UnType csv "${APP_ID}.CSV"
  !insertmacro UnType tsv "${APP_ID}.TSV"
  !insertmacro UnType json "${APP_ID}.JSON"
  !insertmacro UnType zip "${APP_ID}.Zip"
  !insertmacro UnType shp "${APP_ID}.Shapefile"
!macroend

; The Start-menu shortcut, made through IShellLink so it can carry the app id
; (System.AppUserModel.ID) casa.exe sets at run time: Windows then treats the pinned
; shortcut and the running window as one program.
Function MakeShortcut
  !insertmacro ComHlpr_CreateInProcInstance ${CLSID_ShellLink} ${IID_IShellLink} r0 ""
  ${If} $0 P= 0
    ; No COM: a plain shortcut still starts CASA.
    CreateShortcut "$SMPROGRAMS\CASA.lnk" "$INSTDIR\casa.exe" "" "$INSTDIR\casa.exe" 0
    Return
  ${EndIf}
  ${IShellLink::SetPath} $0 '("$INSTDIR\casa.exe").r1'
  ${IShellLink::SetIconLocation} $0 '("$INSTDIR\casa.exe",0).r1'
  ${IShellLink::SetDescription} $0 '("Central Asia Security Atlas").r1'
  ${IShellLink::SetWorkingDirectory} $0 '("$INSTDIR").r1'
  ${IUnknown::QueryInterface} $0 '("${IID_IPropertyStore}",.r1)'
  ${If} $1 P<> 0
    System::Call '*${SYSSTRUCT_PROPERTYKEY}(${PKEY_AppUserModel_ID})p.r2'
    System::Call '*(&w${NSIS_MAX_STRLEN} "${APP_ID}")p.r4'
    System::Call '*${SYSSTRUCT_PROPVARIANT}(${VT_LPWSTR},,p r4)p.r3'
    ${IPropertyStore::SetValue} $1 '($2,$3)'
    ${IPropertyStore::Commit} $1 ""
    System::Free $2
    System::Free $3
    System::Free $4
    ${IUnknown::Release} $1 ""
  ${EndIf}
  ${IUnknown::QueryInterface} $0 '("${IID_IPersistFile}",.r1)'
  ${If} $1 P<> 0
    ${IPersistFile::Save} $1 '("$SMPROGRAMS\CASA.lnk",1)'
    ${IUnknown::Release} $1 ""
  ${EndIf}
  ${IUnknown::Release} $0 ""
FunctionEnd

Section "CASA" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${STAGE}\casa.exe"
  File "${STAGE}\LICENSE-MIT.txt"
  File "${STAGE}\LICENSE-APACHE.txt"
  File "${STAGE}\NOTICE.txt"
  File "${STAGE}\THIRD-PARTY-LICENSES.txt"
  SetOutPath "$INSTDIR\licenses"
  File "${STAGE}\licenses\*.txt"
  SetOutPath "$INSTDIR"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  Call MakeShortcut

  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "CASA"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "The CASA developers"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\casa.exe,0"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" $0
  ; Win+R "casa" finds it even without PATH.
  WriteRegStr HKCU "Software\Microsoft\Windows\CurrentVersion\App Paths\casa.exe" "" "$INSTDIR\casa.exe"

  WriteRegStr HKCU "${CLASSES}\Applications\casa.exe" "FriendlyAppName" "CASA"
  WriteRegStr HKCU "${CLASSES}\Applications\casa.exe\DefaultIcon" "" "$INSTDIR\casa.exe,0"
  WriteRegStr HKCU "${CLASSES}\Applications\casa.exe\shell\open\command" "" '"$INSTDIR\casa.exe" "%1"'
  !insertmacro Types Type
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

; $R9: the length of the user's Path in characters, -1 if there is none. Asked of the
; registry itself (RegGetValueW, sizing only), as NSIS strings hold at most
; ${NSIS_MAX_STRLEN} characters: a longer Path would read as empty and be lost if written.
!macro PathLength un
Function ${un}PathLength
  ; HKEY_CURRENT_USER, RRF_RT_ANY | RRF_NOEXPAND; $9: the size in bytes, NUL included.
  System::Call 'advapi32::RegGetValueW(p 0x80000001, w "Environment", w "Path", i 0x1000ffff, p 0, p 0, *i .r9) i .r8'
  ${If} $8 = 0
    IntOp $R9 $9 / 2
    IntOp $R9 $R9 - 1
  ${Else}
    StrCpy $R9 -1
  ${EndIf}
FunctionEnd
!macroend
!insertmacro PathLength ""
!insertmacro PathLength "un."

Section "casa on PATH (terminal)" SecPath
  Call PathLength
  StrLen $3 "$INSTDIR"
  IntOp $4 $R9 + $3
  IntOp $4 $4 + 2
  ${If} $R9 < 0
    WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    WriteRegDWORD HKCU "${UNINSTALL_KEY}" "AddedToPath" 1
  ${ElseIf} $4 >= ${NSIS_MAX_STRLEN}
    DetailPrint "Your PATH is too long for this installer to extend safely: left as it is. Add $INSTDIR to it yourself to run casa in a terminal."
  ${Else}
    ClearErrors
    ReadRegStr $0 HKCU "Environment" "Path"
    ${IfNot} ${Errors}
      ${WordFind} ";$0;" ";$INSTDIR;" "E+1{" $1
      ${If} ${Errors}
        ${If} $0 == ""
          WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
        ${Else}
          WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
        ${EndIf}
        WriteRegDWORD HKCU "${UNINSTALL_KEY}" "AddedToPath" 1
      ${EndIf}
    ${EndIf}
  ${EndIf}
  SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
SectionEnd

Function .onInit
  ; casa.exe is 64-bit: its registry is the 64-bit view (the installer itself is 32-bit).
  SetRegView 64
  ; /NOPATH on the command line (silent installs): leave PATH alone.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} "$0" "/NOPATH" $1
  ${IfNot} ${Errors}
    SectionSetFlags ${SecPath} 0
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
FunctionEnd

Section "Uninstall"
  ; PATH: only the entry this installer added.
  ReadRegDWORD $0 HKCU "${UNINSTALL_KEY}" "AddedToPath"
  Call un.PathLength
  ${If} $0 = 1
  ${AndIf} $R9 >= 0
    ClearErrors
    ReadRegStr $1 HKCU "Environment" "Path"
    ${If} ${Errors}
    ${OrIf} $R9 >= ${NSIS_MAX_STRLEN}
      DetailPrint "Your PATH is too long for this uninstaller to edit safely: remove $INSTDIR from it yourself."
    ${Else}
      ${WordReplace} ";$1;" ";$INSTDIR;" ";" "+" $2
      ; Trim the separators added above.
      StrCpy $2 $2 "" 1
      StrCpy $2 $2 -1
      ${If} $2 == ""
        DeleteRegValue HKCU "Environment" "Path"
      ${Else}
        WriteRegExpandStr HKCU "Environment" "Path" "$2"
      ${EndIf}
      SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=500
    ${EndIf}
  ${EndIf}
  !insertmacro UnTypes
  DeleteRegKey HKCU "${CLASSES}\Applications\casa.exe"
  DeleteRegKey HKCU "Software\Microsoft\Windows\CurrentVersion\App Paths\casa.exe"
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  Delete "$SMPROGRAMS\CASA.lnk"
  Delete "$INSTDIR\casa.exe"
  Delete "$INSTDIR\LICENSE-MIT.txt"
  Delete "$INSTDIR\LICENSE-APACHE.txt"
  Delete "$INSTDIR\NOTICE.txt"
  Delete "$INSTDIR\THIRD-PARTY-LICENSES.txt"
  RMDir /r "$INSTDIR\licenses"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  ; The user's own files (%APPDATA%\casa, %LOCALAPPDATA%\casa) are theirs: left in place.
SectionEnd
