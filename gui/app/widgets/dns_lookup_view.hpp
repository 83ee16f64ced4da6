// The window's DNS lookup, drawn in the topology's configuration (its form and answer are
// model/dns_lookup.hpp).
#pragma once

#include "gui/app/model/dns_lookup.hpp"

namespace smtplab::app {

/// Draws the form and the answer (inside the topology panel).
void draw_dns_lookup(AppState& state);

}  // namespace smtplab::app
