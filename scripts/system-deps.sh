#!/usr/bin/env bash
# Install the programs the tests and the demo call, by Debian package, when they are missing:
#   soffice (Writer renders PDFs, Calc recalculates workbooks), pdftotext/pdftoppm, PostgreSQL,
#   Chromium and its chromedriver (the web page's browser tests), make.
# Run as root or with passwordless sudo; otherwise it prints what to install and the tests that
# need a missing program fail, naming the package.
set -euo pipefail

need=()
lo_program=""
if command -v soffice >/dev/null 2>&1; then
  lo_program=$(dirname "$(readlink -f "$(command -v soffice)")")
fi
[ -n "$lo_program" ] && [ -e "$lo_program/libswlo.so" ] || need+=(libreoffice-writer-nogui)
[ -n "$lo_program" ] && [ -e "$lo_program/libsclo.so" ] || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v make >/dev/null 2>&1 || need+=(make)
[ -d /usr/share/fonts/truetype/dejavu ] || need+=(fonts-dejavu-core)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo_cmd="sudo"
  else
    echo "system-deps: missing ${need[*]}; install them with: sudo apt-get install ${need[*]}" >&2
    exit 0
  fi
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -q >&2
$sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}" >&2
