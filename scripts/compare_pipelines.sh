#!/usr/bin/env bash
# Cross-validates each candidate NLU pipeline in configs/ on data/nlu and
# prints intent accuracy / macro F1 and training time per config.
# Usage: scripts/compare_pipelines.sh [FOLDS] [CONFIG...]   (default: 5 folds, every configs/nlu-*.yml)
set -euo pipefail
cd "$(dirname "$0")/.."
folds=${1:-5}; shift || true
configs=("$@"); [ ${#configs[@]} -gt 0 ] || configs=(configs/nlu-*.yml)
export RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
[ -d .run/spacy-en-lemmas ] || .venv/bin/python -m bot.core.lemmas .run/spacy-en-lemmas
for config in "${configs[@]}"; do
  name=$(basename "$config" .yml)
  out=results/cross-validation/$name
  echo "==> $name: $folds-fold cross-validation"
  start=$(date +%s)
  .venv/bin/rasa test nlu --nlu data/nlu --config "$config" --cross-validation --folds "$folds" --out "$out" > "$out.log" 2>&1 || { tail -20 "$out.log"; exit 1; }
  echo "    $(( $(date +%s) - start )) s for $folds folds"
  .venv/bin/python scripts/summarise_cross_validation.py "$out"
done
