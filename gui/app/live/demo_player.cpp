// The demonstration player (see demo_player.hpp).
#include "gui/app/live/demo_player.hpp"

#include <chrono>

#include "gui/app/actions/app_actions.hpp"
#include "gui/app/model/app_state.hpp"
#include "gui/app/model/exercise.hpp"
#include "sim/lab/lab_runtime.hpp"
#include "sim/lab/scenario_runner.hpp"
#include "sim/lab/student_scope.hpp"

namespace smtplab::app {
namespace {

/// True when the running lab is the scenario's: same nodes at the same addresses. A lab
/// started before the chapter was opened (the default lab, another chapter) is not.
bool same_lab(const lab::TopologySpec& running, const lab::TopologySpec& wanted) {
  if (running.name != wanted.name || running.nodes.size() != wanted.nodes.size()) return false;
  for (std::size_t i = 0; i < running.nodes.size(); ++i) {
    if (running.nodes[i].id != wanted.nodes[i].id ||
        running.nodes[i].address != wanted.nodes[i].address)
      return false;
  }
  return true;
}

/// The step that opens the student's part (a `section: lab`), if any.
std::optional<std::size_t> lab_section(const lab::ScenarioSpec& scenario) {
  for (std::size_t i = 0; i < scenario.steps.size(); ++i) {
    const auto* section = std::get_if<lab::SectionStep>(&scenario.steps[i].step);
    if (section && section->kind == lab::SectionKind::Lab) return i;
  }
  return std::nullopt;
}

}  // namespace

DemoPlayer::DemoPlayer() = default;

DemoPlayer::~DemoPlayer() {
  // A step still playing uses the runner and the lab: end it first. A send held by the
  // step gate returns once the gate shuts, a wait once it sees the cancel flag.
  if (!playing_.valid()) return;
  cancel_->store(true);
  if (runtime_) runtime_->gate().shutdown();
  playing_.wait();
}

std::optional<std::size_t> DemoPlayer::current() const {
  if (pending_) return pending_;
  if (playing_.valid()) return playing_index_;
  return std::nullopt;
}

void DemoPlayer::forget() {
  if (busy()) return;  // the step in flight finishes against the lab it started on
  runner_.reset();
  runtime_.reset();
  scenario_.reset();
  results_.clear();
  error_ = {};
}

bool DemoPlayer::play(AppState& state, std::size_t index) {
  const auto& scenario = state.exercise.scenario;
  if (!scenario || index >= scenario->steps.size() || busy()) return false;
  if (!lab::lab_plays(scenario->steps[index])) return false;
  if (scenario_ != scenario) {
    forget();
    scenario_ = scenario;
  }
  if (results_.count(index)) return false;
  error_ = {};
  pending_ = index;
  start_asked_ = false;
  stop_asked_ = false;
  poll(state);
  return true;
}

void DemoPlayer::poll(AppState& state) {
  if (playing_.valid()) {
    if (playing_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    DemoStepResult result;
    try {
      result = playing_.get();
    } catch (const std::exception& e) {
      result = {false,
                {std::string("étape interrompue : ") + e.what(),
                 std::string("step interrupted: ") + e.what()}};
    }
    results_[playing_index_] = std::move(result);
  }
  // A lab stopped or started afresh holds nothing the played steps did.
  const auto running = state.live.shared_runtime();
  if (runtime_ && running != runtime_ && !pending_) {
    runner_.reset();
    runtime_.reset();
    results_.clear();
  }
  // The students moved into their part without "Next" over its section (Previous, a jump):
  // the section still opens their part on the lab the demonstration played on.
  if (!pending_ && runner_ && scenario_ == state.exercise.scenario) {
    const auto section = lab_section(*scenario_);
    if (section && state.exercise.progress.step >= static_cast<int>(*section) &&
        !results_.count(*section))
      pending_ = *section;
  }
  if (!pending_) return;
  if (!scenario_ || scenario_ != state.exercise.scenario) {
    pending_.reset();  // the chapter was closed or changed meanwhile
    return;
  }
  if (state.live.busy()) return;  // starting or stopping: look again next frame
  if (running && same_lab(running->topology(), scenario_->topology)) {
    if (running != runtime_) {
      runtime_ = running;
      results_.clear();
      lab::RunOptions options;
      options.lang = std::string(language_code(state.language));
      options.cancelled = [cancel = cancel_] { return cancel->load(); };
      runner_ = std::make_unique<lab::ScenarioRunner>(*scenario_, *runtime_, std::move(options));
      // From here to the student's part, the lab's sessions are the demonstration's: the
      // window grades as they happen, and they must not pass the student's checkpoints.
      if (!lab_section(*scenario_) || *pending_ < *lab_section(*scenario_)) {
        auto mark = lab::demonstration_begins();
        mark.sim_time = runtime_->clock().now();
        runtime_->timeline().append(std::move(mark));
      }
    }
    launch(state, *pending_);
    pending_.reset();
    return;
  }
  if (running) {
    // Another lab runs: the chapter's own takes its place.
    if (stop_asked_) return;
    stop_asked_ = true;
    state.live.stop(state.queue);
    return;
  }
  if (start_asked_) {
    // Asked once and it is neither running nor starting: it failed (the window says why).
    pending_.reset();
    error_ = {"le laboratoire du chapitre n'a pas démarré", "the chapter's lab did not start"};
    return;
  }
  start_asked_ = true;
  state.topology.topology = scenario_->topology;
  state.live.start(scenario_->topology, state.queue);
}

void DemoPlayer::launch(AppState& state, std::size_t index) {
  playing_index_ = index;
  lab::ScenarioRunner* runner = runner_.get();
  // The views follow the lab: its own dialogue, unless a live capture of it is shown.
  if (state.timeline_source != TimelineSource::Live &&
      state.capture_state.status != CaptureStatus::Running)
    state.live.show(state);
  playing_ = std::async(std::launch::async, [runner, index] {
    const lab::StepResult r = runner->play_step(index);
    return DemoStepResult{r.outcome != lab::StepOutcome::Failed, r.text};
  });
}

void next_lesson_step(AppState& state) {
  const auto& scenario = state.exercise.scenario;
  if (!scenario || state.demo.busy()) return;
  const int next = state.exercise.progress.step + 1;
  if (next >= static_cast<int>(scenario->steps.size())) return;
  go_to_step(state, next);
  state.demo.play(state, static_cast<std::size_t>(next));
}

void advance_lecture(AppState& state) {
  if (state.demo.busy()) {
    if (state.live.running() && state.live.step_mode()) step_exchange(state, +1);
    return;
  }
  next_lesson_step(state);
}

}  // namespace smtplab::app
