// libFuzzer harness: the input is a capture file (pcap or pcapng), read from memory through
// libpcap and taken through the whole pipeline: link/IP/TCP decoding, reassembly, the SMTP
// dissector, sim/message, and both renderers. Seed with ../shared/captures/*.pcap*.
#include <cstdint>
#include <cstdio>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"
#include "capture/packet_decoder.hpp"
#include "capture/pcap_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace smtplab::capture;
  if (size == 0) return 0;
  std::FILE* stream = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
  if (!stream) return 0;
  PcapReader reader(stream);
  if (!reader.ok()) return 0;
  CaptureAnalyzer analyzer;
  while (auto frame = reader.next()) {
    describe_packet(*frame, decode_packet(*frame));  // the field trees too
    analyzer.add(*frame);
  }
  const CaptureAnalysis analysis = analyzer.finish("fuzz", reader.link_type());
  (void)analysis_to_json(analysis, ReportOptions{}).dump();
  (void)analysis_to_text(analysis, ReportOptions{});
  return 0;
}
