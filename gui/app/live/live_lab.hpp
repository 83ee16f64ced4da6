// The live lab in the window: starts the lab runtime (sim/lab) for the current topology on
// a background thread, lets a MUA send a test message (also in the background), and each
// frame appends the runtime's new timeline events to the window's timeline, so the
// dialogue, topology and playback views show the real sessions as they happen. In step
// mode "next exchange" releases the agents' next exchange (or session, or hop) through
// the step gate, and the lab's time stands still between two steps (lab_pause.hpp). Faults
// are injected and cleared on a worker of their own, in order: a node going down joins its
// server thread, which must not stall the window. Stop and reset run in the background too.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "gui/app/model/ui_queue.hpp"
#include "sim/lab/step_gate.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {
class LabRuntime;
struct Fault;
}  // namespace smtplab::lab

namespace smtplab::app {

struct AppState;

class LiveLab {
 public:
  LiveLab();  // out of line: LabRuntime is incomplete here
  ~LiveLab();
  LiveLab(const LiveLab&) = delete;
  LiveLab& operator=(const LiveLab&) = delete;

  /// Starts the runtime for `topology` in the background (errors reach the window).
  void start(const lab::TopologySpec& topology, UiQueue& queue);
  /// Stops the running lab in the background and removes its mailboxes and spools; the
  /// window keeps its timeline. Counts as a load (AppState::loads_finished) when done.
  void stop(UiQueue& queue);
  /// Stops the lab and starts the same topology again, clean (background; a load).
  void reset(UiQueue& queue);
  /// The first MUA sends a short message to the first mailbox of the first MX (background).
  void send_test_message(UiQueue& queue);
  /// Appends the runtime's new events to state.timeline (UI thread, once a frame).
  void poll(AppState& state);
  /// Shows the live timeline (all of it) instead of a capture's.
  void show(AppState& state);
  /// Step mode: agents wait for step() before each exchange.
  void set_step_mode(bool on);
  bool step_mode() const { return step_mode_; }
  /// Lets the lab go one step further (step mode): an exchange, a session or a hop.
  void step(lab::StepUnit unit);
  /// True while the lab's time stands still (the step gate holds an exchange).
  bool paused() const;
  /// Messages in the lab's mailboxes right now (read from the Maildirs; UI thread).
  std::size_t messages_delivered() const;
  /// True once start() succeeded.
  bool running() const { return running_.load(); }
  /// The running runtime (nullptr before start() succeeded); UI thread only.
  lab::LabRuntime* runtime() const { return running_ ? runtime_.get() : nullptr; }
  /// The same, shared with a background reader so that a stop never frees it under it.
  std::shared_ptr<lab::LabRuntime> shared_runtime() const { return running_ ? runtime_ : nullptr; }
  /// Seq of the last live timeline event seen by poll().
  std::uint64_t last_seq() const { return last_seq_; }
  /// True while starting or sending.
  bool busy() const { return busy_.load(); }
  /// Injects a fault into the running lab, after the ones asked before (background).
  void inject(const lab::Fault& fault);
  /// Clears a fault of the running lab, in order with the injections (background).
  void clear(const lab::Fault& fault);
  /// Injections and clearings asked and not applied yet.
  int faults_pending() const { return faults_pending_.load(); }

 private:
  void join();
  /// Makes and starts the runtime (on the worker thread); errors reach the window.
  void launch(const lab::TopologySpec& topology, UiQueue& queue);
  /// Stops and drops the runtime, its fault worker and its files (on the worker thread).
  void shut_down();
  void post_fault_work(std::function<void()> work);
  void run_fault_worker();

  std::shared_ptr<lab::LabRuntime> runtime_;
  lab::TopologySpec topology_;  // what start() ran, for reset()
  std::thread worker_;
  std::atomic<bool> running_{false};
  std::atomic<bool> busy_{false};
  bool step_mode_ = false;
  std::uint64_t last_seq_ = 0;  // timeline events already copied to the window
  std::string state_dir_;       // the lab's mailboxes and spools, removed at exit

  std::thread fault_worker_;  // started with the first fault, stopped before the runtime
  std::mutex fault_mutex_;
  std::condition_variable fault_wake_;
  std::deque<std::function<void()>> fault_work_;
  bool fault_stopping_ = false;
  std::atomic<int> faults_pending_{0};
};

}  // namespace smtplab::app
