// What TCP hands to application-protocol dissectors, and the registry that picks one for a
// connection: first by the server's port, then by the first bytes each side sends. TCP code
// knows only this interface; it never names SMTP.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/endpoint.hpp"
#include "capture/stream_frame_map.hpp"

namespace smtplab::capture {

/// The two directions of a connection.
enum class Side {
  Client = 0,  ///< bytes sent by the client (the side that sent the SYN)
  Server = 1,  ///< bytes sent by the server
};

/// What a dissector knows about its connection. Owned by the connection; stays valid for
/// the dissector's lifetime.
struct StreamContext {
  Endpoint client;
  Endpoint server;
  std::uint64_t first_frame = 0;
  std::int64_t first_ts_sec = 0;
  std::uint32_t first_ts_nsec = 0;
  const StreamFrameMap* frames[2] = {nullptr, nullptr};  ///< indexed by Side

  /// Frame that carried the byte at `offset` of `side`'s stream (0 inside a gap).
  std::uint64_t frame_at(Side side, std::uint64_t offset) const {
    const StreamFrameMap* map = frames[static_cast<int>(side)];
    return map ? map->frame_at(offset) : 0;
  }
};

/// An application-protocol dissector fed with one connection's reassembled streams.
class StreamDissector {
 public:
  virtual ~StreamDissector() = default;
  /// In-order bytes of one side, starting at stream `offset`.
  virtual void on_bytes(Side side, std::uint64_t offset, std::string_view bytes) = 0;
  /// `length` bytes of one side are missing from the capture at `offset`.
  virtual void on_gap(Side side, std::uint64_t offset, std::uint64_t length,
                      std::uint64_t frame) = 0;
  /// The connection is over (FIN/RST seen or the capture ended); `frame` is the last one.
  virtual void on_end(std::uint64_t frame) = 0;
};

/// One protocol the registry can pick.
struct DissectorEntry {
  std::string name;                  ///< "smtp"
  std::vector<std::uint16_t> ports;  ///< server ports that select it outright
  /// True when the first bytes a side sent look like this protocol.
  std::function<bool(Side side, std::string_view first_bytes)> probe;
  /// Creates a dissector for a connection.
  std::function<std::unique_ptr<StreamDissector>(const StreamContext&)> create;
};

/// The dissectors available for TCP streams.
class DissectorRegistry {
 public:
  /// Adds a protocol; earlier entries win ties.
  void add(DissectorEntry entry) { entries_.push_back(std::move(entry)); }
  /// The entry whose port list holds `port`, or nullptr.
  const DissectorEntry* by_port(std::uint16_t port) const;
  /// The first entry whose probe accepts these bytes, or nullptr.
  const DissectorEntry* by_content(Side side, std::string_view first_bytes) const;
  /// True when some entry lists `port`.
  bool knows_port(std::uint16_t port) const { return by_port(port) != nullptr; }

 private:
  std::vector<DissectorEntry> entries_;
};

}  // namespace smtplab::capture
