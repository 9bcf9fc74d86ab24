#!/usr/bin/env bash
# Applies examples/quickstart against a local SWAS emulator: builds the
# provider and the emulator, starts the emulator on a free port with the
# example's fixture, runs tofu init and apply on a copy of the example with
# the provider just built, and prints the results. Everything it starts or
# writes goes away on exit.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tofu=${TOFU:-$root/bin/tofu}
example=$root/examples/quickstart

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/swas-quickstart.XXXXXX")
emulator_pid=
cleanup() {
  if [ -n "$emulator_pid" ]; then
    kill "$emulator_pid" 2>/dev/null || true
    wait "$emulator_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
# Interrupted runs exit, which runs the cleanup above.
trap 'exit 130' INT
trap 'exit 143' TERM

clean_environment

echo "==> Building the provider and the SWAS emulator"
build_provider "$work"
(cd "$root" && go build -o "$work/swas-emulator" ./cmd/swas-emulator)

echo "==> Starting the SWAS emulator with $example/emulator.json"
"$work/swas-emulator" -fixture "$example/emulator.json" -ready-file "$work/ready" \
  >"$work/emulator.out" 2>"$work/emulator.log" &
emulator_pid=$!
# The ready file appears once the emulator listens; the credentials are on
# stdout right after it.
for _ in $(seq 300); do
  if [ -s "$work/ready" ] && grep -q '^region: ' "$work/emulator.out"; then
    break
  fi
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    cat "$work/emulator.log" >&2
    echo "quickstart: the emulator exited before it was ready" >&2
    exit 1
  fi
  sleep 0.1
done
if ! grep -q '^region: ' "$work/emulator.out"; then
  cat "$work/emulator.log" >&2
  echo "quickstart: the emulator was not ready after 30 seconds" >&2
  exit 1
fi
emulator_field() {
  sed -n "s/^$1: //p" "$work/emulator.out"
}
SWAS_ENDPOINT=$(head -n 1 "$work/ready")
ALIBABA_CLOUD_ACCESS_KEY_ID=$(emulator_field access_key_id)
ALIBABA_CLOUD_ACCESS_KEY_SECRET=$(emulator_field access_key_secret)
ALIBABA_CLOUD_REGION_ID=$(emulator_field region)
export SWAS_ENDPOINT ALIBABA_CLOUD_ACCESS_KEY_ID ALIBABA_CLOUD_ACCESS_KEY_SECRET ALIBABA_CLOUD_REGION_ID
echo "    endpoint $SWAS_ENDPOINT, region $ALIBABA_CLOUD_REGION_ID, access key $ALIBABA_CLOUD_ACCESS_KEY_ID"

export TF_CLI_CONFIG_FILE=$work/tofurc TF_IN_AUTOMATION=1
cp -R "$example" "$work/quickstart"
cd "$work/quickstart"

echo "==> tofu init"
if ! "$tofu" init -input=false -no-color >"$work/init.log" 2>&1; then
  cat "$work/init.log" >&2
  exit 1
fi

echo "==> tofu apply"
if ! "$tofu" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1; then
  cat "$work/apply.log" >&2
  echo "--- emulator log" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi

echo "==> The seeded invocations, as read by the provider"
"$tofu" output -no-color results
