// Picks the writer for a format.
#include "capture/frame_writer.hpp"

namespace smtplab::capture {

CaptureFormat format_for_path(const std::string& path) {
  const std::string suffix = ".pcapng";
  const bool ng = path.size() >= suffix.size() &&
                  path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  return ng ? CaptureFormat::Pcapng : CaptureFormat::Pcap;
}

std::unique_ptr<FrameWriter> open_frame_writer(const std::string& path, CaptureFormat format,
                                               int link_type, std::string& error) {
  return format == CaptureFormat::Pcapng ? open_pcapng_writer(path, link_type, error)
                                         : open_pcap_writer(path, link_type, error);
}

}  // namespace smtplab::capture
