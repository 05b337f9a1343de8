# shellcheck shell=bash
# Shared helpers for scripts/engine and scripts/standins. Source it; do not execute it.
#
# Environment:
#   DOCKSTACK_CACHE    cache, logs and downloads (default /var/cache/dockstack)
#   DOCKSTACK_DOCKER   docker client to use (default /usr/bin/docker: the Debian client, which has
#                      buildx; /usr/local/bin/docker on this machine kind does not)
#   DOCKSTACK_VERBOSE  1 = also show command output on the terminal (default: only in the log)
#
# Nothing here names a registry or mirror host: they are read from the machine at run time.

DS_CACHE="${DOCKSTACK_CACHE:-/var/cache/dockstack}"
DS_DOCKER="${DOCKSTACK_DOCKER:-/usr/bin/docker}"
DS_VERBOSE="${DOCKSTACK_VERBOSE:-0}"
DS_NAME="${DS_NAME:-dockstack}"
DS_LOG="${DS_LOG:-/dev/null}"

# ds_log_init NAME: open a fresh log file for this run under $DS_CACHE/logs.
ds_log_init() {
  DS_NAME="$1"
  mkdir -p "$DS_CACHE/logs"
  DS_LOG="$DS_CACHE/logs/$1.log"
  : >"$DS_LOG"
  printf '### %s started %s\n' "$1" "$(date -u +%FT%TZ)" >>"$DS_LOG"
}

# ds_say MSG: one status line on stdout (and in the log).
ds_say() {
  printf '[%s] %s\n' "$DS_NAME" "$*"
  printf '### %s\n' "$*" >>"$DS_LOG"
}

# ds_die MSG: one-line reason on stderr, then the log tail, exit 1.
ds_die() {
  printf '[%s] ERROR: %s\n' "$DS_NAME" "$*" >&2
  if [ -s "$DS_LOG" ] && [ "$DS_LOG" != /dev/null ]; then
    printf '[%s] last lines of %s:\n' "$DS_NAME" "$DS_LOG" >&2
    tail -n 25 "$DS_LOG" | sed 's/^/    /' >&2
  fi
  exit 1
}

# ds_run CMD...: run a command with its output going to the log (and the terminal when verbose).
ds_run() {
  printf '$ %s\n' "$*" >>"$DS_LOG"
  if [ "$DS_VERBOSE" = 1 ]; then
    "$@" 2>&1 | tee -a "$DS_LOG"
    return "${PIPESTATUS[0]}"
  else
    "$@" >>"$DS_LOG" 2>&1
  fi
}

# ds_host_codename: the machine's Debian codename (bookworm, ...).
ds_host_codename() {
  (. /etc/os-release && printf '%s\n' "${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}")
}

# ds_apt_entries: one line per Debian apt source of the machine: URI<TAB>SUITES<TAB>COMPONENTS.
# Reads deb822 files (/etc/apt/sources.list.d/*.sources) and one-line files (sources.list, *.list).
ds_apt_entries() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (enabled && types ~ /(^| )deb( |$)/ && uris != "" && suites != "") {
          n = split(uris, u, " ")
          for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", u[i], suites, comps
        }
        types = uris = suites = comps = ""; enabled = 1
      }
      BEGIN { enabled = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { next }   # continuation lines (inline keys) are not needed here
      {
        key = tolower($1); sub(/:$/, "", key)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val); gsub(/[ \t]+/, " ", val); sub(/ $/, "", val)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "components") comps = val
        else if (key == "enabled" && tolower(val) == "no") enabled = 0
      }
      END { flush() }
    ' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk '
      /^[ \t]*deb[ \t]/ {
        line = $0; sub(/^[ \t]*deb[ \t]+/, "", line)
        if (line ~ /^\[/) sub(/^\[[^]]*\][ \t]*/, "", line)
        n = split(line, a, /[ \t]+/)
        comps = ""; for (i = 3; i <= n; i++) comps = comps (comps == "" ? "" : " ") a[i]
        printf "%s\t%s\t%s\n", a[1], a[2], comps
      }
    ' "$f"
  done
}

# ds_mirror_uri [SUITE]: the URI the machine uses for the Debian archive (the entry that carries
# the machine's own codename as a suite). Fails if there is none.
ds_mirror_uri() {
  local codename="${1:-$(ds_host_codename)}" uri
  uri="$(ds_apt_entries | awk -F'\t' -v c="$codename" '{ n = split($2, s, " "); for (i = 1; i <= n; i++) if (s[i] == c) { print $1; exit } }')"
  [ -n "$uri" ] || { echo "no apt source with suite $codename found under /etc/apt" >&2; return 1; }
  printf '%s\n' "${uri%/}"
}

# ds_security_uri: the URI the machine uses for <codename>-security (empty if none).
ds_security_uri() {
  local codename="${1:-$(ds_host_codename)}"
  ds_apt_entries | awk -F'\t' -v c="$codename-security" '{ n = split($2, s, " "); for (i = 1; i <= n; i++) if (s[i] == c) { sub(/\/$/, "", $1); print $1; exit } }'
}

# ds_image_apt_sources CODENAME: a deb822 sources file for an image of Debian CODENAME that uses the
# same mirrors as this machine (main archive: CODENAME and CODENAME-updates; security if the
# machine has a security source).
ds_image_apt_sources() {
  local target="$1" host mirror security
  host="$(ds_host_codename)"
  mirror="$(ds_mirror_uri "$host")" || return 1
  security="$(ds_security_uri "$host")"
  printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
    "$mirror" "$target" "$target"
  if [ -n "$security" ]; then
    printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      "$security" "$target"
  fi
}

# ds_npm_registry_is_default: "yes" when the machine uses npm's built-in default registry (read from
# npm's own config definitions, so no host is written here), "no" for a mirror.
ds_npm_registry_is_default() {
  local def
  def="$(node -e "const p=require('path').join(require('child_process').execSync('npm root -g').toString().trim(),'npm/node_modules/@npmcli/config/lib/definitions/index.js');process.stdout.write(require(p).definitions.registry.default)" 2>/dev/null)" || def=""
  [ -n "$def" ] && [ "$(ds_npm_registry)" = "$def" ] && echo yes || echo no
}

# ds_npm_registry: the npm registry this machine uses (read from npm's own config).
ds_npm_registry() {
  local r
  r="$(npm config get registry 2>/dev/null)" || true
  [ -n "$r" ] || { echo "npm config get registry returned nothing (is npm installed?)" >&2; return 1; }
  printf '%s\n' "$r"
}

# ds_engine_up: true when the Debian docker client reaches a daemon.
ds_engine_up() {
  [ -x "$DS_DOCKER" ] && timeout 20 "$DS_DOCKER" info >/dev/null 2>&1
}
