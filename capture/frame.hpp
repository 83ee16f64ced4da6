// One captured frame as libpcap hands it over: number, time, link type and bytes.
#pragma once

#include <cstdint>
#include <span>

namespace smtplab::capture {

/// A captured frame. `data` points into the reader's buffer and is valid until the next
/// frame is read.
struct Frame {
  std::uint64_t number = 0;           ///< 1-based, in file order (Wireshark's numbering)
  std::int64_t ts_sec = 0;            ///< seconds since the Unix epoch
  std::uint32_t ts_nsec = 0;          ///< nanoseconds within the second
  int link_type = 0;                  ///< DLT_* value of the interface that captured it
  std::uint32_t original_length = 0;  ///< length on the wire (may exceed data.size())
  std::span<const std::uint8_t> data;
};

}  // namespace smtplab::capture
