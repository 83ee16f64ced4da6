// SMTP dissector on synthetic streams: replies matched in order, DATA only after 354 (not
// after 503), dot-unstuffing, BDAT by byte count, AUTH PLAIN/LOGIN decoding, STARTTLS then
// TLS records, implicit TLS, and the expert notes (bare LF, smuggling, before greeting,
// pipelining without the extension, session cut mid-DATA).
#include "capture/smtp_dissector.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace smtplab::capture {
namespace {

class Conversation {
 public:
  Conversation() : dissector_(context()) {}
  void client(std::string_view bytes) { send(Side::Client, bytes); }
  void server(std::string_view bytes) { send(Side::Server, bytes); }
  const SmtpSession& end() {
    dissector_.on_end(frame_);
    return dissector_.session();
  }
  bool has_note(std::string_view text) const {
    const auto& notes = dissector_.session().notes;
    return std::any_of(notes.begin(), notes.end(),
                       [&](const Note& n) { return n.text.find(text) != std::string::npos; });
  }
  std::uint64_t frame() const { return frame_; }

 private:
  const StreamContext& context() {
    context_.frames[0] = &maps_[0];
    context_.frames[1] = &maps_[1];
    return context_;
  }
  void send(Side side, std::string_view bytes) {
    const int s = static_cast<int>(side);
    maps_[s].add(offsets_[s], bytes.size(), ++frame_);
    // The dissector frames lines in the segment's bytes, which live only during the call
    // (as a packet's do): scribble over them afterwards so any view kept too long shows.
    segment_.assign(bytes);
    dissector_.on_bytes(side, offsets_[s], segment_);
    segment_.assign(segment_.size(), '#');
    offsets_[s] += bytes.size();
  }
  std::string segment_;
  StreamFrameMap maps_[2];
  StreamContext context_;
  std::uint64_t offsets_[2] = {0, 0};
  std::uint64_t frame_ = 0;
  SmtpDissector dissector_;
};

TEST(SmtpDissector, MatchesPipelinedRepliesAndUnstuffsData) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 PIPELINING\r\n");
  c.client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nRCPT TO:<c@z>\r\nDATA\r\n");
  c.server("250 ok\r\n250 ok\r\n550 no\r\n354 go\r\n");
  c.client("Subject: hi\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
  c.server("250 queued\r\n221 bye\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, "Subject: hi\r\n\r\n.dot\r\n");
  EXPECT_EQ(s.messages[0].subject, "hi");
  EXPECT_EQ(s.messages[0].mail_from, "FROM:<a@x>");
  EXPECT_EQ(s.messages[0].rcpt_to, (std::vector<std::string>{"TO:<b@y>"}));
  EXPECT_EQ(s.messages[0].final_code, 250);
  EXPECT_FALSE(c.has_note("PIPELINING"));
  EXPECT_TRUE(c.has_note("550"));
}

TEST(SmtpDissector, SameSessionWhateverTheSegmentBoundaries) {
  const std::string commands = "EHLO me\r\nMAIL FROM:<a@x>\r\nDATA\r\n";
  const std::string data = "Subject: hi\r\n\r\n..dot\r\n.\r\n";
  for (std::size_t cut = 1; cut < commands.size() + data.size(); ++cut) {
    const std::string where = "cut at " + std::to_string(cut);
    Conversation c;
    c.server("220 mx ESMTP\r\n");
    // Each side's bytes in two segments: the rest of a line waits in the framer.
    if (cut < commands.size()) {
      c.client(commands.substr(0, cut));
      c.client(commands.substr(cut));
    } else {
      c.client(commands);
    }
    c.server("250-mx\r\n250 PIPELINING\r\n250 ok\r\n354 go\r\n");
    if (cut > commands.size()) {
      c.client(data.substr(0, cut - commands.size()));
      c.client(data.substr(cut - commands.size()));
    } else {
      c.client(data);
    }
    c.server("250 queued\r\n");
    const SmtpSession& s = c.end();
    ASSERT_EQ(s.messages.size(), 1u) << where;
    EXPECT_EQ(s.messages[0].content, "Subject: hi\r\n\r\n.dot\r\n") << where;
    EXPECT_EQ(s.messages[0].mail_from, "FROM:<a@x>") << where;
    ASSERT_GE(s.dialogue.size(), 2u) << where;
    EXPECT_EQ(s.dialogue[1].argument, "me") << where;
    const auto ehlo_reply = std::find_if(s.dialogue.begin(), s.dialogue.end(), [](const auto& e) {
      return e.kind == DialogueEntry::Kind::Reply && e.code == 250;
    });
    ASSERT_NE(ehlo_reply, s.dialogue.end()) << where;
    EXPECT_EQ(ehlo_reply->lines, (std::vector<std::string>{"mx", "PIPELINING"})) << where;
  }
}

TEST(SmtpDissector, KeepsReplyLinesAsSentBesideTheirText) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\nNOOP\r\nNOOP\r\n");
  std::string long_reply;
  for (int i = 0; i < 40; ++i) long_reply += "250-2.0.0 line " + std::to_string(i) + "\r\n";
  long_reply += "250 2.0.0\r\n";
  // The enhanced code repeated, alone, followed by a space, missing, or another one.
  c.server("250-2.1.0 first\r\n250-2.1.0\r\n250-2.1.0 \r\n250-plain\r\n250 2.1.5 other\r\n");
  c.server("250 2.0.0\r\n");
  c.server(long_reply);
  const SmtpSession& s = c.end();
  std::vector<const DialogueEntry*> replies;
  for (const auto& e : s.dialogue) {
    if (e.kind == DialogueEntry::Kind::Reply) replies.push_back(&e);
  }
  ASSERT_EQ(replies.size(), 4u);
  const DialogueEntry& mixed = *replies[1];
  EXPECT_EQ(mixed.enhanced, "2.1.0");
  EXPECT_EQ(mixed.lines, (std::vector<std::string>{"first", "", "", "plain", "2.1.5 other"}));
  const std::vector<std::string> sent = {"2.1.0 first", "2.1.0", "2.1.0 ", "plain", "2.1.5 other"};
  for (std::size_t i = 0; i < sent.size(); ++i) EXPECT_EQ(mixed.raw_line(i), sent[i]) << i;
  EXPECT_EQ(replies[2]->raw_line(0), "2.0.0");
  const DialogueEntry& longest = *replies[3];
  ASSERT_EQ(longest.lines.size(), 41u);
  for (std::size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(longest.raw_line(i), "2.0.0 line " + std::to_string(i)) << i;
  }
  EXPECT_EQ(longest.raw_line(40), "2.0.0");
}

TEST(SmtpDissector, IgnoresDataAfterA503) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("HELO me\r\n");
  c.server("250 mx\r\n");
  c.client("DATA\r\n");
  c.client("Hello\r\n.\r\n");  // sent before the reply: commands, since DATA is refused
  c.server("503 no recipients\r\n");
  c.server("500 unrecognized\r\n500 unrecognized\r\n");
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.messages.empty());
  std::vector<std::string> verbs;
  for (const auto& e : s.dialogue) {
    if (e.kind == DialogueEntry::Kind::Command) verbs.push_back(e.verb);
  }
  EXPECT_EQ(verbs, (std::vector<std::string>{"HELO", "DATA", "Hello", "."}));
}

TEST(SmtpDissector, TakesBdatChunksByByteCount) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
  c.client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nBDAT 4\r\nab\r\nBDAT 3 LAST\r\n.\r\n");
  c.server("250 ok\r\n250 ok\r\n250 4 bytes\r\n250 done\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, "ab\r\n.\r\n");
  EXPECT_EQ(s.messages[0].via, "BDAT");
  EXPECT_EQ(s.messages[0].rcpt_to.size(), 1u);
}

TEST(SmtpDissector, DecodesAuthLoginAndPlain) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("AUTH LOGIN\r\n");
  c.server("334 VXNlcm5hbWU6\r\n");
  c.client("dXNlcg==\r\n");
  c.server("334 UGFzc3dvcmQ6\r\n");
  c.client("c2VjcmV0\r\n");
  c.server("235 ok\r\n");
  c.client("AUTH PLAIN AHVzZXIyAHB3\r\n");
  c.server("235 ok\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.credentials.size(), 2u);
  EXPECT_EQ(s.credentials[0].user, "user");
  EXPECT_EQ(s.credentials[0].password, "secret");
  EXPECT_EQ(s.credentials[1].user, "user2");
  EXPECT_EQ(s.credentials[1].password, "pw");
  const auto auth_lines = std::count_if(s.dialogue.begin(), s.dialogue.end(), [](const auto& e) {
    return e.kind == DialogueEntry::Kind::AuthLine;
  });
  EXPECT_EQ(auth_lines, 2);
  EXPECT_TRUE(c.has_note("clear text"));
}

TEST(SmtpDissector, StopsAtStartTlsAndReadsTlsRecords) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("STARTTLS\r\n");
  c.server("220 go ahead\r\n");
  c.client(std::string("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10));
  c.server(std::string("\x16\x03\x03\x00\x02\x02\x00", 7));
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.tls);
  ASSERT_EQ(s.tls_records.size(), 2u);
  EXPECT_EQ(s.tls_records[0].record.handshake_type, 1);
  EXPECT_EQ(s.tls_records[1].record.handshake_type, 2);
  EXPECT_EQ(s.dialogue.size(), 3u);
}

TEST(SmtpDissector, ClearGreetingAfterImplicitTlsClientHello) {
  Conversation c;
  c.client(std::string("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10));
  c.server("220-mx\r\n220 ready\r\n");
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.tls);
  ASSERT_EQ(s.dialogue.size(), 1u);
  EXPECT_EQ(s.dialogue[0].code, 220);
  EXPECT_TRUE(c.has_note("clear text"));
}

TEST(SmtpDissector, NotesSmugglingBareLfAndEarlyCommands) {
  Conversation c;
  c.client("EHLO early\r\n");
  c.server("220 mx\r\n250 mx\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("DATA\r\n");
  c.server("354 go\r\n");
  c.client("a\n.\nMAIL FROM:<evil@x>\r\n.\r\n");
  c.server("250 ok\r\n");
  const SmtpSession& s = c.end();
  EXPECT_TRUE(c.has_note("before the server's greeting"));
  EXPECT_TRUE(c.has_note("smuggling"));
  EXPECT_TRUE(c.has_note("bare LF"));
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, "a\n.\nMAIL FROM:<evil@x>\r\n");
}

// The MIME parser's anomalies become notes of the catalogue, on the frame that ended the
// message, with their values made printable.
TEST(SmtpDissector, NotesMimeAnomaliesOfAMessage) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("HELO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("DATA\r\n");
  c.server("354 go\r\n");
  c.client(
      "Subject: parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
      "Content-Type: garbage\r\nContent-Disposition: attachment; filename=a.txt\r\n\r\n"
      "one\r\n.\r\n");
  const std::uint64_t data_end = c.frame();
  c.server("250 ok\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  std::vector<std::pair<NoteId, std::string>> mime;
  for (const Note& n : s.notes) {
    if (note_name(n.id).starts_with("mime_")) {
      EXPECT_EQ(n.frame, data_end) << n.text;
      mime.emplace_back(n.id, n.text);
    }
  }
  EXPECT_EQ(mime, (std::vector<std::pair<NoteId, std::string>>{
                      {NoteId::MimeClosingBoundaryMissing, "closing boundary \"--b--\" missing"},
                      {NoteId::MimeInvalidContentType,
                       "invalid Content-Type \"garbage\": text/plain assumed"}}));
}

TEST(SmtpDissector, NotesPipeliningWithoutTheExtension) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("HELO me\r\nMAIL FROM:<a@x>\r\n");
  c.server("250 mx\r\n250 ok\r\n");
  c.end();
  EXPECT_TRUE(c.has_note("PIPELINING"));
}

TEST(SmtpDissector, NotesASessionCutMidData) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("DATA\r\n");
  c.server("354 go\r\n");
  c.client("partial\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_FALSE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].final_code, 0);
  EXPECT_TRUE(c.has_note("ended during DATA"));
}

TEST(SmtpDissector, EachLineCarriesTheFrameOfItsLastByte) {
  Conversation c;
  c.server("220 m");
  c.server("x\r\n");
  c.client("NO");
  c.client("OP\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.dialogue.size(), 2u);
  EXPECT_EQ(s.dialogue[0].frame, 2u);
  EXPECT_EQ(s.dialogue[0].first_frame, 1u);
  EXPECT_EQ(s.dialogue[1].frame, 4u);
  EXPECT_EQ(s.dialogue[1].offset, 0u);
  EXPECT_EQ(s.dialogue[1].length, 6u);
}

TEST(SmtpDissector, NotesRelayAttemptsRefused) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<spam@evil.example>\r\n");
  c.server("250 2.1.0 ok\r\n");
  c.client("RCPT TO:<victim@elsewhere.example>\r\n");
  c.server("554 5.7.1 <victim@elsewhere.example>: Relay access denied\r\n");
  c.client("RCPT TO:<other@elsewhere.example>\r\n");
  c.server("550 relaying denied\r\n");
  c.client("RCPT TO:<nobody@mx.example>\r\n");
  c.server("550 5.1.1 no such user\r\n");
  const SmtpSession& s = c.end();
  const auto relay_notes = std::count_if(s.notes.begin(), s.notes.end(), [](const Note& n) {
    return n.text.find("relay attempt refused") != std::string::npos;
  });
  EXPECT_EQ(relay_notes, 2);  // 5.1.1 unknown user is not a relay refusal
  EXPECT_TRUE(c.has_note("relay attempt refused (554 5.7.1) for RCPT TO:<victim@"));
}

TEST(SmtpDissector, NotesStartTlsAskedForButNotOffered) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 8BITMIME\r\n");
  c.client("STARTTLS\r\n");
  c.server("502 5.5.1 command not implemented\r\n");
  c.end();
  EXPECT_TRUE(c.has_note("asked for STARTTLS but the server's EHLO reply did not offer it"));
  EXPECT_TRUE(c.has_note("STARTTLS refused (502)"));
}

TEST(SmtpDissector, LhloReadsTheExtensionsAsEhloDoes) {
  // LMTP (RFC 2033) found by content: LHLO is the command table's hello too, so its 250
  // announces PIPELINING and pipelined commands are not noted (they were, before LHLO
  // was a row).
  Conversation c;
  c.server("220 lmtp ready\r\n");
  c.client("LHLO me\r\n");
  c.server("250-lmtp\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
  c.client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n250 ok\r\n");
  const SmtpSession& s = c.end();
  EXPECT_FALSE(c.has_note("did not announce PIPELINING"));
  EXPECT_EQ(s.extensions.size(), 2u);
}

TEST(SmtpDissector, NotesStartTlsMaskedByAMiddlebox) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250-XXXXXXXA\r\n250 8BITMIME\r\n");
  c.client("QUIT\r\n");
  c.server("221 bye\r\n");
  c.end();
  EXPECT_TRUE(c.has_note("lists XXXXXXXA where STARTTLS belongs"));
}

TEST(SmtpDissector, NoStrippingNoteWhenStartTlsWasOffered) {
  Conversation c;
  c.server("220 mx\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 STARTTLS\r\n");
  c.client("STARTTLS\r\n");
  c.server("220 go ahead\r\n");
  c.end();
  EXPECT_FALSE(c.has_note("stripped"));
  EXPECT_TRUE(c.has_note("STARTTLS accepted"));
}

// Issue 14's behaviours of real servers and clients that the dissector got wrong.
bool has_note_id(const SmtpSession& s, NoteId id) {
  return std::any_of(s.notes.begin(), s.notes.end(), [&](const Note& n) { return n.id == id; });
}

TEST(SmtpDissectorWild, BdatWithJunkRefusedBy501LeavesCommandsAsCommands) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 CHUNKING\r\n");
  c.client("BDAT 6 junk\r\n");
  c.server("501 5.5.4 Syntax: BDAT size [LAST]\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("BDAT 12 LAST\r\nSubject: x\r\n");
  c.server("250 queued\r\n");
  c.client("QUIT\r\n");
  c.server("221 bye\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].mail_from, "FROM:<a@x>");
  EXPECT_EQ(s.messages[0].content, "Subject: x\r\n");
  EXPECT_EQ(s.messages[0].final_code, 250);
  EXPECT_TRUE(has_note_id(s, NoteId::BdatInvalidSize));
  const auto mail = std::count_if(s.dialogue.begin(), s.dialogue.end(),
                                  [](const DialogueEntry& e) { return e.verb == "MAIL"; });
  EXPECT_EQ(mail, 1);
}

TEST(SmtpDissectorWild, BdatWithJunkAcceptedByALenientServerIsAChunk) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 CHUNKING\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("BDAT 4 junk\r\nabcd");
  c.server("250 4 octets\r\n");
  c.client("BDAT 0 LAST\r\n");
  c.server("250 queued\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, "abcd");
  EXPECT_TRUE(s.messages[0].complete);
}

TEST(SmtpDissectorWild, EhloInsideATransactionResetsTheEnvelope) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<bob@y>\r\n");
  c.server("250 ok\r\n");
  c.client("EHLO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<alice@y>\r\n");
  c.server("250 ok\r\n");
  c.client("DATA\r\n");
  c.server("354 go\r\n");
  c.client("Subject: hi\r\n\r\nbody\r\n.\r\n");
  c.server("250 queued\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].rcpt_to, (std::vector<std::string>{"TO:<alice@y>"}));
  EXPECT_TRUE(has_note_id(s, NoteId::EnvelopeResetByHelo));
}

TEST(SmtpDissectorWild, BodyPipelinedBeforeThe354KeepsItsFinalReply) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 PIPELINING\r\n");
  c.client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n");
  c.client("Subject: early\r\n\r\nbody\r\n.\r\n");
  c.server("250 ok\r\n250 ok\r\n354 go\r\n250 queued as 42\r\n");
  c.client("QUIT\r\n");
  c.server("221 bye\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].final_code, 250);
  EXPECT_TRUE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].content, "Subject: early\r\n\r\nbody\r\n");
  EXPECT_FALSE(has_note_id(s, NoteId::ReplyWithoutCommand));
  EXPECT_FALSE(has_note_id(s, NoteId::CommandsUnanswered));
}

TEST(SmtpDissectorWild, MessageWithItsEndSeenIsWholeWithoutItsReply) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("DATA\r\n");
  c.server("354 go\r\n");
  c.client("Subject: hi\r\n\r\nbody\r\n.\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_TRUE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].final_code, 0);
  EXPECT_TRUE(has_note_id(s, NoteId::MessageReplyMissing));
  EXPECT_FALSE(has_note_id(s, NoteId::SessionEndedInMessage));
}

TEST(SmtpDissectorWild, MessageCutBeforeItsEndIsIncomplete) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\nMAIL FROM:<a@x>\r\n");
  c.server("250 mx\r\n250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\nDATA\r\n");
  c.server("250 ok\r\n354 go\r\n");
  c.client("Subject: hi\r\n\r\nbo");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_FALSE(s.messages[0].complete);
  EXPECT_TRUE(has_note_id(s, NoteId::SessionEndedInMessage));
  EXPECT_FALSE(has_note_id(s, NoteId::MessageReplyMissing));
}

TEST(SmtpDissectorWild, BdatMessageAbandonedByRsetStaysIncomplete) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250 CHUNKING\r\n");
  c.client("MAIL FROM:<a@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<b@y>\r\n");
  c.server("250 ok\r\n");
  c.client("BDAT 5\r\nfirst");
  c.server("250 5 octets\r\n");
  c.client("RSET\r\n");
  c.server("250 reset\r\n");
  c.client("MAIL FROM:<c@x>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<d@y>\r\n");
  c.server("250 ok\r\n");
  c.client("BDAT 6 LAST\r\nsecond");
  c.server("250 queued\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 2u);
  EXPECT_EQ(s.messages[0].content, "first");
  EXPECT_FALSE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].mail_from, "FROM:<a@x>");
  EXPECT_EQ(s.messages[1].content, "second");
  EXPECT_TRUE(s.messages[1].complete);
  EXPECT_EQ(s.messages[1].mail_from, "FROM:<c@x>");
  EXPECT_TRUE(has_note_id(s, NoteId::MessageAbandoned));
}

TEST(SmtpDissectorWild, PipelinedBdatOfTheNextTransactionIsNotAbandoned) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
  c.client("MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nBDAT 3 LAST\r\nabc");
  c.server("250 ok\r\n250 ok\r\n250 queued\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_TRUE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].content, "abc");
  EXPECT_FALSE(has_note_id(s, NoteId::MessageAbandoned));
}

TEST(SmtpDissectorWild, SenderNotLoggedInIsAnAuthenticationRefusalNotARelayOne) {
  Conversation c;
  c.server("220 mx ESMTP\r\n");
  c.client("EHLO me\r\n");
  c.server("250 mx\r\n");
  c.client("MAIL FROM:<boss@corp.example>\r\n");
  c.server("250 ok\r\n");
  c.client("RCPT TO:<x@elsewhere.example>\r\n");
  c.server("553 5.7.1 <boss@corp.example>: Sender address rejected: not logged in\r\n");
  c.client("RCPT TO:<y@elsewhere.example>\r\n");
  c.server("554 5.7.1 <y@elsewhere.example>: Relay access denied\r\n");
  c.client("RCPT TO:<z@elsewhere.example>\r\n");
  c.server("550 5.7.1 Message rejected by policy\r\n");
  const SmtpSession& s = c.end();
  const auto count = [&](NoteId id) {
    return std::count_if(s.notes.begin(), s.notes.end(), [&](const Note& n) { return n.id == id; });
  };
  EXPECT_EQ(count(NoteId::AuthenticationRefusal), 1);
  EXPECT_EQ(count(NoteId::RelayAttemptRefused), 1);
}

}  // namespace
}  // namespace smtplab::capture
