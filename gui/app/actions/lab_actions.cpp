// The live lab's controls (see lab_actions.hpp).
#include "gui/app/actions/lab_actions.hpp"

namespace smtplab::app {

void set_step_mode(AppState& state, bool on) {
  state.live.set_step_mode(on);
  if (!on) state.step.follow = false;
}

void stop_lab(AppState& state) {
  state.live.stop(state.queue);
  state.step.failure = {};
  state.step.follow = false;
}

void reset_lab(AppState& state) {
  state.live.reset(state.queue);
  state.step.failure = {};
  state.step.follow = false;
}

}  // namespace smtplab::app
