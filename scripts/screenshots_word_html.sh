#!/usr/bin/env bash
# Regenerates the Word and HTML screenshots of the user guide (docs/images/):
#   xep-hang-docx.png         first page of the ranking annex of the shipped cohort (criteria/2025/so.yaml)
#   phieu-cham-diem-docx.png  first page of the score sheet of the documented example (docs/examples/unit-a.yaml)
#   xep-hang-html.png         top of the HTML ranking of the shipped cohort
# Needs parindex (the venv activated), LibreOffice (soffice), pdftoppm (poppler-utils) and Chromium;
# pngquant, when installed, keeps each image well under 150 KB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/docs/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
chromium="$(command -v chromium || command -v chromium-browser || command -v google-chrome)"

parindex rank --criteria "$root/criteria/2025/so.yaml" "$root/sample_units/cohort/so" --output "$work/xep-hang.docx"
parindex score --criteria "$root/docs/examples/all-rules.yaml" "$root/docs/examples/unit-a.yaml" \
    --output "$work/phieu-cham-diem.docx"
parindex rank --criteria "$root/criteria/2025/so.yaml" "$root/sample_units/cohort/so" --output "$work/xep-hang.html"

soffice "-env:UserInstallation=file://$work/profile" --headless --convert-to pdf --outdir "$work" \
    "$work/xep-hang.docx" "$work/phieu-cham-diem.docx" >/dev/null
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$work/xep-hang.pdf" "$work/xep-hang-docx"
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$work/phieu-cham-diem.pdf" "$work/phieu-cham-diem-docx"
"$chromium" --headless --disable-gpu --no-sandbox --hide-scrollbars --user-data-dir="$work/chromium" \
    --window-size=1240,1560 --screenshot="$work/xep-hang-html.png" "file://$work/xep-hang.html" >/dev/null 2>&1

for name in xep-hang-docx phieu-cham-diem-docx xep-hang-html; do
    if command -v pngquant >/dev/null; then
        pngquant --force --quality=60-90 --output "$out/$name.png" "$work/$name.png"
    else
        cp "$work/$name.png" "$out/$name.png"
    fi
    echo "$out/$name.png: $(wc -c <"$out/$name.png") bytes"
done
