// The window's DNS lookup (its form and answer; drawn by widgets/dns_lookup_view), in the
// topology's configuration beside the records the zones publish: a name and a type asked of the
// lab's simulated DNS, answered as `smtplab dns` answers (sim/agents/dns_lookup.hpp). While the lab
// runs it is the running lab's DNS that answers (a quiet copy: the student's lookups are not the
// lab's queries on the timeline), so DKIM keys made at start and "break DNS" faults show; otherwise
// the topology's.
#pragma once

#include <string>

#include "sim/agents/dns_lookup.hpp"

namespace smtplab::app {

struct AppState;

/// The lookup form and its last answer.
struct DnsLookupForm {
  std::string name;                            ///< the name typed
  agents::DnsType type = agents::DnsType::MX;  ///< the type chosen
  bool answered = false;                       ///< an answer is shown below
  std::string asked_name;                      ///< what the answer is for
  agents::DnsType asked_type = agents::DnsType::MX;
  agents::DnsLookup answer;
  bool from_running_lab = false;  ///< the running lab answered (else the topology)
  /// A new answer waits to be scrolled into view: the topology panel is short (at 1280x720
  /// the diagram alone fills it), and an answer drawn below its fold is one nobody reads.
  /// Counted in frames: the panel learns the pane's new height one frame after drawing it.
  int reveal_frames = 0;
};

/// Asks the lab's DNS for the form's name and type (the "Ask" button, Enter, the UI script).
void ask_lab_dns(AppState& state);

}  // namespace smtplab::app
