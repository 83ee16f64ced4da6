// Exports pieces of an analysed capture: the frames of one session as their own capture
// file (Wireshark's "export specified packets" for one TCP stream), and one message as .eml.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "capture/smtp_session.hpp"

namespace smtplab::capture {

/// Copies from `capture_path` every frame of `session`'s TCP connection (both directions,
/// from its first to its last frame) into `out_path` (.pcapng by name, else .pcap).
/// Returns the number of frames written, or -1 with `error` set.
std::int64_t export_session_frames(const std::string& capture_path, const SmtpSession& session,
                                   const std::string& out_path, std::string& error);

/// Writes a message's bytes (as the server received them) to `path`. False with `error` set.
bool write_message_eml(const SmtpMessage& message, const std::filesystem::path& path,
                       std::string& error);

}  // namespace smtplab::capture
