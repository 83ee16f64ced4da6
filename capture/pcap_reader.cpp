// libpcap offline reader. pcap_next_ex also reads pcapng (several interfaces: libpcap
// reports the first interface's link type; frames from others keep it, see DESIGN note).
#include "capture/pcap_reader.hpp"

#include <pcap/pcap.h>

namespace smtplab::capture {

PcapReader::PcapReader(const std::string& path) : path_(path) {
  if (path != "-") mapped_ = MappedPcap::open(path);
  if (mapped_) {
    link_type_ = mapped_->link_type();
    return;
  }
  open_path(path);
}

void PcapReader::open_path(const std::string& path) {
  // Opened here rather than by pcap_open_offline so that the stream gets a large buffer.
  // "-" (standard input, for libpcap) and files that cannot be opened go through libpcap,
  // which then reports the error in its usual words.
  std::FILE* stream = path == "-" ? nullptr : std::fopen(path.c_str(), "rb");
  if (stream) {
    read_buffer_ = std::make_unique<char[]>(kReadBuffer);
    std::setvbuf(stream, read_buffer_.get(), _IOFBF, kReadBuffer);
    open_stream(stream);
    return;
  }
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!handle_) {
    error_ = errbuf;
    return;
  }
  link_type_ = pcap_datalink(handle_);
}

PcapReader::PcapReader(std::FILE* stream) {
  open_stream(stream);
}

void PcapReader::open_stream(std::FILE* stream) {
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  handle_ = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  if (!handle_) {
    error_ = errbuf;
    std::fclose(stream);
    return;
  }
  link_type_ = pcap_datalink(handle_);
}

PcapReader::~PcapReader() {
  if (handle_) pcap_close(handle_);
}

std::optional<Frame> PcapReader::next() {
  if (mapped_) {
    auto frame = mapped_->next(count_ + 1);
    if (frame) {
      ++count_;
      return frame;
    }
    if (!mapped_->stopped_early()) return std::nullopt;
    // A record the map does not read like libpcap: libpcap takes over from it, after
    // skipping the records already given.
    mapped_.reset();
    open_path(path_);
    for (std::uint64_t skipped = 0; handle_ && skipped < count_; ++skipped) {
      pcap_pkthdr* header = nullptr;
      const u_char* bytes = nullptr;
      if (pcap_next_ex(handle_, &header, &bytes) != 1) break;
    }
  }
  if (!handle_) return std::nullopt;
  pcap_pkthdr* header = nullptr;
  const u_char* bytes = nullptr;
  const int rc = pcap_next_ex(handle_, &header, &bytes);
  if (rc == PCAP_ERROR) {
    error_ = pcap_geterr(handle_);
    return std::nullopt;
  }
  if (rc != 1) return std::nullopt;  // PCAP_ERROR_BREAK: end of file
  Frame frame;
  frame.number = ++count_;
  frame.ts_sec = header->ts.tv_sec;
  frame.ts_nsec = static_cast<std::uint32_t>(header->ts.tv_usec);  // nanoseconds here
  frame.link_type = link_type_;
  frame.original_length = header->len;
  frame.data = std::span<const std::uint8_t>(bytes, header->caplen);
  return frame;
}

}  // namespace smtplab::capture
