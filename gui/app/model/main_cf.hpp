// A server node's main.cf in the window (its state and the Add; the tab is
// widgets/node_main_cf_view), as an administrator meets it in a terminal: the
// file as it stands (`cat .../main.cf`) and a line to add at its end, which the node reads
// again at once (`postconf -e`, or `echo ... >> main.cf` in the lessons). Chapter 14 closes
// an open relay and turns SRS on this way. The file is the running lab's own
// (etc/<node>/main.cf), the one `smtplab serve` writes into lab-state/.
#pragma once

#include <string>

namespace smtplab::agents {
class MtaAgent;
}  // namespace smtplab::agents

namespace smtplab::app {

struct AppState;

/// The main.cf tab's state: the line being typed, the text last read.
struct MainCfView {
  std::string node;     ///< node whose file `text` is
  std::string text;     ///< the file when last read
  std::string line;     ///< "name = value", typed
  std::string message;  ///< what the last Add did (the window's language)
};

/// The running lab's agent of `node`, whose main.cf the tab shows; nullptr when no lab runs.
agents::MtaAgent* main_cf_agent(AppState& state, const std::string& node);

/// Appends `line` to `node`'s main.cf and has the node read it again; false with `why`
/// (in the window's language) when no lab runs, the node is no server, or the line is not
/// "name = value".
bool add_main_cf_line(AppState& state, const std::string& node, const std::string& line,
                      std::string& why);

}  // namespace smtplab::app
