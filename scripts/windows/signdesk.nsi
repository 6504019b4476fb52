; SignDesk 签约台 — the Windows installer (built by scripts/windows.sh installer with
; Debian's makensis; defines: VERSION, DIST — the folder with the .exe files, OUTFILE,
; REPO). Ours rather than the Tauri bundler's NSIS target: that target cannot be built
; on a Linux host offline (it downloads a plugin DLL at build time).
;
; Per user: no administrator rights, installed under %LOCALAPPDATA%\Programs\SignDesk,
; a Start-menu folder 签约台, an entry in 应用和功能. The archive lives elsewhere (the
; user's data folder, %APPDATA%\cn.signdesk.app) and uninstalling never touches it.
; WebView2: present on Windows 10 (since 2021 updates) and 11; the installer checks
; for the runtime and, when it is missing, says what to install from IT's offline
; package — it downloads nothing.

Unicode true
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!include "MUI2.nsh"
!include "LogicLib.nsh"

!define APP "SignDesk"
!define APP_ZH "签约台"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP}"
; The Evergreen WebView2 Runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

Name "${APP_ZH} ${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "${APP_ZH} ${VERSION}"

!define MUI_ICON "${REPO}\icons\icon.ico"
!define MUI_UNICON "${REPO}\icons\icon.ico"
!define MUI_ABORTWARNING

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\signdesk.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Chinese first: the installer follows the Windows display language, else Chinese.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString WebView2Missing ${LANG_SIMPCHINESE} "这台电脑上没有 Microsoft Edge WebView2 运行时，签约台的窗口需要它。$\r$\n$\r$\n请向信息部门索取“WebView2 运行时独立安装程序（Evergreen Standalone Installer）”安装后再打开签约台。命令行工具 signdesk-cli 不需要它，现在即可使用。"
LangString WebView2Missing ${LANG_ENGLISH} "This computer has no Microsoft Edge WebView2 Runtime, which the SignDesk window needs.$\r$\n$\r$\nAsk IT for the WebView2 Runtime Evergreen Standalone Installer and install it, then open SignDesk. The command-line tool signdesk-cli does not need it and works now."
LangString KeepsArchive ${LANG_SIMPCHINESE} "卸载只删除程序；协议档案库（%APPDATA%\cn.signdesk.app）保留在原处。"
LangString KeepsArchive ${LANG_ENGLISH} "Uninstalling removes the program only; the agreement archive (%APPDATA%\cn.signdesk.app) stays where it is."

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductName" "${APP_ZH} ${APP}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileDescription" "${APP_ZH} 安装程序"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_SIMPCHINESE} "LegalCopyright" "SignDesk"

Function .onInit
  SetShellVarContext current
FunctionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

; Whether the WebView2 runtime is installed (per machine or per user).
Function WebView2Present
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "SignDesk"
  SetOutPath "$INSTDIR"
  File "${DIST}\signdesk.exe"
  File "${DIST}\signdesk-cli.exe"
  File /nonfatal "${DIST}\WebView2Loader.dll"
  ; The fonts inside the programs and their licences.
  File "/oname=字体许可.md" "${REPO}\src-tauri\crates\typeset\fonts\LICENSES.md"
  File "/oname=OFL.txt" "${REPO}\src-tauri\crates\typeset\fonts\OFL.txt"

  CreateDirectory "$SMPROGRAMS\${APP_ZH}"
  CreateShortcut "$SMPROGRAMS\${APP_ZH}\${APP_ZH}.lnk" "$INSTDIR\signdesk.exe"
  CreateShortcut "$SMPROGRAMS\${APP_ZH}\卸载${APP_ZH}.lnk" "$INSTDIR\uninstall.exe"

  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_ZH} ${APP}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "SignDesk"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\signdesk.exe"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1

  Call WebView2Present
  ${If} $0 == ""
    ; Silent installs (IT's deployment) only log it; the app says the same at start.
    DetailPrint "WebView2 runtime: missing"
    MessageBox MB_OK|MB_ICONINFORMATION "$(WebView2Missing)" /SD IDOK
  ${Else}
    DetailPrint "WebView2 runtime: $0"
  ${EndIf}
SectionEnd

Section "Uninstall"
  DetailPrint "$(KeepsArchive)"
  Delete "$INSTDIR\signdesk.exe"
  Delete "$INSTDIR\signdesk-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\字体许可.md"
  Delete "$INSTDIR\OFL.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP_ZH}\${APP_ZH}.lnk"
  Delete "$SMPROGRAMS\${APP_ZH}\卸载${APP_ZH}.lnk"
  RMDir "$SMPROGRAMS\${APP_ZH}"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
