#!/bin/sh
# Add hospital-sec-desk to the desktop's application menu for the current user.
# Run it from the unpacked bundle:  ./install-desktop-entry.sh   (undo: --remove)
# Only files under ~/.local/share are written; the app's data folder is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
name=hospital-sec-desk
apps="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$apps/$name.desktop" "$icons/$name.png"
  echo "Removed the menu entry."
  exit 0
fi
mkdir -p "$apps" "$icons"
cp "$here/$name.png" "$icons/$name.png"
sed -e "s|^Exec=.*|Exec=\"$here/$name\"|" -e "s|^Icon=.*|Icon=$icons/$name.png|" \
  "$here/$name.desktop" > "$apps/$name.desktop"
chmod 644 "$apps/$name.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$apps" >/dev/null 2>&1 || true
echo "Added: $apps/$name.desktop"
