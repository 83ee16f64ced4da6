// MIME tree: nesting, boundaries, preamble/epilogue, tolerated errors, byte ranges,
// filenames and attachments.
#include <gtest/gtest.h>

#include <chrono>

#include "sim/message/address.hpp"
#include "sim/message/mime.hpp"

namespace {

using namespace smtplab::message;

const std::string kNested =
    "From: a@b.c\r\n"
    "Subject: =?utf-8?Q?R=C3=A9union?=\r\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
    "\r\n"
    "preamble text\r\n"
    "--outer\r\n"
    "Content-Type: multipart/alternative; boundary=inner\r\n"
    "\r\n"
    "--inner\r\n"
    "Content-Type: text/plain; charset=iso-8859-1\r\n"
    "Content-Transfer-Encoding: quoted-printable\r\n"
    "\r\n"
    "caf=E9\r\n"
    "--inner\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "\r\n"
    "<p>caf\xC3\xA9</p>\r\n"
    "--inner--\r\n"
    "--outer\r\n"
    "Content-Type: application/pdf; name=\"legacy.pdf\"\r\n"
    "Content-Disposition: attachment\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0=\r\n"
    "--outer  \r\n"
    "Content-Type: image/png\r\n"
    "Content-Disposition: inline; filename*=utf-8''%C3%A9t%C3%A9.png\r\n"
    "Content-Transfer-Encoding: BASE64\r\n"
    "\r\n"
    "iVBO\r\n"
    "Rw==\r\n"
    "--outer--\r\n"
    "epilogue\r\n";

TEST(Mime, NestedTreeInWalkOrder) {
  const MimePart root = parse_message(kNested);
  EXPECT_EQ(root.content_type.mime_type(), "multipart/mixed");
  EXPECT_EQ(root.preamble, "preamble text");
  EXPECT_EQ(root.epilogue, "epilogue\r\n");
  EXPECT_TRUE(root.notes.empty());
  const auto nodes = walk(root);
  ASSERT_EQ(nodes.size(), 6u);
  for (std::size_t i = 0; i < nodes.size(); ++i) EXPECT_EQ(nodes[i]->index, i);
  EXPECT_EQ(nodes[1]->content_type.mime_type(), "multipart/alternative");
  EXPECT_EQ(nodes[1]->depth, 1u);
  EXPECT_EQ(nodes[2]->depth, 2u);

  const auto leaves = leaf_parts(root);
  ASSERT_EQ(leaves.size(), 4u);
  EXPECT_EQ(leaves[0]->body, "caf\xE9");
  EXPECT_EQ(leaves[0]->charset, "iso-8859-1");
  EXPECT_EQ(text_content(*leaves[0]), "caf\xC3\xA9");
  EXPECT_EQ(leaves[1]->content_type.subtype, "html");
  EXPECT_EQ(leaves[1]->body, "<p>caf\xC3\xA9</p>");
  EXPECT_EQ(leaves[2]->filename, "legacy.pdf");
  EXPECT_TRUE(leaves[2]->is_attachment);
  EXPECT_EQ(leaves[2]->body, "%PDF-");
  EXPECT_EQ(leaves[3]->filename, "\xC3\xA9t\xC3\xA9.png");
  EXPECT_FALSE(leaves[3]->is_attachment);
  EXPECT_EQ(leaves[3]->disposition, "inline");
  EXPECT_EQ(leaves[3]->transfer_encoding, TransferEncoding::Base64);
  EXPECT_EQ(leaves[3]->body, "\x89PNG");
  EXPECT_EQ(decoded_subject(root), "R\xC3\xA9union");
  EXPECT_EQ(find_text_part(root), leaves[0]);
  EXPECT_EQ(find_text_part(root, "html"), leaves[1]);
}

TEST(Mime, ByteRangesPointIntoTheMessage) {
  const MimePart root = parse_message(kNested);
  EXPECT_EQ(root.begin, 0u);
  EXPECT_EQ(root.end, kNested.size());
  for (const MimePart* p : walk(root)) {
    ASSERT_LE(p->begin, p->body_begin);
    ASSERT_LE(p->body_begin, p->body_end);
    ASSERT_LE(p->body_end, p->end);
    for (const auto& f : p->headers().fields) {
      EXPECT_EQ(kNested.compare(f.offset, f.name.size(), f.name), 0) << f.name;
    }
  }
  const MimePart* pdf = leaf_parts(root)[2];
  EXPECT_EQ(kNested.substr(pdf->begin, 13), "Content-Type:");
  EXPECT_EQ(kNested.substr(pdf->body_begin, pdf->body_end - pdf->body_begin), "JVBERi0=");
}

TEST(Mime, MissingClosingBoundaryTolerated) {
  const MimePart root = parse_message(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n\r\ntwo\r\n");
  ASSERT_EQ(root.children.size(), 2u);
  EXPECT_EQ(root.children[1].body, "two\r\n");
  ASSERT_EQ(root.notes.size(), 1u);
  EXPECT_EQ(root.notes[0], (MimeNote{MimeAnomaly::ClosingBoundaryMissing, {"b"}}));
}

TEST(Mime, MultipartWithoutBoundaryIsALeaf) {
  const MimePart a = parse_message("Content-Type: multipart/mixed\r\n\r\nbody\r\n");
  EXPECT_TRUE(a.is_leaf());
  EXPECT_EQ(a.body, "body\r\n");
  ASSERT_EQ(a.notes.size(), 1u);
  EXPECT_EQ(a.notes[0].anomaly, MimeAnomaly::MultipartWithoutBoundary);
  const MimePart b = parse_message("Content-Type: multipart/mixed; boundary=zz\r\n\r\nbody\r\n");
  EXPECT_TRUE(b.is_leaf());
  ASSERT_EQ(b.notes.size(), 1u);
  EXPECT_EQ(b.notes[0], (MimeNote{MimeAnomaly::BoundaryNeverFound, {"zz"}}));
}

TEST(Mime, BoundaryLookalikesAreNotBoundaries) {
  const MimePart root = parse_message(
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n--bx\r\n--b text\r\n--b--\r\n");
  ASSERT_EQ(root.children.size(), 1u);
  EXPECT_EQ(root.children[0].body, "--bx\r\n--b text");
}

TEST(Mime, DefaultsAndInvalidContentType) {
  const MimePart a = parse_message("Subject: x\r\n\r\nhello");
  EXPECT_EQ(a.content_type.mime_type(), "text/plain");
  EXPECT_EQ(a.body, "hello");
  const MimePart b =
      parse_message("Content-Type: garbage\r\nContent-Transfer-Encoding: x-foo\r\n\r\nhi");
  EXPECT_EQ(b.content_type.mime_type(), "text/plain");
  EXPECT_EQ(b.transfer_encoding, TransferEncoding::Unknown);
  EXPECT_EQ(b.body, "hi");
  ASSERT_EQ(b.notes.size(), 2u);
  EXPECT_EQ(b.notes[0], (MimeNote{MimeAnomaly::InvalidContentType, {"garbage"}}));
  EXPECT_EQ(b.notes[1], (MimeNote{MimeAnomaly::UnknownTransferEncoding, {"x-foo"}}));
}

TEST(Mime, DigestChildrenDefaultToMessageAndRfc822IsParsed) {
  const MimePart root = parse_message(
      "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\n"
      "Subject: inner\r\nContent-Type: text/plain\r\n\r\ninside\r\n--d--\r\n");
  const auto nodes = walk(root);
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[1]->content_type.mime_type(), "message/rfc822");
  EXPECT_EQ(decoded_subject(*nodes[2]), "inner");
  EXPECT_EQ(nodes[2]->body, "inside");
}

TEST(Mime, DeepNestingIsBounded) {
  std::string msg;
  for (int i = 0; i < 100; ++i) {
    msg += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\r\n\r\n--b" +
           std::to_string(i) + "\r\n";
  }
  msg += "\r\nleaf\r\n";
  const MimePart root = parse_message(msg);
  const auto nodes = walk(root);
  EXPECT_EQ(nodes.size(), 33u);
  EXPECT_FALSE(nodes.back()->notes.empty());
}

TEST(Mime, PitfallMessageBodyWithoutEmptyLine) {
  // From the zeek capture: the whole message is one body line.
  const MimePart root = parse_message("Hello, Alice (1)\r\n");
  EXPECT_EQ(root.header.end, HeaderEnd::NonHeaderLine);
  EXPECT_EQ(root.body, "Hello, Alice (1)\r\n");
}

}  // namespace

namespace {

// Inputs shaped to make a naive parser quadratic; they must finish quickly.
TEST(Mime, HostileShapesStayLinear) {
  std::string params = "Content-Type: text/plain";
  for (int i = 0; i < 20000; ++i) params += "; p" + std::to_string(i) + "=v";
  std::string addresses = "To: ";
  for (int i = 0; i < 20000; ++i) addresses += "<@, ";
  std::string boundaries = "Content-Type: multipart/mixed; boundary=b\r\n\r\n";
  for (int i = 0; i < 20000; ++i) boundaries += "--b\r\n";
  const auto start = std::chrono::steady_clock::now();
  const MimePart a = parse_message(params + "\r\n\r\nx");
  EXPECT_EQ(a.content_type.params.size(), 20000u);
  const MimePart b = parse_message(addresses + "\r\n\r\n");
  EXPECT_TRUE(parse_address_list(b.headers().fields[0].value).addresses.empty());
  const MimePart c = parse_message(boundaries);
  EXPECT_EQ(walk(c).size(), 10000u);  // MimeLimits::max_parts, root included
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

}  // namespace
