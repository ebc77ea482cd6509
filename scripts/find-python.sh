#!/usr/bin/env bash
# Prints the path of a CPython 3.10 interpreter (Rasa 3.6 does not run on 3.11+).
# Looks at $PYTHON, then pyenv's 3.10.x, then python3.10 on PATH; exits 1 with a
# clear message when none is found.
set -u

is_py310() { [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for dir in $(ls -d "$root"/versions/3.10.* 2>/dev/null | sort -rV); do
    candidates+=("$dir/bin/python3.10")
  done
fi
for dir in "$HOME"/.pyenv/versions/3.10.*; do candidates+=("$dir/bin/python3.10"); done
for name in python3.10 python3; do
  path=$(command -v "$name" 2>/dev/null) && candidates+=("$path")
done

for py in "${candidates[@]}"; do
  if is_py310 "$py"; then echo "$py"; exit 0; fi
done
echo "error: Python 3.10 not found. Rasa 3.6 needs CPython 3.10 (3.11+ is not supported)." >&2
echo "       Install it (e.g. 'pyenv install 3.10.13') or set PYTHON=/path/to/python3.10." >&2
exit 1
