// Issue 14 item 8: a message/rfc822 part is an attachment with its name, the walk goes on
// inside it, and a transfer encoding RFC 2046 §5.2.1 forbids on it (base64, seen in the
// wild to slip past filters) is flagged and does not hide the attachment inside.
#include <gtest/gtest.h>

#include <algorithm>

#include "capture/message_contents.hpp"

namespace smtplab::capture {
namespace {

const std::string kInner =
    "Subject: invoice\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=in\r\n"
    "\r\n"
    "--in\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "see attached\r\n"
    "--in\r\n"
    "Content-Type: application/octet-stream\r\n"
    "Content-Disposition: attachment; filename=malware.exe\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "TVqQAAMAAAAEAAAA\r\n"
    "--in--\r\n";

std::string outer(std::string_view encoding_header, std::string_view inner_body) {
  return std::string(
             "Subject: fwd\r\n"
             "MIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=out\r\n"
             "\r\n"
             "--out\r\n"
             "Content-Type: text/plain\r\n"
             "\r\n"
             "forwarding\r\n"
             "--out\r\n"
             "Content-Type: message/rfc822\r\n") +
         std::string(encoding_header) + "\r\n" + std::string(inner_body) + "\r\n--out--\r\n";
}

std::vector<std::string> names(const SmtpMessage& message) {
  std::vector<std::string> out;
  for (const auto& a : message.attachments) out.push_back(a.filename + " " + a.content_type);
  return out;
}

TEST(ForwardedMessage, IsAnAttachmentAndItsPartsAreListed) {
  SmtpMessage message;
  message.content = outer("", kInner);
  const auto notes = describe_message_contents(message);
  EXPECT_EQ(names(message), (std::vector<std::string>{"invoice.eml message/rfc822",
                                                      "malware.exe application/octet-stream"}));
  EXPECT_TRUE(notes.empty());
}

TEST(ForwardedMessage, ForbiddenBase64DoesNotHideTheAttachmentInside) {
  // kInner in base64, as the evasion sends it.
  const std::string encoded =
      "U3ViamVjdDogaW52b2ljZQ0KTUlNRS1WZXJzaW9uOiAxLjANCkNvbnRlbnQtVHlwZTogbXVsdGlwYXJ0L21peGVk\r\n"
      "OyBib3VuZGFyeT1pbg0KDQotLWluDQpDb250ZW50LVR5cGU6IHRleHQvcGxhaW4NCg0Kc2VlIGF0dGFjaGVkDQot\r\n"
      "LWluDQpDb250ZW50LVR5cGU6IGFwcGxpY2F0aW9uL29jdGV0LXN0cmVhbQ0KQ29udGVudC1EaXNwb3NpdGlvbjog\r\n"
      "YXR0YWNobWVudDsgZmlsZW5hbWU9bWFsd2FyZS5leGUNCkNvbnRlbnQtVHJhbnNmZXItRW5jb2Rpbmc6IGJhc2U2\r\n"
      "NA0KDQpUVnFRQUFNQUFBQUVBQUFBDQotLWluLS0NCg==\r\n";
  SmtpMessage message;
  message.content = outer("Content-Transfer-Encoding: base64\r\n", encoded);
  const auto notes = describe_message_contents(message);
  EXPECT_EQ(names(message), (std::vector<std::string>{"invoice.eml message/rfc822",
                                                      "malware.exe application/octet-stream"}));
  ASSERT_EQ(message.attachments.size(), 2u);
  EXPECT_EQ(message.attachments[0].content, kInner);
  EXPECT_EQ(message.attachments[1].content.substr(0, 2), "MZ");
  EXPECT_TRUE(std::any_of(notes.begin(), notes.end(), [](const message::MimeNote& n) {
    return n.anomaly == message::MimeAnomaly::EncodedMessagePart && n.values.front() == "base64";
  }));
}

}  // namespace
}  // namespace smtplab::capture
