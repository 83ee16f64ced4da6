// The window's DNS lookup, asked (see dns_lookup.hpp).
#include "gui/app/model/dns_lookup.hpp"

#include "gui/app/model/app_state.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::app {

void ask_lab_dns(AppState& state) {
  DnsLookupForm& form = state.topology.dns_lookup;
  form.asked_name = form.name;
  form.asked_type = form.type;
  const auto running = state.live.shared_runtime();
  form.from_running_lab = running != nullptr;
  if (running) {
    form.answer = agents::look_up(*running->resolver().quiet_copy(), form.name, form.type);
  } else {
    const agents::Resolver resolver(state.topology.topology.nodes, state.topology.topology.dns);
    form.answer = agents::look_up(resolver, form.name, form.type);
  }
  form.answered = true;
  form.reveal_frames = 3;
  // The lookup is drawn where no node is selected: a lookup asked by a script (or a second
  // click) shows its answer instead of a node's settings.
  state.topology.selected_node.clear();
}

}  // namespace smtplab::app
