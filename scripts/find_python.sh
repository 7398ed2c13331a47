#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it). The machine's default python3 may be
# 3.11; its pyenv builds of 3.12/3.13 are found by file, so this works under a bare PATH too.
set -u
root="${PYENV_ROOT:-$HOME/.pyenv}"
for v in 3.12 3.13 3.14; do
  for p in $(ls -d "$root"/versions/"$v".*/bin/python"$v" 2>/dev/null | sort -V -r) \
           "$(command -v "python$v" 2>/dev/null || true)" "$(command -v python3 2>/dev/null || true)"; do
    if [ -n "$p" ] && "$p" -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then
      echo "$p"; exit 0
    fi
  done
done
echo "No se encontró Python 3.12 o más reciente (Django 6 lo exige)." >&2
echo "Instálelo (por ejemplo 'pyenv install 3.12' o el paquete python3.12 de su sistema) y repita." >&2
exit 1
