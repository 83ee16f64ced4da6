// The UI script runner (see ui_script.hpp).
#include "gui/app/testing/ui_script.hpp"

#include <set>
#include <sstream>
#include <thread>
#include <utility>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/actions/capture_controls.hpp"
#include "gui/app/actions/lab_actions.hpp"
#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/actions/topology_actions.hpp"
#include "gui/app/model/capture_findings.hpp"
#include "gui/app/model/exercise.hpp"
#include "gui/app/model/lab_snapshot.hpp"
#include "gui/app/testing/ui_script_compose.hpp"
#include "gui/app/testing/ui_script_console.hpp"
#include "gui/app/testing/ui_script_demo.hpp"
#include "gui/app/testing/ui_script_keyboard.hpp"
#include "gui/app/testing/ui_script_lab_tools.hpp"
#include "gui/app/testing/ui_script_welcome.hpp"
#include "sim/lab/node_log.hpp"

namespace smtplab::app {
namespace {

const std::set<std::string> kVerbs = {"open-capture",     "select-session",
                                      "select-dialogue",  "select-frame",
                                      "filter",           "switch-language",
                                      "presentation",     "open-lesson",
                                      "select-node",      "step",
                                      "screenshot",       "dump-state",
                                      "wait-frames",      "start-lab",
                                      "send-mail",        "open-mailbox",
                                      "open-message",     "open-message-file",
                                      "save-attachment",  "answer-quiz",
                                      "lesson-step",      "wait-checkpoint",
                                      "open-state",       "fullscreen",
                                      "analysis-message", "analysis-note",
                                      "message-tab"};
// The families kept in files of their own.
const ScriptVerbFamily kFamilies[] = {
    {is_console_verb, run_console_action},   {is_compose_verb, run_compose_action},
    {is_welcome_verb, run_welcome_action},   {is_demo_verb, run_demo_action},
    {is_keyboard_verb, run_keyboard_action}, {is_lab_tool_verb, run_lab_tool_action}};

const ScriptVerbFamily* family_of(const std::string& verb) {
  for (const auto& family : kFamilies) {
    if (family.has(verb)) return &family;
  }
  return nullptr;
}

// The running lab's faults and typed answers, kept apart from the table above.
const std::set<std::string> kLabVerbs = {"inject-fault", "clear-faults", "wait-session-open",
                                         "wait-log",     "type-answer",  "fault-menu"};
// Stepping the live lab: a contract with graders (ui_script.hpp), kept apart from the above.
const std::set<std::string> kStepVerbs = {"step-mode",      "step-unit", "sleep",
                                          "wait-delivered", "stop-lab",  "reset-lab"};
// The live capture's actions (capture_controls.hpp), kept apart from the table above.
const std::set<std::string> kCaptureVerbs = {"capture-start", "wait-capture", "capture-stop",
                                             "capture-save"};

std::optional<long> number(const std::string& text) {
  try {
    std::size_t used = 0;
    const long value = std::stol(text, &used);
    if (used == text.size()) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

/// Seconds as a number ("2", "0.5"); nullopt when it is not one, or negative.
std::optional<double> seconds(const std::string& text) {
  try {
    std::size_t used = 0;
    const double value = std::stod(text, &used);
    if (used == text.size() && value >= 0) return value;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

/// The moment `s` seconds from now: the end of a wait in real time.
std::chrono::steady_clock::time_point deadline_in(double s) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(s));
}

}  // namespace

bool ScriptRunner::step_action(AppState& state, const ScriptAction& action, std::string& error) {
  const std::string where =
      "script line " + std::to_string(action.line) + ": " + action.verb + " " + action.argument;
  if (action.verb == "step-mode") {
    if (action.argument != "on" && action.argument != "off") {
      error = where + ": step-mode on|off";
      return false;
    }
    set_step_mode(state, action.argument == "on");
  } else if (action.verb == "step-unit") {
    for (const auto& [unit, name] :
         {std::pair{lab::StepUnit::Exchange, "exchange"},
          std::pair{lab::StepUnit::Session, "session"}, std::pair{lab::StepUnit::Hop, "hop"}}) {
      if (action.argument == name) {
        state.step.unit = unit;
        return true;
      }
    }
    error = where + ": step-unit exchange|session|hop";
    return false;
  } else if (action.verb == "sleep") {
    const auto s = seconds(action.argument);
    if (!s) {
      error = where + ": sleep SECONDS";
      return false;
    }
    // Real time, while the window keeps drawing; a sleep never fails.
    const auto end = deadline_in(*s);
    until_ = [end](AppState&) { return std::chrono::steady_clock::now() >= end; };
    until_deadline_ = end + std::chrono::hours(24);
  } else if (action.verb == "wait-delivered") {
    std::istringstream words(action.argument);
    std::string count_text, timeout_text, extra;
    words >> count_text >> timeout_text >> extra;
    const auto count = number(count_text);
    const auto timeout = seconds(timeout_text);
    if (!count || *count < 0 || !timeout || !extra.empty()) {
      error = where + ": wait-delivered N TIMEOUT (N messages, TIMEOUT seconds)";
      return false;
    }
    if (!state.live.running() && !state.live.busy()) {
      error = where + ": failed: the lab is not running (start-lab first)";
      return false;
    }
    const auto wanted = static_cast<std::size_t>(*count);
    until_ = [wanted](AppState& s) { return s.live.messages_delivered() >= wanted; };
    until_deadline_ = deadline_in(*timeout);
    until_error_ = where + ": failed: fewer than " + count_text +
                   " message(s) in the lab's mailboxes after " + timeout_text + " s";
  } else if (action.verb == "stop-lab" || action.verb == "reset-lab") {
    if (!state.live.running()) {
      error = where + ": failed: the lab is not running (start-lab first)";
      return false;
    }
    // Both run in the background: wait until the lab has stopped (or started again). Not
    // on loads_finished: a send held by the step gate ends (and counts) meanwhile.
    const bool reset = action.verb == "reset-lab";
    if (reset) {
      reset_lab(state);
    } else {
      stop_lab(state);
    }
    until_ = [reset](AppState& s) { return !s.live.busy() && s.live.running() == reset; };
    until_deadline_ = deadline_in(30);
    until_error_ = where + ": failed: the lab has not " + (reset ? "started again" : "stopped") +
                   " after 30 s";
  }
  return true;
}

std::string script_newlines(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && text[i + 1] == 'n') {
      out += '\n';
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<std::vector<ScriptAction>> parse_ui_script(const std::string& text,
                                                         const std::string& file,
                                                         std::string& error) {
  std::vector<ScriptAction> actions;
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    const auto space = line.find(' ', start);
    ScriptAction action;
    action.verb =
        line.substr(start, space == std::string::npos ? std::string::npos : space - start);
    action.argument = space == std::string::npos
                          ? ""
                          : line.substr(line.find_first_not_of(' ', space) == std::string::npos
                                            ? line.size()
                                            : line.find_first_not_of(' ', space));
    action.line = line_no;
    if (!kVerbs.count(action.verb) && !kCaptureVerbs.count(action.verb) &&
        !kLabVerbs.count(action.verb) && !kStepVerbs.count(action.verb) &&
        !family_of(action.verb)) {
      error = file + ":" + std::to_string(line_no) + ": unknown action '" + action.verb + "'";
      return std::nullopt;
    }
    actions.push_back(std::move(action));
  }
  return actions;
}

bool ScriptRunner::advance(AppState& state, AfterDraw& after, std::string& error) {
  if (waiting_load_) {
    if (state.loads_finished == loads_before_) return true;
    waiting_load_ = false;
    wait_frames_ = 2;  // let the views lay out the new capture (new windows skip a frame)
  }
  if (until_) {
    if (!until_(state)) {
      if (until_deadline_) {
        if (std::chrono::steady_clock::now() < *until_deadline_) {
          // A wait in real time needs no thousand frames a second: leave the CPU to the lab.
          std::this_thread::sleep_for(std::chrono::milliseconds(5));
          return true;
        }
      } else if (--until_frames_ > 0) {
        return true;
      }
      error = until_error_;
      return false;
    }
    until_ = nullptr;
    until_deadline_.reset();
    if (until_verdict_) {
      error = until_verdict_(state);
      until_verdict_ = nullptr;
      if (!error.empty()) return false;
    }
    wait_frames_ = 1;
  }
  if (wait_frames_ > 0) {
    --wait_frames_;
    return true;
  }
  if (next_ >= actions_.size()) return true;
  const ScriptAction& action = actions_[next_++];
  const std::string where = "script line " + std::to_string(action.line) + ": ";
  const auto need_number = [&]() -> std::optional<long> {
    auto n = number(action.argument);
    if (!n) error = where + action.verb + " needs a number, got '" + action.argument + "'";
    return n;
  };
  if (action.verb == "open-capture") {
    loads_before_ = state.loads_finished;
    waiting_load_ = true;
    open_capture(state, action.argument);
  } else if (action.verb == "start-lab" || action.verb == "send-mail") {
    loads_before_ = state.loads_finished;
    waiting_load_ = true;
    if (action.verb == "start-lab") {
      state.live.start(state.topology.topology, state.queue);
    } else if (state.live.running()) {
      state.live.send_test_message(state.queue);
      // In step mode the submission waits for "step next": the script goes on at once.
      if (state.live.step_mode()) waiting_load_ = false;
    } else {
      error = where + "send-mail needs start-lab first (or the lab failed to start)";
      return false;
    }
  } else if (const ScriptVerbFamily* family = family_of(action.verb)) {
    auto result = family->run(state, action, where);
    if (!result.ok) {
      error = result.error;
      return false;
    }
    if (result.until) {
      until_ = std::move(result.until);
      until_frames_ = 600;
      until_deadline_ = result.deadline;
      until_error_ = std::move(result.until_error);
      until_verdict_ = std::move(result.verdict);
    }
  } else if (action.verb == "open-mailbox") {
    // The lab delivers in the background: wait until the mailbox shows a message.
    until_ = [address = action.argument](AppState& s) {
      return open_mailbox(s, address) &&
             !s.mail.mailboxes[s.mail.selected_mailbox].messages.empty();
    };
    until_frames_ = 600;
    until_error_ = where + "open-mailbox: no message in '" + action.argument + "' after 600 frames";
  } else if (action.verb == "open-message") {
    const auto n = need_number();
    if (!n) return false;
    if (!open_message(state, static_cast<int>(*n))) {
      error = where + "open-message: no message " + action.argument + " in the selected mailbox";
      return false;
    }
  } else if (action.verb == "open-message-file") {
    if (!open_message_file(state, action.argument)) {
      error = where + "open-message-file: cannot read " + action.argument;
      return false;
    }
  } else if (action.verb == "message-tab") {
    static const std::set<std::string> kTabs = {"path", "headers",     "mime",
                                                "text", "attachments", "raw"};
    if (!kTabs.count(action.argument)) {
      error = where + "message-tab path|headers|mime|text|attachments|raw";
      return false;
    }
    state.message.select_tab = action.argument;
  } else if (action.verb == "save-attachment") {
    const auto space = action.argument.find(' ');
    const auto n = number(action.argument.substr(0, space));
    if (!n || space == std::string::npos) {
      error = where + "save-attachment N DIR";
      return false;
    }
    state.message.save_dir = action.argument.substr(space + 1);
    save_attachment(state,
                    static_cast<int>(*n));  // a failure is shown in the window (and the dump)
  } else if (action.verb == "analysis-message" || action.verb == "analysis-note") {
    // A click on the N-th row of the capture analysis panel's tab.
    const auto n = need_number();
    if (!n) return false;
    bool ok = false;
    if (action.verb == "analysis-note") {
      state.analysis_view.select_notes = true;
      ok = select_listed_note(state, static_cast<int>(*n) - 1);
    } else if (state.capture) {
      const auto messages = listed_messages(*state.capture);
      if (*n >= 1 && static_cast<std::size_t>(*n) <= messages.size()) {
        const ListedMessage& listed = messages[static_cast<std::size_t>(*n) - 1];
        ok = open_captured_message(state, listed.session, listed.index);
      }
    }
    if (!ok) {
      error = where + action.verb + ": no row " + action.argument + " with a capture open";
      return false;
    }
  } else if (action.verb == "open-state") {
    if (!open_state_dir(state, action.argument)) {
      error = where +
              "open-state: " + (state.errors.empty() ? action.argument : state.errors.back().text);
      return false;
    }
    grade_checkpoints(state);
  } else if (action.verb == "answer-quiz") {
    const auto space = action.argument.find(' ');
    if (space == std::string::npos ||
        !answer_quiz(state, action.argument.substr(0, space), action.argument.substr(space + 1))) {
      error = where + "answer-quiz ID CHOICE: no such quiz or choice in the open scenario";
      return false;
    }
  } else if (action.verb == "lesson-step") {
    const auto n = need_number();
    if (!n) return false;
    go_to_step(state, static_cast<int>(*n) - 1);
  } else if (action.verb == "wait-checkpoint") {
    until_ = [id = action.argument](AppState& s) { return s.exercise.progress.passed[id]; };
    // Real time, not frames: a checkpoint waits for the lab (a bounce, a DSN), and a busy
    // machine draws frames faster than it delivers mail.
    until_deadline_ = deadline_in(60);
    until_error_ = where + "checkpoint " + action.argument + " has not passed after 60 s";
  } else if (action.verb == "inject-fault" || action.verb == "clear-faults") {
    std::istringstream words(action.argument);
    std::string node, kind, argument;
    words >> node >> kind;
    std::getline(words >> std::ws, argument);
    if (action.verb == "inject-fault") {
      std::string why;
      if (!inject_node_fault(state, node, kind, argument, why)) {
        error = where + "inject-fault: " + why;
        return false;
      }
    } else if (!state.live.running()) {
      error = where + "clear-faults needs start-lab first";
      return false;
    } else {
      clear_node_faults(state, node);
    }
    // The lab applies faults in the background: go on once it has.
    until_ = [](AppState& s) { return s.live.faults_pending() == 0; };
    until_frames_ = 600;
    until_error_ = where + action.verb + ": the lab has not applied it after 600 frames";
  } else if (action.verb == "fault-menu") {
    if (!state.topology.topology.find_node(action.argument)) {
      error = where + "fault-menu: no node '" + action.argument + "'";
      return false;
    }
    state.topology.open_fault_menu = action.argument;
  } else if (action.verb == "wait-session-open") {
    until_ = [](AppState& s) {
      refresh_topology_activity(s);
      return !s.topology.activity.sessions.empty();
    };
    until_frames_ = 600;
    until_error_ = where + "no SMTP session open after 600 frames";
  } else if (action.verb == "wait-log") {
    const auto space = action.argument.find(' ');
    if (space == std::string::npos) {
      error = where + "wait-log NODE TEXT";
      return false;
    }
    // Scans only the events added since the last frame: the timeline only grows.
    until_ = [node = action.argument.substr(0, space), text = action.argument.substr(space + 1),
              scanned = std::size_t{0}](AppState& s) mutable {
      for (; scanned < s.timeline.size(); ++scanned) {
        const lab::TimelineEvent& event = s.timeline[scanned];
        if (lab::concerns_node(event, node) && event.text.find(text) != std::string::npos)
          return true;
      }
      return false;
    };
    until_frames_ = 600;
    until_error_ = where + "no '" + action.argument.substr(space + 1) + "' in the log of " +
                   action.argument.substr(0, space) + " after 600 frames";
  } else if (action.verb == "capture-start") {
    if (!start_live_capture(state, action.argument.empty() ? "lo" : action.argument)) {
      error = where + "capture-start: a live capture already runs";
      return false;
    }
    until_ = [](AppState& s) { return s.capture_state.status != CaptureStatus::Starting; };
    until_frames_ = 600;
    until_error_ = where + "capture-start: the interface did not open after 600 frames";
  } else if (action.verb == "wait-capture") {
    const auto n = need_number();
    if (!n) return false;
    until_ = [n = static_cast<std::size_t>(*n)](AppState& s) {
      const auto& model = s.capture_state.model;
      return model && model->analysis.sessions.size() >= n;
    };
    until_frames_ = 600;
    until_error_ = where + "wait-capture: fewer than " + action.argument +
                   " SMTP sessions captured after 600 frames";
  } else if (action.verb == "capture-stop") {
    stop_live_capture(state);
    until_ = [](AppState& s) { return !live_capture_active(s); };
    until_frames_ = 600;
    until_error_ = where + "capture-stop: the capture has not stopped after 600 frames";
  } else if (action.verb == "capture-save") {
    const std::uint64_t saves = state.capture_state.saves_finished;
    if (!save_capture(state, action.argument)) {
      error = where + "capture-save FILE: no captured frames to save (or a save runs)";
      return false;
    }
    until_ = [saves](AppState& s) { return s.capture_state.saves_finished > saves; };
    until_frames_ = 600;
    until_error_ = where + "capture-save: not written after 600 frames";
  } else if (action.verb == "type-answer") {
    const auto space = action.argument.find(' ');
    if (space == std::string::npos ||
        !type_answer(state, action.argument.substr(0, space), action.argument.substr(space + 1))) {
      error = where + "type-answer ID TEXT: no free quiz or answer checkpoint ID";
      return false;
    }
  } else if (action.verb == "select-session") {
    const auto n = need_number();
    if (!n) return false;
    select_session(state, static_cast<int>(*n) - 1);
  } else if (action.verb == "select-dialogue") {
    const auto n = need_number();
    if (!n) return false;
    const auto index = dialogue_event_index(state, state.selection.session, static_cast<int>(*n));
    if (!index) {
      error = where + "no dialogue line " + action.argument + " in the selected session";
      return false;
    }
    select_event(state, *index);
  } else if (action.verb == "select-frame") {
    const auto n = need_number();
    if (!n) return false;
    select_frame(state, static_cast<std::uint64_t>(*n));
  } else if (action.verb == "filter") {
    if (!apply_filter(state, action.argument)) {
      error = where + "filter refused: " + state.frames.filter_error;
      return false;
    }
  } else if (action.verb == "switch-language") {
    if (action.argument != "fr" && action.argument != "en") {
      error = where + "switch-language fr|en";
      return false;
    }
    choose_language(state, action.argument == "fr" ? Language::Fr : Language::En);
  } else if (action.verb == "presentation") {
    state.presentation = action.argument == "on";
  } else if (action.verb == "fullscreen") {
    state.fullscreen = action.argument == "on";
  } else if (action.verb == "open-lesson") {
    const auto n = need_number();
    if (!n) return false;
    open_lesson(state, static_cast<int>(*n));
  } else if (action.verb == "select-node") {
    state.topology.selected_node = action.argument;
  } else if (action.verb == "step") {
    step_exchange(state, action.argument == "prev" ? -1 : +1);
  } else if (action.verb == "screenshot") {
    after.screenshot = action.argument;
  } else if (action.verb == "dump-state") {
    after.dump = action.argument;
  } else if (action.verb == "wait-frames") {
    const auto n = need_number();
    if (!n) return false;
    wait_frames_ = static_cast<int>(*n);
  } else if (kStepVerbs.count(action.verb)) {
    if (!step_action(state, action, error)) return false;
  }
  // Let the next frame show the effect before the next action (screenshots need it).
  if (wait_frames_ == 0 && !waiting_load_ && !until_) wait_frames_ = 1;
  return true;
}

}  // namespace smtplab::app
