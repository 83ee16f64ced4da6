// What the window says about a step of the live lab: which timeline events mean that a
// step failed (a peer refused, a timeout, a broken or refused connection, a message
// deferred or bounced), so that no failure passes in silence, said in both languages from
// the event's fields (the engine's own texts are English). Pure: no ImGui.
#pragma once

#include <optional>

#include "sim/lab/timeline.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {

/// Why `event` means the step failed ("mx.menara.ma : 451 ..."), or nullopt. A DSN that
/// reports a success (NOTIFY=SUCCESS: delivered, relayed, expanded) is not a failure.
std::optional<lab::LocalizedText> step_failure(const lab::TimelineEvent& event);

}  // namespace smtplab::app
