; Inno Setup 6 script: per-user installer of hospital-sec-desk. No administrator rights
; are needed (hospital PCs are locked down): installs to %LOCALAPPDATA%\Programs and the
; user's own Start menu.
;
; Built by packaging/build.py, which passes the version and the bundle folder:
;   ISCC /DAppVersion=0.1.0 /DFileVersion=0.1.0.0 /DBundleDir=<repo>\dist\hospital-sec-desk /O<repo>\dist installer.iss
; By hand, from this folder, after `py packaging\build.py --no-installer`:
;   ISCC installer.iss
;
; This file is saved as UTF-8 with a BOM so the Japanese texts reach the compiler intact.
; Needs Inno Setup 6.3 or newer (x64compatible).

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef FileVersion
  #define FileVersion "0.0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\hospital-sec-desk"
#endif
#define AppName "病院サイバーセキュリティ点検デスク"
#define AppSlug "hospital-sec-desk"
#define ExeName "hospital-sec-desk.exe"

[Setup]
; Never change AppId: upgrades and the uninstaller find the installation through it.
AppId={{BA981F11-3088-4906-BC31-70CF2AEE4478}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppSlug}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} セットアップ
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppSlug}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\..\dist
OutputBaseFilename={#AppSlug}-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#ExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ShowLanguageDialog=no
; Ask to close a running copy before files are replaced or removed.
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[CustomMessages]
japanese.DataKept=データフォルダーは削除していません。%n%n%1%n%n回答・バックアップ・書き出したファイルはここに残っています。再インストールするとそのまま使えます。不要な場合だけ、手動で削除してください。
japanese.DirIsDataDir=このフォルダーにはインストールできません（アプリのデータフォルダーです）。%n%n%1%n%n別のフォルダーを選んでください。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the previous bundle completely: no stale DLL or .pyd of an older
; build may stay next to the new ones. Only the program folder's own _internal is removed.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#ExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#ExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

; There is deliberately no [UninstallDelete] section: the uninstaller removes only the
; files it installed. The user's data folder (%LOCALAPPDATA%\hospital-sec-desk, chosen by
; the app through platformdirs: database, backups, editions) is never deleted.

[Code]
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#AppSlug}');
end;

{ True when Path is the data folder or inside it. }
function IsInsideDataDir(Path: String): Boolean;
var
  P, D: String;
begin
  P := AddBackslash(Lowercase(Path));
  D := AddBackslash(Lowercase(DataDir()));
  Result := Copy(P, 1, Length(D)) = D;
end;

function NextButtonClick(CurPageID: Integer): Boolean;
begin
  Result := True;
  if (CurPageID = wpSelectDir) and IsInsideDataDir(WizardDirValue()) then
  begin
    MsgBox(FmtMessage(CustomMessage('DirIsDataDir'), [DataDir()]), mbError, MB_OK);
    Result := False;
  end;
end;

{ Also for silent installs with /DIR=: refuse to install into the data folder. }
function PrepareToInstall(var NeedsRestart: Boolean): String;
begin
  Result := '';
  if IsInsideDataDir(ExpandConstant('{app}')) then
    Result := FmtMessage(CustomMessage('DirIsDataDir'), [DataDir()]);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir()]), mbInformation, MB_OK);
end;
