#!/usr/bin/env bash
# Seeds each target's corpus with the repository's own inputs (fixtures and broken
# cases), named by content hash so reruns add nothing twice.
set -euo pipefail
cd "$(dirname "$0")"
seed() { # target, find arguments...
  local target=$1; shift
  mkdir -p "corpus/$target"
  find ../rules ../tests/broken ../tests/config ../tests/baselines "$@" -type f -size -16k -print0 |
    while IFS= read -r -d '' file; do cp "$file" "corpus/$target/$(sha1sum < "$file" | cut -c1-16)"; done
}
seed template_json -name '*.json' ! -name manifest.json ! -name '*.assets.json'
seed template_yaml \( -name '*.yaml' -o -name '*.yml' \)
seed manifest -name manifest.json
seed config -path '*config*' -name '*.yaml'
seed rule_pack -path '*packs*' -name '*.yaml'
seed lockfile -name 'cfnlint-lock.json'
# Templates as text for the renderer: their first 12 bytes become its stretch, place and spans.
seed human_render -name '*.json' ! -name manifest.json ! -name '*.assets.json'
