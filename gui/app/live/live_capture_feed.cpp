// The live capture's thread (see live_capture_feed.hpp).
#include "gui/app/live/live_capture_feed.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/frame_queue.hpp"
#include "gui/app/actions/capture_controls.hpp"
#include "gui/app/model/capture_timeline.hpp"

namespace smtplab::app {
namespace {

using Clock = std::chrono::steady_clock;

// A new model at most this often: the views follow the lab closely enough, and a rebuild
// (the analyzer re-run over every frame) stays a small share of one core.
constexpr auto kMinRebuildInterval = std::chrono::milliseconds(250);
// How long one wait for frames lasts, so a stop request is seen quickly.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

/// Appends a batch to the store: bytes at the end of the byte store, one row each with its
/// time relative to the first frame.
void append_frames(CaptureModel& store, std::vector<capture::OwnedFrame>& batch) {
  for (const capture::OwnedFrame& frame : batch) {
    if (store.rows.empty()) {
      store.start_sec = frame.ts_sec;
      store.start_nsec = frame.ts_nsec;
      store.link_type = frame.link_type;
    }
    FrameRow row;
    row.time = static_cast<double>(frame.ts_sec - store.start_sec) +
               (static_cast<double>(frame.ts_nsec) - static_cast<double>(store.start_nsec)) * 1e-9;
    row.data_offset = store.bytes.size();
    row.captured = static_cast<std::uint32_t>(frame.bytes.size());
    row.original_length = frame.original_length;
    store.bytes.insert(store.bytes.end(), frame.bytes.begin(), frame.bytes.end());
    store.rows.push_back(row);
  }
  batch.clear();
}

/// The model an opened file with the same frames would give. The analyzer has no
/// snapshot, so it runs again over every frame: sessions still open come out unfinished,
/// exactly as in a file that ends there.
std::shared_ptr<const CaptureModel> build_model(const CaptureModel& store,
                                                const std::string& name) {
  auto model = std::make_shared<CaptureModel>();
  model->file = name;
  model->link_type = store.link_type;
  model->start_sec = store.start_sec;
  model->start_nsec = store.start_nsec;
  model->bytes = store.bytes;
  model->rows.reserve(store.rows.size());
  capture::CaptureAnalyzer analyzer;
  for (std::size_t i = 0; i < store.rows.size(); ++i) {
    FrameRow row;
    const FrameRow& stored = store.rows[i];
    row.time = stored.time;
    row.data_offset = stored.data_offset;
    row.captured = stored.captured;
    row.original_length = stored.original_length;
    model->rows.push_back(row);
    analyzer.add(model->frame(i + 1));
  }
  model->analysis = analyzer.finish(name, store.link_type);
  index_capture(*model);
  model->timeline = timeline_from_capture(*model);
  model->session_events = index_events_by_session(model->timeline);
  return model;
}

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
  std::string error;
  auto live = capture::LiveCapture::open(options, error);
  if (!live) {
    queue.post([error](AppState& state) { capture_failed(state, error); });
    active_ = false;
    return;
  }
  capture::FrameQueue frames;
  live->start(frames);
  queue.post([](AppState& state) { capture_opened(state); });

  const std::string name = "live:" + options.interface;
  CaptureModel store;
  store.link_type = live->link_type();
  std::shared_ptr<const CaptureModel> latest;
  // The model before `latest`, held one rebuild longer: by then the window has moved to a
  // newer one, so the last reference to a long capture's model (every frame's bytes) is
  // dropped here and the UI thread never spends the time freeing it.
  std::shared_ptr<const CaptureModel> previous;
  std::size_t published_rows = 0;
  Clock::duration interval = kMinRebuildInterval;
  auto last_build = Clock::now();
  std::vector<capture::OwnedFrame> batch;
  bool stopping = false;
  for (;;) {
    if (stop_requested_ && !stopping) {
      // Hands over what libpcap still holds, then closes the queue: the loop ends once
      // those last frames are stored.
      live->stop();
      stopping = true;
    }
    const bool more = frames.pop_all(batch, kPollInterval);
    append_frames(store, batch);
    frames_ = store.rows.size();
    {
      std::lock_guard lock(stats_mutex_);
      stats_ = live->stats();
    }
    if (!more) break;  // stopped, or the capture thread ended on an error
    if (store.rows.size() > published_rows && Clock::now() - last_build >= interval) {
      const auto began = Clock::now();
      previous = std::exchange(latest, build_model(store, name));
      published_rows = store.rows.size();
      last_build = Clock::now();
      // A long capture makes each rebuild longer: space them out so rebuilding never
      // takes more than about a third of the feed's time.
      interval = std::max<Clock::duration>(kMinRebuildInterval, 3 * (last_build - began));
      queue.post([latest](AppState& state) { live_capture_grew(state, latest); });
    }
  }
  if (store.rows.size() > published_rows || !latest) latest = build_model(store, name);
  const std::string problem = live->thread_error();
  live.reset();
  queue.post([latest, problem](AppState& state) { capture_finished(state, latest, problem); });
  active_ = false;
}

}  // namespace smtplab::app
