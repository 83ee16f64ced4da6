// What the window says about a step of the live lab: which timeline events mean that a
// step failed (a peer refused, a timeout, a broken or refused connection, a message
// deferred or bounced), so that no failure passes in silence. Pure: no ImGui.
#pragma once

#include <optional>
#include <string>

#include "sim/lab/timeline.hpp"

namespace smtplab::app {

/// Why `event` means the step failed ("mx.menara.ma: 451 ..."), or nullopt.
std::optional<std::string> step_failure(const lab::TimelineEvent& event);

}  // namespace smtplab::app
