# The golang-1.24-go version Debian trixie carries on the machine's own mirror (bookworm has only 1.19).
. "$STANDINS_LIB/common.sh"
apt_dir="$DS_CACHE/standins/apt-trixie"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/parts"
mirror="$(ds_mirror_uri)" || exit 1
printf 'deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] %s trixie main\n' "$mirror" >"$apt_dir/sources.list"
opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Get::List-Cleanup=0")
# Refresh the list at most every DOCKSTACK_RESOLVE_TTL seconds (default 12 h), like ds_npm_latest.
stamp="$apt_dir/lists/.updated"
if [ "${DOCKSTACK_REFRESH:-0}" = 1 ] || [ ! -f "$stamp" ] || [ $(($(date +%s) - $(stat -c %Y "$stamp"))) -ge "${DOCKSTACK_RESOLVE_TTL:-43200}" ]; then
  apt-get "${opts[@]}" -qq update >&2 && touch "$stamp" || [ -f "$stamp" ] || exit 1
fi
deb="$(apt-cache "${opts[@]}" show golang-1.24-go 2>/dev/null | awk '/^Version:/ { print $2; exit }')"
[ -n "$deb" ] || { echo "golang-1.24-go not found in trixie on $mirror" >&2; exit 1; }
echo "GOLANG_DEB_VERSION=$deb"
echo "GOLANG_VERSION=${deb%%-*}"
