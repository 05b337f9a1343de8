#!/usr/bin/env bash
# Stage the machine's rustup stable toolchain (minimal profile: rustc, cargo, rust-std) and the
# rustup binary into $CONTEXT as toolchain.tar, laid out like the official rust image.
set -euo pipefail
CONTEXT="${CONTEXT:?}"
src_home="${RUSTUP_HOME:-$HOME/.rustup}"
host="x86_64-unknown-linux-gnu"
src="$src_home/toolchains/stable-$host"
ver="$("$src/bin/rustc" --version | awk '{print $2}')"       # e.g. 1.95.0
rustup_bin="$(command -v rustup)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
dst="$root/usr/local/rustup/toolchains/$ver-$host"
mkdir -p "$dst/lib/rustlib" "$root/usr/local/cargo/bin"
for comp in rustc cargo rust-std; do
  m="$src/lib/rustlib/manifest-$comp-$host"
  cp "$m" "$dst/lib/rustlib/"
  while IFS=: read -r kind path; do
    mkdir -p "$dst/$(dirname "$path")"
    case "$kind" in
      file) cp -a "$src/$path" "$dst/$path" ;;
      dir) cp -a "$src/$path" "$dst/$(dirname "$path")/" ;;
    esac
  done <"$m"
done
cp "$src/lib/rustlib/rust-installer-version" "$src/lib/rustlib/multirust-channel-manifest.toml" "$dst/lib/rustlib/"
printf '%s\n' "rustc-$host" "cargo-$host" "rust-std-$host" >"$dst/lib/rustlib/components"
{
  echo 'config_version = "1"'
  for comp in cargo rust-std rustc; do
    printf '\n[[components]]\npkg = "%s"\ntarget = "%s"\nis_extension = false\n' "$comp" "$host"
  done
} >"$dst/lib/rustlib/multirust-config.toml"
printf 'version = "12"\ndefault_toolchain = "%s-%s"\nprofile = "minimal"\n\n[overrides]\n' "$ver" "$host" >"$root/usr/local/rustup/settings.toml"
cp "$rustup_bin" "$root/usr/local/cargo/bin/rustup"
for p in cargo cargo-clippy cargo-fmt cargo-miri clippy-driver rls rust-analyzer rust-gdb rust-gdbgui rust-lldb rustc rustdoc rustfmt; do
  ln "$root/usr/local/cargo/bin/rustup" "$root/usr/local/cargo/bin/$p"
done
chmod -R a+w "$root/usr/local/rustup" "$root/usr/local/cargo"
tar -C "$root" -cf "$CONTEXT/toolchain.tar" usr
