// Runs the built `smtplab analyze --json` on a capture and checks the contract keys, that
// a missing file gives "path: what is wrong" on stderr with exit status 1, and that the text
// report speaks the CLI's language (--lang, else the locale) while the JSON stays English.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
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
  std::error_code ec;
  if (!std::filesystem::is_directory(SMTPLAB_CAPTURES_DIR, ec))
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
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

// The lab's capture of chapter 3 (tests/gui/data/captures): a relay attempt refused, 550s.
const std::string kEnvelope = std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-envelope.pcap";

const std::string kRelayEn =
    "relay attempt refused (554 5.7.1) for RCPT TO:<benharraf@menara.ma>: the client asked this "
    "server to relay to a domain it does not serve";
const std::string kRelayFr =
    "tentative de relais refusée (554 5.7.1) pour RCPT TO:<benharraf@menara.ma> : le client a "
    "demandé à ce serveur de relayer vers un domaine qu’il ne dessert pas";

// `smtplab analyze ARGS` with the locale variables given in `locale` (the others unset).
CommandRun analyze(const std::string& locale, const std::string& args) {
  return run("env -u LC_ALL -u LC_MESSAGES -u LANG " + locale + " '" + SMTPLAB_BINARY +
             "' analyze " + args + " 2>&1");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_french_report(const CommandRun& r) {
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, kRelayFr)) << r.out;
  EXPECT_TRUE(contains(r.out, "avertissement : réponse 550 (échec permanent) : « ")) << r.out;
  EXPECT_TRUE(contains(r.out, " session(s) SMTP\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  notes :\n")) << r.out;
  EXPECT_TRUE(contains(r.out, ", réponse finale 250")) << r.out;
  // No English note and no English word of the report is left.
  for (const std::string& english :
       {kRelayEn, std::string("relay attempt refused"), std::string("(permanent failure)"),
        std::string("warning: "), std::string(" SMTP session(s)"), std::string("  notes:\n"),
        std::string("final reply"), std::string(" -> server ")}) {
    EXPECT_FALSE(contains(r.out, english)) << english << "\n" << r.out;
  }
}

void expect_english_report(const CommandRun& r) {
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(contains(r.out, kRelayEn)) << r.out;
  EXPECT_TRUE(contains(r.out, "warning: 550 reply (permanent failure): ")) << r.out;
  EXPECT_TRUE(contains(r.out, " SMTP session(s)\n")) << r.out;
  EXPECT_FALSE(contains(r.out, kRelayFr)) << r.out;
  EXPECT_FALSE(contains(r.out, "échec")) << r.out;
}

TEST(AnalyzeCommand, TextReportInFrenchWithLangFr) {
  expect_french_report(analyze("LANG=C.UTF-8", "--lang fr '" + kEnvelope + "'"));
}

TEST(AnalyzeCommand, TextReportInFrenchForAFrenchLocale) {
  expect_french_report(analyze("LANG=fr_FR.UTF-8", "'" + kEnvelope + "'"));
  expect_french_report(analyze("LANG=C LC_ALL=fr_FR.UTF-8", "'" + kEnvelope + "'"));
}

TEST(AnalyzeCommand, TextReportInEnglishWithLangEnOrAnEnglishLocale) {
  expect_english_report(analyze("LANG=fr_FR.UTF-8", "--lang en '" + kEnvelope + "'"));
  expect_english_report(analyze("LANG=C.UTF-8", "'" + kEnvelope + "'"));
  expect_english_report(analyze("", "'" + kEnvelope + "'"));
}

TEST(AnalyzeCommand, JsonStaysEnglishWhateverTheLanguage) {
  const CommandRun r = analyze("LANG=fr_FR.UTF-8", "--json --lang fr '" + kEnvelope + "'");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto doc = nlohmann::json::parse(r.out);
  bool relay = false;
  for (const auto& session : doc["sessions"]) {
    for (const auto& note : session["notes"]) {
      relay = relay || (note["id"] == "relay_attempt_refused" && note["text"] == kRelayEn);
      EXPECT_FALSE(contains(note["text"].get<std::string>(), "é")) << note;
    }
  }
  EXPECT_TRUE(relay) << r.out;
  EXPECT_EQ(analyze("LANG=fr_FR.UTF-8", "--json '" + kEnvelope + "'").out, r.out);
}

TEST(AnalyzeCommand, LangIsFrOrEnAndItsUsageIsShown) {
  const CommandRun bad = analyze("", "--lang de '" + kEnvelope + "'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(contains(bad.out, "--lang is fr or en")) << bad.out;
  const CommandRun help = analyze("", "--help");
  EXPECT_EQ(help.status, 0);
  EXPECT_TRUE(contains(help.out, "--lang fr|en")) << help.out;
}

}  // namespace
