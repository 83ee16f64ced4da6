// The factory of each panel, one per panel file; panel_registry.cpp lists them in order.
#pragma once

#include <memory>

namespace smtplab::app {

class Panel;

std::unique_ptr<Panel> make_topology_panel();  ///< panel_topology.cpp
std::unique_ptr<Panel> make_lesson_panel();    ///< panel_lesson.cpp
std::unique_ptr<Panel> make_dialogue_panel();  ///< panel_dialogue.cpp
std::unique_ptr<Panel> make_frames_panel();    ///< panel_frames.cpp
std::unique_ptr<Panel> make_packet_panel();    ///< panel_packet.cpp
std::unique_ptr<Panel> make_playback_panel();  ///< panel_playback.cpp
std::unique_ptr<Panel> make_console_panel();   ///< panel_console.cpp
std::unique_ptr<Panel> make_mail_panel();      ///< panel_mail.cpp
std::unique_ptr<Panel> make_message_panel();   ///< panel_message.cpp
std::unique_ptr<Panel> make_capture_panel();   ///< panel_capture.cpp
std::unique_ptr<Panel> make_compose_panel();   ///< panel_compose.cpp
std::unique_ptr<Panel> make_analysis_panel();  ///< panel_analysis.cpp

}  // namespace smtplab::app
