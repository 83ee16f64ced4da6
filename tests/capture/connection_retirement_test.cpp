// A long capture is analysed in constant memory: a closed connection is retired (finished,
// its session handed on) once it has been quiet for ConnectionTracker::kRetireAfterFrames
// frames, also when its last ACK came after its FINs (every normal close does that).
// Before, such a connection waited behind every later one and none was ever retired.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "capture/capture_analyzer.hpp"
#include "capture/pcap_reader.hpp"

namespace smtplab::capture {
namespace {

TEST(ConnectionRetirement, ClosedSessionsLeaveWhileTheCaptureIsRead) {
  const auto path = std::filesystem::temp_directory_path() / "smtplab-retirement-3000.pcap";
  // 3,000 sessions of 21 frames each, 32 at a time (63,000 frames).
  const std::string make = std::string(SMTPLAB_CAPTURE_SYNTH) + " " + path.string() + " 3000 2000";
  ASSERT_EQ(std::system((make + " >/dev/null").c_str()), 0);
  PcapReader reader(path.string());
  ASSERT_TRUE(reader.ok()) << reader.error();
  std::size_t handed_on = 0;
  std::size_t handed_on_before_end = 0;
  CaptureAnalyzer analyzer([&](SmtpSession&& session) {
    EXPECT_EQ(session.messages.size(), 1u);
    ++handed_on;
  });
  std::uint64_t frames = 0;
  while (auto frame = reader.next()) {
    analyzer.add(*frame);
    ++frames;
  }
  handed_on_before_end = handed_on;
  analyzer.finish(path.string(), reader.link_type());
  std::filesystem::remove(path);
  EXPECT_EQ(frames, 63000u);
  EXPECT_EQ(handed_on, 3000u);
  // Sessions closed before frame 63,000 - 50,000 are retired while reading: about 600.
  EXPECT_GT(handed_on_before_end, 500u);
  EXPECT_LT(handed_on_before_end, 3000u);
}

}  // namespace
}  // namespace smtplab::capture
