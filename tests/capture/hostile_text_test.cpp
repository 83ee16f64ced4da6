// Capture bytes never reach a terminal or a file name as they are (issue 14, items 10 and
// 11): escapes for control bytes, invalid UTF-8, C1 controls and bidi overrides; safe file
// names for --extract, which never stops at a bad one.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "capture/analysis_report.hpp"
#include "capture/safe_file_name.hpp"
#include "capture/terminal_text.hpp"

namespace smtplab::capture {
namespace {

TEST(TerminalSafe, KeepsPrintableTextAndUtf8) {
  EXPECT_EQ(terminal_safe("Réunion « lundi » 会议"), "Réunion « lundi » 会议");
  EXPECT_EQ(terminal_safe("plain ASCII, 100% ok"), "plain ASCII, 100% ok");
}

TEST(TerminalSafe, EscapesControlsInvalidUtf8AndBidi) {
  EXPECT_EQ(terminal_safe("a\x1b]0;pwned\x07z"), "a\\x1B]0;pwned\\x07z");
  EXPECT_EQ(terminal_safe("tab\there\r\n"), "tab\\there\\r\\n");
  EXPECT_EQ(terminal_safe("back\\slash"), "back\\\\slash");
  EXPECT_EQ(terminal_safe("bad \xff\xfe byte"), "bad \\xFF\\xFE byte");
  EXPECT_EQ(terminal_safe("cut \xc3"), "cut \\xC3");
  EXPECT_EQ(terminal_safe("overlong \xc0\xaf"), "overlong \\xC0\\xAF");
  EXPECT_EQ(terminal_safe("csi \xc2\x9b"
                          "2J"),
            "csi \\u{009B}2J");
  EXPECT_EQ(terminal_safe("invoice\xe2\x80\xaegpj.exe"), "invoice\\u{202E}gpj.exe");
  EXPECT_EQ(terminal_safe(std::string("nul\0x", 5)), "nul\\x00x");
}

TEST(SafeFileName, CutsPathsHiddenNamesAndControls) {
  EXPECT_EQ(safe_file_name("report.pdf"), "report.pdf");
  EXPECT_EQ(safe_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(safe_file_name("C:\\Windows\\evil.exe"), "evil.exe");
  EXPECT_EQ(safe_file_name(".bashrc"), "bashrc");
  EXPECT_EQ(safe_file_name("..."), "attachment");
  EXPECT_EQ(safe_file_name(""), "attachment");
  EXPECT_EQ(safe_file_name("a\x1b[31mred.txt"), "a_[31mred.txt");
  EXPECT_EQ(safe_file_name("what?.txt"), "what_.txt");
  EXPECT_EQ(safe_file_name("bad\xff.txt"), "bad_.txt");
  EXPECT_EQ(safe_file_name("Résumé.docx"), "Résumé.docx");
}

TEST(SafeFileName, LongNamesKeepTheirExtensionAndWholeCharacters) {
  std::string name;
  for (int i = 0; i < 300; ++i) name += "é";
  name += ".pdf";
  const std::string safe = safe_file_name(name);
  EXPECT_LE(safe.size(), kMaxSafeFileName);
  EXPECT_TRUE(safe.ends_with("é.pdf")) << safe;
}

TEST(Extract, HostileNamesAreWrittenSafelyAndListedWithTheirOriginal) {
  SmtpSession session;
  SmtpMessage message;
  message.content = "Subject: x\r\n\r\nbody\r\n";
  Attachment hostile;
  hostile.filename = std::string(400, 'A') + "/../.\x1b[2Jevil.exe";
  hostile.content = "MZ";
  hostile.bytes = 2;
  Attachment plain;
  plain.filename = "notes.txt";
  plain.content = "hello";
  plain.bytes = 5;
  message.attachments = {hostile, plain};
  session.messages.push_back(message);
  const auto dir = std::filesystem::temp_directory_path() / "smtplab-extract-hostile";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string error;
  EXPECT_EQ(extract_session_messages(session, 1, dir, error), 3);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(std::filesystem::exists(dir / "1-1.eml"));
  EXPECT_TRUE(std::filesystem::exists(dir / "1-1-1-_[2Jevil.exe"));
  EXPECT_TRUE(std::filesystem::exists(dir / "1-1-2-notes.txt"));
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    EXPECT_EQ(entry.path().parent_path(), dir);
  }

  CaptureAnalysis analysis;
  analysis.sessions.push_back(session);
  const auto json = analysis_to_json(analysis, ReportOptions{});
  const auto& listed = json["sessions"][0]["messages"][0]["attachments"];
  EXPECT_EQ(listed[0]["filename"], "_[2Jevil.exe");
  EXPECT_EQ(listed[0]["original_filename"], hostile.filename);
  EXPECT_EQ(listed[1]["filename"], "notes.txt");
  EXPECT_FALSE(listed[1].contains("original_filename"));
  const std::string text = analysis_to_text(analysis, ReportOptions{});
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Extract, AFileThatCannotBeWrittenDoesNotStopTheOthers) {
  SmtpSession session;
  SmtpMessage first;
  first.content = "one";
  SmtpMessage second;
  second.content = "two";
  session.messages = {first, second};
  const auto dir = std::filesystem::temp_directory_path() / "smtplab-extract-blocked";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir / "1-1.eml");  // a folder where the file would go
  std::string error;
  EXPECT_EQ(extract_session_messages(session, 1, dir, error), 1);
  EXPECT_NE(error.find("1-1.eml: cannot write"), std::string::npos);
  std::ifstream written(dir / "1-2.eml");
  std::string content((std::istreambuf_iterator<char>(written)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "two");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace smtplab::capture
