// Golden tests on the POP3 and IMAP captures of tests/capture/data/mail (made on the loopback
// by make_mail_captures.sh with poplib, imaplib and curl against `smtplab serve --pop3` and a
// scripted IMAP server): the analysis of each capture equals its `.json` (made with
// --show-secrets), and the POP3 commands and responses sit in the frames tshark gives them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"

namespace smtplab::capture {
namespace {

const std::filesystem::path kDir = SMTPLAB_MAIL_CAPTURES_DIR;

std::vector<std::string> captures() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() == ".pcap") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

nlohmann::json analyse(const std::string& name, bool show_secrets) {
  std::string error;
  const auto analysis = analyze_capture_file((kDir / (name + ".pcap")).string(), error);
  EXPECT_TRUE(analysis) << error;
  if (!analysis) return {};
  ReportOptions options;
  options.show_secrets = show_secrets;
  nlohmann::json json = analysis_to_json(*analysis, options);
  json.erase("file");
  return json;
}

class MailCapture : public ::testing::TestWithParam<std::string> {};

TEST_P(MailCapture, AnalysisEqualsItsGoldenJson) {
  std::ifstream in(kDir / (GetParam() + ".json"));
  ASSERT_TRUE(in) << GetParam();
  const nlohmann::json golden = nlohmann::json::parse(in);
  const nlohmann::json json = analyse(GetParam(), true);
  EXPECT_EQ(json, golden) << json.dump(1);
}

TEST_P(MailCapture, EverySessionSaysItsProtocolAndMasksSecrets) {
  const nlohmann::json json = analyse(GetParam(), false);
  const std::string protocol = GetParam().substr(0, 4);
  ASSERT_FALSE(json["sessions"].empty());
  for (const auto& session : json["sessions"]) {
    EXPECT_EQ(session["protocol"], protocol);
    for (const auto& c : session["credentials"]) EXPECT_EQ(c["password"], "********");
  }
  EXPECT_EQ(json.dump().find("secret"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Captures, MailCapture, ::testing::ValuesIn(captures()),
                         [](const auto& param_info) {
                           std::string name = param_info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

// tshark's POP3 dissector: the frames that carry a command or a response.
std::set<std::uint64_t> tshark_pop_frames(const std::string& file) {
  std::set<std::uint64_t> frames;
  const std::string command = "tshark -r '" + file +
                              "' -d tcp.port==11110,pop -Y 'pop.request.command || "
                              "pop.response.indicator' -T fields -e frame.number 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return frames;
  char line[64];
  while (std::fgets(line, sizeof line, pipe)) frames.insert(std::stoull(line));
  pclose(pipe);
  return frames;
}

TEST(MailCaptureVsTshark, Pop3CommandsAndResponsesInTheSameFrames) {
  if (std::system("tshark -v >/dev/null 2>&1") != 0) GTEST_SKIP() << "no tshark";
  for (const char* name : {"pop3-clear", "pop3-curl-content"}) {
    const std::string file = (kDir / (std::string(name) + ".pcap")).string();
    std::set<std::uint64_t> ours;
    const nlohmann::json json = analyse(name, false);
    for (const auto& session : json["sessions"]) {
      for (const auto& entry : session["dialogue"]) {
        // A multi-line response ends in a later frame than its status line, which tshark
        // marks: a retrieved message's first frame is that line's.
        ours.insert(entry["frame"].get<std::uint64_t>());
      }
      for (const auto& message : session["messages"]) {
        ours.insert(message["first_frame"].get<std::uint64_t>());  // RETR's status line
      }
    }
    const auto theirs = tshark_pop_frames(file);
    ASSERT_FALSE(theirs.empty()) << name;
    for (const auto frame : theirs) EXPECT_TRUE(ours.count(frame)) << name << " frame " << frame;
  }
}

}  // namespace
}  // namespace smtplab::capture
