// The live lab (see live_lab.hpp).
#include "gui/app/live/live_lab.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/app/model/step_status.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/message/builder.hpp"

namespace smtplab::app {
namespace {

const lab::NodeSpec* first_of(const lab::TopologySpec& topology, lab::NodeKind kind) {
  for (const auto& node : topology.nodes) {
    if (node.kind == kind) return &node;
  }
  return nullptr;
}

}  // namespace

LiveLab::LiveLab() = default;

LiveLab::~LiveLab() {
  // A send held by the step gate ends once the gate shuts: then the worker can be joined.
  running_ = false;
  if (runtime_) runtime_->gate().shutdown();
  join();
  shut_down();
}

void LiveLab::join() {
  if (worker_.joinable()) worker_.join();
}

void LiveLab::start(const lab::TopologySpec& topology, UiQueue& queue) {
  if (busy_ || running_) return;
  join();
  busy_ = true;
  topology_ = topology;
  worker_ = std::thread([this, &queue] {
    launch(topology_, queue);
    queue.post([](AppState& state) { ++state.loads_finished; });
    busy_ = false;
  });
}

void LiveLab::launch(const lab::TopologySpec& topology, UiQueue& queue) {
  state_dir_ =
      (std::filesystem::temp_directory_path() / ("smtplab-gui-" + std::to_string(::getpid())))
          .string();
  lab::RuntimeOptions options;
  options.state_dir = state_dir_;
  options.step_mode = step_mode_;
  std::string error;
  try {
    auto runtime = std::make_shared<lab::LabRuntime>(topology, options);
    try {
      runtime->start();
    } catch (const std::exception& standard_ports_failed) {
      // Standard ports need root (or are taken): any free port still lets the lab run;
      // the topology panel shows the ports in use.
      options.standard_ports = false;
      runtime = std::make_shared<lab::LabRuntime>(topology, options);
      runtime->start();
      error = standard_ports_failed.what();
    }
    runtime_ = std::move(runtime);
    last_seq_ = 0;
    running_ = true;
    queue.post([this](AppState& state) { show(state); });
  } catch (const std::exception& e) {
    queue.post([error = std::string(e.what())](AppState& state) {
      state.errors.push_back({error, Text::LabStartHint});
    });
  }
}

void LiveLab::stop(UiQueue& queue) {
  if (!running_) return;  // not started, starting, or already stopping
  // The window lets go of the runtime first; the gate's shutdown ends a send held in step
  // mode, so the worker below is free at once.
  running_ = false;
  runtime_->gate().shutdown();
  join();
  busy_ = true;
  worker_ = std::thread([this, &queue] {
    shut_down();
    queue.post([](AppState& state) { ++state.loads_finished; });
    busy_ = false;
  });
}

void LiveLab::reset(UiQueue& queue) {
  if (!running_) return;
  running_ = false;
  runtime_->gate().shutdown();
  join();
  busy_ = true;
  worker_ = std::thread([this, &queue] {
    shut_down();
    launch(topology_, queue);
    queue.post([](AppState& state) { ++state.loads_finished; });
    busy_ = false;
  });
}

void LiveLab::shut_down() {
  {
    std::lock_guard lock(fault_mutex_);
    fault_stopping_ = true;
  }
  fault_wake_.notify_all();
  if (fault_worker_.joinable()) fault_worker_.join();
  {
    std::lock_guard lock(fault_mutex_);
    fault_stopping_ = false;
    fault_work_.clear();
  }
  faults_pending_ = 0;
  if (runtime_) runtime_->stop();
  runtime_.reset();  // a snapshot being read keeps its own reference until it is done
  std::error_code ec;
  if (!state_dir_.empty()) std::filesystem::remove_all(state_dir_, ec);
}

void LiveLab::send_test_message(UiQueue& queue) {
  if (busy_ || !running_) return;
  join();
  busy_ = true;
  worker_ = std::thread([this, &queue] {
    const auto& topology = runtime_->topology();
    const lab::NodeSpec* mua = first_of(topology, lab::NodeKind::Mua);
    const lab::NodeSpec* mx = first_of(topology, lab::NodeKind::Mx);
    std::string error;
    if (!mua || !mx || mx->domains.empty() || mx->mailboxes.empty()) {
      error = "the topology has no MUA, or no MX with a domain and a mailbox";
    } else {
      const lab::NodeSpec* msa = topology.find_node(mua->submit.server);
      std::string domain = msa && !msa->rewrite.masquerade_domain.empty()
                               ? msa->rewrite.masquerade_domain
                           : msa && !msa->domains.empty() ? msa->domains.front()
                                                          : mua->hostname;
      const std::string from =
          (mua->submit.user.empty() ? "student" : mua->submit.user) + "@" + domain;
      const std::string to = mx->mailboxes.front() + "@" + mx->domains.front();
      protocol::OutgoingMessage message;
      message.reverse_path = from;
      message.recipients = {to};
      // A complete RFC 5322 message (Date and Message-ID included), as a real MUA sends.
      message::MessageBuilder builder;
      builder.from({"", from.substr(0, from.find('@')), from.substr(from.find('@') + 1), ""});
      builder.to({"", to.substr(0, to.find('@')), to.substr(to.find('@') + 1), ""});
      builder.subject("SMTP Lab test");
      builder.text("Bonjour / Hello from the lab window.\n");
      message.content = builder.build();
      try {
        runtime_->submit(mua->id, std::move(message));
      } catch (const std::exception& e) {
        error = e.what();
      }
    }
    queue.post([error](AppState& state) {
      if (!error.empty()) state.errors.push_back({error, Text::LabStartHint});
      ++state.loads_finished;
    });
    busy_ = false;
  });
}

void LiveLab::poll(AppState& state) {
  if (!running_) return;
  // Never wait for the timeline's lock: the snapshot task may be copying every event.
  std::vector<lab::TimelineEvent> events;
  if (!runtime_->timeline().try_since(last_seq_, events) || events.empty()) return;
  last_seq_ = events.back().seq;
  // A failed step is said whatever the views show (the lab or a capture of it).
  // The first failure of a session is its cause (a 503 to DATA after a refused RCPT is
  // only a consequence): it stays until another session fails or the next "Next".
  for (const auto& event : events) {
    auto failure = step_failure(event);
    if (!failure) continue;
    if (state.step.failure.en.empty() || event.session == 0 ||
        event.session != state.step.failure_session) {
      state.step.failure = std::move(*failure);
      state.step.failure_session = event.session;
    }
  }
  if (state.timeline_source != TimelineSource::Live) return;  // a capture is shown
  std::optional<std::size_t> newest_line;
  for (auto& event : events) {
    const std::size_t index = state.timeline.size();
    if (event.session > 0) {
      if (state.session_events.size() < event.session) state.session_events.resize(event.session);
      state.session_events[event.session - 1].push_back(index);
    }
    if (is_dialogue_event(event)) newest_line = index;
    state.timeline.push_back(std::move(event));
  }
  // Stepping: the line the last "Next" let through is the one selected.
  if (state.step.follow && newest_line) select_event(state, *newest_line);
}

void LiveLab::show(AppState& state) {
  if (!running_) return;
  state.timeline_source = TimelineSource::Live;
  state.timeline = runtime_->timeline().snapshot();
  last_seq_ = state.timeline.empty() ? 0 : state.timeline.back().seq;
  state.session_events = index_events_by_session(state.timeline);
  state.selection = Selection{};
}

void LiveLab::inject(const lab::Fault& fault) {
  post_fault_work([this, fault] { runtime_->inject(fault); });
}

void LiveLab::clear(const lab::Fault& fault) {
  post_fault_work([this, fault] { runtime_->clear(fault); });
}

void LiveLab::post_fault_work(std::function<void()> work) {
  if (!running_) return;
  ++faults_pending_;
  {
    std::lock_guard lock(fault_mutex_);
    fault_work_.push_back(std::move(work));
  }
  if (!fault_worker_.joinable()) fault_worker_ = std::thread([this] { run_fault_worker(); });
  fault_wake_.notify_one();
}

void LiveLab::run_fault_worker() {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(fault_mutex_);
      fault_wake_.wait(lock, [this] { return fault_stopping_ || !fault_work_.empty(); });
      if (fault_stopping_) return;
      work = std::move(fault_work_.front());
      fault_work_.pop_front();
    }
    try {
      work();
    } catch (const std::exception&) {
      // A fault that cannot apply records nothing: the topology shows the node unchanged.
    }
    --faults_pending_;
  }
}

void LiveLab::set_step_mode(bool on) {
  step_mode_ = on;
  if (running_) runtime_->gate().set_step_mode(on);
}

void LiveLab::step(lab::StepUnit unit) {
  if (running_) runtime_->step(unit);
}

bool LiveLab::paused() const {
  return running_ && runtime_->pause().frozen();
}

std::size_t LiveLab::messages_delivered() const {
  if (!running_) return 0;
  // Maildir: every message is one file in a mailbox's new/ or cur/ folder.
  std::size_t count = 0;
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(runtime_->mail_dir(), ec), end;
       !ec && it != end; it.increment(ec)) {
    const auto folder = it->path().parent_path().filename();
    if ((folder == "new" || folder == "cur") && it->is_regular_file(ec)) ++count;
  }
  return count;
}

}  // namespace smtplab::app
