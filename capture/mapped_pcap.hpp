// The fast way through the most common capture file: a classic pcap (version 2.4, written
// in this machine's byte order, Ethernet or BSD loopback) read straight from a read-only
// memory map, without libpcap's per-record stdio copies. Records are checked one by one:
// at the first that is not plainly valid (cut short, longer than the snapshot length, an
// odd timestamp, trailing bytes) next() stops and says so, and the reader goes on with
// libpcap from that record, so that frames, and the errors reported, are exactly libpcap's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "capture/frame.hpp"

namespace smtplab::capture {

class MappedPcap {
 public:
  /// The mapped file when its header qualifies (see the header comment), else nullptr.
  static std::unique_ptr<MappedPcap> open(const std::string& path);
  ~MappedPcap();
  MappedPcap(const MappedPcap&) = delete;
  MappedPcap& operator=(const MappedPcap&) = delete;

  /// DLT_* of the file (LINKTYPE_ETHERNET and LINKTYPE_NULL equal their DLT values).
  int link_type() const { return link_type_; }
  /// The next record as libpcap would give it (nanosecond timestamps), or nullopt at the end
  /// or at a record left to libpcap (then stopped_early()). Its bytes stay valid until the
  /// next call.
  std::optional<Frame> next(std::uint64_t number);
  /// True when next() stopped at a record it does not read the way libpcap does.
  bool stopped_early() const { return stopped_early_; }

 private:
  /// Pages behind the read position are handed back every this many bytes, so that the
  /// process keeps only a window of the file mapped, not all of it.
  static constexpr std::size_t kReleaseEvery = 4u << 20;

  MappedPcap(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  bool read_file_header();
  void release_before(std::size_t offset);

  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;        // next record header
  std::size_t released_ = 0;  // pages before this offset were handed back
  std::uint32_t snaplen_ = 0;
  int link_type_ = 0;
  bool nanoseconds_ = false;
  bool stopped_early_ = false;
};

}  // namespace smtplab::capture
