#!/bin/sh
# dockstack stand-in for the official nginx image's template step: every
# $NGINX_ENVSUBST_TEMPLATE_DIR/**/*$NGINX_ENVSUBST_TEMPLATE_SUFFIX (default
# /etc/nginx/templates/*.template) is written to $NGINX_ENVSUBST_OUTPUT_DIR (default
# /etc/nginx/conf.d) with only the variables defined in the environment substituted.
set -e

say() { if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then echo "$0: $*"; fi; }

template_dir="${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}"
suffix="${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}"
output_dir="${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}"
filter="${NGINX_ENVSUBST_FILTER:-}"

[ -d "$template_dir" ] || exit 0
if [ ! -w "$output_dir" ]; then
  say "ERROR: $template_dir exists, but $output_dir is not writable"
  exit 0
fi

# shellcheck disable=SC2016,SC2046 # "${NAME} " for each defined variable, split on purpose
defined_envs=$(printf '${%s} ' $(awk "END { for (name in ENVIRON) { print ( name ~ /${filter}/ ) ? name : \"\" } }" </dev/null))

find "$template_dir" -follow -type f -name "*$suffix" -print | while read -r template; do
  relative="${template#"$template_dir/"}"
  output="$output_dir/${relative%"$suffix"}"
  mkdir -p "$(dirname "$output")"
  say "Running envsubst on $template to $output"
  envsubst "$defined_envs" <"$template" >"$output"
done
