#!/usr/bin/env bash
# The stub as a binary that needs no .NET: a self-contained publish for one platform, packed as
#   artifacts/deeplead-fake-<version>-<rid>.tar.gz   and its checksum   artifacts/deeplead-fake-<version>-<rid>.tar.gz.sha256
# The unpacked publish stays in artifacts/stub/<rid>/: the Dockerfile copies it from there (docs/stub-and-ci.md).
#
#   scripts/build-stub-archive.sh                       # linux-x64, the version the project builds
#   scripts/build-stub-archive.sh --rid linux-arm64     # another platform (osx-arm64, win-x64, ...): built the same way
#   scripts/build-stub-archive.sh --version 0.2.0
#
# Not trimmed (trimming breaks the stub) and not single-file (slower to build, no smaller once unpacked).
set -euo pipefail
cd "$(dirname "$0")/.."

rid=linux-x64
version=
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) rid=$2; shift 2 ;;
    --version) version=$2; shift 2 ;;
    *) echo "usage: $0 [--rid RID] [--version VERSION]" >&2; exit 2 ;;
  esac
done
project=src/DeepLead.Fakes.Server/DeepLead.Fakes.Server.csproj
if [ -z "$version" ]; then
  version=$(dotnet msbuild "$project" -getProperty:Version -nologo)
fi

out=artifacts/stub/$rid
name=deeplead-fake-$version-$rid
rm -rf "$out"
# ReadyToRun comes with the RID (the project asks for it): the stub starts about twice as fast precompiled. Composite:
# the runtime, ASP.NET Core and the stub precompiled as one image, so generic code across them (System.Text.Json's over
# the scenario model) is precompiled too: the first 200 comes about 70 ms sooner from the binary and 140 ms sooner from
# the container, for 25 MB more and about 1.5 minutes more to build (docs/performance.md, "Start").
# English only (the stub is culture-invariant): no satellite resource folders. Built in a folder of its own
# (--artifacts-path), so the platform-specific restore and Release build never touch the solution's obj/ and bin/: a
# `dotnet build` or `dotnet test` after this script rebuilds nothing.
dotnet publish "$project" -c Release -r "$rid" --self-contained -p:PublishReadyToRunComposite=true -p:Version="$version" -p:SatelliteResourceLanguages=en \
  --artifacts-path artifacts/stub-build -o "$out" -nologo -clp:ErrorsOnly
# The shipped scenarios as files too, for `--scenario scenarios/default.json` and as examples to copy.
mkdir -p "$out/scenarios"
cp scenarios/*.json "$out/scenarios/"
# The command has the tool's name; the app host finds its files through the link's target.
case "$rid" in
  win-*) ;;
  *) ln -s DeepLead.Fakes.Server "$out/deeplead-fake" ;;
esac

archive=artifacts/$name.tar.gz
# One top folder named like the archive; owner, order and times fixed so the same publish packs to the same bytes.
tar -C artifacts/stub --transform "s,^$rid,$name," --sort=name --owner=0 --group=0 --numeric-owner \
  --mtime='2000-01-01 00:00:00Z' -cf - "$rid" | gzip -n > "$archive"
(cd artifacts && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
# What the container tests read to find this publish and its archive, and to tell whether the sources are newer.
echo "$archive" > "artifacts/stub/$rid.published"
echo "$archive"
