#!/usr/bin/env bash
# Install Graphviz's `dot` through the system package manager when it is missing,
# or say exactly what to run when we cannot.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
echo "Graphviz (dot) is missing; installing it with the system package manager..." >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo)
  else
    sudo_cmd=(__cannot__)
  fi
fi
install() {
  if [ "${sudo_cmd[0]:-}" = "__cannot__" ]; then
    echo "error: Graphviz is not installed and this user cannot install packages. Run: sudo $*" >&2
    exit 1
  fi
  "${sudo_cmd[@]}" "$@"
}
if command -v apt-get >/dev/null 2>&1; then
  if [ "${sudo_cmd[0]:-}" = "__cannot__" ]; then
    echo "error: Graphviz is not installed. Run: sudo apt-get update && sudo apt-get install -y graphviz" >&2
    exit 1
  fi
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  install env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz
elif command -v dnf >/dev/null 2>&1; then
  install dnf install -y graphviz
elif command -v brew >/dev/null 2>&1; then
  brew install graphviz
else
  echo "error: Graphviz is not installed and no known package manager was found; install it from https://graphviz.org/download/" >&2
  exit 1
fi
command -v dot >/dev/null 2>&1 || { echo "error: Graphviz installed but \`dot\` is still not on PATH" >&2; exit 1; }
