#!/usr/bin/env bash
# The export tests read the PDFs' text back with pdftotext (poppler-utils). Without it they
# only check that each PDF is a PDF with pages. Installs it when missing and we are root.
set -euo pipefail
if command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing poppler-utils for the PDF export tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  exit 0
fi
echo "pdftotext is missing: install poppler-utils (sudo apt-get install poppler-utils) to check the PDFs' text." >&2
