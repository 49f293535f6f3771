#!/usr/bin/env bash
# Install Chromium for the browser tests through the system package manager when it is missing. Playwright
# drives this Chromium (never a browser of its own). Without it the browser tests skip locally, and fail
# when CI=true; so outside CI a failed install only warns.
set -euo pipefail
found() {
  [ -n "${ARCHGEN_CHROMIUM:-}" ] && [ -x "${ARCHGEN_CHROMIUM}" ] && return 0
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}
if found; then
  exit 0
fi
give_up() {
  echo "$1" >&2
  if [ "${CI:-}" = "true" ]; then exit 1; fi
  echo "warning: the browser tests will be skipped" >&2
  exit 0
}
echo "Chromium is missing; installing it with the system package manager (for the browser tests)..." >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd=(sudo)
  else
    if command -v apt-get >/dev/null 2>&1; then
      give_up "error: Chromium is not installed. Run: sudo apt-get update && sudo apt-get install -y chromium"
    fi
    give_up "error: Chromium is not installed and this user cannot install packages; install Chromium, or set ARCHGEN_CHROMIUM to its binary"
  fi
fi
if command -v apt-get >/dev/null 2>&1; then
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium \
    || give_up "error: apt-get could not install chromium"
elif command -v dnf >/dev/null 2>&1; then
  "${sudo_cmd[@]}" dnf install -y chromium || give_up "error: dnf could not install chromium"
else
  give_up "error: no known package manager; install Chromium, or set ARCHGEN_CHROMIUM to its binary"
fi
found || give_up "error: Chromium installed but \`chromium\` is still not on PATH"
