// Session frames are found again by 4-tuple within the session's frame range, so the export
// needs no per-frame index kept in memory (a large capture is simply re-read).
#include "capture/session_export.hpp"

#include <fstream>

#include "capture/frame_writer.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/pcap_reader.hpp"

namespace smtplab::capture {
namespace {

bool belongs_to(const DecodedPacket& packet, const SmtpSession& session) {
  if (!packet.ip || !packet.tcp) return false;
  const Endpoint source{packet.ip->source, packet.tcp->source_port};
  const Endpoint destination{packet.ip->destination, packet.tcp->destination_port};
  return (source == session.client && destination == session.server) ||
         (source == session.server && destination == session.client);
}

}  // namespace

std::int64_t export_session_frames(const std::string& capture_path, const SmtpSession& session,
                                   const std::string& out_path, std::string& error) {
  PcapReader reader(capture_path);
  if (!reader.ok()) {
    error = capture_path + ": " + reader.error();
    return -1;
  }
  auto writer = open_frame_writer(out_path, format_for_path(out_path), reader.link_type(), error);
  if (!writer) return -1;
  while (auto frame = reader.next()) {
    if (frame->number < session.first_frame) continue;
    if (session.last_frame != 0 && frame->number > session.last_frame) break;
    if (!belongs_to(decode_packet(*frame), session)) continue;
    if (!writer->write(*frame)) break;
  }
  const std::uint64_t written = writer->frames_written();
  if (!writer->close()) {
    error = out_path + ": " + writer->error();
    return -1;
  }
  return static_cast<std::int64_t>(written);
}

bool write_message_eml(const SmtpMessage& message, const std::filesystem::path& path,
                       std::string& error) {
  std::ofstream file(path, std::ios::binary);
  file.write(message.content.data(), static_cast<std::streamsize>(message.content.size()));
  file.close();
  if (!file) {
    error = path.string() + ": cannot write";
    return false;
  }
  return true;
}

}  // namespace smtplab::capture
