// Classic pcap records from a memory map, each checked before it is used.
#include "capture/mapped_pcap.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

namespace smtplab::capture {
namespace {

// File header, 24 bytes: magic (4), version 2 (2) and 4 (2), zone (4), sigfigs (4),
// snaplen (4), link type (4). Then records: a 16-byte header, seconds (4), microseconds or
// nanoseconds (4), captured length (4), length on the wire (4), and the captured bytes.
constexpr std::size_t kFileHeader = 24;
constexpr std::size_t kRecordHeader = 16;
constexpr std::uint32_t kMagicMicro = 0xa1b2c3d4;
constexpr std::uint32_t kMagicNano = 0xa1b23c4d;
// libpcap's MAXIMUM_SNAPLEN: longer records are handled (truncated or refused) by libpcap.
constexpr std::uint32_t kMaxSnaplen = 262144;
// Link types whose LINKTYPE_ value is their DLT_ value and that libpcap passes through
// untouched: DLT_NULL (BSD loopback) and DLT_EN10MB (Ethernet).
constexpr std::uint32_t kNull = 0;
constexpr std::uint32_t kEthernet = 1;

std::uint32_t u32(const std::uint8_t* p) {
  std::uint32_t value;
  std::memcpy(&value, p, sizeof value);
  return value;  // the file is in this machine's byte order (checked by its magic)
}
std::uint16_t u16(const std::uint8_t* p) {
  std::uint16_t value;
  std::memcpy(&value, p, sizeof value);
  return value;
}

}  // namespace

std::unique_ptr<MappedPcap> MappedPcap::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat info {};
  void* map = MAP_FAILED;
  if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
      static_cast<std::size_t>(info.st_size) >= kFileHeader) {
    map = ::mmap(nullptr, static_cast<std::size_t>(info.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
  }
  ::close(fd);
  if (map == MAP_FAILED) return nullptr;
  // Read once, front to back.
  ::madvise(map, static_cast<std::size_t>(info.st_size), MADV_SEQUENTIAL);
  std::unique_ptr<MappedPcap> file(new MappedPcap(static_cast<const std::uint8_t*>(map),
                                                  static_cast<std::size_t>(info.st_size)));
  if (!file->read_file_header()) return nullptr;
  return file;
}

MappedPcap::~MappedPcap() {
  ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

bool MappedPcap::read_file_header() {
  const std::uint32_t magic = u32(data_);
  if (magic != kMagicMicro && magic != kMagicNano) return false;
  if (u16(data_ + 4) != 2 || u16(data_ + 6) != 4) return false;
  snaplen_ = u32(data_ + 16);
  const std::uint32_t link_type = u32(data_ + 20);
  if (snaplen_ == 0 || snaplen_ > kMaxSnaplen) return false;
  if (link_type != kNull && link_type != kEthernet) return false;
  nanoseconds_ = magic == kMagicNano;
  link_type_ = static_cast<int>(link_type);
  at_ = kFileHeader;
  return true;
}

void MappedPcap::release_before(std::size_t offset) {
  static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t end = offset / page * page;
  if (end <= released_) return;
  // The pages stay in the page cache; touching them again would read them back in.
  ::madvise(const_cast<std::uint8_t*>(data_) + released_, end - released_, MADV_DONTNEED);
  released_ = end;
}

std::optional<Frame> MappedPcap::next(std::uint64_t number) {
  if (stopped_early_ || at_ >= size_) return std::nullopt;
  // A record whole, within the snapshot length, with a timestamp libpcap passes on as it
  // is; anything else is libpcap's to read (and to report).
  const std::uint32_t fraction_limit = nanoseconds_ ? 1000000000u : 1000000u;
  const std::uint8_t* header = data_ + at_;
  if (size_ - at_ < kRecordHeader || u32(header) > 0x7fffffffu ||
      u32(header + 4) >= fraction_limit || u32(header + 8) > snaplen_ ||
      u32(header + 8) > size_ - at_ - kRecordHeader) {
    stopped_early_ = true;
    return std::nullopt;
  }
  if (at_ - released_ >= kReleaseEvery) release_before(at_);
  const std::uint32_t caplen = u32(header + 8);
  Frame frame;
  frame.number = number;
  frame.ts_sec = u32(header);
  const std::uint32_t fraction = u32(header + 4);
  frame.ts_nsec = nanoseconds_ ? fraction : fraction * 1000;
  frame.link_type = link_type_;
  frame.original_length = u32(header + 12);
  frame.data = std::span<const std::uint8_t>(header + kRecordHeader, caplen);
  at_ += kRecordHeader + caplen;
  return frame;
}

}  // namespace smtplab::capture
