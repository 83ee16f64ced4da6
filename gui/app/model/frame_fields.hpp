// What Wireshark's display filter sees in each frame, computed once when a capture model is
// built (never per evaluation): the tcp.stream index, which frames its SMTP and TLS
// dissectors decode, and which commands and replies each frame carries.
//
// Wireshark's rules followed here, checked against tshark 4.0 on the public captures:
// - tcp.stream numbers connections in order of first appearance; a SYN after a connection
//   was reset or closed both ways starts a new one.
// - A segment whose first byte was already seen (a retransmission, also one that brings a
//   few new bytes after the old ones) is not passed to SMTP.
// - A command belongs to the frame of its last byte (the line is reassembled there); a
//   reply belongs to every frame that carries its lines.
// - TLS: a frame where a record starts or ends, on an SMTP session after STARTTLS (or
//   implicit TLS) and on any other TCP connection whose first bytes are a TLS record.
#pragma once

#include "gui/app/model/capture_model.hpp"

namespace smtplab::app {

/// Fills FrameRow::tcp_stream, FrameRow::dissected and CaptureModel::frame_entries from
/// the rows, segments and analysis (called at the end of index_capture).
void index_filter_fields(CaptureModel& model);

/// The entries of `frame_entries` that belong to a frame (1-based), as a range.
std::span<const FrameEntry> entries_of_frame(const CaptureModel& model, std::uint64_t frame);

}  // namespace smtplab::app
