// Every TCP segment of a capture, per connection, as chapter 13's table shows them: frame
// number, direction, flags, sequence and acknowledgement numbers relative to each side's
// initial sequence number, payload length and the first line of text it carries. Read from
// the same rows: the connection's opening (SYN, SYN-ACK, ACK) and the first FIN, which
// `smtplab analyze --frames` prints and the lab's frame questions are graded on.
//
// Segments are kept per connection, not reassembled: this is the wire view, where one SMTP
// line may take several segments or share one (the stream view is TcpReassembler's).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "capture/endpoint.hpp"
#include "capture/frame.hpp"

namespace smtplab::capture {

/// One TCP segment as captured.
struct SegmentRow {
  std::uint64_t frame = 0;   ///< 1-based frame number
  bool from_client = false;  ///< sent by the side that opened the connection
  std::uint16_t flags = 0;   ///< tcp_flag bits
  std::uint32_t seq = 0;     ///< raw sequence number (see TcpConversation::relative_seq)
  std::uint32_t ack = 0;     ///< raw acknowledgement number
  std::uint32_t length = 0;  ///< payload octets
  std::string text;          ///< first line of the payload, printable ("" when not kept)
};

/// One TCP connection: its endpoints, its segments, and the frames that open and close it.
struct TcpConversation {
  Endpoint client;  ///< the SYN's sender (else the first frame's sender)
  Endpoint server;
  std::vector<SegmentRow> segments;  ///< in capture order (empty unless rows are kept)
  std::uint64_t syn = 0;             ///< frame of the client's SYN (0: not captured)
  std::uint64_t syn_ack = 0;         ///< frame of the server's SYN-ACK after it (0: none)
  std::uint64_t handshake_ack = 0;   ///< frame of the client's ACK after the SYN-ACK (0: none)
  std::uint64_t first_fin = 0;       ///< frame of the first FIN, either side (0: none)
  Endpoint first_fin_from;           ///< who sent it
  /// Each side's initial sequence number: the SYN's, else one before its first segment's,
  /// so that the first data octet is numbered 1 either way (as in Wireshark).
  std::optional<std::uint32_t> client_isn, server_isn;

  /// Sequence number of `row` relative to its sender's initial one.
  std::uint32_t relative_seq(const SegmentRow& row) const;
  /// Acknowledgement number of `row` relative to the other side's initial one.
  std::uint32_t relative_ack(const SegmentRow& row) const;
};

/// The TCP connections of a capture, fed frame by frame (any order of connections).
class SegmentLog {
 public:
  /// `keep_rows`: keep every segment; without, only the opening and closing frames are
  /// kept, in constant memory per connection. `keep_text`: and the first line each
  /// segment carries (for printing).
  explicit SegmentLog(bool keep_rows = true, bool keep_text = true)
      : keep_rows_(keep_rows), keep_text_(keep_rows && keep_text) {}

  /// Decodes one frame; anything that is not TCP is skipped.
  void add(const Frame& frame);
  /// One segment already decoded (the window's frame rows hold these fields).
  void add(std::uint64_t frame, const Endpoint& source, const Endpoint& destination,
           std::uint16_t flags, std::uint32_t seq, std::uint32_t ack, std::uint32_t length,
           std::string text = {});

  /// Connections in order of their first frame.
  const std::vector<TcpConversation>& conversations() const { return conversations_; }
  /// The first connection between these two endpoints (either way round), or nullptr.
  const TcpConversation* find(const Endpoint& a, const Endpoint& b) const;

 private:
  bool keep_rows_;
  bool keep_text_;
  std::vector<TcpConversation> conversations_;
  // Unordered endpoint pair -> index of its latest connection (a new SYN starts another).
  std::map<std::pair<Endpoint, Endpoint>, std::size_t> latest_;
};

/// The first line of a payload as text: up to CR or LF, at most `max` characters, other
/// control bytes shown as '.', "..." when more follows; "(N octets of binary data)" when it
/// is not text (a TLS record).
std::string payload_line(std::span<const std::uint8_t> payload, std::size_t max = 64);

/// Reads a whole capture file into a log made with these options. nullopt with `error`
/// set when it cannot be opened as a capture; a read error later keeps the frames read so
/// far.
std::optional<SegmentLog> read_segment_log(const std::string& path, std::string& error,
                                           bool keep_rows = true, bool keep_text = true);

}  // namespace smtplab::capture
