# The machine's own rustup stable toolchain (crates.io and static.rust-lang.org are unreachable here).
src="${RUSTUP_HOME:-$HOME/.rustup}/toolchains/stable-x86_64-unknown-linux-gnu"
[ -x "$src/bin/rustc" ] || { echo "no rustup stable toolchain at $src" >&2; exit 1; }
echo "RUST_VERSION=$("$src/bin/rustc" --version | awk '{print $2}')"
echo "RUSTC_COMMIT=$("$src/bin/rustc" -vV | awk '/^commit-hash:/ {print $2}')"
