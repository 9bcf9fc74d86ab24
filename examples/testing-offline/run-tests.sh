#!/usr/bin/env bash
# Runs this module's tests against the SWAS emulator: starts it with the
# tests' fixture, waits until it listens, points the provider at it, runs
# `tofu test` and stops it. Run it from this directory, with swas-emulator
# and tofu (or terraform, as TF=terraform) on the PATH.
set -euo pipefail

ready=$(mktemp)
swas-emulator -fixture tests/emulator.json -ready-file "$ready" -quiet &
emulator=$!
trap 'kill "$emulator"; rm -f "$ready"' EXIT

until [ -s "$ready" ]; do
  kill -0 "$emulator"
  sleep 0.1
done

export SWAS_ENDPOINT=$(head -n 1 "$ready")
export ALIBABA_CLOUD_ACCESS_KEY_ID=EMULATORTESTKEY
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=emulator-test-secret
export ALIBABA_CLOUD_REGION_ID=cn-hangzhou

${TF:-tofu} init -input=false
${TF:-tofu} test
