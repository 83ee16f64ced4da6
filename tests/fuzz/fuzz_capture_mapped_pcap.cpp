// libFuzzer harness: the input is a capture file opened BY PATH, so that a classic pcap
// takes the memory-mapped reader (capture/mapped_pcap) and hands over to libpcap at the
// first record it does not take, as `smtplab analyze FILE` does. The bytes live in a
// memfd (no disk I/O per run); its /proc/self/fd path is what the reader opens.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>

#include "capture/capture_analyzer.hpp"
#include "capture/pcap_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smtplab::capture;
  const int fd = memfd_create("fuzz-capture", 0);
  if (fd < 0) return 0;
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = write(fd, data + written, size - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
  {
    PcapReader reader("/proc/self/fd/" + std::to_string(fd));
    if (reader.ok()) {
      CaptureAnalyzer analyzer;
      while (auto frame = reader.next()) analyzer.add(*frame);
      (void)analyzer.finish("fuzz", reader.link_type());
    }
  }
  close(fd);
  return 0;
}
