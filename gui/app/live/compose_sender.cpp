// The compose panel's background send (see compose_sender.hpp).
#include "gui/app/live/compose_sender.hpp"

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

ComposeSender::~ComposeSender() {
  if (worker_.joinable()) worker_.join();
}

bool ComposeSender::send(lab::LabRuntime& lab, ComposedMessage message, UiQueue& queue) {
  if (busy_) return false;
  if (worker_.joinable()) worker_.join();
  busy_ = true;
  worker_ = std::thread([this, &lab, &queue, message = std::move(message)]() mutable {
    ComposeOutcome outcome;
    try {
      for (const auto& result : lab.submit(message.route, std::move(message.message))) {
        for (const auto& r : result.recipients) {
          outcome.recipients.push_back(
              {r.address, r.reply.code, r.reply.text(),
               r.outcome == protocol::RecipientResult::Outcome::Delivered});
        }
      }
    } catch (const std::exception& e) {
      outcome.error = e.what();
    }
    queue.post([outcome = std::move(outcome)](AppState& state) {
      state.compose.outcome = outcome;
      ++state.compose.sends_finished;
    });
    busy_ = false;
  });
  return true;
}

}  // namespace smtplab::app
