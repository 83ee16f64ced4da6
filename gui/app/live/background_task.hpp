// One piece of work at a time on a background thread, owned by the UI: run() starts it
// when none is running, the destructor waits for it. Results go back to the UI through
// the UiQueue, never by touching the application state from the thread.
#pragma once

#include <atomic>
#include <functional>
#include <thread>
#include <utility>

namespace smtplab::app {

class BackgroundTask {
 public:
  BackgroundTask() = default;
  ~BackgroundTask() {
    if (thread_.joinable()) thread_.join();
  }
  BackgroundTask(const BackgroundTask&) = delete;
  BackgroundTask& operator=(const BackgroundTask&) = delete;

  /// True while the work runs.
  bool running() const { return running_.load(); }
  /// Starts `work` on a new thread; false (nothing started) while the last one runs.
  bool run(std::function<void()> work) {
    if (running_) return false;
    if (thread_.joinable()) thread_.join();  // finished: joining does not wait
    running_ = true;
    thread_ = std::thread([this, work = std::move(work)] {
      work();
      running_ = false;
    });
    return true;
  }

 private:
  std::thread thread_;
  std::atomic<bool> running_{false};
};

}  // namespace smtplab::app
