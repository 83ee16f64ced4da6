// Runs the built `smtplab analyze --json` on a capture and checks the contract keys, and that
// a missing file gives "path: what is wrong" on stderr with exit status 1.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct CommandRun {
  int status = -1;
  std::string out;
};

CommandRun run(const std::string& command) {
  CommandRun result;
  std::FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

TEST(AnalyzeCommand, JsonHasTheContractKeys) {
  const CommandRun r = run(std::string("'") + SMTPLAB_BINARY + "' analyze --json '" +
                           SMTPLAB_CAPTURES_DIR + "/zeek-smtp.pcap'");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  for (const char* key : {"file", "packets", "sessions"}) EXPECT_TRUE(doc.contains(key)) << key;
  EXPECT_EQ(doc["packets"], 125);
  ASSERT_EQ(doc["sessions"].size(), 2u);
  const auto& session = doc["sessions"][0];
  for (const char* key :
       {"client", "server", "first_frame", "tls", "dialogue", "messages", "notes"}) {
    EXPECT_TRUE(session.contains(key)) << key;
  }
  EXPECT_EQ(session["server"], "74.53.140.153:25");
  bool saw_auth = false;
  for (const auto& line : session["dialogue"]) {
    if (line["dir"] == "C") {
      EXPECT_TRUE(line.contains("frame") && line.contains("verb") && line.contains("arg"));
      if (line.value("auth", false)) {
        saw_auth = true;
        EXPECT_TRUE(line["verb"].is_null());
      }
    } else {
      EXPECT_EQ(line["dir"], "S");
      for (const char* key : {"frame", "code", "enhanced", "lines"}) {
        EXPECT_TRUE(line.contains(key)) << key;
      }
    }
  }
  EXPECT_TRUE(saw_auth);
  const auto& message = session["messages"][0];
  for (const char* key :
       {"mail_from", "rcpt_to", "final_code", "bytes", "sha256", "subject", "attachments"}) {
    EXPECT_TRUE(message.contains(key)) << key;
  }
  EXPECT_EQ(message["bytes"], 14545);
  EXPECT_EQ(message["sha256"], "64ff3e16711236b4d6c704212e28961af3e43ddb63997aab921f458484c6d8ae");
  EXPECT_EQ(message["subject"], "SMTP");
  EXPECT_EQ(message["attachments"][0]["filename"], "NEWS.txt");
  for (const auto& note : session["notes"]) {
    EXPECT_TRUE(note.contains("severity") && note.contains("frame") && note.contains("text"));
  }
}

TEST(AnalyzeCommand, MissingFileSaysWhyAndExitsOne) {
  const CommandRun r = run(std::string("'") + SMTPLAB_BINARY +
                           "' analyze /nonexistent/capture.pcap 2>&1 >/dev/null");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out.rfind("/nonexistent/capture.pcap: ", 0), 0u) << r.out;
}

}  // namespace
