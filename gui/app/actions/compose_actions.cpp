// The compose panel's actions (see compose_actions.hpp).
#include "gui/app/actions/compose_actions.hpp"

#include <sstream>

namespace smtplab::app {
namespace {

bool on_off(const std::string& value, bool& out) {
  if (value != "on" && value != "off") return false;
  out = value == "on";
  return true;
}

}  // namespace

void compose_open(AppState& state) {
  ComposeState& compose = state.compose;
  compose.show = true;
  if (!compose.filled && state.live.runtime()) {
    compose.form = default_compose_form(state.live.runtime()->topology());
    compose.filled = true;
  }
}

bool compose_set(AppState& state, const std::string& field, const std::string& value) {
  ComposeForm& f = state.compose.form;
  if (field == "from-node") {
    f.from_node = value;
  } else if (field == "server") {
    f.server = value;
  } else if (field == "listener") {
    if (value != "smtp" && value != "submission" && value != "smtps") return false;
    f.listener = value;
  } else if (field == "auth") {
    return on_off(value, f.use_auth);
  } else if (field == "user") {
    f.auth_user = value;
  } else if (field == "password") {
    f.auth_password = value;
  } else if (field == "starttls") {
    return on_off(value, f.starttls);
  } else if (field == "from") {
    f.from = value;
  } else if (field == "to") {
    f.to = value;
  } else if (field == "cc") {
    f.cc = value;
  } else if (field == "bcc") {
    f.bcc = value;
  } else if (field == "subject") {
    f.subject = value;
  } else if (field == "body") {
    f.body = value;
  } else if (field == "eight-bit") {
    return on_off(value, f.eight_bit);
  } else if (field == "ret") {
    if (value != "none" && value != "full" && value != "hdrs") return false;
    f.ret = value == "full" ? 1 : value == "hdrs" ? 2 : 0;
  } else if (field == "notify") {
    f.notify_success = f.notify_failure = f.notify_delay = f.notify_never = false;
    std::istringstream in(value);
    for (std::string word; std::getline(in, word, ',');) {
      if (word == "success") {
        f.notify_success = true;
      } else if (word == "failure") {
        f.notify_failure = true;
      } else if (word == "delay") {
        f.notify_delay = true;
      } else if (word == "never") {
        f.notify_never = true;
      } else if (!word.empty()) {
        return false;
      }
    }
  } else {
    return false;
  }
  return true;
}

bool compose_send(AppState& state) {
  ComposeState& compose = state.compose;
  compose.error = {};
  lab::LabRuntime* lab = state.live.runtime();
  if (!lab) {
    compose.error = {Text::ComposeNoLab, ""};
    return false;
  }
  ComposedMessage message;
  if (!compose_message(compose.form, message, compose.error)) return false;
  if (!compose.sender.send(*lab, std::move(message), state.queue)) {
    compose.error = {Text::ComposeSending, ""};
    return false;
  }
  compose.outcome = {};
  return true;
}

}  // namespace smtplab::app
