#!/usr/bin/env bash
# Installs and caches the real test hosts: Debian packages (Docker engine, registry, Chromium,
# debootstrap, build headers), code-server's VS Code, and the stand-in .NET base images.
# Idempotent: each step checks what is already there. Heavy things live outside the repository,
# in $DOTNET_CONTAINERS_CACHE (default ~/.cache/dotnet-containers), keyed by version.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${DOTNET_CONTAINERS_CACHE:-$HOME/.cache/dotnet-containers}"
mkdir -p "$cache"

log() { printf '[provision] %s\n' "$*" >&2; }

# --- Debian packages -------------------------------------------------------------------------
packages=(docker.io docker-registry docker-compose podman podman-compose golang-github-containernetworking-plugin-dnsname busybox-static chromium debootstrap iproute2 iptables openssl openssh-server openssh-client libkrb5-dev pkg-config ripgrep apache2-utils skopeo ca-certificates curl unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    log "missing Debian packages (${missing[*]}) and no root/apt: tests that need them will skip"
  fi
fi

# --- code-server (a real VS Code 1.100.3 server + web workbench) -----------------------------
"$here/provision-code-server.sh" "$cache"
