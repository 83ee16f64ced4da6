// PcapReader reads plain classic pcap files from a memory map (MappedPcap) and everything
// else through libpcap: both ways must give the same frames and the same errors. A reader
// given a FILE* always goes through libpcap, which makes the reference here.
#include "capture/pcap_reader.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tests/capture/public_captures.hpp"

namespace smtplab::capture {
namespace {

namespace fs = std::filesystem;

struct ReadFrame {
  std::uint64_t number;
  std::int64_t ts_sec;
  std::uint32_t ts_nsec;
  int link_type;
  std::uint32_t original_length;
  std::string bytes;
  bool operator==(const ReadFrame&) const = default;
};

struct Reading {
  bool ok = false;
  int link_type = 0;
  std::vector<ReadFrame> frames;
  std::string error;
};

Reading read_all(PcapReader& reader) {
  Reading out;
  out.ok = reader.ok();
  out.link_type = reader.link_type();
  while (auto f = reader.next()) {
    out.frames.push_back(
        ReadFrame{f->number, f->ts_sec, f->ts_nsec, f->link_type, f->original_length,
                  std::string(reinterpret_cast<const char*>(f->data.data()), f->data.size())});
  }
  out.error = reader.error();
  return out;
}

void expect_same_as_libpcap(const fs::path& path) {
  PcapReader by_path(path.string());
  const Reading ours = read_all(by_path);
  PcapReader by_libpcap(std::fopen(path.c_str(), "rb"));
  const Reading reference = read_all(by_libpcap);
  EXPECT_EQ(ours.ok, reference.ok) << path;
  EXPECT_EQ(ours.link_type, reference.link_type) << path;
  EXPECT_EQ(ours.error, reference.error) << path;
  ASSERT_EQ(ours.frames.size(), reference.frames.size()) << path;
  for (std::size_t i = 0; i < ours.frames.size(); ++i) {
    EXPECT_EQ(ours.frames[i], reference.frames[i]) << path << " frame " << i + 1;
  }
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

fs::path write_temp(const std::string& name, const std::string& bytes) {
  const fs::path path = fs::temp_directory_path() / ("smtplab-pcap-reader-" + name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(PcapReader, EveryPublicCaptureReadsAsLibpcapReadsIt) {
  const auto files = public_captures();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) expect_same_as_libpcap(file);
}

TEST(PcapReader, OddRecordsAreLeftToLibpcap) {
  if (!have_public_captures())
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
  const std::string whole = file_bytes(fs::path(SMTPLAB_CAPTURES_DIR) / "zeek-smtp.pcap");
  ASSERT_GT(whole.size(), 2000u);
  // Cut inside a record, trailing garbage, and a record longer than the snapshot length in
  // the middle of the file (libpcap truncates or refuses it, and goes on from there).
  expect_same_as_libpcap(write_temp("cut.pcap", whole.substr(0, whole.size() - 7)));
  expect_same_as_libpcap(write_temp("garbage.pcap", whole + "garbage!"));
  std::string small_snaplen = whole;
  const std::uint32_t snaplen = 200;
  std::memcpy(small_snaplen.data() + 16, &snaplen, sizeof snaplen);
  expect_same_as_libpcap(write_temp("snaplen.pcap", small_snaplen));
  std::string nanoseconds = whole;
  const std::uint32_t nano_magic = 0xa1b23c4d;
  std::memcpy(nanoseconds.data(), &nano_magic, sizeof nano_magic);
  expect_same_as_libpcap(write_temp("nano.pcap", nanoseconds));
}

}  // namespace
}  // namespace smtplab::capture
