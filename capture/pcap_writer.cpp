// .pcap output through libpcap's own dumper (pcap_open_dead + pcap_dump_open), with
// nanosecond precision so live stamps are kept as captured.
#include <pcap/pcap.h>

#include <algorithm>

#include "capture/frame_writer.hpp"

namespace smtplab::capture {
namespace {

class PcapWriter final : public FrameWriter {
 public:
  PcapWriter(::pcap* dead, pcap_dumper_t* dumper) : dead_(dead), dumper_(dumper) {}
  ~PcapWriter() override { close(); }

  bool write(const Frame& frame) override {
    if (!dumper_) return false;
    pcap_pkthdr header{};
    header.ts.tv_sec = static_cast<time_t>(frame.ts_sec);
    header.ts.tv_usec = static_cast<suseconds_t>(frame.ts_nsec);  // ns: nano dumper
    header.caplen = static_cast<bpf_u_int32>(frame.data.size());
    header.len = std::max<bpf_u_int32>(frame.original_length, header.caplen);
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data.data());
    ++written_;
    return true;
  }
  bool flush() override {
    if (!dumper_) return false;
    if (pcap_dump_flush(dumper_) == 0) return true;
    error_ = "cannot write the capture file";
    return false;
  }
  bool close() override {
    bool ok = true;
    if (dumper_) {
      ok = pcap_dump_flush(dumper_) == 0;
      if (!ok) error_ = "cannot write the capture file";
      pcap_dump_close(dumper_);
      dumper_ = nullptr;
    }
    if (dead_) {
      pcap_close(dead_);
      dead_ = nullptr;
    }
    return ok;
  }
  const std::string& error() const override { return error_; }
  std::uint64_t frames_written() const override { return written_; }

 private:
  ::pcap* dead_;
  pcap_dumper_t* dumper_;
  std::string error_;
  std::uint64_t written_ = 0;
};

}  // namespace

std::unique_ptr<FrameWriter> open_pcap_writer(const std::string& path, int link_type,
                                              std::string& error) {
  ::pcap* dead =
      pcap_open_dead_with_tstamp_precision(link_type, 262144, PCAP_TSTAMP_PRECISION_NANO);
  if (!dead) {
    error = "libpcap cannot write link type " + std::to_string(link_type);
    return nullptr;
  }
  pcap_dumper_t* dumper = pcap_dump_open(dead, path.c_str());
  if (!dumper) {
    error = path + ": " + pcap_geterr(dead);
    pcap_close(dead);
    return nullptr;
  }
  return std::make_unique<PcapWriter>(dead, dumper);
}

}  // namespace smtplab::capture
