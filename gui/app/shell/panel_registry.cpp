// The one place panels are registered: adding a panel is a file plus a line here.
#include "gui/app/shell/panel_registry.hpp"

#include "gui/app/shell/panel.hpp"

namespace smtplab::app {

std::vector<std::unique_ptr<Panel>> make_panels() {
  std::vector<std::unique_ptr<Panel>> panels;
  panels.push_back(make_topology_panel());
  panels.push_back(make_lesson_panel());
  panels.push_back(make_dialogue_panel());
  panels.push_back(make_frames_panel());
  panels.push_back(make_packet_panel());
  panels.push_back(make_playback_panel());
  panels.push_back(make_console_panel());
  panels.push_back(make_mail_panel());
  panels.push_back(make_message_panel());
  panels.push_back(make_analysis_panel());
  panels.push_back(make_capture_panel());
  panels.push_back(make_compose_panel());
  return panels;
}

}  // namespace smtplab::app
