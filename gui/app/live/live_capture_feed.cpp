// The live capture's thread (see live_capture_feed.hpp).
#include "gui/app/live/live_capture_feed.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "capture/live_session.hpp"
#include "gui/app/actions/capture_controls.hpp"
#include "gui/app/model/live_capture_store.hpp"

namespace smtplab::app {
namespace {

using Clock = std::chrono::steady_clock;

// A new model at most this often: the views follow the lab closely enough.
constexpr auto kMinRebuildInterval = std::chrono::milliseconds(250);
// How long one wait for frames lasts, so a stop request is seen quickly.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

}  // namespace

LiveCaptureFeed::~LiveCaptureFeed() {
  stop_requested_ = true;
  if (worker_.joinable()) worker_.join();
}

void LiveCaptureFeed::start(const capture::LiveOptions& options, UiQueue& queue) {
  // The previous run has posted its final handler: its thread is ending, if not gone.
  if (worker_.joinable()) worker_.join();
  active_ = true;
  stop_requested_ = false;
  frames_ = 0;
  {
    std::lock_guard lock(stats_mutex_);
    stats_ = {};
  }
  worker_ = std::thread([this, options, &queue] { run(options, queue); });
}

void LiveCaptureFeed::stop() {
  stop_requested_ = true;
}

capture::LiveStats LiveCaptureFeed::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void LiveCaptureFeed::run(capture::LiveOptions options, UiQueue& queue) {
  // The analysis is capture/'s LiveSession, as `smtplab capture` runs it: each frame is
  // analysed once, finished sessions come out through the sink, and a snapshot adds the
  // sessions still going on (only connections that changed are looked at again).
  std::vector<capture::SmtpSession> released;
  std::string error;
  auto live = capture::LiveSession::start(
      options, "", error,
      [&released](capture::SmtpSession&& s) { released.push_back(std::move(s)); },
      /*snapshots=*/true);
  if (!live) {
    queue.post([error](AppState& state) { capture_failed(state, error); });
    active_ = false;
    return;
  }
  queue.post([](AppState& state) { capture_opened(state); });

  const std::string name = "live:" + options.interface;
  LiveCaptureStore store(live->link_type());
  const auto keep = [&store](const capture::Frame& frame) { store.append(frame); };
  // The analysis so far: the released sessions, then those the snapshot gives.
  const auto analysis_now = [&released](capture::CaptureAnalysis snapshot) {
    snapshot.sessions.insert(snapshot.sessions.begin(), released.begin(), released.end());
    return snapshot;
  };
  std::shared_ptr<const CaptureModel> latest;
  // The model before `latest`, held one rebuild longer: by then the window has moved to a
  // newer one, so the last reference to a long capture's model (every frame's bytes) is
  // dropped here and the UI thread never spends the time freeing it.
  std::shared_ptr<const CaptureModel> previous;
  std::size_t published_rows = 0;
  Clock::duration interval = kMinRebuildInterval;
  auto last_build = Clock::now();
  while (!stop_requested_) {
    live->drain(kPollInterval, keep);
    frames_ = store.frames();
    {
      std::lock_guard lock(stats_mutex_);
      stats_ = live->stats();
    }
    if (live->ended()) break;  // the capture thread stopped on an error
    if (store.frames() > published_rows && Clock::now() - last_build >= interval) {
      const auto began = Clock::now();
      previous = std::exchange(latest, store.build(analysis_now(live->snapshot()), name));
      published_rows = store.frames();
      last_build = Clock::now();
      // Building the model (index and timeline) still grows with the capture: space
      // rebuilds out so they never take more than about a third of the feed's time.
      interval = std::max<Clock::duration>(kMinRebuildInterval, 3 * (last_build - began));
      queue.post([latest](AppState& state) { live_capture_grew(state, latest); });
    }
  }
  // Hands over what libpcap still holds; the final analysis has every session released.
  const std::string problem = live->thread_error();
  capture::CaptureAnalysis final_analysis = live->finish(keep);
  frames_ = store.frames();
  final_analysis.sessions = std::move(released);
  latest = store.build(std::move(final_analysis), name);
  live.reset();
  queue.post([latest, problem](AppState& state) { capture_finished(state, latest, problem); });
  active_ = false;
}

}  // namespace smtplab::app
