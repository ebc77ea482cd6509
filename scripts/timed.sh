#!/usr/bin/env bash
# scripts/timed.sh LABEL COMMAND...: runs the command, then prints how long
# it took under LABEL; exits with the command's exit code (Makefile's tests).
label=$1
shift
start=$(date +%s)
"$@"
code=$?
echo "==> $label: $(( $(date +%s) - start )) s$([ $code = 0 ] || echo ", FAILED (exit $code)")"
exit $code
