#!/usr/bin/env bash
# Create the project's virtual environment. Stock Debian ships Python without `ensurepip`;
# install python3-venv through apt when we can, or say exactly what to run.
set -euo pipefail
python="${1:-python3}"
venv="${2:-.venv}"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "archgen needs Python 3.11 or newer: run make with PYTHON=python3.11")'
if "$python" -m venv "$venv" 2>/dev/null; then
  exit 0
fi
rm -rf "$venv"
version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
package="python${version}-venv"
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Python's venv module is missing; installing $package with apt-get..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" || apt-get install -y -qq python3-venv
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "Python's venv module is missing; installing $package with sudo apt-get..." >&2
    sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" || sudo apt-get install -y -qq python3-venv
  else
    echo "error: Python's venv module is missing. Run: sudo apt-get install $package" >&2
    exit 1
  fi
  "$python" -m venv "$venv"
else
  echo "error: \`$python -m venv\` failed; install your distribution's venv package for Python $version" >&2
  exit 1
fi
