# Sourced by the other scripts, after they set $root to the repository.

# mirror_version is what the local build is installed as. Any release
# version works; a pre-release would need an exact version constraint.
mirror_version=0.0.1

# build_provider DIR builds the provider into a filesystem mirror in
# DIR/mirror and writes DIR/tofurc, a CLI configuration that installs
# openswas/swas from that mirror and nothing from the network. A mirror
# rather than dev_overrides, because OpenTofu's init fails on providers that
# dev_overrides names.
build_provider() {
  local dir=$1 platform
  platform=$(go env GOOS)_$(go env GOARCH)
  local target=$dir/mirror/registry.opentofu.org/openswas/swas/$mirror_version/$platform
  mkdir -p "$target"
  (cd "$root" && go build -o "$target/terraform-provider-swas_v$mirror_version" .)
  cat >"$dir/tofurc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$dir/mirror"
    include = ["registry.opentofu.org/openswas/swas"]
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
