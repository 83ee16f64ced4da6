// Sends the compose panel's message through the running lab on a background thread (a
// submission is a real SMTP session, which in step mode waits for the lecturer), and
// hands each recipient's fate back to the UI through the UiQueue.
#pragma once

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gui/app/model/compose_form.hpp"
#include "gui/app/model/ui_queue.hpp"

namespace smtplab::app {

/// What the last send gave.
struct ComposeOutcome {
  struct Recipient {
    std::string address;
    int code = 0;      ///< the reply that decided it (0: never answered)
    std::string text;  ///< that reply's text
    bool accepted = false;
  };
  std::vector<Recipient> recipients;
  std::string error;  ///< the lab refused the route (no such node or listener)
};

class ComposeSender {
 public:
  ComposeSender() = default;
  ~ComposeSender();
  ComposeSender(const ComposeSender&) = delete;
  ComposeSender& operator=(const ComposeSender&) = delete;

  /// Starts sending; false when a send is still in flight. `lab` must outlive the send.
  bool send(lab::LabRuntime& lab, ComposedMessage message, UiQueue& queue);
  /// True while a send is in flight.
  bool busy() const { return busy_.load(); }

 private:
  std::thread worker_;
  std::atomic<bool> busy_{false};
};

}  // namespace smtplab::app
