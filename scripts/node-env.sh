# shellcheck shell=bash
# Source this file to get a Node.js that Backstage 1.55 supports (22 or 24) on PATH.
#
# - If the machine's `node` is already 22 or 24, it is used as is and nothing is downloaded.
# - Otherwise the `node@22` npm package (which ships the Node 22 binary and its headers) is installed
#   once into .tools/node22 and put first on PATH.
#
# In both cases npm_config_nodedir is set to the headers of the Node that will run the code, so native
# addons (better-sqlite3) are compiled for that Node and not for whatever `nodedir` a global npmrc names.
# See docs/decisions/0002-node-22-bootstrap.md.

MAESTRO_NODE_PIN="22.23.3"
MAESTRO_ROOT="${MAESTRO_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"

_maestro_node_major() {
  "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

_maestro_major="$(_maestro_node_major node)"
if [ "$_maestro_major" != "22" ] && [ "$_maestro_major" != "24" ]; then
  _maestro_tools="$MAESTRO_ROOT/.tools/node22"
  _maestro_platform="$(uname -s | tr '[:upper:]' '[:lower:]')"
  _maestro_arch="$(uname -m)"
  case "$_maestro_arch" in x86_64) _maestro_arch=x64 ;; aarch64) _maestro_arch=arm64 ;; esac
  _maestro_dist="$_maestro_tools/node_modules/node/node_modules/node-$_maestro_platform-$_maestro_arch"
  if [ ! -x "$_maestro_dist/bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "maestro: Node.js 22 or 24 is required and npm was not found to install it." >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "maestro: this machine has Node $(node --version 2>/dev/null || echo 'none'); installing node@$MAESTRO_NODE_PIN into .tools/node22 (once)…" >&2
    mkdir -p "$_maestro_tools"
    [ -f "$_maestro_tools/package.json" ] || echo '{ "name": "maestro-node22", "private": true }' > "$_maestro_tools/package.json"
    (cd "$_maestro_tools" && npm install --no-audit --no-fund --no-package-lock "node@$MAESTRO_NODE_PIN" >&2) || {
      echo "maestro: could not install node@$MAESTRO_NODE_PIN; install Node.js 22 or 24 yourself." >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$_maestro_dist/bin:$PATH"
  export npm_config_nodedir="$_maestro_dist"
else
  # Make sure node-gyp builds against this Node's headers, not a nodedir configured for another version.
  _maestro_prefix="$(cd "$(dirname "$(command -v node)")/.." && pwd)"
  if [ -f "$_maestro_prefix/include/node/node_version.h" ]; then
    export npm_config_nodedir="$_maestro_prefix"
  else
    unset npm_config_nodedir
    _maestro_cfg="$(npm config get nodedir 2>/dev/null)"
    if [ -n "$_maestro_cfg" ] && [ "$_maestro_cfg" != "undefined" ] && [ -f "$_maestro_cfg/include/node/node_version.h" ] &&
      ! grep -q "define NODE_MAJOR_VERSION $_maestro_major\$" "$_maestro_cfg/include/node/node_version.h"; then
      # a configured nodedir for another Node: let node-gyp use the headers that match this Node instead
      export npm_config_nodedir=""
    fi
  fi
fi
unset _maestro_major _maestro_tools _maestro_platform _maestro_arch _maestro_dist _maestro_prefix _maestro_cfg
