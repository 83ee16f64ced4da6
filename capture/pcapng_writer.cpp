// .pcapng output, written here because libpcap 1.10 has no pcapng dumper. The file is one
// section: a Section Header Block, one Interface Description Block announcing nanosecond
// stamps, then one Enhanced Packet Block per frame (pcapng spec, draft-ietf-opsawg-pcapng).
//
//   SHB: type 0x0A0D0D0A | length | byte-order magic 0x1A2B3C4D | 1.0 | section length -1 |
//        length
//   IDB: type 1 | length | link type (2) | reserved (2) | snaplen | if_tsresol=9 | end |
//        length
//   EPB: type 6 | length | interface 0 | stamp high | stamp low | caplen | origlen |
//        data padded to 4 | length
// Blocks are written in host byte order: the byte-order magic tells readers which one.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "capture/frame_writer.hpp"

namespace smtplab::capture {
namespace {

constexpr std::uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr std::uint32_t kInterfaceDescription = 1;
constexpr std::uint32_t kEnhancedPacket = 6;
constexpr std::uint16_t kOptionEnd = 0;
constexpr std::uint16_t kOptionTsResolution = 9;
constexpr std::uint32_t kSnapLength = 262144;

// Appends the host-order bytes of an integer.
template <typename T>
void put(std::vector<std::uint8_t>& block, T value) {
  std::uint8_t bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  block.insert(block.end(), bytes, bytes + sizeof(T));
}

// Fills in the total length at both ends of a block built with placeholder lengths.
void seal(std::vector<std::uint8_t>& block) {
  while (block.size() % 4 != 0) block.push_back(0);
  const auto total = static_cast<std::uint32_t>(block.size() + 4);
  std::memcpy(block.data() + 4, &total, 4);
  put(block, total);
}

class PcapngWriter final : public FrameWriter {
 public:
  explicit PcapngWriter(std::FILE* file) : file_(file) {}
  ~PcapngWriter() override { close(); }

  bool write_headers(int link_type) {
    std::vector<std::uint8_t> shb;
    put(shb, kSectionHeader);
    put(shb, std::uint32_t{0});
    put(shb, std::uint32_t{0x1A2B3C4D});
    put(shb, std::uint16_t{1});
    put(shb, std::uint16_t{0});
    put(shb, std::int64_t{-1});  // section length not known in advance
    seal(shb);
    std::vector<std::uint8_t> idb;
    put(idb, kInterfaceDescription);
    put(idb, std::uint32_t{0});
    put(idb, static_cast<std::uint16_t>(link_type));
    put(idb, std::uint16_t{0});
    put(idb, kSnapLength);
    put(idb, kOptionTsResolution);
    put(idb, std::uint16_t{1});
    idb.push_back(9);  // 10^-9 s: nanoseconds
    idb.insert(idb.end(), 3, 0);
    put(idb, kOptionEnd);
    put(idb, std::uint16_t{0});
    seal(idb);
    return emit(shb) && emit(idb);
  }

  bool write(const Frame& frame) override {
    if (!file_) return false;
    block_.clear();
    const auto stamp = static_cast<std::uint64_t>(frame.ts_sec) * 1'000'000'000u + frame.ts_nsec;
    const auto caplen = static_cast<std::uint32_t>(frame.data.size());
    put(block_, kEnhancedPacket);
    put(block_, std::uint32_t{0});
    put(block_, std::uint32_t{0});  // interface 0
    put(block_, static_cast<std::uint32_t>(stamp >> 32));
    put(block_, static_cast<std::uint32_t>(stamp & 0xffffffffu));
    put(block_, caplen);
    put(block_, std::max(frame.original_length, caplen));
    block_.insert(block_.end(), frame.data.begin(), frame.data.end());
    seal(block_);
    if (!emit(block_)) return false;
    ++written_;
    return true;
  }
  bool flush() override {
    if (!file_) return false;
    if (std::fflush(file_) == 0) return true;
    error_ = "cannot write the capture file";
    return false;
  }
  bool close() override {
    if (!file_) return error_.empty();
    const bool ok = std::fclose(file_) == 0 && error_.empty();
    if (!ok && error_.empty()) error_ = "cannot write the capture file";
    file_ = nullptr;
    return ok;
  }
  const std::string& error() const override { return error_; }
  std::uint64_t frames_written() const override { return written_; }

 private:
  bool emit(const std::vector<std::uint8_t>& block) {
    if (std::fwrite(block.data(), 1, block.size(), file_) != block.size()) {
      error_ = "cannot write the capture file";
      return false;
    }
    return true;
  }

  std::FILE* file_;
  std::vector<std::uint8_t> block_;
  std::string error_;
  std::uint64_t written_ = 0;
};

}  // namespace

std::unique_ptr<FrameWriter> open_pcapng_writer(const std::string& path, int link_type,
                                                std::string& error) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (!file) {
    error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  auto writer = std::make_unique<PcapngWriter>(file);
  if (!writer->write_headers(link_type)) {
    error = path + ": " + writer->error();
    return nullptr;
  }
  return writer;
}

}  // namespace smtplab::capture
