// Golden tests on the public captures (../shared/captures): for each file, the commands and
// replies per TCP stream equal `.dialog.tsv` (frame, direction, verb or code, argument or
// text), and every message's envelope, size and SHA-256 equal `.messages.tsv`, byte for byte
// with the `.eml` reconstruction. tshark is wrong on several of these (see README.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::capture {
namespace {

const std::string kCaptures = SMTPLAB_CAPTURES_DIR;

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> fields;
    std::size_t start = 0;
    while (true) {
      const auto tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(fields);
  }
  return rows;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Escapes as the ground-truth files do (CR, LF, TAB written as \r, \n, \t).
std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\r')
      out += "\\r";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out;
}

std::string row_of(const DialogueEntry& entry) {
  const std::string frame = std::to_string(entry.frame);
  switch (entry.kind) {
    case DialogueEntry::Kind::Command:
      return frame + "\tC\t" + protocol::to_upper(entry.verb) + "\t" + escape(entry.argument);
    case DialogueEntry::Kind::AuthLine:
      return frame + "\tC\t(auth-line)\t" + escape(entry.argument);
    case DialogueEntry::Kind::DataEnd:
      return frame + "\tC\t(end-of-data)\t" + std::to_string(entry.data_bytes) +
             " bytes before unstuffing";
    case DialogueEntry::Kind::Reply: {
      std::string text;
      for (std::size_t i = 0; i < entry.lines.size(); ++i) {
        if (i) text += " | ";
        text += entry.raw_line(i);
      }
      return frame + "\tS\t" + std::to_string(entry.code) + "\t" + escape(text);
    }
  }
  return {};
}

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

class GoldenCapture : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenCapture, DialogueAndMessagesMatchGroundTruth) {
  const std::string file = kCaptures + "/" + GetParam();
  // Ground truth exists for the public captures only; the project runs without them.
  if (!std::filesystem::exists(file))
    GTEST_SKIP() << "the public captures (" SMTPLAB_CAPTURES_DIR ") are not here";
  std::string error;
  const auto analysis = analyze_capture_file(file, error);
  ASSERT_TRUE(analysis) << error;

  // Ground truth grouped by tshark stream number; streams in order ↔ sessions in order.
  std::map<int, std::vector<std::string>> expected_dialogue;
  for (const auto& row : read_tsv(file + ".dialog.tsv")) {
    ASSERT_EQ(row.size(), 5u);
    expected_dialogue[std::stoi(row[0])].push_back(row[1] + "\t" + row[2] + "\t" + row[3] + "\t" +
                                                   row[4]);
  }
  ASSERT_EQ(analysis->sessions.size(), expected_dialogue.size());
  std::map<int, std::size_t> session_of_stream;
  std::size_t index = 0;
  for (const auto& [stream, rows] : expected_dialogue) {
    session_of_stream[stream] = index;
    std::vector<std::string> actual;
    for (const auto& entry : analysis->sessions[index].dialogue) actual.push_back(row_of(entry));
    EXPECT_EQ(join(actual, "\n"), join(rows, "\n")) << "stream " << stream;
    ++index;
  }

  std::map<std::size_t, std::size_t> seen;
  std::size_t expected_messages = 0;
  for (const auto& row : read_tsv(file + ".messages.tsv")) {
    ASSERT_EQ(row.size(), 10u);
    ++expected_messages;
    const std::size_t session = session_of_stream.at(std::stoi(row[0]));
    const std::size_t number = std::stoul(row[1]);
    const auto& messages = analysis->sessions[session].messages;
    ASSERT_LE(number, messages.size()) << "stream " << row[0];
    const SmtpMessage& message = messages[number - 1];
    ++seen[session];
    EXPECT_EQ(message.via, row[2]);
    EXPECT_EQ(message.mail_from, row[3]);
    EXPECT_EQ(join(message.rcpt_to, ","), row[4]);
    EXPECT_EQ(std::to_string(message.final_code), row[5]);
    EXPECT_EQ(std::to_string(message.content.size()), row[6]);
    EXPECT_EQ(message.sha256, row[7]);
    EXPECT_TRUE(message.complete);
    EXPECT_EQ(message.content, read_file(kCaptures + "/" + row[9]));
    EXPECT_EQ(message.subject, row[8]);
    // Attachments: the leaf parts with a file name in `.parts.tsv` for this .eml.
    std::vector<std::string> expected_attachments;
    const std::string eml = row[0] + "-" + row[1] + ".eml";
    for (const auto& part : read_tsv(file + ".parts.tsv")) {
      if (part.size() == 7 && part[0] == eml && !part[3].empty()) {
        expected_attachments.push_back(part[3] + " " + part[2] + " " + part[5] + " " + part[6]);
      }
    }
    std::vector<std::string> actual_attachments;
    for (const auto& a : message.attachments) {
      actual_attachments.push_back(a.filename + " " + a.content_type + " " +
                                   std::to_string(a.bytes) + " " + a.sha256);
    }
    EXPECT_EQ(join(actual_attachments, "\n"), join(expected_attachments, "\n"));
  }
  std::size_t actual_messages = 0;
  for (const auto& session : analysis->sessions) actual_messages += session.messages.size();
  EXPECT_EQ(actual_messages, expected_messages);
}

INSTANTIATE_TEST_SUITE_P(Captures, GoldenCapture,
                         ::testing::Values("zeek-smtp.pcap", "zeek-smtp-starttls.pcap",
                                           "zeek-rfc3030-bdat-multipart-chunked.pcap",
                                           "zeek-smtp-mail-transactions-invalid.pcap",
                                           "zeek-communityid-ipv6.pcap",
                                           "suricata-verify-smtp-rset.pcap", "ndpi-smtps.pcapng",
                                           "arkime-smtp-zip.pcap"),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string name;
                           for (char c : param_info.param)
                             name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
                           return name;
                         });

}  // namespace
}  // namespace smtplab::capture
