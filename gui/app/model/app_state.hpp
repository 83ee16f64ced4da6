// The application state every panel receives explicitly: language and presentation mode,
// the opened capture and the active timeline, the one selection the views share
// (correlation), and each panel's own view state. No panel keeps UI state elsewhere.
#pragma once

#include <cstdint>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gui/app/live/background_task.hpp"
#include "gui/app/live/capture_interfaces.hpp"
#include "gui/app/live/capture_loader.hpp"
#include "gui/app/live/capture_saver.hpp"
#include "gui/app/live/compose_sender.hpp"
#include "gui/app/live/console_connection.hpp"
#include "gui/app/live/demo_player.hpp"
#include "gui/app/live/live_capture_feed.hpp"
#include "gui/app/live/live_lab.hpp"
#include "gui/app/model/capture_model.hpp"
#include "gui/app/model/compose_form.hpp"
#include "gui/app/model/dns_lookup.hpp"
#include "gui/app/model/file_browser.hpp"
#include "gui/app/model/font_set.hpp"
#include "gui/app/model/lesson_progress.hpp"
#include "gui/app/model/main_cf.hpp"
#include "gui/app/model/markdown_doc.hpp"
#include "gui/app/model/panel_backdrop.hpp"
#include "gui/app/model/topology_activity.hpp"
#include "gui/app/model/ui_queue.hpp"
#include "gui/app/model/ui_text.hpp"
#include "gui/app/model/user_settings.hpp"
#include "gui/app/model/welcome.hpp"
#include "gui/app/testing/scripted_input.hpp"
#include "sim/agents/mail_queue.hpp"
#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"
#include "sim/message/mime.hpp"
#include "sim/message/trace.hpp"

struct ImFont;

namespace smtplab::lab {
class LabState;
struct ScenarioSpec;
}  // namespace smtplab::lab

namespace smtplab::cli {
class CaptureFileCache;
}

namespace smtplab::app {

/// A readable error shown in the window, with what to do about it.
struct LoadError {
  LoadError(std::string text_, Text hint_ = Text::ErrorCaptureHint,
            std::optional<Text> what_ = std::nullopt)
      : text(std::move(text_)), hint(hint_), what(what_) {}

  /// What the window shows: `what` in `language`, then `text`.
  std::string message(Language language) const {
    return what ? std::string(tr(language, *what)) + " " + text : text;
  }

  std::string text;                    ///< what went wrong ("file: No such file...")
  Text hint = Text::ErrorCaptureHint;  ///< what to do, in the current language
  /// What went wrong, said in the window's language before `text` (then only a path):
  /// used where the program itself knows the cause, rather than a library's message.
  std::optional<Text> what;
};

/// What the views have selected; selecting in one view updates the others.
struct Selection {
  int session = -1;                   ///< 0-based session index, -1 none
  std::optional<std::size_t> event;   ///< index into AppState::timeline
  std::uint64_t frame = 0;            ///< frame shown in the details (1-based, 0 none)
  std::vector<std::uint64_t> frames;  ///< frames selected by correlation
  std::vector<ByteRange> highlights;  ///< bytes lit in the hex view
  std::vector<std::size_t> events;    ///< dialogue events lit by the selected frame
  std::optional<ByteRange> field;     ///< bytes of the field picked in the details tree
  bool scroll_frames = false;         ///< bring the selected frame into view once
  bool scroll_dialogue = false;       ///< bring the selected dialogue line into view once
};

/// The packet list's display filter and its index.
struct FramesViewState {
  std::string filter_input;            ///< what is typed
  std::string filter_applied;          ///< what the index was built from
  std::string filter_error;            ///< why the filter was refused (empty when fine)
  std::vector<std::uint32_t> visible;  ///< row indices that pass the filter
};

/// The lesson panel: which chapter, and its parsed text.
struct LessonState {
  int chapter = 1;                 ///< 1..the last chapter
  std::string loaded_key;          ///< "fr/01" of the parsed document
  std::string title;               ///< first heading
  std::vector<std::string> files;  ///< chapter files of the loaded language
  MarkdownDoc doc;
};

/// The topology panel.
struct TopologyState {
  lab::TopologySpec topology;       ///< default_topology() or the scenario's
  std::string selected_node;        ///< id of the node whose configuration is shown
  TopologyActivity activity;        ///< live sessions, faults and node health, from the timeline
  std::size_t activity_events = 0;  ///< live timeline size it was derived at
  std::map<std::uint64_t, EnvelopeMotion> envelopes;   ///< session -> its envelope's glide
  std::map<std::uint64_t, double> envelope_positions;  ///< session -> drawn position (0..1)
  std::string reply_code = "451";                      ///< the fault menu's reply CODE input
  std::string reply_verb = "RCPT";                     ///< the fault menu's reply VERB input
  int delay_ms = 1500;                                 ///< the fault menu's delay input
  std::string details_of;                    ///< node the sessions and log below were listed for
  std::size_t details_events = 0;            ///< timeline size they were listed at
  std::vector<std::uint64_t> node_sessions;  ///< sessions of the selected node (1-based)
  std::vector<std::size_t> node_log;         ///< timeline indices of the selected node's log
  std::string open_fault_menu;  ///< node whose fault menu the UI script opens on the next draw
  DnsLookupForm dns_lookup;     ///< the DNS lookup under the zones' records
  MainCfView main_cf;           ///< the selected server node's main.cf tab
};

/// The console panel.
struct ConsoleState {
  /// Where to connect; empty until the lab runs, then its default node (a lab node that
  /// listens). Whatever the user types is kept.
  std::string host_port;
  std::string source_address;  ///< call from this lab address ("" = any local address)
  bool implicit_tls = false;   ///< TLS from the first byte (the smtps port)
  std::string input;
  std::vector<std::string> history;  ///< lines sent, oldest first
  int history_pos = -1;              ///< -1: not browsing the history
  std::shared_ptr<ConsoleConnection> connection;
  std::vector<ConsoleLine> lines;  ///< what was sent and received
  bool scroll_to_bottom = false;
  bool show_batch = false;  ///< the batch (pipelining) editor is open
  std::string batch;        ///< lines to send in one write
  bool show_auth = false;   ///< the AUTH helper is open
  int auth_mechanism = 0;   ///< 0 = PLAIN, 1 = LOGIN
  std::string auth_user;
  std::string auth_password;
  std::size_t sent_mark = 0;  ///< transcript size when the last line was sent (script waits)
};

/// The compose panel (the lab's MUA in the window).
struct ComposeState {
  bool show = false;    ///< the panel is open
  bool filled = false;  ///< the form was prefilled from the running lab's topology
  ComposeForm form;
  std::string attach_input;          ///< a file path being typed
  ComposeError error;                ///< why the last Send was refused (what == Count: none)
  ComposeOutcome outcome;            ///< the last send's result
  std::uint64_t sends_finished = 0;  ///< counts finished sends (script waits)
  ComposeSender sender;              ///< last: joined first
};

/// The playback panel over the timeline.
struct PlaybackState {
  bool playing = false;
  float speed = 1.0f;        ///< exchanges per second while playing
  double accumulator = 0.0;  ///< seconds since the last automatic step
};

/// Stepping the live lab (Lab menu, playback panel, keyboard, UI script).
struct LabStepState {
  lab::StepUnit unit = lab::StepUnit::Exchange;  ///< how far one "Next" goes
  bool follow = false;         ///< select the newest dialogue line as the lab's steps arrive
  lab::LocalizedText failure;  ///< why the last step failed, for the status line (empty: none)
  std::uint64_t failure_session = 0;  ///< the session it happened in (0: none)
};

/// One stored message as listed in its mailbox.
struct MailSummary {
  std::string file;                 ///< the Maildir file
  std::string from, subject, date;  ///< decoded header values
};

/// One mailbox of a node, with its messages oldest first.
struct MailboxView {
  std::string node;
  std::string address;
  std::vector<MailSummary> messages;
};

/// One node's queue (its spool).
struct QueueView {
  std::string node;
  std::vector<agents::QueueEntry> entries;
};

/// The mailboxes and queues panel, refilled when the live timeline grows.
struct MailState {
  bool show = false;                   ///< the panel is open
  std::vector<QueueView> queues;       ///< every server node, in topology order
  std::vector<MailboxView> mailboxes;  ///< every mailbox found on disk
  int selected_mailbox = -1;           ///< index into mailboxes
};

/// The message view: one stored message, parsed once when opened.
/// The capture analysis panel: messages and notes of the opened capture.
struct AnalysisViewState {
  bool show = false;          ///< the panel is up (opens with a capture file)
  bool select_notes = false;  ///< bring the notes tab forward on the next draw
  bool show_chat = false;     ///< list ordinary events too, not only what needs a look
};

struct MessageViewState {
  bool open = false;
  std::string file;  ///< where it was read from
  std::string raw;
  message::MimePart root;
  std::vector<message::ReceivedInfo> hops;  ///< Received fields, first hop first
  std::string save_dir;                     ///< where attachments go (typed by the user)
  std::string save_status;                  ///< last save's result
  bool save_failed = false;
  std::string select_tab;  ///< tab brought to the front next frame (UI scripts; "": none)
};

/// A checkpoint's verdict, made off the UI thread on a lab snapshot.
struct CheckpointGrade {
  bool pass = false;                 ///< every condition held
  lab::LocalizedText reason;         ///< why it passed or failed
  std::vector<std::string> answers;  ///< the typed answers it was graded with
};

/// The scenario being worked through (the Lesson panel's exercise tab).
struct ExerciseState {
  std::shared_ptr<const lab::ScenarioSpec> scenario;  ///< nullptr: no scenario open
  std::string scenario_dir;                           ///< for files named by conditions
  std::string progress_file;                          ///< where progress is saved
  LessonProgress progress;
  std::map<std::string, lab::LocalizedText> reasons;  ///< checkpoint id -> last verdict's reason
  std::map<std::string, std::vector<int>> pending_choices;  ///< quiz id -> ticked, not answered yet
  std::map<std::string, std::vector<std::string>> typed;  ///< free quiz or checkpoint id -> fields
  std::string press_answer;  ///< id whose Answer button the UI script presses on the next draw
  std::string save_error;    ///< why progress could not be saved
  std::map<std::string, CheckpointGrade> grades;   ///< checkpoint id -> verdict on `graded_on`
  std::shared_ptr<const lab::LabState> graded_on;  ///< the snapshot `grades` were made on
  /// Capture files the questions name, analysed once for every grading of this exercise.
  std::shared_ptr<cli::CaptureFileCache> capture_files;
};

/// What the live capture is doing (the Capture panel's status line).
enum class CaptureStatus {
  Idle,      ///< never started
  Starting,  ///< opening the interface (in the background)
  Running,   ///< frames arrive and the views grow
  Stopping,  ///< libpcap hands over its last frames
  Stopped,   ///< finished: its frames stay shown and can be saved
  Failed,    ///< the interface could not be opened (see CaptureState::error)
};

/// The Capture panel: a live capture's controls and counters, and saving frames.
struct CaptureState {
  bool show = false;                          ///< the panel is open
  std::string interface = "lo";               ///< where to capture (default lo: the lab's traffic)
  std::vector<CaptureInterface> interfaces;   ///< libpcap's list, once listed
  std::string interfaces_error;               ///< why libpcap could not list them
  std::future<CaptureInterfaceList> listing;  ///< the list being made, off the UI thread
  std::string filter;                         ///< BPF expression, prefilled from the topology
  bool filter_edited = false;  ///< the user typed a filter: it is no longer prefilled
  CaptureStatus status = CaptureStatus::Idle;
  std::string error;           ///< why the capture failed or stopped early
  std::string setcap_command;  ///< how to grant the capture permission, when that was why
  std::shared_ptr<const CaptureModel> model;  ///< the live capture's latest model (kept after Stop)
  bool take_views = false;  ///< the run's next model takes over the views (its first one)
  std::string save_path = "capture.pcapng";  ///< typed in the panel; .pcapng or .pcap
  std::string saved_file;                    ///< the last file saved ("" none)
  std::uint64_t saved_frames = 0;            ///< frames in it
  std::string save_error;                    ///< why the last save failed ("" when it did not)
  std::uint64_t saves_finished = 0;          ///< counts finished saves (script waits)
  std::uint64_t runs_finished = 0;           ///< counts captures stopped or failed (script waits)
  CaptureSaver saver;
  LiveCaptureFeed feed;  ///< last: destroyed first, its thread still posting to the queue
};

/// Where the timeline the views show comes from.
enum class TimelineSource {
  None,     ///< nothing yet
  Capture,  ///< rebuilt from the opened capture file
  Live,     ///< the running lab's timeline, growing
};

struct AppState {
  Language language = Language::Fr;
  std::string settings_file;  ///< where `settings` are saved ("" nowhere)
  UserSettings settings;      ///< the language chosen, the recent files
  bool presentation = false;  ///< F11: bigger text, thicker lines, high contrast
  bool fullscreen = false;    ///< the window covers its monitor (F11 with presentation)
  int window_width = 0;       ///< the window's size this frame, in screen coordinates
  int window_height = 0;
  bool show_shortcuts = false;  ///< the "?" window
  bool show_open_dialog = false;
  FileBrowser open_dialog;  ///< the open dialog's folder, list and cursor
  AnalysisViewState analysis_view;
  ScriptedInput scripted_input;       ///< keys a UI script presses (key, type)
  std::string source_dir;             ///< where lessons/ and scenarios/ live
  lab::LocalizedText scenario_title;  ///< the opened scenario's title (empty: none)
  Fonts fonts;

  UiQueue queue;  ///< background threads → UI
  CaptureLoader loader;
  std::uint64_t loads_finished = 0;  ///< counts finished loads (success or error)
  std::shared_ptr<const CaptureModel> capture;
  LiveLab live;  ///< the running lab (after Lab > Start)
  TimelineSource timeline_source = TimelineSource::None;
  std::vector<lab::TimelineEvent> timeline;              ///< what the dialogue/playback views read
  std::vector<std::vector<std::size_t>> session_events;  ///< timeline indices per session

  Selection selection;
  FramesViewState frames;
  LessonState lesson;
  TopologyState topology;
  ConsoleState console;
  ComposeState compose;
  WelcomeState welcome;
  PlaybackState playback;
  LabStepState step;
  std::vector<LoadError> errors;  ///< shown until dismissed
  /// The live lab's state (timeline, mailboxes, queues) as of the last timeline growth.
  std::shared_ptr<const lab::LabState> lab_state;
  std::uint64_t lab_state_seq = 0;   ///< live timeline seq the snapshot was taken at
  bool lab_state_delivered = false;  ///< a read finished since refresh_lab_snapshot last looked
  /// Replaced snapshots, freed by the next read task: a long timeline takes milliseconds to
  /// free, which the UI thread must not spend.
  std::vector<std::shared_ptr<const lab::LabState>> retired_lab_states;
  BackgroundTask lab_state_task;  ///< reads Maildirs and spools (declared after `live`)
  MailState mail;
  MessageViewState message;
  ExerciseState exercise;
  /// Plays the open chapter's demonstration on the live lab (declared after `live`: a step
  /// in flight ends before the lab stops).
  DemoPlayer demo;
  CaptureState capture_state;  ///< after `queue`: its threads post to it until they end

  std::vector<std::string> visible_panels;  ///< titles of the panels drawn this frame
  PanelBackdrop backdrop;                   ///< which panels paint their own background

  /// Makes a loaded capture the current one (resets the selection and the filter index).
  void adopt_capture(std::shared_ptr<const CaptureModel> model);
  /// The text of `key` in the current language.
  const char* t(Text key) const { return tr(language, key); }
  /// ": " in English, " : " in French (a non-breaking-space rule of French typography).
  const char* colon() const { return language == Language::Fr ? " : " : ": "; }
  /// Line thickness for drawn diagrams (thicker in presentation mode).
  float line_width() const { return presentation ? 3.0f : 1.5f; }
};

}  // namespace smtplab::app
