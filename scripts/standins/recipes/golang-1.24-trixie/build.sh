# Fetch trixie's golang-1.24-go and golang-1.24-src .debs (cached), unpack them with dpkg -x and lay
# the toolchain out as the official image has it: one self-contained tree at /usr/local/go
# (Debian splits it between /usr/lib/go-1.24 and /usr/share/go-1.24 and links the halves).
. "$STANDINS_LIB/common.sh"
apt_dir="$DS_CACHE/standins/apt-trixie"
opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache")
debs="$DS_CACHE/downloads/debs"
mkdir -p "$debs"
for pkg in golang-1.24-go golang-1.24-src; do
  if ! ls "$debs/${pkg}_${GOLANG_DEB_VERSION}_"*.deb >/dev/null 2>&1; then
    (cd "$debs" && apt-get "${opts[@]}" download "$pkg=$GOLANG_DEB_VERSION") || exit 1
  fi
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for d in "$debs"/golang-1.24-go_"$GOLANG_DEB_VERSION"_*.deb "$debs"/golang-1.24-src_"$GOLANG_DEB_VERSION"_*.deb; do dpkg -x "$d" "$work/x"; done
mkdir -p "$work/stage/go/pkg"
cp -a "$work/x/usr/share/go-1.24/." "$work/stage/go/"
cp -a "$work/x/usr/lib/go-1.24/VERSION" "$work/x/usr/lib/go-1.24/bin" "$work/x/usr/lib/go-1.24/go.env" "$work/stage/go/"
cp -a "$work/x/usr/lib/go-1.24/pkg/tool" "$work/stage/go/pkg/"
# The official tarball ships lib/time/zoneinfo.zip; Debian keeps it too. Fail early if not.
[ -f "$work/stage/go/lib/time/zoneinfo.zip" ] || { echo "lib/time/zoneinfo.zip missing from the .debs" >&2; exit 1; }
tar -C "$work/stage" -cf "$CONTEXT/go.tar" go
