#!/bin/sh
# Copies the front-end files the portal uses from node_modules/ into static/vendor/.
#
# The ONE copy step: `make assets` and the Dockerfile both run this script, so
# `make run` and the container serve the same files. Copy only what templates,
# static/css and the PDF templates reference, plus each package's licence.
#
# Source maps are copied beside the files that name them: bootstrap.rtl.min.css,
# bootstrap.bundle.min.js and leaflet.js end with a sourceMappingURL comment, and
# the production storage (ManifestStaticFilesStorage) rewrites every reference to
# a hashed name, so a missing map fails `collectstatic`. Shipping the maps keeps
# the packages byte-for-byte as npm published them (see docs/deploy.md).
#
# Usage: scripts/vendor-assets.sh [NODE_MODULES_DIR] [DEST_DIR]
#        (defaults: node_modules static/vendor, relative to the current directory)
set -eu

src=${1:-node_modules}
dest=${2:-static/vendor}

if [ ! -d "$src/bootstrap" ]; then
    echo "vendor-assets: $src/bootstrap is missing; run 'npm ci' first" >&2
    exit 1
fi

# dest holds nothing but copies, so a file dropped from this list disappears too.
rm -rf "$dest"
mkdir -p "$dest/bootstrap" "$dest/htmx" "$dest/vazirmatn" "$dest/leaflet/images"

# Bootstrap 5 (RTL build): templates/base.html.
cp "$src/bootstrap/dist/css/bootstrap.rtl.min.css" \
   "$src/bootstrap/dist/css/bootstrap.rtl.min.css.map" \
   "$src/bootstrap/dist/js/bootstrap.bundle.min.js" \
   "$src/bootstrap/dist/js/bootstrap.bundle.min.js.map" \
   "$src/bootstrap/LICENSE" \
   "$dest/bootstrap/"

# htmx: templates/base.html.
cp "$src/htmx.org/dist/htmx.min.js" "$src/htmx.org/LICENSE" "$dest/htmx/"

# Vazirmatn: woff2 for pages (static/css/portal.css), ttf for PDFs
# (templates/core/pdf/base.html); both declare weights 400 and 700 only.
for weight in Regular Bold; do
    cp "$src/vazirmatn/fonts/webfonts/Vazirmatn-$weight.woff2" \
       "$src/vazirmatn/fonts/ttf/Vazirmatn-$weight.ttf" \
       "$dest/vazirmatn/"
done
cp "$src/vazirmatn/OFL.txt" "$dest/vazirmatn/"

# Leaflet: the directory map (templates/branches/directory/_map.html loads it on
# demand); leaflet.css names the images it draws with.
cp "$src/leaflet/dist/leaflet.js" \
   "$src/leaflet/dist/leaflet.js.map" \
   "$src/leaflet/dist/leaflet.css" \
   "$src/leaflet/LICENSE" \
   "$dest/leaflet/"
cp "$src/leaflet/dist/images/"*.png "$dest/leaflet/images/"
