#!/usr/bin/env bash
# Regenerate every vendored front-end file under static/vendor/ (and our own
# favicon under static/images/) from pinned packages. No CDN is used at run
# time: the outputs are committed files served by Django/WhiteNoise.
#
#   bash static/src/build.sh
#
# Needs: node + npm (npm registry), python3 with pip (PyPI).
set -euo pipefail

SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATIC="$(dirname "$SRC")"
REPO="$(dirname "$STATIC")"
VENDOR="$STATIC/vendor"
NM="$SRC/node_modules"

cd "$SRC"

echo "==> npm ci (static/src)"
# --ignore-scripts: nothing here needs an install script (sass's optional
# @parcel/watcher is only used by `sass --watch`).
npm ci --ignore-scripts --no-audit --no-fund

pkg_version() { node -p "require('$NM/$1/package.json').version"; }
GOVUK_VERSION="$(pkg_version govuk-frontend)"
AXE_VERSION="$(pkg_version axe-core)"
SASS_VERSION="$(pkg_version sass)"

# ---------------------------------------------------------------------------
# GOV.UK Frontend: CSS (Arial, no GDS Transport, no crest) + JS
# ---------------------------------------------------------------------------
GOVUK_DIST="$NM/govuk-frontend/dist/govuk"
GOVUK_OUT="$VENDOR/govuk-frontend"
rm -rf "$GOVUK_OUT"
mkdir -p "$GOVUK_OUT"

echo "==> sass $SASS_VERSION: govuk.scss -> vendor/govuk-frontend/govuk-frontend.min.css"
# GOV.UK Frontend 5.x still uses @import internally; silence those deprecation
# warnings (they are the package's, not ours).
"$NM/.bin/sass" \
  --load-path="$NM" \
  --style=compressed \
  --source-map \
  --no-error-css \
  --quiet-deps \
  --silence-deprecation=import \
  --silence-deprecation=global-builtin \
  "$SRC/govuk.scss" "$GOVUK_OUT/govuk-frontend.min.css"

CSS="$GOVUK_OUT/govuk-frontend.min.css"
[[ -f "$CSS.map" ]] || { echo "ERROR: source map $CSS.map missing" >&2; exit 1; }
# The map is plain JSON; make sure it parses.
node -e "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))" "$CSS.map"
if grep -qi -e 'transport' -e 'assets/fonts' "$CSS"; then
  echo "ERROR: built CSS references GDS Transport / assets/fonts" >&2
  exit 1
fi
if grep -qi 'crest' "$CSS"; then
  echo "ERROR: built CSS references the crest" >&2
  exit 1
fi
# Any image the CSS references must be shipped next to it (none expected).
while IFS= read -r ref; do
  [[ -z "$ref" || "$ref" == data:* ]] && continue
  if [[ ! -f "$GOVUK_OUT/$ref" ]]; then
    echo "ERROR: CSS references $ref which is not vendored" >&2
    exit 1
  fi
done < <(grep -o 'url([^)]*)' "$CSS" | sed -e 's/^url(//' -e 's/)$//' -e "s/[\"']//g" | sort -u)

echo "==> copy govuk-frontend $GOVUK_VERSION JS"
cp "$GOVUK_DIST/govuk-frontend.min.js" "$GOVUK_DIST/govuk-frontend.min.js.map" "$GOVUK_OUT/"
JS_MAP_REF="$(tail -n 1 "$GOVUK_OUT/govuk-frontend.min.js" | sed -n 's|.*//# sourceMappingURL=\([^ ]*\).*|\1|p')"
if [[ -n "$JS_MAP_REF" && ! -f "$GOVUK_OUT/$JS_MAP_REF" ]]; then
  echo "ERROR: govuk-frontend.min.js points at missing map $JS_MAP_REF" >&2
  exit 1
fi

# The npm package does not ship its LICENSE file; prefer it if a future
# release does, otherwise use the upstream MIT text kept in static/src/licenses.
if [[ -f "$NM/govuk-frontend/LICENSE.txt" ]]; then
  cp "$NM/govuk-frontend/LICENSE.txt" "$GOVUK_OUT/LICENSE.txt"
else
  cp "$SRC/licenses/govuk-frontend-LICENSE.txt" "$GOVUK_OUT/LICENSE.txt"
fi
# Deliberately NOT copied: assets/fonts (GDS Transport) and assets/images /
# assets/rebrand (crown, crest, GOV.UK icons) - reserved for GOV.UK services.

# ---------------------------------------------------------------------------
# axe-core (accessibility testing): a test-only asset, kept with the browser tests so it is
# never collected into production static files.
# ---------------------------------------------------------------------------
echo "==> copy axe-core $AXE_VERSION"
AXE_OUT="$(cd "$STATIC/.." && pwd)/tests/browser/assets"
mkdir -p "$AXE_OUT"
cp "$NM/axe-core/axe.min.js" "$AXE_OUT/axe.min.js"
cp "$NM/axe-core/LICENSE" "$AXE_OUT/axe-core-LICENSE.txt"

# ---------------------------------------------------------------------------
# plotly.js, exactly as shipped inside the Python plotly package pinned in
# requirements.lock (so server-side figures and the browser bundle match).
# ---------------------------------------------------------------------------
PLOTLY_PY_VERSION="$(sed -n 's/^plotly==\([^ ;]*\).*/\1/p' "$REPO/requirements.lock" | head -n 1)"
if [[ -z "$PLOTLY_PY_VERSION" ]]; then
  echo "ERROR: no 'plotly==X' line in requirements.lock" >&2
  exit 1
fi
echo "==> plotly $PLOTLY_PY_VERSION (PyPI wheel) -> vendor/plotly/plotly.min.js"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
python3 -m pip download --quiet --no-deps --only-binary=:all: \
  "plotly==$PLOTLY_PY_VERSION" -d "$TMP/dl"
WHEEL="$(ls "$TMP"/dl/plotly-*.whl)"
PLOTLY_OUT="$VENDOR/plotly"
rm -rf "$PLOTLY_OUT"
mkdir -p "$PLOTLY_OUT"
python3 - "$WHEEL" "$PLOTLY_OUT" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, out = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(wheel) as zf:
    names = zf.namelist()
    (out / "plotly.min.js").write_bytes(zf.read("plotly/package_data/plotly.min.js"))
    lic = [n for n in names if ".dist-info/" in n and n.rsplit("/", 1)[-1].upper().startswith("LICENSE")]
    if not lic:
        sys.exit("ERROR: no LICENSE in the plotly wheel")
    (out / "LICENSE.txt").write_bytes(zf.read(lic[0]))
PY
PLOTLY_JS_VERSION="$(head -c 200 "$PLOTLY_OUT/plotly.min.js" | sed -n 's/.*plotly\.js v\([0-9.]*\).*/\1/p')"

# ---------------------------------------------------------------------------
# Our own neutral favicon (not vendored; generated from make_favicon.py)
# ---------------------------------------------------------------------------
echo "==> favicon"
python3 "$SRC/make_favicon.py"

echo
echo "Built:"
echo "  govuk-frontend $GOVUK_VERSION (sass $SASS_VERSION)"
echo "  axe-core       $AXE_VERSION"
echo "  plotly.js      ${PLOTLY_JS_VERSION:-?} (from Python plotly $PLOTLY_PY_VERSION)"
(cd "$STATIC" && find vendor images -type f -printf '  %-48p %10s bytes\n' | sort)
echo "If a version changed, update static/vendor/README.md."
