// The UI test mode: a script of actions, one per line, run against the real window one
// action per frame. Blank lines and lines starting with '#' are ignored.
//   open-capture FILE      open a capture (waits until it is loaded or has failed)
//   select-session N       1-based, as shown in the session picker
//   select-dialogue K      the K-th (1-based) dialogue line of the selected session
//   select-frame N         1-based frame number
//   filter TEXT            apply a display filter (empty TEXT clears it)
//   switch-language fr|en
//   presentation on|off
//   open-lesson NN         chapter 1..the last one
//   select-node ID         a topology node
//   step next|prev         one exchange forward or back; in the live lab's step mode
//                          "next" moves the lab on, whatever the views show
//   screenshot F.png       save the window after this frame is drawn
//   dump-state F.json      write the UI state after this frame is drawn
//   wait-frames N          let N frames pass
//   start-lab              start the topology live (waits until started or failed)
//   send-mail              the first MUA sends a test message (waits until submitted)
//   console-...            the console's actions: see ui_script_console.hpp
//   compose-...            the compose panel's actions: see ui_script_compose.hpp
//   welcome ...            the start page: see ui_script_welcome.hpp
//   advance-clock | dns-query   the lab's clock and DNS: see ui_script_lab_tools.hpp
//   key NAME | type TEXT   press a key ("ctrl+o", "down", "enter") or type text, as a
//                          keyboard does: see ui_script_keyboard.hpp
//   open-mailbox [ADDR]    show the mailboxes panel on ADDR ("" = the first holding mail);
//                          waits (up to 600 frames) until that mailbox has a message
//   open-state DIR         read a recorded lab (smtplab run --out DIR) as the lab state
//   open-message K         open the K-th (1-based) message of the selected mailbox
//   open-message-file F    open a message file (.eml, Maildir file) in the message view
//   message-tab T          bring a tab of the message view to the front (path, headers,
//                          mime, text, attachments, raw)
//   analysis-message N     click the N-th (1-based) message of the capture analysis panel:
//                          it opens in the message view
//   analysis-note N        click the N-th note listed in that panel: its frame is selected
//   save-attachment N DIR  save the N-th (1-based) attachment of the open message into DIR
//   answer-quiz ID CHOICE  answer a scenario quiz: "2", "1,3", or the text of a free quiz
//   lesson-step N          go to step N (1-based) of the open scenario
//   wait-checkpoint ID     wait (up to 60 s) until checkpoint ID has passed
//   capture-start IFACE    live capture on IFACE with the topology's filter (waits until
//                          capturing or failed; a failure is shown in the window, not fatal)
//   wait-capture N         wait (up to 600 frames) until the live capture holds N SMTP sessions
//   capture-stop           stop the live capture (waits for its last frames and final model)
//   capture-save FILE      save the live capture's frames: .pcapng by name, else .pcap
//                          (waits until written; a failure is shown in the window)
//   inject-fault NODE KIND [ARG]  inject a fault into a node of the running lab: down,
//                          reply CODE VERB, delay [MS], drop-data [BYTES], strip-starttls,
//                          modify-body, fill-mailbox [ADDR], break-dns [NAME] (waits until
//                          the lab applied it)
//   clear-faults NODE      clear every fault active on NODE (waits until applied)
//   wait-session-open      wait (up to 600 frames) until an SMTP session of the lab is open
//   wait-log NODE TEXT     wait (up to 600 frames) until a line of NODE's log holds TEXT
//   fault-menu NODE        open NODE's fault menu, as a right-click does (for screenshots)
//   type-answer ID TEXT    type TEXT into the answer field of free quiz or checkpoint ID and
//                          press its button ("a | b" for a checkpoint with two questions)
// Stepping the live lab (step-mode, step, sleep and wait-delivered are a contract: graders
// use them; see README "The window"):
//   step-mode on|off       the lab waits for "step next" before each exchange (or not)
//   step-unit exchange|session|hop   how far one "step next" lets the lab go
//   sleep SECONDS          real time (the lab keeps its pause: its timers stand still)
//   wait-delivered N TIMEOUT   wait until N messages are in the lab's mailboxes, at most
//                          TIMEOUT real seconds; then the script fails, naming the action
//   stop-lab | reset-lab   Lab > Stop, Lab > Reset (waits until done)
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// One action of a script.
struct ScriptAction {
  std::string verb;
  std::string argument;
  int line = 0;  ///< in the script file, for error messages
};

/// What an action kept outside the main table (console, compose, start page) asks of
/// the runner.
struct ScriptStepResult {
  bool ok = true;
  std::string error;                     ///< when !ok
  std::function<bool(AppState&)> until;  ///< a wait, or empty
  std::string until_error;               ///< when the wait runs out
  /// The wait runs out at this time (real time); none: after 600 frames.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// Once the wait is over: what went wrong ("" for nothing), or empty.
  std::function<std::string(AppState&)> verdict;
};

/// A family of actions kept in a file of its own (the console, the compose panel, the
/// start page, the demonstration): one entry in the runner's table, for parsing and running.
struct ScriptVerbFamily {
  bool (*has)(const std::string& verb);
  ScriptStepResult (*run)(AppState& state, const ScriptAction& action, const std::string& where);
};

/// A script argument with each two-character "\n" turned into a new line (a script line
/// cannot hold one).
std::string script_newlines(const std::string& text);

/// Parses a script; nullopt with `error` ("FILE:LINE: what") on an unknown action.
std::optional<std::vector<ScriptAction>> parse_ui_script(const std::string& text,
                                                         const std::string& file,
                                                         std::string& error);

/// What the window must do after drawing this frame.
struct AfterDraw {
  std::string screenshot;  ///< PNG to save ("" none)
  std::string dump;        ///< JSON to write ("" none)
};

class ScriptRunner {
 public:
  explicit ScriptRunner(std::vector<ScriptAction> actions) : actions_(std::move(actions)) {}
  /// Runs the next action if the previous one is done; fills `after` for post-draw work.
  /// Returns false with `error` set when an action fails (bad argument).
  bool advance(AppState& state, AfterDraw& after, std::string& error);
  /// True when every action ran.
  bool done() const {
    return next_ >= actions_.size() && wait_frames_ == 0 && !waiting_load_ && !until_;
  }

 private:
  /// The stepping verbs (step-mode, step-unit, sleep, wait-delivered); false with `error`.
  bool step_action(AppState& state, const ScriptAction& action, std::string& error);

  std::vector<ScriptAction> actions_;
  std::size_t next_ = 0;
  int wait_frames_ = 0;
  bool waiting_load_ = false;
  std::uint64_t loads_before_ = 0;
  std::function<bool(AppState&)> until_;  ///< an action waiting for the lab (open-mailbox)
  int until_frames_ = 0;                  ///< frames left before that wait fails
  std::string until_error_;               ///< the error when it does
  std::function<std::string(AppState&)> until_verdict_;  ///< checked once the wait is over
  /// A wait in real time (sleep, wait-delivered): it fails at this instant, not after
  /// `until_frames_` frames.
  std::optional<std::chrono::steady_clock::time_point> until_deadline_;
};

}  // namespace smtplab::app
