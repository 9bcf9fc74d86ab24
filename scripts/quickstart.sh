#!/usr/bin/env bash
# Applies examples/quickstart against a local SWAS emulator: builds the
# provider and the emulator, starts the emulator on a free port with the
# example's fixture, runs tofu init and apply on a copy of the example with
# the provider just built, and prints the results. Everything it starts or
# writes goes away on exit.
#
# With --live-scripts it applies examples/quickstart-live-scripts instead,
# with the emulator running shell scripts for real on this machine
# (-run-scripts): the first command writes a file and prints it, the second
# fails on purpose and fails the apply.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tofu=${TOFU:-$root/bin/tofu}
live_scripts=false
case ${1-} in
  "") ;;
  --live-scripts) live_scripts=true ;;
  *)
    echo "usage: $0 [--live-scripts]" >&2
    exit 2
    ;;
esac
example=$root/examples/quickstart
if $live_scripts; then
  example=$root/examples/quickstart-live-scripts
fi

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

emulator_args=(-fixture "$example/emulator.json" -ready-file "$work/ready")
if $live_scripts; then
  mkdir "$work/servers"
  emulator_args+=(-run-scripts -run-scripts-root "$work/servers")
fi
echo "==> Starting the SWAS emulator with $example/emulator.json"
"$work/swas-emulator" "${emulator_args[@]}" >"$work/emulator.out" 2>"$work/emulator.log" &
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
if $live_scripts; then
  echo "    scripts run for real as $(id -un) on this machine, in $(emulator_field scripts)"
fi

# apply_live_scripts applies examples/quickstart-live-scripts, whose second
# command fails on purpose, and shows the failure, what the first command
# printed and the file it wrote.
apply_live_scripts() {
  local scripts
  scripts=$(emulator_field scripts)
  echo "==> tofu apply (the second command fails on purpose)"
  if "$tofu" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1; then
    cat "$work/apply.log" >&2
    echo "quickstart: the migrate command was meant to fail the apply" >&2
    exit 1
  fi
  sed -n '/^Error: /,$p' "$work/apply.log"
  echo "==> What the first command printed, as read by the provider"
  "$tofu" output -no-color -raw release_output
  echo "==> The file it wrote, on this machine"
  cat "$scripts/ace0706b2ac4454d984295a942130001/srv/app/release.txt"
}

export TF_CLI_CONFIG_FILE=$work/tofurc TF_IN_AUTOMATION=1
cp -R "$example" "$work/quickstart"
cd "$work/quickstart"

echo "==> tofu init"
if ! "$tofu" init -input=false -no-color >"$work/init.log" 2>&1; then
  cat "$work/init.log" >&2
  exit 1
fi

if $live_scripts; then
  apply_live_scripts
  exit
fi

echo "==> tofu apply (the fresh server's agent comes online 20 s after the emulator started; the apply waits for it)"
if ! "$tofu" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1; then
  cat "$work/apply.log" >&2
  echo "--- emulator log" >&2
  cat "$work/emulator.log" >&2
  exit 1
fi

echo "==> The seeded invocations, as read by the provider"
"$tofu" output -no-color results
echo "==> The command run on the fresh server once its agent was online"
"$tofu" output -no-color welcome
