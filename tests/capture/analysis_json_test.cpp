// The streaming JSON writer (used by `smtplab analyze --json` for speed) and the JSON tree
// (used by the GUI and tests) must give the same document on every public capture, secrets
// masked or shown.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"
#include "tests/capture/public_captures.hpp"

namespace smtplab::capture {
namespace {

/// What was written to `file` (a tmpfile, at its end), which is then closed.
std::string read_back(std::FILE* file) {
  std::string text(static_cast<std::size_t>(std::ftell(file)), '\0');
  std::rewind(file);
  text.resize(std::fread(text.data(), 1, text.size(), file));
  std::fclose(file);
  return text;
}

std::string streamed(const CaptureAnalysis& analysis, const ReportOptions& options) {
  std::FILE* file = std::tmpfile();
  write_analysis_json(analysis, options, file);
  return read_back(file);
}

TEST(AnalysisJson, StreamedDocumentEqualsTheTreeOnEveryCapture) {
  const auto files = public_captures();
  ASSERT_FALSE(files.empty());
  for (const auto& file : files) {
    const std::string path = file.string();
    SCOPED_TRACE(path);
    std::string error;
    const auto analysis = analyze_capture_file(path, error);
    ASSERT_TRUE(analysis) << error;
    for (const bool secrets : {false, true}) {
      ReportOptions options;
      options.show_secrets = secrets;
      EXPECT_EQ(nlohmann::json::parse(streamed(*analysis, options)),
                analysis_to_json(*analysis, options));
    }
  }
}

// `smtplab analyze --json` streams: sessions go to the writer as they finish, in order of
// first frame, and the document equals the tree of the whole analysis.
TEST(AnalysisJson, SessionsStreamedAsTheyFinishGiveTheSameDocument) {
  const auto files = public_captures();
  ASSERT_FALSE(files.empty());
  for (const auto& capture : files) {
    const std::string path = capture.string();
    SCOPED_TRACE(path);
    std::string error;
    const auto whole = analyze_capture_file(path, error);
    ASSERT_TRUE(whole) << error;
    std::FILE* file = std::tmpfile();
    std::uint64_t previous = 0;
    std::size_t count = 0;
    {
      AnalysisJsonWriter writer(file, {}, path);
      const auto streamed_analysis = analyze_capture_file(path, error, [&](SmtpSession&& session) {
        EXPECT_GE(session.first_frame, previous);
        previous = session.first_frame;
        ++count;
        writer.session(session);
      });
      ASSERT_TRUE(streamed_analysis) << error;
      EXPECT_TRUE(streamed_analysis->sessions.empty());
      writer.finish(*streamed_analysis);
    }
    const std::string text = read_back(file);
    EXPECT_EQ(count, whole->sessions.size());
    EXPECT_EQ(nlohmann::json::parse(text), analysis_to_json(*whole, {}));
  }
}

TEST(AnalysisJson, HostileBytesAreEscapedAndValidUtf8) {
  CaptureAnalysis analysis;
  analysis.file = std::string("a\"b\\c\x01\n\xff.pcap");
  SmtpSession session;
  DialogueEntry command;
  command.verb = "MAIL";
  command.argument = std::string("FROM:<\x80\t\"x\">");
  session.dialogue.push_back(command);
  analysis.sessions.push_back(session);
  const auto doc = nlohmann::json::parse(streamed(analysis, {}));
  EXPECT_EQ(doc, analysis_to_json(analysis, {}));
  EXPECT_EQ(doc["sessions"][0]["dialogue"][0]["arg"], "FROM:<\xEF\xBF\xBD\t\"x\">");
}

}  // namespace
}  // namespace smtplab::capture
