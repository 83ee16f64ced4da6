// The one way data crosses from background threads (capture loading, the console's
// socket) to the UI: a locked queue of closures that the UI thread drains once a frame,
// applying each to the application state.
#pragma once

#include <deque>
#include <functional>
#include <mutex>
#include <utility>

namespace smtplab::app {

struct AppState;

class UiQueue {
 public:
  using Update = std::function<void(AppState&)>;

  /// Queues an update (any thread).
  void post(Update update) {
    std::lock_guard lock(mutex_);
    updates_.push_back(std::move(update));
  }
  /// Applies every queued update to `state` (UI thread, once a frame).
  void drain(AppState& state) {
    std::deque<Update> batch;
    {
      std::lock_guard lock(mutex_);
      batch.swap(updates_);
    }
    for (auto& update : batch) update(state);
  }

 private:
  std::mutex mutex_;
  std::deque<Update> updates_;
};

}  // namespace smtplab::app
