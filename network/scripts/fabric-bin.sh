# Finding (or fetching) the Fabric binaries and their default configuration.
# shellcheck shell=bash

# Sets FABRIC_BIN_DIR and FABRIC_CONFIG_DIR, or fails saying what was tried.
resolve_fabric() {
  local tried=()
  if [[ -n "${FABRIC_BIN:-}" ]]; then
    if have_tools "$FABRIC_BIN"; then
      use_fabric "$FABRIC_BIN" "\$FABRIC_BIN" && return 0
    fi
    tried+=("\$FABRIC_BIN=$FABRIC_BIN: missing one of ${FABRIC_TOOLS[*]}")
  fi
  local on_path
  if on_path="$(command -v peer 2>/dev/null)"; then
    on_path="$(dirname "$(readlink -f "$on_path")")"
    if have_tools "$on_path"; then
      use_fabric "$on_path" "PATH" && return 0
      tried+=("PATH ($on_path): ${FABRIC_REJECT_REASON:-}")
    else
      tried+=("PATH ($on_path): missing one of ${FABRIC_TOOLS[*]}")
    fi
  else
    tried+=("PATH: no peer binary")
  fi
  local cached="$CACHE/fabric-$FABRIC_VERSION"
  if have_tools "$cached/bin" && [[ -f "$cached/config/core.yaml" ]]; then
    use_fabric "$cached/bin" "cache ($(cat "$cached/SOURCE" 2>/dev/null || echo unknown))" && return 0
  fi
  if command -v go >/dev/null 2>&1; then
    if go_install_fabric "$cached"; then
      use_fabric "$cached/bin" "go install @$FABRIC_COMMIT" && return 0
    fi
    tried+=("go install github.com/hyperledger/fabric/cmd/...@$FABRIC_COMMIT: $(tail -n 3 "$CACHE/go-install.log" | tr '\n' ' ')")
  else
    tried+=("go install: no Go toolchain")
  fi
  if [[ -n "${FABRIC_SRC:-}" ]]; then
    if build_fabric_source "$cached"; then
      use_fabric "$cached/bin" "built from \$FABRIC_SRC at $FABRIC_COMMIT" && return 0
    fi
    tried+=("\$FABRIC_SRC=$FABRIC_SRC: $(tail -n 3 "$CACHE/source-build.log" | tr '\n' ' ')")
  else
    tried+=("source build: \$FABRIC_SRC not set (a git clone of hyperledger/fabric holding commit $FABRIC_COMMIT)")
  fi
  if download_fabric "$cached"; then
    use_fabric "$cached/bin" "release archive v$FABRIC_VERSION" && return 0
  fi
  tried+=("release archive: $(tail -n 2 "$CACHE/download.log" 2>/dev/null | tr '\n' ' ')")
  printf 'error: cannot obtain Fabric %s binaries (%s). Tried, in order:\n' \
    "$FABRIC_VERSION" "${FABRIC_TOOLS[*]}" >&2
  printf '  - %s\n' "${tried[@]}" >&2
  printf 'Set FABRIC_BIN to a folder holding them (with ../config/core.yaml), or put them on PATH.\n' >&2
  exit 1
}

have_tools() {
  local dir="$1" t
  for t in "${FABRIC_TOOLS[@]}"; do [[ -x "$dir/$t" ]] || return 1; done
}

# Accepts a binary folder if its peer is a 3.1.x release and its default
# configuration can be found beside it.
use_fabric() {
  local dir="$1" source="$2" version cfg
  version="$("$dir/peer" version 2>/dev/null | awk '/Version:/ {print $2; exit}')"
  if [[ "$version" != 3.1.* ]]; then
    FABRIC_REJECT_REASON="peer version '$version' is not 3.1.x"
    return 1
  fi
  for cfg in "${FABRIC_CFG_PATH:-}" "$dir/../config" "$dir/../sampleconfig"; do
    if [[ -n "$cfg" && -f "$cfg/core.yaml" && -f "$cfg/orderer.yaml" ]]; then
      FABRIC_BIN_DIR="$(cd "$dir" && pwd)"
      FABRIC_CONFIG_DIR="$(cd "$cfg" && pwd)"
      FABRIC_SOURCE="$source"
      export PATH="$FABRIC_BIN_DIR:$PATH" FABRIC_CFG_PATH="$FABRIC_CONFIG_DIR"
      return 0
    fi
  done
  FABRIC_REJECT_REASON="no core.yaml/orderer.yaml in \$FABRIC_CFG_PATH or $dir/../config"
  return 1
}

go_install_fabric() {
  local dest="$1" t mod
  mkdir -p "$dest/bin" "$dest/config" "$CACHE"
  say "installing Fabric $FABRIC_VERSION with go install (commit $FABRIC_COMMIT) into $dest"
  : >"$CACHE/go-install.log"
  for t in "${FABRIC_TOOLS[@]}"; do
    if ! GOBIN="$dest/bin" go install -ldflags "$(fabric_ldflags)" \
        "github.com/hyperledger/fabric/cmd/$t@$FABRIC_COMMIT" >>"$CACHE/go-install.log" 2>&1; then
      show_log "$CACHE/go-install.log" 10
      return 1
    fi
  done
  mod="$(go mod download -json "github.com/hyperledger/fabric@$FABRIC_COMMIT" 2>>"$CACHE/go-install.log" \
    | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')"
  [[ -n "$mod" && -f "$mod/sampleconfig/core.yaml" ]] || return 1
  cp "$mod/sampleconfig/core.yaml" "$mod/sampleconfig/orderer.yaml" "$dest/config/"
  chmod u+w "$dest/config/"*
  echo "go install @$FABRIC_COMMIT" >"$dest/SOURCE"
}

# The version stamp Fabric's own Makefile writes into every binary; without it
# `peer version` says "latest" and the binaries cannot be told apart.
fabric_ldflags() {
  echo "-X github.com/hyperledger/fabric/common/metadata.Version=$FABRIC_VERSION -X github.com/hyperledger/fabric/common/metadata.CommitSHA=${FABRIC_COMMIT:0:9}"
}

# Builds the tools from a local clone of hyperledger/fabric ($FABRIC_SRC: a work
# tree or a bare repository) at the pinned commit, with the modules vendored in that
# commit, so no module download is needed. For machines whose module proxy does not
# serve github.com/hyperledger/fabric.
build_fabric_source() {
  local dest="$1" tree="$CACHE/fabric-src-${FABRIC_COMMIT:0:12}" gitdir t
  command -v go >/dev/null 2>&1 || { echo "no Go toolchain" >"$CACHE/source-build.log"; return 1; }
  mkdir -p "$dest/bin" "$dest/config" "$CACHE"
  : >"$CACHE/source-build.log"
  if [[ -d "$FABRIC_SRC/.git" ]]; then gitdir="$FABRIC_SRC/.git"; else gitdir="$FABRIC_SRC"; fi
  if [[ ! -f "$tree/go.mod" ]]; then
    say "extracting Fabric $FABRIC_VERSION ($FABRIC_COMMIT) from $FABRIC_SRC"
    rm -rf "$tree" && mkdir -p "$tree"
    git --git-dir="$gitdir" archive --format=tar "$FABRIC_COMMIT" 2>>"$CACHE/source-build.log" \
      | tar -x -C "$tree" 2>>"$CACHE/source-build.log" || { rm -rf "$tree"; return 1; }
  fi
  say "building Fabric $FABRIC_VERSION from source with its vendored modules (a few minutes)"
  for t in "${FABRIC_TOOLS[@]}"; do
    (cd "$tree" && GOFLAGS=-mod=vendor go build -trimpath -buildvcs=false -ldflags "$(fabric_ldflags)" \
      -o "$dest/bin/$t" "./cmd/$t") >>"$CACHE/source-build.log" 2>&1 \
      || { show_log "$CACHE/source-build.log" 10; return 1; }
  done
  cp "$tree/sampleconfig/core.yaml" "$tree/sampleconfig/orderer.yaml" "$dest/config/"
  chmod u+w "$dest/config/"*
  echo "built from source at $FABRIC_COMMIT" >"$dest/SOURCE"
}

download_fabric() {
  local dest="$1" url
  url="https://github.com/hyperledger/fabric/releases/download/v$FABRIC_VERSION/hyperledger-fabric-linux-amd64-$FABRIC_VERSION.tar.gz"
  mkdir -p "$dest" "$CACHE"
  say "downloading the Fabric $FABRIC_VERSION release archive"
  local rc=0
  curl -fsSL --max-time 300 "$url" -o "$CACHE/fabric.tar.gz" >"$CACHE/download.log" 2>&1 || rc=$?
  if (( rc != 0 )); then
    echo "curl $url failed (exit $rc)" >>"$CACHE/download.log"
    return 1
  fi
  tar -xzf "$CACHE/fabric.tar.gz" -C "$dest" bin config >>"$CACHE/download.log" 2>&1 || return 1
  echo "release archive v$FABRIC_VERSION" >"$dest/SOURCE"
}
