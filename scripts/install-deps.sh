#!/usr/bin/env bash
# Installs every Debian package SMTP Lab needs to build, test, fuzz and benchmark.
# Used by README's two commands and by .ci/run. Needs root (or sudo).
set -euo pipefail

packages=(
  # build
  build-essential cmake pkg-config ninja-build clang-format
  # libraries
  libimgui-dev libglfw3-dev libasio-dev libpcap-dev libgtest-dev libgmock-dev
  libyaml-cpp-dev libssl-dev libmd4c-dev libmd4c-html0-dev libstb-dev
  # fonts: DejaVu, and Noto for Arabic, CJK and symbols (gui/app/shell/fonts.cpp)
  fonts-dejavu-core fonts-noto-core fonts-noto-cjk
  libbenchmark-dev nlohmann-json3-dev
  # GUI tests
  xvfb xauth libgl1-mesa-dri
  # capture and interop peers
  libcap2-bin tshark tcpdump swaks libnet-ssleay-perl libio-socket-ssl-perl
  libauthen-sasl-perl curl python3 python3-yaml python3-aiosmtpd python3-dkim msmtp postfix openssl
  mpop fetchmail isync dovecot-imapd
  # the hand-session clients the lessons print (tests/lessons runs them as printed)
  netcat-openbsd telnet
  # fuzzing
  clang-14 libclang-rt-14-dev
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# postfix asks questions at install time; answer them so it stays local-only.
echo "postfix postfix/main_mailer_type select No configuration" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
# dovecot-imapd is only the interop tests' reference IMAP server, started by them on a
# loopback port with a private configuration: the system service it installs (143/993 on
# every interface) is not wanted.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled dovecot >/dev/null 2>&1; then
  "${sudo_cmd[@]}" systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
