// IPv4 and IPv6 fragment reassembly (RFC 791, RFC 8200 §4.5). Fragments are kept per
// datagram (source, destination, protocol, identification) until every byte from 0 to the
// last fragment's end is present; the datagram then comes out as a raw IP packet (a clean
// header without fragmentation, then the reassembled data) for the normal decoders. The
// first copy of a byte wins; overlapping fragments with other contents (an IDS-evasion
// trick) and datagrams that never complete are noted, never guessed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "capture/endpoint.hpp"
#include "capture/frame.hpp"
#include "capture/ip_layer.hpp"
#include "capture/notes.hpp"

namespace smtplab::capture {

/// A datagram rebuilt from its fragments.
struct ReassembledDatagram {
  std::vector<std::uint8_t> packet;  ///< raw IP packet (link type DLT_RAW)
  std::size_t fragments = 0;         ///< how many fragments it took
  std::uint64_t first_frame = 0;     ///< frame of the first fragment received
};

class IpReassembler {
 public:
  /// Incomplete datagrams kept at once; the oldest is given up beyond this.
  static constexpr std::size_t kMaxPending = 1024;
  /// Frames after its first fragment that a datagram may take to complete.
  static constexpr std::uint64_t kTimeoutFrames = 100000;

  /// Adds one fragment; returns the datagram when this fragment completes it. Anomalies go
  /// to `notes`.
  std::optional<ReassembledDatagram> add(const Frame& frame, const IpHeader& ip,
                                         std::vector<Note>& notes);
  /// End of capture: every incomplete datagram becomes a note.
  void finish(std::vector<Note>& notes);

 private:
  using Key = std::tuple<bool, Address, Address, std::uint8_t, std::uint32_t>;
  struct Pending {
    std::map<std::size_t, std::vector<std::uint8_t>> pieces;  // by offset, non-overlapping
    std::size_t total = 0;  // datagram length, known once the last fragment arrived
    bool have_last = false;
    std::size_t fragments = 0;
    std::uint64_t first_frame = 0;
    bool overlap_noted = false;
  };
  void expire(std::uint64_t now, std::vector<Note>& notes);
  static bool complete(const Pending& pending);
  static std::vector<std::uint8_t> build(const Key& key, const Pending& pending);

  std::map<Key, Pending> pending_;
};

}  // namespace smtplab::capture
