#!/usr/bin/env bash
# Prints CHANGELOG.md's section for a release tag, the notes the release
# workflow hands to GoReleaser. The section is the one headed "## 1.2.0",
# "## [1.2.0]" or "## v1.2.0", with anything after it (a date); it ends at
# the next "## " heading. Fails if the section is missing or empty, so that
# no release goes out without notes.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 TAG   (e.g. $0 v1.2.0)" >&2
  exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
version=${1#v}

notes=$(awk -v version="$version" '
  /^## / {
    if (found) exit
    heading = $2
    gsub(/^\[|\]$/, "", heading)
    sub(/^v/, "", heading)
    found = heading == version
    next
  }
  # Keep a Changelog puts link definitions for the headings at the end.
  !found || /^\[[^]]*\]: / { next }
  # Leading blank lines go; trailing ones are dropped by the shell.
  !started && /^[[:space:]]*$/ { next }
  { started = 1; print }
' "$root/CHANGELOG.md")

if [ -z "$notes" ]; then
  echo "CHANGELOG.md has no section for $version, or it is empty: rename \"## Unreleased\" to \"## [$version] - YYYY-MM-DD\" and commit it before tagging" >&2
  exit 1
fi
printf '%s\n' "$notes"
