#!/usr/bin/env bash
# Regenerates the README screenshots with the real window under Xvfb:
#   docs/screenshots/make_screenshots.sh [path/to/smtplab] [captures dir]
# Each shot is a UI script (select a session, a dialogue line or a frame) run by
# `smtplab gui --script ... --screenshot ...`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
smtplab="${1:-$here/../../build/gui/smtplab}"
captures="${2:-$here/../../../shared/captures}"
xvfb=(xvfb-run -a -s "-screen 0 1600x1000x24")
script="$(mktemp)"
# Lesson progress goes to a throw-away config folder, not the user's.
export XDG_CONFIG_HOME="$(mktemp -d)"
trap 'rm -rf "$script" "$XDG_CONFIG_HOME"' EXIT
data="$here/../../tests/gui/data"

shot() {  # shot NAME LANG "ACTIONS; ..." [extra smtplab args...]
  local name="$1" lang="$2" actions="$3"
  shift 3
  tr ';' '\n' <<<"$actions" | sed 's/^ *//' > "$script"
  "${xvfb[@]}" "$smtplab" gui --lang "$lang" --script "$script" --screenshot "$here/$name.png" "$@"
  echo "$here/$name.png"
}

for lang in fr en; do
  shot "window-$lang" "$lang" "select-session 1; select-dialogue 10; open-lesson 3" \
       --capture "$captures/zeek-smtp.pcap"
  shot "starttls-$lang" "$lang" "select-dialogue 5; select-node smtp.gsimaroc.com" \
       --scenario 08-routing --capture "$captures/zeek-smtp-starttls.pcap"
  shot "mail-$lang" "$lang" "start-lab; send-mail; open-mailbox; open-message 1"
  shot "message-$lang" "$lang" "open-message-file $data/tp-attachment.eml"
  # Capturing on lo (needs root or the setcap of the README) while the lab delivers.
  shot "capture-$lang" "$lang" "start-lab; capture-start lo; send-mail; wait-capture 3; wait-frames 20; select-session 2; select-dialogue 3"
  shot "exercise-$lang" "$lang" "start-lab; send-mail; wait-checkpoint 1.1; answer-quiz q1 2; lesson-step 2" \
       --scenario "$data/exercise.yaml"
  # The topology panel alone: the MX down, the relay slowed down, an envelope on its way.
  shot "topology-live-$lang" "$lang" "start-lab; inject-fault mx.menara.ma down; inject-fault relay.gsimaroc.com delay 700; send-mail; wait-session-open; select-node relay.gsimaroc.com; wait-frames 40" \
       --size 1600x1000
  python3 "$here/crop_png.py" "$here/topology-live-$lang.png" "$here/topology-live-$lang.png" 0 0 450 400
  # The console from the MUA's address: STARTTLS typed, AUTH built by the helper, inside TLS.
  tls_text="TLS established"; [ "$lang" = fr ] && tls_text="TLS établi"
  shot "console-starttls-$lang" "$lang" "start-lab; console-from mua.ali; console-connect msa.gsimaroc.com:submission; wait-console S: 220 ; console-send EHLO pc.example.org; wait-console S: 250 ; console-send STARTTLS; wait-console $tls_text; console-send EHLO pc.example.org; wait-console [TLS] S: 250 ; console-auth PLAIN ali.belabbas sesame; console-enter; wait-console [TLS] S: 235; wait-frames 10" \
       --size 1920x1080
  # The compose panel after a send: Bcc, 8-bit text, DSN, each recipient's answer.
  shot "compose-$lang" "$lang" "start-lab; compose-open; compose-set cc Henri.Dupont@menara.ma; compose-set bcc ali.belabbas@gsimaroc.com; compose-set subject Réunion de vendredi; compose-set body Bonjour,\\nLa réunion est à 10 h.; compose-set eight-bit on; compose-set notify failure; compose-send; wait-frames 10" \
       --size 1920x1080
  # The lecture as projected: chapter 2's demonstration played in presentation mode, step
  # mode on, paused inside its session, at the two sizes projectors have.
  for size in 1920x1080 1280x720; do
    shot "lecture-$lang-$size" "$lang" "welcome chapter 2; presentation on; step-mode on; lesson-next; sleep 0.5; step next; sleep 0.3; step next; sleep 0.3; step next; sleep 0.3; step next; sleep 0.3; step next; sleep 0.5; wait-frames 5" \
         --size "$size"
  done
done
shot "live-fr" fr "start-lab; send-mail; wait-frames 5; select-session 2; select-dialogue 3"
shot "presentation-fr" fr "presentation on; open-lesson 2; select-dialogue 12" --capture "$captures/zeek-smtp.pcap"
shot "error-en" en "open-capture /no/such/file.pcap"
