#!/usr/bin/env bash
# Installs code-server's built VS Code offline into CACHE/code-server-<version>, once.
# The package's own install scripts download things, so they are skipped and the native
# modules are rebuilt against this machine's Node instead.
set -euo pipefail
cache="$1"
version="${CODE_SERVER_VERSION:-4.100.3}"
dir="$cache/code-server-$version"
vscode="$dir/node_modules/code-server/lib/vscode"
log() { printf '[provision] %s\n' "$*" >&2; }

if [[ -f "$dir/.complete" ]]; then exit 0; fi
if ! command -v rg >/dev/null; then log "ripgrep missing: cannot finish code-server"; exit 1; fi
log "installing code-server $version into $dir (a few minutes, once)"
rm -rf "$dir"; mkdir -p "$dir"
cd "$dir"
npm init -y >/dev/null
npm install --ignore-scripts --no-audit --no-fund "code-server@$version" >/dev/null
cd "$vscode"
npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null
npm_config_yes=true npm_config_nodedir=/usr npm rebuild @parcel/watcher @vscode/spdlog kerberos native-watchdog node-pty @vscode/deviceid >/dev/null
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
[[ -e node_modules.asar ]] || ln -s node_modules node_modules.asar
touch "$dir/.complete"
log "code-server ready"
