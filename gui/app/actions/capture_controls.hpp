// What the Capture panel and the UI script can do with a live capture, as functions over
// the application state: the filter prefilled from the topology, Start/Stop, Save, and
// the handlers the capture's and the saver's threads reach through the UiQueue (UI thread
// only). A live capture's models replace the shown capture as they grow, keeping the
// selection, so the frames, details, hex and dialogue views follow the running lab.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "gui/app/model/app_state.hpp"

namespace smtplab::app {

/// "tcp and (host A or ...) and (port P or ...)": the topology's node addresses, and the
/// ports the running lab listens on (before it runs, the addresses alone: they are the
/// lab's own).
std::string topology_capture_filter(const AppState& state);
/// Keeps the filter field equal to the topology's until the user edits it (not while
/// capturing: the field then shows the filter in force).
void refresh_capture_filter(AppState& state);
/// Starts listing the interfaces in the background (once); takes the list when ready.
void poll_capture_interfaces(AppState& state);
/// Starts capturing on `interface` with the panel's filter and opens the panel; false when
/// a capture already runs. The outcome shows in the panel (and the error window).
bool start_live_capture(AppState& state, const std::string& interface);
/// Stops the live capture; the last frames and the final model follow.
void stop_live_capture(AppState& state);
/// True from Start until the capture has stopped or failed.
bool live_capture_active(const AppState& state);
/// Saves the live capture's frames (else the opened capture's) to `path` in the background:
/// .pcapng when the name ends so, else .pcap. False when there are no frames to save.
bool save_capture(AppState& state, const std::string& path);

/// The interface is open and frames may come.
void capture_opened(AppState& state);
/// The interface could not be opened (`error` says why; a permission error gets the
/// setcap hint).
void capture_failed(AppState& state, const std::string& error);
/// A rebuilt model of the frames so far.
void live_capture_grew(AppState& state, std::shared_ptr<const CaptureModel> model);
/// The capture stopped: its final model, and why it stopped early ("" when asked to).
void capture_finished(AppState& state, std::shared_ptr<const CaptureModel> model,
                      const std::string& problem);
/// A save ended: `frames` written to `path`, or `error`.
void capture_saved(AppState& state, const std::string& path, std::uint64_t frames,
                   const std::string& error);

}  // namespace smtplab::app
