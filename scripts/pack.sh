#!/usr/bin/env bash
# Packs every package (packages.slnf) in one pass, at one version, with symbols (.snupkg).
#
#   scripts/pack.sh --version 0.2.0              a release: Release build, deterministic paths, needs a CHANGELOG entry
#   scripts/pack.sh                              a local pack: 0.1.0-local.<UTC timestamp>, for trying packages out
#   options: --output DIR (default artifacts/packages/<version or local>), --configuration C (default Release)
set -euo pipefail
cd "$(dirname "$0")/.."

version="" output="" configuration=Release
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --output) output=${2:?--output needs a value}; shift 2 ;;
    --configuration) configuration=${2:?--configuration needs a value}; shift 2 ;;
    *) echo "pack.sh: unknown argument '$1' (see the comment at the top of scripts/pack.sh)" >&2; exit 2 ;;
  esac
done

args=(pack packages.slnf -c "$configuration" -nologo)
if [ -n "$version" ]; then
  if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    echo "pack.sh: '$version' is not a version (major.minor.patch, optionally -prerelease)" >&2; exit 2
  fi
  # A release says what changed: the packages point at CHANGELOG.md.
  if ! grep -qE "^## \[$(printf '%s' "$version" | sed 's/[.]/\\./g')\]" CHANGELOG.md; then
    echo "pack.sh: CHANGELOG.md has no '## [$version]' section: add one before releasing" >&2; exit 2
  fi
  args+=(-p:Version="$version" -p:ContinuousIntegrationBuild=true)
fi
output=${output:-artifacts/packages/${version:-local}}
args+=(-o "$output")
dotnet "${args[@]}"
echo "packed into $output:"
ls -1 "$output"
