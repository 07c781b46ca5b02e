#!/usr/bin/env bash
# Checks a meshgov export with standard tools only (bash, coreutils, jq, openssl):
#   bash docs/check-export.sh export.jsonl audit-public.pem
# The last line of the export is the manifest; every line before it is one event. Prints what holds
# and exits non-zero at the first thing that does not.
set -euo pipefail
export_file=${1:?usage: check-export.sh <export.jsonl> <audit-public.pem>}
public_key=${2:?usage: check-export.sh <export.jsonl> <audit-public.pem>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. split the export: the events, and the manifest (the last line)
head -n -1 "$export_file" > "$work/events.jsonl"
tail -n 1 "$export_file" > "$work/manifest.json"

# 2. the manifest is signed by the audit key: verify the signature over its exact text
jq -j '.signed' "$work/manifest.json" > "$work/manifest.signed"
jq -r '.signature' "$work/manifest.json" | base64 -d > "$work/manifest.sig"
openssl dgst -sha256 -verify "$public_key" -signature "$work/manifest.sig" "$work/manifest.signed"

# 3. the events are exactly the ones the manifest signed: same SHA-256, same count
expected=$(jq -r '.signed | fromjson | .sha256' "$work/manifest.json")
actual=$(sha256sum "$work/events.jsonl" | cut -d' ' -f1)
if [ "$expected" != "$actual" ]; then
  echo "the events were changed after the export: SHA-256 $actual, the manifest signed $expected" >&2
  exit 1
fi
count=$(jq -r '.signed | fromjson | .count' "$work/manifest.json")
if ! [[ "$count" =~ ^[0-9]+$ ]] || [ "$count" -ne "$(wc -l < "$work/events.jsonl")" ]; then
  echo "the manifest signed $count events, the file holds $(wc -l < "$work/events.jsonl")" >&2
  exit 1
fi
echo "events match the manifest: $count events, SHA-256 $actual"
# every event carries its chain link: one without was stored behind the application
if [ "$(jq -r 'select(.chainlink == "none" or .chainlink == null) | .id' "$work/events.jsonl" | wc -l)" -ne 0 ]; then
  echo "events without a chain link were exported: the store holds events written behind the application" >&2
  exit 1
fi

# 4. what was exported, as signed
jq '.signed | fromjson | {exportId, exportedBy, exportedAt, filter, count, firstPosition, lastPosition, checkpoint: (.checkpoint | if . then {number, upToPosition, coversExport} else null end)}' "$work/manifest.json"
