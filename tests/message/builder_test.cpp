// MessageBuilder: output shape (7-bit, CRLF, line lengths), French subjects, attachments,
// a build -> parse round-trip property test, and a check by Python's email package.
#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "sim/message/base64.hpp"
#include "sim/message/builder.hpp"
#include "sim/message/mime.hpp"

namespace {

using namespace smtplab::message;

const std::string kFrench =
    "\xC2\xAB R\xC3\xA9union \xC3\xA0 l'\xC3\xA9"
    "cole \xE2\x80\x94 \xC3\xA9t\xC3\xA9 \xC2\xBB";
const std::string kOe = "\xC5\x93uvre";

// Every line ends with CRLF, is 7-bit and at most 998 octets; returns the longest line.
std::size_t check_wire_form(const std::string& msg) {
  std::size_t longest = 0;
  std::size_t start = 0;
  while (start < msg.size()) {
    const std::size_t end = msg.find("\r\n", start);
    EXPECT_NE(end, std::string::npos) << "message does not end with CRLF";
    if (end == std::string::npos) break;
    const std::string_view line(msg.data() + start, end - start);
    EXPECT_EQ(line.find('\n'), std::string_view::npos) << "bare LF";
    EXPECT_EQ(line.find('\r'), std::string_view::npos) << "bare CR";
    for (char c : line) EXPECT_LT(static_cast<unsigned char>(c), 128u);
    EXPECT_LE(line.size(), 998u);
    longest = std::max(longest, line.size());
    start = end + 2;
  }
  return longest;
}

MessageBuilder base_builder() {
  MessageBuilder b;
  b.from({"Ali Belabbas", "ali.belabbas", "gsimaroc.com", ""})
      .to({"", "benharraf", "gsimaroc.com", ""})
      .date(DateTime::from_unix(1700000000, 60))
      .message_id("<test.1@gsimaroc.com>");
  return b;
}

TEST(Builder, PlainAsciiMessage) {
  const std::string msg = base_builder().subject("Hello").text("Hi there.\nBye.").build();
  EXPECT_EQ(msg,
            "Date: Tue, 14 Nov 2023 23:13:20 +0100\r\n"
            "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\n"
            "To: benharraf@gsimaroc.com\r\n"
            "Subject: Hello\r\n"
            "Message-ID: <test.1@gsimaroc.com>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 7bit\r\n"
            "\r\n"
            "Hi there.\r\nBye.\r\n");
}

TEST(Builder, FrenchSubjectAndBodyGoOutEncoded) {
  const std::string text =
      "Bonjour,\n\nLa r\xC3\xA9union a lieu \xC3\xA0 l'\xC3\xA9"
      "cole. " +
      kOe + "\n";
  const std::string msg = base_builder()
                              .subject(kFrench + " " + kOe)
                              .text(text)
                              .cc({"\xC3\x89lodie", "e", "x.fr", ""})
                              .build();
  EXPECT_LE(check_wire_form(msg), 78u);
  EXPECT_NE(msg.find("Subject: =?utf-8?"), std::string::npos);
  EXPECT_NE(msg.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
  EXPECT_NE(msg.find("charset=utf-8"), std::string::npos);
  EXPECT_NE(msg.find("r=C3=A9union"), std::string::npos);
  const MimePart root = parse_message(msg);
  EXPECT_EQ(decoded_subject(root), kFrench + " " + kOe);
  ASSERT_NE(find_text_part(root), nullptr);
  EXPECT_EQ(text_content(*find_text_part(root)),
            "Bonjour,\r\n\r\nLa r\xC3\xA9union a lieu \xC3\xA0 l'\xC3\xA9"
            "cole. " +
                kOe + "\r\n");
}

TEST(Builder, HtmlAlternativeAndAttachments) {
  const std::string pdf = std::string("%PDF-1.4\0\x01\xFF", 11) + std::string(5000, 'z');
  const std::string msg = base_builder()
                              .subject("Compte rendu")
                              .text("voir PJ")
                              .html("<p>voir <b>PJ</b></p>")
                              .attach({"compte-rendu.pdf", "application/pdf", pdf})
                              .attach({"\xC3\xA9t\xC3\xA9 " + kOe + ".txt", "text/plain", "x"})
                              .build();
  EXPECT_LE(check_wire_form(msg), 78u);
  const MimePart root = parse_message(msg);
  EXPECT_EQ(root.content_type.mime_type(), "multipart/mixed");
  EXPECT_TRUE(root.notes.empty());
  const auto leaves = leaf_parts(root);
  ASSERT_EQ(leaves.size(), 4u);
  EXPECT_EQ(walk(root)[1]->content_type.mime_type(), "multipart/alternative");
  EXPECT_EQ(leaves[0]->body, "voir PJ\r\n");
  EXPECT_EQ(leaves[1]->body, "<p>voir <b>PJ</b></p>\r\n");
  EXPECT_TRUE(leaves[2]->is_attachment);
  EXPECT_EQ(leaves[2]->filename, "compte-rendu.pdf");
  EXPECT_EQ(leaves[2]->content_type.mime_type(), "application/pdf");
  EXPECT_EQ(leaves[2]->body, pdf);
  EXPECT_EQ(leaves[3]->filename, "\xC3\xA9t\xC3\xA9 " + kOe + ".txt");
  EXPECT_NE(msg.find("filename*=utf-8''%C3%A9t%C3%A9%20%C5%93uvre.txt"), std::string::npos);
}

TEST(Builder, HeaderInjectionIsNeutralised) {
  const std::string msg = base_builder()
                              .subject("hi\r\nBcc: victim@example.com")
                              .header("X-Note", "a\nb")
                              .header("Bad Name", "x")
                              .text("t")
                              .build();
  const MimePart root = parse_message(msg);
  EXPECT_FALSE(root.headers().contains("Bcc"));
  EXPECT_FALSE(root.headers().contains("Bad Name"));
  EXPECT_EQ(root.headers().get("X-Note"), "a b");
}

TEST(Builder, LongAsciiWordsAndLinesStayWithinLimits) {
  const std::string long_word(300, 'a');
  const std::string msg =
      base_builder().subject(long_word).text(std::string(998, 'b') + "\n.\n..x\n").build();
  EXPECT_LE(check_wire_form(msg), 78u);
  const MimePart root = parse_message(msg);
  EXPECT_EQ(decoded_subject(root), long_word);
  EXPECT_EQ(root.body, std::string(998, 'b') + "\r\n.\r\n..x\r\n");
}

TEST(Builder, DefaultsForDateAndMessageId) {
  MessageBuilder b;
  b.from({"", "a", "gsimaroc.com", ""}).subject("x").text("y");
  const MimePart root = parse_message(b.build());
  ASSERT_TRUE(root.headers().get("Date"));
  EXPECT_TRUE(parse_date(*root.headers().get("Date")).has_value());
  EXPECT_TRUE(root.headers().get("Message-ID")->ends_with("@gsimaroc.com>"));
}

// [Property] random messages survive build -> parse unchanged.
std::string random_utf8_text(std::mt19937_64& rng, std::size_t max_chars, bool allow_newlines) {
  static const std::vector<std::string> kPieces = {"a",
                                                   "b",
                                                   "z",
                                                   "A",
                                                   " ",
                                                   " ",
                                                   "'",
                                                   "=",
                                                   "?",
                                                   "_",
                                                   ".",
                                                   ":",
                                                   "\"",
                                                   "-",
                                                   "\t",
                                                   "\xC3\xA9",
                                                   "\xC3\xA8",
                                                   "\xC3\xA0",
                                                   "\xC3\xA7",
                                                   "\xC3\xB4",
                                                   "\xC5\x93",
                                                   "\xC3\x89",
                                                   "\xE2\x80\x94",
                                                   "\xC2\xAB",
                                                   "\xC2\xBB",
                                                   "\xE2\x82\xAC",
                                                   "\xF0\x9F\x98\x80",
                                                   "=?",
                                                   "?="};
  std::string out;
  const std::size_t n = std::uniform_int_distribution<std::size_t>(0, max_chars)(rng);
  for (std::size_t i = 0; i < n; ++i) {
    if (allow_newlines && rng() % 12 == 0) {
      out += "\r\n";
      if (rng() % 3 == 0) out += ".";
      if (rng() % 4 == 0) out += "..";
      continue;
    }
    out += kPieces[rng() % kPieces.size()];
  }
  return out;
}

TEST(BuilderProperty, RandomMessagesRoundTrip) {
  std::mt19937_64 rng(20240611);
  for (int iteration = 0; iteration < 300; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    // Subjects are trimmed single lines (a header value cannot keep outer whitespace).
    std::string subject = random_utf8_text(rng, 60, false);
    for (char& c : subject) {
      if (c == '\t') c = ' ';
    }
    while (!subject.empty() && subject.back() == ' ') subject.pop_back();
    while (!subject.empty() && subject.front() == ' ') subject.erase(0, 1);
    std::string text = random_utf8_text(rng, 400, true);
    if (rng() % 3 == 0) text += "\r\n" + std::string(998, 'x') + "\r\n";
    if (rng() % 4 == 0) text += ".\r\n";
    MessageBuilder b = base_builder();
    b.subject(subject).text(text).boundary_seed(rng());
    if (rng() % 3 == 0) b.html("<p>" + text + "</p>");
    std::vector<Attachment> attachments;
    const int count = static_cast<int>(rng() % 3);
    for (int k = 0; k < count; ++k) {
      Attachment a;
      a.filename = "f" + std::to_string(k) + random_utf8_text(rng, 20, false) + ".bin";
      const std::size_t size = std::uniform_int_distribution<std::size_t>(0, 20000)(rng);
      for (std::size_t j = 0; j < size; ++j) a.data.push_back(static_cast<char>(rng() & 0xFF));
      attachments.push_back(a);
      b.attach(a);
    }
    const std::string msg = b.build();
    check_wire_form(msg);
    const MimePart root = parse_message(msg);
    EXPECT_EQ(decoded_subject(root), subject);
    std::string expected_text = normalize_line_breaks(text);
    if (!expected_text.empty() && !expected_text.ends_with("\r\n")) expected_text += "\r\n";
    const MimePart* text_part = find_text_part(root);
    ASSERT_NE(text_part, nullptr);
    EXPECT_EQ(text_content(*text_part), expected_text);
    std::vector<const MimePart*> found;
    for (const MimePart* p : leaf_parts(root)) {
      if (p->is_attachment) found.push_back(p);
    }
    ASSERT_EQ(found.size(), attachments.size());
    for (std::size_t k = 0; k < attachments.size(); ++k) {
      EXPECT_EQ(found[k]->filename, attachments[k].filename);
      EXPECT_EQ(found[k]->body, attachments[k].data);
    }
  }
}

// A real client (Python's email package, policy.default) decodes our output identically.
TEST(BuilderInterop, PythonEmailDecodesOurMessage) {
  if (!std::filesystem::exists("/usr/bin/python3")) GTEST_SKIP() << "no /usr/bin/python3";
  std::string attachment;
  for (int i = 0; i < 3000; ++i) attachment.push_back(static_cast<char>((i * 7919) & 0xFF));
  const std::string subject = kFrench + " " + kOe;
  const std::string text =
      "Bonjour \xC3\xA0 tous,\r\nla r\xC3\xA9union " + kOe + " est \xC3\xA0 10h.\r\n.\r\n";
  const std::string filename = "compte-rendu \xC3\xA9t\xC3\xA9.bin";
  const std::string msg = base_builder()
                              .subject(subject)
                              .text(text)
                              .attach({filename, "application/octet-stream", attachment})
                              .build();
  const auto dir = std::filesystem::temp_directory_path();
  const auto eml = dir / ("smtplab_message_interop_" + std::to_string(::getpid()) + ".eml");
  const auto out = dir / ("smtplab_message_interop_" + std::to_string(::getpid()) + ".out");
  {
    std::ofstream f(eml, std::ios::binary);
    f << msg;
  }
  // The script prints subject, text, filename (UTF-8, hex) and the attachment (hex).
  const std::string script =
      "import sys, email, email.policy\n"
      "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)\n"
      "body = m.get_body(preferencelist=('plain',))\n"
      "att = next(m.iter_attachments())\n"
      "print(str(m['subject']).encode().hex())\n"
      "print(body.get_content().encode().hex())\n"
      "print(att.get_filename().encode().hex())\n"
      "print(att.get_content().hex())\n";
  const std::string command = "/usr/bin/python3 -c \"" +
                              [&] {
                                std::string escaped;
                                for (char c : script) {
                                  if (c == '"' || c == '\\' || c == '$' || c == '`')
                                    escaped.push_back('\\');
                                  escaped.push_back(c);
                                }
                                return escaped;
                              }() +
                              "\" " + eml.string() + " > " + out.string();
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  std::ifstream result(out);
  std::string subject_hex, text_hex, filename_hex, attachment_hex;
  std::getline(result, subject_hex);
  std::getline(result, text_hex);
  std::getline(result, filename_hex);
  std::getline(result, attachment_hex);
  auto hex = [](const std::string& s) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string h;
    for (char c : s) {
      h.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
      h.push_back(kHex[static_cast<unsigned char>(c) & 15]);
    }
    return h;
  };
  std::string python_text = text;  // Python's get_content() gives "\n" line breaks
  for (std::size_t p; (p = python_text.find("\r\n")) != std::string::npos;)
    python_text.replace(p, 2, "\n");
  EXPECT_EQ(subject_hex, hex(subject));
  EXPECT_EQ(text_hex, hex(python_text));
  EXPECT_EQ(filename_hex, hex(filename));
  EXPECT_EQ(attachment_hex, hex(attachment));
  std::filesystem::remove(eml);
  std::filesystem::remove(out);
}

}  // namespace
