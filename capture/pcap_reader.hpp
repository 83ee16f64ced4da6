// Offline reading of .pcap and .pcapng files through libpcap, with nanosecond timestamps.
// A reader opens a path or an already open FILE* (the fuzzers read from memory). A path to
// a plain classic pcap is read from a memory map instead (MappedPcap: the same frames,
// without libpcap's copies).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include "capture/frame.hpp"
#include "capture/mapped_pcap.hpp"

struct pcap;  // libpcap's pcap_t, kept out of this header

namespace smtplab::capture {

class PcapReader {
 public:
  /// Opens a capture file; on failure `error()` says why and `ok()` is false.
  explicit PcapReader(const std::string& path);
  /// Takes ownership of an open stream (closed by libpcap with the reader).
  explicit PcapReader(std::FILE* stream);
  ~PcapReader();
  PcapReader(const PcapReader&) = delete;
  PcapReader& operator=(const PcapReader&) = delete;

  /// True when the file was opened and recognised as a capture.
  bool ok() const { return handle_ != nullptr || mapped_ != nullptr; }
  /// Why opening or reading failed (empty when all went well).
  const std::string& error() const { return error_; }
  /// Link type of the first interface (DLT_* value).
  int link_type() const { return link_type_; }
  /// Next frame, or nullopt at the end of the file or on a read error (see error()).
  std::optional<Frame> next();
  /// Frames read so far.
  std::uint64_t frames_read() const { return count_; }

 private:
  /// stdio buffer of a file opened by path (libpcap reads through stdio a record at a time;
  /// the default 4 KiB buffer costs a read() per 4 KiB of a large capture).
  static constexpr std::size_t kReadBuffer = 1 << 20;
  void open_path(const std::string& path);  // through libpcap
  void open_stream(std::FILE* stream);

  std::string path_;                     // as opened ("" for a stream)
  std::unique_ptr<MappedPcap> mapped_;   // when set, frames come from it, not libpcap
  std::unique_ptr<char[]> read_buffer_;  // outlives the FILE, closed in ~PcapReader
  ::pcap* handle_ = nullptr;
  std::string error_;
  int link_type_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace smtplab::capture
