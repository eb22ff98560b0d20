#!/usr/bin/env bash
# What a new user does, against the packages this repository builds and nothing else of it: pack into a folder feed,
# install the templates, create an experiment project OUTSIDE the repository, restore (ReproHeavyTails.* only from that
# feed), add an experiment from the item template, run, accept, `dotnet test`, `repro diff` and `repro report` on the
# artifacts; then a changed result, a stored artifact replaced by other data and a truncated stored artifact must each
# make `dotnet test` fail, and accepting must make it pass again. Leaves nothing behind: the packages get a version of their own (so no cache can hold an older build
# under the same version), the new project's packages go to a private folder (the machine's cache is only read, as a
# fallback, for third-party packages), the templates to a private template hive.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${SMOKE_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT   # SMOKE_KEEP=1 keeps it for a look
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
start=$SECONDS
tree_before=$(git -C "$repo" status --porcelain)
step() { echo "== package smoke ($((SECONDS - start)) s): $*"; }
fail() { echo "package smoke FAILED: $*" >&2; exit 1; }

suffix="smoke.$(date -u +%Y%m%d%H%M%S).$$"
feed="$work/feed"
step "pack with version suffix $suffix into $feed"
dotnet pack "$repo/eng/Packages.proj" -c Release -v q -nologo -p:VersionSuffix="$suffix" -p:PackageOutputPath="$feed/"
version=$(basename "$(ls "$feed"/ReproHeavyTails.Templates.*.nupkg)" .nupkg); version=${version#ReproHeavyTails.Templates.}
for id in ReproHeavyTails ReproHeavyTails.Cli ReproHeavyTails.Testing; do
  test -f "$feed/$id.$version.nupkg" || fail "$id $version was not packed"
done

hive="$work/template-hive"   # `dotnet new` state of this run only
step "dotnet new install ReproHeavyTails.Templates::$version"
dotnet new install "ReproHeavyTails.Templates::$version" --add-source "$feed" --debug:custom-hive "$hive" >/dev/null
project="$work/MyStudy"
dotnet new repro-experiment -n MyStudy -o "$project" --debug:custom-hive "$hive"
cd "$project"
dotnet new repro-experiment-file -n SampleMeans -o MyStudy --debug:custom-hive "$hive"

# The user's NuGet set-up: the local feed and the normal source, ReproHeavyTails.* mapped to the feed only.
machine_cache=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: //')
cat > nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
  <packageSourceMapping>
    <packageSource key="local"><package pattern="ReproHeavyTails" /><package pattern="ReproHeavyTails.*" /></packageSource>
    <packageSource key="nuget.org"><package pattern="*" /></packageSource>
  </packageSourceMapping>
  <fallbackPackageFolders><add key="machine" value="$machine_cache" /></fallbackPackageFolders>
</configuration>
XML
export NUGET_PACKAGES="$work/nuget-packages"

step "build"
dotnet build -v q -nologo
repro() { dotnet run --project MyStudy --no-build -- "$@"; }
repro list
repro env | grep -q "baseline variants" || fail "the user's repro does not pin libm"

step "run, accept, test"
repro run --all --profile quick --threads 2
repro accept
test -f artifacts/random-walk/v1/quick/results.parquet || fail "accept stored no artifact"
test -f artifacts/sample-means/v1/quick/results.parquet || fail "the item template's experiment stored no artifact"
dotnet test --no-build -v q -nologo

step "repro diff and repro report on the artifacts"
repro diff artifacts runs
repro report --profile quick --report report
grep -q "<svg" report/figures/random-walk-spread.svg || fail "report drew no figure"
grep -q "random-walk" report/index.html || fail "report has no section for random-walk"

stored=artifacts/random-walk/v1/quick
cp -r "$stored" "$work/first-reference"

step "a changed result fails dotnet test; accepting it passes"
sed -i 's|return new Row(x, Math.Abs(x) / Math.Sqrt(Steps));|return new Row(x, 1.001 * Math.Abs(x) / Math.Sqrt(Steps));|' MyStudy/RandomWalk.cs
grep -q "1.001 \* Math.Abs" MyStudy/RandomWalk.cs || fail "could not change the experiment"
if dotnet test -nologo > "$work/changed.log" 2>&1; then fail "dotnet test passed although the results changed"; fi
grep -q "differ from" "$work/changed.log" || { cat "$work/changed.log"; fail "dotnet test failed, but not with the artifact diff"; }
REPRO_ACCEPT=1 dotnet test --no-build -v q -nologo
# Written by the test host: the Testing package's runsettings pinned libm there too.
grep -a -q "baseline variants (FMA masked)" "$stored/results.parquet" || fail "the user's test host did not pin libm"
dotnet test --no-build -v q -nologo

step "a stored artifact replaced by other (valid) data fails dotnet test; accepting again passes"
cp "$work/first-reference/"* "$stored/"
if dotnet test --no-build -nologo > "$work/replaced.log" 2>&1; then fail "dotnet test passed on a changed stored artifact"; fi
grep -q "differ from" "$work/replaced.log" || { cat "$work/replaced.log"; fail "dotnet test failed, but not with the artifact diff"; }
REPRO_ACCEPT=1 dotnet test --no-build -v q -nologo
dotnet test --no-build -v q -nologo

step "a truncated stored artifact fails dotnet test; accepting again passes"
truncate -s -16 "$stored/results.parquet"
if dotnet test --no-build -nologo > "$work/damaged.log" 2>&1; then fail "dotnet test passed on a damaged stored artifact"; fi
grep -q "results.parquet" "$work/damaged.log" || { cat "$work/damaged.log"; fail "dotnet test failed, but not on the damaged artifact"; }
REPRO_ACCEPT=1 dotnet test --no-build -v q -nologo
dotnet test --no-build -v q -nologo

[ "$(git -C "$repo" status --porcelain)" = "$tree_before" ] || fail "the repository's work tree changed: $(git -C "$repo" status --porcelain)"
step "passed"
