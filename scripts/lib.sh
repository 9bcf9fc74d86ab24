# Sourced by the other scripts, after they set $root to the repository.

# mirror_version is what the local build is installed as. Any release
# version works; a pre-release would need an exact version constraint.
mirror_version=0.0.1

# build_provider DIR [HOST] builds the provider into a filesystem mirror in
# DIR/mirror and writes DIR/tofurc, a CLI configuration that installs
# openswas/swas from that mirror and nothing from the network. HOST is the
# registry host the CLI resolves "openswas/swas" under: OpenTofu's
# registry.opentofu.org unless given. A mirror rather than dev_overrides,
# because OpenTofu's init fails on providers that dev_overrides names. The
# acceptance tests build their mirror with this function too.
build_provider() {
  local dir=$1 host=${2:-registry.opentofu.org} platform
  platform=$(go env GOOS)_$(go env GOARCH)
  local target=$dir/mirror/$host/openswas/swas/$mirror_version/$platform
  mkdir -p "$target"
  (cd "$root" && go build -o "$target/terraform-provider-swas_v$mirror_version" .)
  cat >"$dir/tofurc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$dir/mirror"
    include = ["$host/openswas/swas"]
  }
}
EOF
}

# clean_environment unsets what could change how OpenTofu or the provider
# behave here: other credentials and regions, and OpenTofu's own settings.
clean_environment() {
  local name
  for name in $(compgen -e); do
    case $name in
      ALIBABA_CLOUD_* | ALICLOUD_* | SWAS_* | TF_*) unset "$name" ;;
    esac
  done
  export CHECKPOINT_DISABLE=1
}
