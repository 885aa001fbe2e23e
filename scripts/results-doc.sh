#!/usr/bin/env bash
# Assemble the per-run sections of docs/results.md from `compare` output folders:
# copies each folder's summary tables and SVG plots under docs/results/<name>/ and prints
# the markdown sections (summary without its title, plus the headline table).
# Usage: bash scripts/results-doc.sh runs/compare-8gaussians runs/compare-moons ...
set -euo pipefail
cd "$(dirname "$0")/.."
for dir in "$@"; do
  name=$(basename "$dir")
  mkdir -p "docs/results/$name"
  cp "$dir"/*.svg "$dir/summary.md" "$dir/summary.json" "docs/results/$name/"
  echo "### ${name#compare-}"
  echo
  tail -n +2 "$dir/summary.md" | sed "s#](sw2-vs-#](results/$name/sw2-vs-#g; s#](fd-vs-#](results/$name/fd-vs-#g; s#^## #### #"
  echo
  echo "Iterations (and total passes) to reach vanilla's final distance to the teacher (SW2; FD for MNIST), median over seeds (\`npx tsx scripts/headline.mts $dir\`):"
  echo
  npx tsx scripts/headline.mts "$dir"
  echo
done
