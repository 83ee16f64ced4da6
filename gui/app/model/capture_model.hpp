// An opened capture as the window shows it: every frame's bytes in one append-only store,
// one compact row per frame (addresses, TCP numbers, which SMTP session and stream offset
// its payload belongs to), the analysis from capture/, and the timeline rebuilt from its
// sessions. Answers the correlation questions exactly, by stream offsets: which frames
// and bytes carried a dialogue line, which dialogue lines a frame carries.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/endpoint.hpp"
#include "capture/field_tree.hpp"
#include "sim/lab/timeline.hpp"

namespace smtplab::app {

/// Bytes [begin, end) of one frame.
struct ByteRange {
  std::uint64_t frame = 0;  ///< 1-based frame number
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// What the packet list calls a frame.
enum class FrameProtocol : std::uint8_t {
  Other,  ///< not IP, or a link type we do not decode
  Ip,     ///< IP without TCP (or a fragment)
  Tcp,    ///< TCP without payload, or payload outside an SMTP session
  Smtp,   ///< SMTP in clear
  Tls,    ///< TLS records (after STARTTLS or on port 465)
};

/// "SMTP", "TLS", "TCP"...
const char* protocol_name(FrameProtocol protocol);

/// One frame of the packet list, kept small because a capture may hold a million.
struct FrameRow {
  double time = 0;                    ///< seconds since the first frame
  std::uint64_t data_offset = 0;      ///< where its bytes start in the byte store
  std::uint32_t captured = 0;         ///< bytes captured
  std::uint32_t original_length = 0;  ///< bytes on the wire
  capture::Endpoint source;           ///< port 0 when not TCP
  capture::Endpoint destination;
  std::uint16_t tcp_flags = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint32_t payload_offset = 0;  ///< TCP payload start in the frame
  std::uint32_t payload_length = 0;
  std::uint64_t stream_offset = 0;  ///< stream offset of the payload's first byte
  std::int32_t session = -1;        ///< index of its SMTP session, -1 when none
  std::int32_t entry = -1;          ///< first dialogue entry whose bytes it carries
  FrameProtocol protocol = FrameProtocol::Other;
  bool has_ip = false;
  bool has_tcp = false;
  bool from_client = false;      ///< payload direction within the session
  std::int32_t tcp_stream = -1;  ///< Wireshark's tcp.stream: connections in order of appearance
  std::uint8_t dissected = 0;    ///< FrameMark bits: what Wireshark's dissectors find here
};

/// Bits of FrameRow::dissected, set once by index_filter_fields (gui/app/model/frame_fields.hpp)
/// so the display filter reads them per frame without decoding anything.
namespace frame_mark {
inline constexpr std::uint8_t kSmtp = 1;  ///< SMTP in clear, new bytes (not a retransmission)
inline constexpr std::uint8_t kTls = 2;   ///< a TLS record starts or ends in the frame
inline constexpr std::uint8_t kSmtpRequest = 4;   ///< ends a client command or AUTH line
inline constexpr std::uint8_t kSmtpResponse = 8;  ///< carries a server reply's bytes
}  // namespace frame_mark

/// A dialogue entry tied to a frame that carries it as Wireshark shows it (a command on the
/// frame of its last byte, a reply on every frame of its bytes).
struct FrameEntry {
  std::uint64_t frame = 0;  ///< 1-based
  std::int32_t session = -1;
  std::int32_t entry = -1;
};

/// The payload of one session direction carried by one frame.
struct Segment {
  std::uint64_t stream_offset = 0;
  std::uint64_t length = 0;
  std::uint64_t frame = 0;           ///< 1-based
  std::uint32_t payload_offset = 0;  ///< payload start in the frame
};

class CaptureModel {
 public:
  std::string file;                                      ///< path as opened
  int link_type = 0;                                     ///< DLT_* value
  std::int64_t start_sec = 0;                            ///< frame 1's stamp, seconds
  std::uint32_t start_nsec = 0;                          ///< and nanoseconds (rows count from it)
  capture::CaptureAnalysis analysis;                     ///< sessions, dialogues, notes
  std::vector<FrameRow> rows;                            ///< index = frame number - 1
  std::vector<std::uint8_t> bytes;                       ///< every frame's captured bytes, in order
  std::vector<lab::TimelineEvent> timeline;              ///< the sessions as timeline events
  std::vector<std::vector<std::size_t>> session_events;  ///< timeline indices per session
  std::vector<std::vector<Segment>> segments[2];         ///< per side (0 client), per session
  std::vector<FrameEntry> frame_entries;                 ///< sorted by frame, for the filter

  /// Captured bytes of a frame (1-based number).
  std::span<const std::uint8_t> frame_bytes(std::uint64_t number) const;
  /// A frame as capture/ takes it (its original stamp, link type and bytes), to analyse or
  /// save it again.
  capture::Frame frame(std::uint64_t number) const;
  /// The field tree of a frame (decoded on demand: only the selected frame needs one).
  capture::FieldNode describe(std::uint64_t number) const;
  /// The Info column: TCP flags and numbers, or the SMTP line the frame carries.
  std::string info(std::uint64_t number) const;
  /// Bytes that carried [offset, offset + length) of a session direction, first copies.
  std::vector<ByteRange> ranges_for(int session, bool client_side, std::uint64_t offset,
                                    std::uint64_t length) const;
  /// Bytes that carried a timeline event (Command, Reply, MessageData), or none.
  std::vector<ByteRange> ranges_for_event(const lab::TimelineEvent& event) const;
  /// Indices into `timeline` of the dialogue events whose bytes the frame carries.
  std::vector<std::size_t> events_for_frame(std::uint64_t number) const;
};

/// Fills `rows`, `segments` and the SMTP/TLS marks from `bytes` and `analysis` (called by
/// the loader once every frame is read).
void index_capture(CaptureModel& model);

}  // namespace smtplab::app
