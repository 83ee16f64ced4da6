// The state dump (see state_dump.hpp).
#include "gui/app/testing/state_dump.hpp"

#include <algorithm>
#include <cstdio>

#include <set>

#include "gui/app/actions/console_actions.hpp"
#include "gui/app/actions/mail_actions.hpp"
#include "gui/app/model/capture_findings.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/app/model/exercise.hpp"
#include "gui/app/model/frame_details.hpp"
#include "gui/app/model/lab_faults.hpp"
#include "gui/app/model/node_ports.hpp"
#include "gui/app/model/queue_problem_text.hpp"
#include "gui/app/widgets/lab_clock.hpp"
#include "gui/app/widgets/mail_text.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_spec.hpp"
#include "sim/lab/timeline_json.hpp"
#include "sim/message/mime.hpp"

namespace smtplab::app {
namespace {

nlohmann::json event_json(const lab::TimelineEvent& ev) {
  nlohmann::json j = {
      {"seq", ev.seq},         {"kind", std::string(lab::timeline_kind_name(ev.kind))},
      {"session", ev.session}, {"offset", ev.offset},
      {"length", ev.length},   {"text", ev.text}};
  if (ev.direction) j["dir"] = std::string(1, ev.direction);
  if (!ev.verb.empty()) j["verb"] = ev.verb;
  if (ev.code) j["code"] = ev.code;
  for (const auto& [key, value] : lab::payload_fields(ev)) j["fields"][key] = value;
  return j;
}

/// 1-based position of a timeline event among its session's dialogue lines.
int dialogue_line_of(const AppState& state, std::size_t index) {
  const auto session = state.timeline[index].session;
  if (session == 0 || session > state.session_events.size()) return 0;
  int line = 0;
  for (std::size_t i : state.session_events[session - 1]) {
    if (i > index) break;
    if (is_dialogue_event(state.timeline[i])) ++line;
  }
  return line;
}

nlohmann::json mail_json(const MailState& mail, Language language) {
  nlohmann::json queues = nlohmann::json::array();
  for (const auto& queue : mail.queues) {
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : queue.entries) {
      entries.push_back({{"id", e.id},
                         {"recipients", e.pending()},
                         {"attempts", e.attempts},
                         {"next_attempt", e.next_attempt},
                         {"last_error", agents::english_text(e.problem)},
                         {"reason", describe_problem(e.problem, language)}});
    }
    queues.push_back({{"node", queue.node}, {"entries", entries}});
  }
  nlohmann::json boxes = nlohmann::json::array();
  for (const auto& box : mail.mailboxes) {
    nlohmann::json messages = nlohmann::json::array();
    for (const auto& m : box.messages)
      messages.push_back({{"from", m.from}, {"subject", m.subject}, {"date", m.date}});
    boxes.push_back({{"node", box.node}, {"address", box.address}, {"messages", messages}});
  }
  const bool selected =
      mail.selected_mailbox >= 0 && mail.selected_mailbox < static_cast<int>(mail.mailboxes.size());
  return {
      {"show", mail.show},
      {"queues", queues},
      {"mailboxes", boxes},
      {"selected_mailbox", selected ? nlohmann::json(mail.mailboxes[mail.selected_mailbox].address)
                                    : nlohmann::json(nullptr)}};
}

/// What the message view draws of `text` ("shown": Arabic shaped, in visual order) and the
/// code points the text and code fonts would draw as boxes.
nlohmann::json shown_json(const std::string& text, const Fonts& fonts) {
  const std::string shown = mail_display(text);
  nlohmann::json missing = nlohmann::json::array();
  for (const ImFont* font : {fonts.text, fonts.mono}) {
    for (const char32_t c : missing_glyphs(font, shown)) {
      char name[16];
      std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(c));
      if (std::find(missing.begin(), missing.end(), name) == missing.end()) missing.push_back(name);
    }
  }
  return {{"shown", shown}, {"missing_glyphs", missing}};
}

nlohmann::json message_json(const MessageViewState& view, const Fonts& fonts) {
  if (!view.open) return nullptr;
  nlohmann::json hops = nlohmann::json::array();
  for (const auto& hop : view.hops) {
    hops.push_back({{"from", hop.from},
                    {"from_ip", hop.from_ip},
                    {"by", hop.by},
                    {"with", hop.with},
                    {"date", hop.date_text}});
  }
  nlohmann::json parts = nlohmann::json::array();
  for (const message::MimePart* part : message::walk(view.root)) {
    parts.push_back({{"index", part->index},
                     {"depth", part->depth},
                     {"type", part->content_type.mime_type()},
                     {"filename", part->filename}});
  }
  nlohmann::json files = nlohmann::json::array();
  for (const message::MimePart* part : attachments(view))
    files.push_back({{"filename", part->filename}, {"size", part->body.size()}});
  const message::MimePart* text = message::find_text_part(view.root);
  const auto head_end = view.raw.find("\r\n\r\n");
  return {{"file", view.file},
          {"raw_head", view.raw.substr(0, std::min<std::size_t>(head_end, 8192))},
          {"subject", message::decoded_subject(view.root)},
          {"headers", view.root.headers().fields.size()},
          {"hops", hops},
          {"mime", parts},
          {"text", text ? message::text_content(*text) : ""},
          {"attachments", files},
          {"subject_view", shown_json(message::decoded_subject(view.root), fonts)},
          {"text_view", shown_json(text ? message::text_content(*text) : "", fonts)},
          {"save_dir", view.save_dir},
          {"save_status", view.save_status},
          {"save_failed", view.save_failed}};
}

/// Per node: health, queue size and active faults; the open sessions with their
/// envelope's position (0 at the client .. 1 at the server).
nlohmann::json topology_json(const AppState& state) {
  const TopologyState& topology = state.topology;
  nlohmann::json nodes = nlohmann::json::array();
  for (const auto& node : topology.topology.nodes) {
    const auto health = topology.activity.health.find(node.id);
    const NodeHealth h = health == topology.activity.health.end() ? NodeHealth::Up : health->second;
    std::size_t queued = 0;
    for (const auto& queue : state.mail.queues) {
      if (queue.node == node.id) queued = queue.entries.size();
    }
    nlohmann::json faults = nlohmann::json::array();
    for (const auto& fault : faults_of(topology.activity, node.id))
      faults.push_back({{"kind", fault.kind},
                        {"verb", fault.verb},
                        {"amount", fault.amount},
                        {"text", describe_fault(fault, state.language)}});
    nodes.push_back({{"id", node.id},
                     {"state", h == NodeHealth::Down      ? "down"
                               : h == NodeHealth::Faulted ? "faulted"
                                                          : "up"},
                     {"queue", queued},
                     {"ports", node_ports_text(node, state.live.runtime())},
                     {"faults", faults}});
  }
  nlohmann::json sessions = nlohmann::json::array();
  for (const auto& session : topology.activity.sessions) {
    const auto drawn = topology.envelope_positions.find(session.session);
    sessions.push_back(
        {{"session", session.session},
         {"client", session.client_node},
         {"server", session.server_node},
         {"progress", session.progress},
         {"envelope", drawn == topology.envelope_positions.end() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(drawn->second)}});
  }
  nlohmann::json log = nlohmann::json::array();
  for (std::size_t index : topology.node_log) {
    if (index < state.timeline.size()) log.push_back(event_json(state.timeline[index]));
  }
  return {{"nodes", topology.topology.nodes.size()},
          {"selected", topology.selected_node},
          {"node_states", nodes},
          {"active_sessions", sessions},
          {"selected_sessions", topology.node_sessions},
          {"selected_log", log}};
}

nlohmann::json exercise_json(const AppState& state) {
  const ExerciseState& ex = state.exercise;
  if (!ex.scenario) return nullptr;
  const std::string lang(language_code(state.language));
  nlohmann::json checkpoints = nlohmann::json::array();
  nlohmann::json quizzes = nlohmann::json::array();
  for (const auto& step : ex.scenario->steps) {
    if (const auto* cp = std::get_if<lab::CheckpointStep>(&step.step)) {
      const auto passed = ex.progress.passed.find(cp->id);
      const auto reason = ex.reasons.find(cp->id);
      checkpoints.push_back({{"id", cp->id},
                             {"passed", passed != ex.progress.passed.end() && passed->second},
                             {"reason", reason == ex.reasons.end() ? "" : reason->second.in(lang)},
                             {"answers", ex.progress.checkpoint_answers.count(cp->id)
                                             ? ex.progress.checkpoint_answers.at(cp->id)
                                             : std::vector<std::string>{}}});
    } else if (const auto* quiz = std::get_if<lab::QuizStep>(&step.step)) {
      const auto right = ex.progress.quiz_right.find(quiz->id);
      nlohmann::json q = {{"id", quiz->id}, {"answered", right != ex.progress.quiz_right.end()}};
      if (right != ex.progress.quiz_right.end()) {
        // right: the last try (a solved quiz is closed); first_try_right: the score;
        // feedback: what the window shows for the last try's choice(s).
        q["right"] = right->second;
        q["feedback"] = quiz_feedback(*quiz, ex.progress).in(lang);
        const auto first = ex.progress.quiz_first_try.find(quiz->id);
        q["first_try_right"] = first != ex.progress.quiz_first_try.end() && first->second;
        const auto tries = ex.progress.quiz_tries.find(quiz->id);
        q["tries"] = tries == ex.progress.quiz_tries.end() ? 0 : tries->second;
        if (const auto chosen = ex.progress.quiz_choices.find(quiz->id);
            chosen != ex.progress.quiz_choices.end() && !chosen->second.empty())
          q["chosen"] = chosen->second;
      }
      if (const auto text = ex.progress.quiz_text.find(quiz->id);
          text != ex.progress.quiz_text.end())
        q["text"] = text->second;
      quizzes.push_back(q);
    }
  }
  const auto& steps = ex.scenario->steps;
  return {
      {"scenario", ex.scenario->id},
      {"step", ex.progress.step + 1},
      {"steps", steps.size()},
      {"instruction",
       steps.empty() ? ""
                     : step_instruction(steps[static_cast<std::size_t>(ex.progress.step)], lang)},
      {"checkpoints", checkpoints},
      {"quizzes", quizzes},
      {"quiz_score",
       [&] {
         const QuizTally tally = quiz_tally(*ex.scenario, ex.progress);
         return nlohmann::json{{"total", tally.total},
                               {"answered", tally.answered},
                               {"first_try_right", tally.first_try_right}};
       }()},
      {"progress_file", ex.progress_file}};
}

/// The demonstration player: the step playing and what the played steps did.
nlohmann::json demo_json(const AppState& state) {
  const std::string lang(language_code(state.language));
  nlohmann::json played = nlohmann::json::array();
  for (const auto& [index, result] : state.demo.results()) {
    played.push_back({{"step", index + 1}, {"ok", result.ok}, {"text", result.text.in(lang)}});
  }
  const auto current = state.demo.current();
  return {{"busy", state.demo.busy()},
          {"playing", current ? nlohmann::json(*current + 1) : nlohmann::json(nullptr)},
          {"played", played},
          {"error", state.demo.error().in(lang)}};
}

const char* capture_status_name(CaptureStatus status) {
  switch (status) {
    case CaptureStatus::Idle:
      return "idle";
    case CaptureStatus::Starting:
      return "starting";
    case CaptureStatus::Running:
      return "running";
    case CaptureStatus::Stopping:
      return "stopping";
    case CaptureStatus::Stopped:
      return "stopped";
    case CaptureStatus::Failed:
      return "failed";
  }
  return "?";
}

/// The Capture panel: status and counters, plus what the live frames carried (the
/// addresses of their SMTP and TLS frames) so tests need not parse the saved file.
nlohmann::json capture_panel_json(const AppState& state) {
  const CaptureState& cs = state.capture_state;
  const capture::LiveStats stats = cs.feed.stats();
  std::set<std::string> smtp_hosts;
  std::uint64_t smtp_frames = 0;
  if (cs.model) {
    for (const FrameRow& row : cs.model->rows) {
      if (row.protocol != FrameProtocol::Smtp && row.protocol != FrameProtocol::Tls) continue;
      ++smtp_frames;
      smtp_hosts.insert(capture::to_string(row.source.address));
      smtp_hosts.insert(capture::to_string(row.destination.address));
    }
  }
  // Each session's dialogue as "FRAME C VERB" / "FRAME S CODE": the saved file's analysis
  // must give the same lines (frames are saved in capture order, so numbers match).
  nlohmann::json sessions = nlohmann::json::array();
  if (cs.model) {
    for (const auto& session : cs.model->analysis.sessions) {
      nlohmann::json lines = nlohmann::json::array();
      for (const auto& entry : session.dialogue) {
        const std::string frame = std::to_string(entry.frame);
        if (entry.kind == capture::DialogueEntry::Kind::Command)
          lines.push_back(frame + " C " + entry.verb);
        else if (entry.kind == capture::DialogueEntry::Kind::Reply)
          lines.push_back(frame + " S " + std::to_string(entry.code));
      }
      sessions.push_back({{"client", capture::to_string(session.client)},
                          {"server", capture::to_string(session.server)},
                          {"dialogue", lines}});
    }
  }
  return {{"show", cs.show},
          {"interface", cs.interface},
          {"status", capture_status_name(cs.status)},
          {"running", cs.status == CaptureStatus::Running},
          {"filter", cs.filter},
          {"frames", cs.feed.frames()},
          {"kernel_drops", stats.kernel_dropped + stats.if_dropped},
          {"queue_drops", stats.queue_dropped},
          {"sessions", sessions},
          {"smtp_frames", smtp_frames},
          {"smtp_hosts", smtp_hosts},
          {"views_show_it", cs.model && state.capture == cs.model},
          {"error", cs.error},
          {"setcap_command", cs.setcap_command},
          {"saved_file", cs.saved_file},
          {"saved_frames", cs.saved_frames},
          {"save_error", cs.save_error}};
}

}  // namespace

nlohmann::json dump_state(const AppState& state) {
  nlohmann::json j;
  j["language"] = std::string(language_code(state.language));
  j["presentation"] = state.presentation;
  j["fullscreen"] = state.fullscreen;
  j["window_size"] = {state.window_width, state.window_height};
  j["font_pixels"] = state.fonts.pixels;
  j["loading"] = state.loader.busy();
  if (state.capture) {
    j["capture"] = {{"file", state.capture->file},
                    {"frames", state.capture->rows.size()},
                    {"sessions", state.capture->analysis.sessions.size()},
                    {"timeline_events", state.timeline.size()}};
  } else {
    j["capture"] = nullptr;
  }
  const Selection& sel = state.selection;
  nlohmann::json s;
  s["session"] = sel.session >= 0 ? nlohmann::json(sel.session + 1) : nlohmann::json(nullptr);
  if (sel.event && *sel.event < state.timeline.size()) {
    s["dialogue_line"] = dialogue_line_of(state, *sel.event);
    s["event"] = event_json(state.timeline[*sel.event]);
  } else {
    s["dialogue_line"] = nullptr;
    s["event"] = nullptr;
  }
  s["frame"] = sel.frame;
  s["frames"] = sel.frames;
  s["highlights"] = nlohmann::json::array();
  for (const auto& r : sel.highlights)
    s["highlights"].push_back({{"frame", r.frame}, {"begin", r.begin}, {"end", r.end}});
  s["lit_dialogue_lines"] = nlohmann::json::array();
  for (std::size_t index : sel.events)
    s["lit_dialogue_lines"].push_back(dialogue_line_of(state, index));
  if (sel.field)
    s["field"] = {
        {"frame", sel.field->frame}, {"begin", sel.field->begin}, {"end", sel.field->end}};
  j["selection"] = s;
  // The selected frame's details tree as the panel draws it, depth first.
  nlohmann::json details = nlohmann::json::array();
  if (state.capture && sel.frame != 0) {
    const auto walk = [&details](const auto& self, const capture::FieldNode& node,
                                 int depth) -> void {
      details.push_back({{"field", node.name},
                         {"value", node.value},
                         {"depth", depth},
                         {"bytes", {node.offset, node.offset + node.length}}});
      for (const auto& child : node.children) self(self, child, depth + 1);
    };
    walk(walk, frame_details(*state.capture, sel.frame, state.language), 0);
  }
  j["frame_details"] = details;
  j["filter"] = {{"text", state.frames.filter_applied},
                 {"shown", state.frames.visible.size()},
                 {"error", state.frames.filter_error}};
  j["panels"] = state.visible_panels;
  j["texts"] = {{"menu_file", state.t(Text::MenuFile)}, {"menu_view", state.t(Text::MenuView)},
                {"frames", state.t(Text::PanelFrames)}, {"dialogue", state.t(Text::PanelDialogue)},
                {"tls_band", state.t(Text::TlsBand)},   {"no_capture", state.t(Text::NoCapture)}};
  j["lesson"] = {{"chapter", state.lesson.chapter}, {"title", state.lesson.title}};
  j["topology"] = topology_json(state);
  j["errors"] = nlohmann::json::array();
  for (const auto& e : state.errors)
    j["errors"].push_back({{"text", e.message(state.language)}, {"hint", state.t(e.hint)}});
  j["timeline_source"] = state.timeline_source == TimelineSource::Live      ? "live"
                         : state.timeline_source == TimelineSource::Capture ? "capture"
                                                                            : "none";
  j["timeline_events"] = state.timeline.size();
  j["sessions"] = state.session_events.size();
  // The selected session's events by kind, in the dialogue's order (bands and FINs included).
  j["selected_session_kinds"] = nlohmann::json::array();
  if (state.selection.session >= 0 &&
      static_cast<std::size_t>(state.selection.session) < state.session_events.size()) {
    for (std::size_t i : state.session_events[static_cast<std::size_t>(state.selection.session)])
      j["selected_session_kinds"].push_back(
          std::string(lab::timeline_kind_name(state.timeline[i].kind)));
  }
  j["live_running"] = state.live.running();
  j["step_mode"] = state.live.step_mode();
  j["lab_step"] = {{"step_mode", state.live.step_mode()},
                   {"unit", state.step.unit == lab::StepUnit::Session ? "session"
                            : state.step.unit == lab::StepUnit::Hop   ? "hop"
                                                                      : "exchange"},
                   {"paused", state.live.paused()},
                   {"failure", state.step.failure.in(std::string(language_code(state.language)))},
                   {"delivered", state.live.messages_delivered()}};
  if (lab::LabRuntime* runtime = state.live.runtime()) {
    j["clock"] = {{"now", runtime->clock().now()},
                  {"speed", runtime->clock().speed()},
                  {"reading", lab_clock_reading(state)}};
  }
  {
    const DnsLookupForm& dns = state.topology.dns_lookup;
    j["dns_lookup"] = {
        {"name", dns.asked_name},    {"type", agents::to_string(dns.asked_type)},
        {"answered", dns.answered},  {"status", agents::to_string(dns.answer.status)},
        {"lines", dns.answer.lines}, {"from_running_lab", dns.from_running_lab}};
  }
  j["mail"] = mail_json(state.mail, state.language);
  j["message"] = message_json(state.message, state.fonts);
  j["exercise"] = exercise_json(state);
  j["demo"] = demo_json(state);
  j["capture_panel"] = capture_panel_json(state);
  nlohmann::json console_lines = nlohmann::json::array();
  for (const auto& line : state.console.lines) {
    console_lines.push_back(console_line_text(state, line));
  }
  nlohmann::json outcome = nlohmann::json::array();
  for (const auto& r : state.compose.outcome.recipients) {
    outcome.push_back({{"address", r.address}, {"code", r.code}, {"accepted", r.accepted}});
  }
  nlohmann::json chapters = nlohmann::json::array();
  for (const auto& c : state.welcome.chapters) chapters.push_back(c.title);
  j["welcome"] = {{"show", state.welcome.show},
                  {"chapters", chapters},
                  {"samples", state.welcome.samples.size()},
                  {"pending", state.welcome.play_pending || state.welcome.console_pending}};
  // The open dialog as the user sees it: the folder, the listed names (folders end in
  // '/'), the one under the cursor, the typed text and any error.
  const FileBrowser& browser = state.open_dialog;
  nlohmann::json listed = nlohmann::json::array();
  const auto visible = visible_entries(browser);
  for (int index : visible) {
    const BrowserEntry& entry = browser.entries[static_cast<std::size_t>(index)];
    listed.push_back(entry.kind == FileKind::Folder ? entry.name + "/" : entry.name);
  }
  const bool has_cursor =
      browser.cursor >= 0 && static_cast<std::size_t>(browser.cursor) < listed.size();
  j["open_dialog"] = {
      {"show", state.show_open_dialog},
      {"folder", browser.folder.string()},
      {"entries", listed},
      {"cursor",
       has_cursor ? listed[static_cast<std::size_t>(browser.cursor)] : nlohmann::json(nullptr)},
      {"typed", browser.typed},
      {"error", browser.error == BrowserError::None ? nlohmann::json(nullptr)
                                                    : nlohmann::json(browser.error_path)}};
  j["recent_files"] = state.settings.recent_files;
  nlohmann::json analysis_messages = nlohmann::json::array();
  nlohmann::json analysis_notes = nlohmann::json::array();
  if (state.capture) {
    for (const ListedMessage& row : listed_messages(*state.capture)) {
      analysis_messages.push_back({{"session", row.session + 1},
                                   {"from", capture::path_address(row.message->mail_from)},
                                   {"subject", row.message->subject},
                                   {"octets", row.message->content.size()},
                                   {"complete", row.message->complete}});
    }
    for (const ListedNote& row : listed_notes(*state.capture, state.analysis_view.show_chat)) {
      analysis_notes.push_back({{"severity", state.t(severity_text(row.note->severity))},
                                {"frame", row.note->frame},
                                {"session", row.session + 1},
                                {"text", row.note->text},
                                {"id", std::string(capture::note_name(row.note->id))},
                                {"shown", note_text(*row.note, state.language)}});
    }
  }
  j["analysis"] = {{"show", state.analysis_view.show && state.capture != nullptr},
                   {"messages", analysis_messages},
                   {"notes", analysis_notes}};
  const ComposeForm& form = state.compose.form;
  j["compose"] = {{"show", state.compose.show},
                  {"from", form.from},
                  {"to", form.to},
                  {"cc", form.cc},
                  {"bcc", form.bcc},
                  {"subject", form.subject},
                  {"server", form.server},
                  {"listener", form.listener},
                  {"recipients", outcome},
                  {"lab_error", state.compose.outcome.error}};
  const auto& connection = state.console.connection;
  j["console"] = {
      {"lines", console_lines},
      {"target", state.console.host_port},
      {"source", state.console.source_address},
      {"secure", connection && connection->secure()},
      {"connected", connection && connection->status() == ConsoleConnection::Status::Connected}};
  return j;
}

}  // namespace smtplab::app
