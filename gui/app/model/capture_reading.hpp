// Reading a capture file into the window's model: every frame's row and bytes, the
// analyser's sessions and notes, and the per-frame index the filter and views use. One
// loop, shared by the window's background loader and the tests that read a capture as the
// window does. No ImGui, no threads.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "capture/pcap_reader.hpp"
#include "gui/app/model/capture_model.hpp"

namespace smtplab::app {

/// Called after each frame with the frames read so far and the file bytes they took
/// (record headers included); false stops the reading.
using CaptureReadProgress = std::function<bool(std::size_t frames, double bytes_read)>;

/// Reads the rest of `reader` (opened on `path`) into a new model, analysed and indexed
/// (index_capture); the timeline is the caller's. nullptr when `progress` stopped it.
std::shared_ptr<CaptureModel> read_capture(capture::PcapReader& reader, const std::string& path,
                                           const CaptureReadProgress& progress = {});

}  // namespace smtplab::app
