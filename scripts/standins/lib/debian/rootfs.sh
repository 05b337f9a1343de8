# shellcheck shell=bash
# Host-side helper for Debian-based root stand-ins: source it from a recipe's build.sh.
# shellcheck source=../common.sh
. "$STANDINS_LIB/common.sh"

# ds_debootstrap_rootfs CODENAME FLAVOUR OUT_TAR [EXTRA_PACKAGES]
#   FLAVOUR: slim (drop docs/man/locales now and for later installs, like the official -slim
#   images) or full (keep them, like the official debian:CODENAME image).
# Builds a minbase rootfs from the machine's own mirror and writes it as a tar (for ADD in a
# FROM scratch Dockerfile). The image keeps apt sources pointing at the machine's mirror, the
# machine's CA bundle (and its local CAs in /usr/local/share/ca-certificates, so a later
# update-ca-certificates keeps them), the official images' apt/dpkg settings, and no apt lists.
ds_debootstrap_rootfs() {
  local codename="$1" flavour="$2" out="$3" extra="${4:-}" mirror root cache
  mirror="$(ds_mirror_uri)" || return 1
  root="$DS_CACHE/standins/rootfs/$RECIPE_NAME"
  cache="$DS_CACHE/standins/debootstrap-cache/$codename"
  mkdir -p "$cache" "$(dirname "$root")"
  ds_safe_rmtree "$root"
  mkdir -p "$root"
  local args=(--variant=minbase --cache-dir="$cache")
  [ -z "$extra" ] || args+=(--include="$extra")
  debootstrap "${args[@]}" "$codename" "$root" "$mirror" || { ds_umount_under "$root"; return 1; }
  ds_umount_under "$root"

  # apt: the machine's mirror, deb822 like the official images; no one-line sources.list.
  rm -f "$root/etc/apt/sources.list"
  mkdir -p "$root/etc/apt/sources.list.d"
  ds_image_apt_sources "$codename" >"$root/etc/apt/sources.list.d/debian.sources"

  # The settings the official Debian images carry (same file names, so Dockerfiles that
  # remove e.g. docker-clean to use a cache mount behave the same).
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  echo 'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  # No service starts during package installs (postinst scripts), as in the official images.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"

  if [ "$flavour" = slim ]; then
    cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
# dockstack stand-in (like the official -slim images): keep no docs, man pages or translations
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/man/*
EOF
    find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
    rm -rf "$root"/usr/share/groff/* "$root"/usr/share/info/* "$root"/usr/share/linda/* \
      "$root"/usr/share/lintian/overrides/* "$root"/usr/share/locale/* "$root"/usr/share/man/*
  fi

  # CA bundle: the machine's (so TLS through this machine's network works inside builds).
  mkdir -p "$root/etc/ssl/certs" "$root/usr/local/share/ca-certificates"
  cp "$CONTEXT/_dockstack/ca-certificates.crt" "$root/etc/ssl/certs/ca-certificates.crt"
  if [ -d "$CONTEXT/_dockstack/local-ca" ]; then
    cp -a "$CONTEXT/_dockstack/local-ca/." "$root/usr/local/share/ca-certificates/"
  fi

  # Leftovers of the bootstrap.
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/cache/apt/archives/partial/* "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old \
    "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/* "$root"/root/.bash_history "$root"/debootstrap
  : >"$root/etc/machine-id"
  rm -f "$root/etc/resolv.conf" "$root/etc/hostname"
  echo "localhost" >"$root/etc/hostname"
  mkdir -p "$root/var/lib/apt/lists/partial"

  tar --numeric-owner --xattrs -C "$root" -cf "$out" \
    --exclude='./dev/*' --exclude='./proc/*' --exclude='./sys/*' --exclude='./run/*' .
  ds_safe_rmtree "$root"
}
