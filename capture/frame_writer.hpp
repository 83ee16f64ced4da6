// Sinks for frames: a .pcap written by libpcap (pcap_dump) or a .pcapng written block by
// block here (libpcap 1.10 reads pcapng but cannot write it). Both keep nanosecond stamps
// and open in Wireshark/tshark.
#pragma once

#include <memory>
#include <string>

#include "capture/frame.hpp"

namespace smtplab::capture {

/// Capture file formats we write.
enum class CaptureFormat {
  Pcap,    ///< classic libpcap format, nanosecond magic (0xa1b23c4d)
  Pcapng,  ///< SHB + one IDB (if_tsresol = 9) + one EPB per frame
};

/// The format a file name asks for: ".pcapng" → Pcapng, anything else → Pcap.
CaptureFormat format_for_path(const std::string& path);

class FrameWriter {
 public:
  virtual ~FrameWriter() = default;
  /// Appends one frame. False on a write error (see error()).
  virtual bool write(const Frame& frame) = 0;
  /// Pushes what was written to the file, so that a reader sees every frame so far (a
  /// capture read while it is still recorded). False on a write error.
  virtual bool flush() = 0;
  /// Flushes and closes the file. False on a write error.
  virtual bool close() = 0;
  /// What went wrong ("" when nothing did).
  virtual const std::string& error() const = 0;
  /// Frames written so far.
  virtual std::uint64_t frames_written() const = 0;
};

/// Creates `path` for frames of link type `link_type` (DLT_*). nullptr with `error` set
/// when the file cannot be created.
std::unique_ptr<FrameWriter> open_frame_writer(const std::string& path, CaptureFormat format,
                                               int link_type, std::string& error);

/// The pcap and pcapng writers (open_frame_writer picks one).
std::unique_ptr<FrameWriter> open_pcap_writer(const std::string& path, int link_type,
                                              std::string& error);
std::unique_ptr<FrameWriter> open_pcapng_writer(const std::string& path, int link_type,
                                                std::string& error);

}  // namespace smtplab::capture
