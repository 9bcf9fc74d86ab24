#!/usr/bin/env bash
# Generates docs/ with tfplugindocs from templates/, examples/ and the
# provider's schema as OpenTofu reports it (tfplugindocs would otherwise
# download Terraform). With -check, docs/ is left alone and the script fails
# if it differs from what would be generated.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tofu=${TOFU:-$root/bin/tofu}
tfplugindocs=${TFPLUGINDOCS:-$root/bin/tfplugindocs}
check=false
case ${1:-} in
  -check) check=true ;;
  "") ;;
  *)
    echo "usage: $0 [-check]" >&2
    exit 2
    ;;
esac

# shellcheck source=scripts/lib.sh
. "$root/scripts/lib.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/swas-docs.XXXXXX")
trap 'rm -rf "$work"' EXIT

clean_environment
build_provider "$work"
mkdir "$work/config"
cp "$root/internal/acctest/terraform.tf" "$work/config/main.tf"
export TF_CLI_CONFIG_FILE=$work/tofurc
(cd "$work/config" && "$tofu" init -input=false -no-color) >"$work/init.log" 2>&1 ||
  { cat "$work/init.log" >&2; exit 1; }
(cd "$work/config" && "$tofu" providers schema -json) >"$work/tofu-schema.json"

# tfplugindocs finds the schema under the provider's short name (or
# registry.terraform.io/hashicorp/NAME), not under OpenTofu's address.
sed 's#"registry\.opentofu\.org/openswas/swas":#"swas":#' "$work/tofu-schema.json" >"$work/tofu-swas-schema.json"
if ! grep -q '"swas":' "$work/tofu-swas-schema.json"; then
  echo "docs: no openswas/swas schema in the output of tofu providers schema" >&2
  exit 1
fi
# OpenTofu does not know list resources and actions yet: their schemas come
# from the provider itself.
(cd "$root" && go run scripts/terraform-only-schemas.go) <"$work/tofu-swas-schema.json" >"$work/schema.json"

# Generating into a copy leaves docs/ alone until everything has worked.
mkdir "$work/site"
cp -R "$root/templates" "$root/examples" "$work/site/"
if ! "$tfplugindocs" generate --provider-dir "$work/site" --provider-name swas \
  --providers-schema "$work/schema.json" >"$work/generate.log" 2>&1; then
  cat "$work/generate.log" >&2
  exit 1
fi
if ! "$tfplugindocs" validate --provider-dir "$work/site" --provider-name swas \
  --providers-schema "$work/schema.json" >"$work/validate.log" 2>&1; then
  cat "$work/validate.log" >&2
  exit 1
fi

if $check; then
  if ! diff -ru "$root/docs" "$work/site/docs"; then
    echo "docs/ is out of date: run 'make docs' and commit the result" >&2
    exit 1
  fi
  echo "docs/ is up to date"
else
  rm -rf "$root/docs"
  cp -R "$work/site/docs" "$root/docs"
  echo "generated docs/"
fi
