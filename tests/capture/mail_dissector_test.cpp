// POP3 and IMAP dissectors on synthetic streams: responses matched to commands (in order for
// POP3, by tag for IMAP, untagged ones attached), multi-line responses and dot-unstuffing,
// literals read by count whatever the segment boundaries, retrieved messages, credentials
// (and their masking in the reports), STLS/STARTTLS then TLS records, implicit TLS, a
// capture that ends mid-message, and the notes for bad or unmatched responses.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "capture/analysis_report.hpp"
#include "capture/digest.hpp"
#include "capture/imap_dissector.hpp"
#include "capture/note_catalogue.hpp"
#include "capture/pop3_dissector.hpp"

namespace smtplab::capture {
namespace {

template <class Dissector>
class Conversation {
 public:
  Conversation() : dissector_(context()) {}
  void client(std::string_view bytes) { send(Side::Client, bytes); }
  void server(std::string_view bytes) { send(Side::Server, bytes); }
  const SmtpSession& end() {
    dissector_.on_end(frame_);
    return dissector_.session();
  }
  bool has_note(NoteId id) const {
    const auto& notes = dissector_.session().notes;
    return std::any_of(notes.begin(), notes.end(), [&](const Note& n) { return n.id == id; });
  }

 private:
  const StreamContext& context() {
    context_.frames[0] = &maps_[0];
    context_.frames[1] = &maps_[1];
    return context_;
  }
  void send(Side side, std::string_view bytes) {
    const int s = static_cast<int>(side);
    maps_[s].add(offsets_[s], bytes.size(), ++frame_);
    // The segment's bytes live only during the call: scribble over them afterwards so any
    // view kept too long shows.
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
  Dissector dissector_;
};

const std::string kMessage =
    "From: Ali <ali@lab.test>\r\n"
    "Subject: Hello POP\r\n"
    "\r\n"
    ".a line starting with a dot\r\n"
    "..two dots\r\n"
    "end\r\n";
// kMessage dot-stuffed as RETR sends it.
const std::string kStuffed =
    "From: Ali <ali@lab.test>\r\n"
    "Subject: Hello POP\r\n"
    "\r\n"
    "..a line starting with a dot\r\n"
    "...two dots\r\n"
    "end\r\n";

const std::string kClientHello("\x16\x03\x01\x00\x05\x01\x00\x00\x01\x00", 10);
const std::string kServerHello("\x16\x03\x03\x00\x02\x02\x00", 7);

const MailLineDetail& detail(const DialogueEntry& entry) {
  static const MailLineDetail none;
  return entry.mail ? *entry.mail : none;
}

// [SECTION] POP3 -------------------------------------------------------------------------

using Pop3 = Conversation<Pop3Dissector>;

void pop3_session(Pop3& c) {
  c.server("+OK POP3 ready\r\n");
  c.client("CAPA\r\n");
  c.server("+OK capabilities\r\nUSER\r\nUIDL\r\nTOP\r\n.\r\n");
  c.client("USER ali\r\n");
  c.server("+OK\r\n");
  c.client("PASS secret\r\n");
  c.server("+OK logged in\r\n");
  c.client("LIST\r\n");
  c.server("+OK 1 messages\r\n1 " + std::to_string(kMessage.size()) + "\r\n.\r\n");
  c.client("RETR 1\r\n");
  c.server("+OK message follows\r\n" + kStuffed + ".\r\n");
  c.client("QUIT\r\n");
  c.server("+OK bye\r\n");
}

TEST(Pop3Dissector, MatchesResponsesAndUnstuffsTheRetrievedMessage) {
  Pop3 c;
  pop3_session(c);
  const SmtpSession& s = c.end();
  EXPECT_EQ(s.protocol, MailProtocol::Pop3);
  ASSERT_EQ(s.dialogue.size(), 13u);  // greeting + 6 commands and their responses
  EXPECT_EQ(detail(s.dialogue[0]).status, "+OK");
  EXPECT_EQ(s.dialogue[1].verb, "CAPA");
  ASSERT_EQ(s.dialogue[2].lines.size(), 4u);
  EXPECT_EQ(s.dialogue[2].lines[3], "TOP");
  EXPECT_EQ(s.dialogue[9].verb, "RETR");
  EXPECT_EQ(s.dialogue[10].kind, DialogueEntry::Kind::Reply);
  EXPECT_EQ(s.dialogue[10].data_bytes, kStuffed.size());
  EXPECT_EQ(s.dialogue[12].lines[0], "+OK bye");
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, kMessage);
  EXPECT_EQ(s.messages[0].sha256, sha256_hex(kMessage));
  EXPECT_EQ(s.messages[0].subject, "Hello POP");
  EXPECT_EQ(s.messages[0].via, "RETR");
  EXPECT_TRUE(s.messages[0].complete);
  ASSERT_EQ(s.credentials.size(), 1u);
  EXPECT_EQ(s.credentials[0].mechanism, "USER/PASS");
  EXPECT_EQ(s.credentials[0].user, "ali");
  EXPECT_EQ(s.credentials[0].password, "secret");
  EXPECT_TRUE(c.has_note(NoteId::MailCleartextCredentials));
  EXPECT_TRUE(c.has_note(NoteId::MailLoginAccepted));
  EXPECT_FALSE(c.has_note(NoteId::CommandsUnanswered));
}

TEST(Pop3Dissector, SameSessionWhateverTheSegmentBoundaries) {
  const std::string response = "+OK message follows\r\n" + kStuffed + ".\r\n";
  for (std::size_t cut = 1; cut < response.size(); ++cut) {
    Pop3 c;
    c.server("+OK ready\r\n");
    c.client("RETR 1\r\n");
    c.server(response.substr(0, cut));
    c.server(response.substr(cut));
    c.client("QUIT\r\n");
    const SmtpSession& s = c.end();
    ASSERT_EQ(s.messages.size(), 1u) << cut;
    EXPECT_EQ(s.messages[0].content, kMessage) << cut;
    EXPECT_EQ(s.dialogue.size(), 4u) << cut;
  }
}

TEST(Pop3Dissector, MasksThePasswordInReportsUnlessAsked) {
  Pop3 c;
  pop3_session(c);
  const SmtpSession& s = c.end();
  ReportOptions options;
  const std::string masked = session_to_json(s, options).dump();
  EXPECT_EQ(masked.find("secret"), std::string::npos) << masked;
  EXPECT_NE(masked.find("\"protocol\":\"pop3\""), std::string::npos);
  options.show_secrets = true;
  const std::string shown = session_to_json(s, options).dump();
  EXPECT_NE(shown.find("\"password\":\"secret\""), std::string::npos);
  EXPECT_NE(shown.find("\"arg\":\"secret\""), std::string::npos);
}

TEST(Pop3Dissector, DecodesAuthPlainAfterAChallengeAndApop) {
  Pop3 c;
  c.server("+OK ready <1.2@lab>\r\n");
  c.client("AUTH PLAIN\r\n");
  c.server("+ \r\n");
  c.client("AGFsaQBzZWNyZXQ=\r\n");  // \0ali\0secret
  c.server("-ERR [AUTH] invalid\r\n");
  c.client("APOP ali c4c9334bac560ecc979e58001b3e22fb\r\n");
  c.server("+OK\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.credentials.size(), 2u);
  EXPECT_EQ(s.credentials[0].mechanism, "PLAIN");
  EXPECT_EQ(s.credentials[0].user, "ali");
  EXPECT_EQ(s.credentials[0].password, "secret");
  EXPECT_EQ(s.credentials[1].mechanism, "APOP");
  EXPECT_EQ(s.dialogue[3].kind, DialogueEntry::Kind::AuthLine);
  EXPECT_TRUE(c.has_note(NoteId::MailLoginRefused));
  EXPECT_TRUE(c.has_note(NoteId::MailLoginAccepted));
}

TEST(Pop3Dissector, StopsAtStlsAndReadsTlsRecords) {
  Pop3 c;
  c.server("+OK ready\r\n");
  c.client("STLS\r\n");
  c.server("+OK begin TLS\r\n");
  c.client(kClientHello);
  c.server(kServerHello);
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.tls);
  ASSERT_EQ(s.tls_records.size(), 2u);
  EXPECT_EQ(s.tls_records[0].side, Side::Client);
  EXPECT_EQ(s.dialogue.size(), 3u);
  EXPECT_TRUE(c.has_note(NoteId::MailTlsUpgradeAccepted));
}

TEST(Pop3Dissector, ImplicitTlsFromTheFirstByte) {
  Pop3 c;
  c.client(kClientHello);
  c.server(kServerHello);
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.tls);
  EXPECT_EQ(s.tls_records.size(), 2u);
  EXPECT_TRUE(s.dialogue.empty());
}

TEST(Pop3Dissector, MessageCutByTheEndOfTheCaptureIsIncomplete) {
  Pop3 c;
  c.server("+OK ready\r\n");
  c.client("RETR 1\r\n");
  c.server("+OK\r\nSubject: cut\r\n\r\nfirst line\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_FALSE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].content, "Subject: cut\r\n\r\nfirst line\r\n");
  EXPECT_TRUE(c.has_note(NoteId::MailMessageCut));
  ASSERT_EQ(s.dialogue.size(), 3u);
  // The cut response covers every byte seen of it.
  EXPECT_EQ(s.dialogue[2].length, std::string("+OK\r\nSubject: cut\r\n\r\nfirst line\r\n").size());
}

TEST(Pop3Dissector, NotesLinesThatAreNotResponsesAndResponsesWithoutCommand) {
  Pop3 c;
  c.server("+OK ready\r\n");
  c.server("hello?\r\n");
  c.server("+OK nobody asked\r\n");
  c.end();
  EXPECT_TRUE(c.has_note(NoteId::MailServerLineNotResponse));
  EXPECT_TRUE(c.has_note(NoteId::MailResponseUnmatched));
}

TEST(Pop3Dissector, ProbeAndPorts) {
  EXPECT_TRUE(looks_like_pop3_greeting("+OK Dovecot ready.\r\n"));
  EXPECT_FALSE(looks_like_pop3_greeting("220 mx ESMTP\r\n"));
  EXPECT_FALSE(looks_like_pop3_greeting("* OK IMAP\r\n"));
  EXPECT_TRUE(looks_like_imap_greeting("* OK [CAPABILITY IMAP4rev1] ready\r\n"));
  EXPECT_TRUE(looks_like_imap_greeting("* PREAUTH hello\r\n"));
  EXPECT_FALSE(looks_like_imap_greeting("+OK ready\r\n"));
}

// [SECTION] IMAP -------------------------------------------------------------------------

using Imap = Conversation<ImapDissector>;

std::string fetch_response() {
  return "* 1 FETCH (UID 7 BODY[] {" + std::to_string(kMessage.size()) + "}\r\n" + kMessage +
         " FLAGS (\\Seen))\r\n";
}

void imap_session(Imap& c) {
  c.server("* OK [CAPABILITY IMAP4rev1] ready\r\n");
  c.client("a1 CAPABILITY\r\n");
  c.server("* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\na1 OK done\r\n");
  c.client("a2 LOGIN ali \"sec ret\"\r\n");
  c.server("a2 OK LOGIN completed\r\n");
  c.client("a3 SELECT INBOX\r\n");
  c.server("* 1 EXISTS\r\n* FLAGS (\\Seen)\r\na3 OK [READ-WRITE] SELECT completed\r\n");
  c.client("a4 UID FETCH 7 BODY.PEEK[]\r\n");
  c.server(fetch_response() + "a4 OK FETCH completed\r\n");
  c.client("a5 LOGOUT\r\n");
  c.server("* BYE\r\na5 OK\r\n");
}

TEST(ImapDissector, MatchesTaggedResponsesAndReadsFetchLiterals) {
  Imap c;
  imap_session(c);
  const SmtpSession& s = c.end();
  EXPECT_EQ(s.protocol, MailProtocol::Imap);
  ASSERT_GE(s.dialogue.size(), 16u);
  EXPECT_EQ(detail(s.dialogue[1]).tag, "a1");
  EXPECT_EQ(s.dialogue[1].verb, "CAPABILITY");
  EXPECT_EQ(detail(s.dialogue[2]).tag, "*");
  EXPECT_EQ(detail(s.dialogue[2]).answers, "a1");
  EXPECT_EQ(detail(s.dialogue[3]).tag, "a1");
  EXPECT_EQ(detail(s.dialogue[3]).status, "OK");
  // The FETCH: its untagged response carries the literal, attached to a4.
  const auto fetch = std::find_if(s.dialogue.begin(), s.dialogue.end(), [](const auto& e) {
    return e.mail && !e.mail->literals.empty();
  });
  ASSERT_NE(fetch, s.dialogue.end());
  EXPECT_EQ(fetch->mail->answers, "a4");
  EXPECT_EQ(fetch->mail->literals, std::vector<std::uint64_t>{kMessage.size()});
  ASSERT_EQ(fetch->lines.size(), 2u);
  EXPECT_EQ(fetch->lines[1], " FLAGS (\\Seen))");
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_EQ(s.messages[0].content, kMessage);
  EXPECT_EQ(s.messages[0].via, "FETCH");
  EXPECT_EQ(s.messages[0].subject, "Hello POP");
  EXPECT_TRUE(s.messages[0].complete);
  ASSERT_EQ(s.credentials.size(), 1u);
  EXPECT_EQ(s.credentials[0].mechanism, "LOGIN");
  EXPECT_EQ(s.credentials[0].user, "ali");
  EXPECT_EQ(s.credentials[0].password, "sec ret");
  EXPECT_TRUE(c.has_note(NoteId::MailCleartextCredentials));
  EXPECT_TRUE(c.has_note(NoteId::MailLoginAccepted));
  EXPECT_FALSE(c.has_note(NoteId::CommandsUnanswered));
  EXPECT_FALSE(c.has_note(NoteId::MailResponseUnmatched));
  ReportOptions options;
  const std::string masked = session_to_json(s, options).dump();
  EXPECT_EQ(masked.find("sec ret"), std::string::npos) << masked;
  EXPECT_NE(masked.find("\"arg\":\"ali ********\""), std::string::npos) << masked;
  EXPECT_NE(masked.find("\"protocol\":\"imap\""), std::string::npos);
}

TEST(ImapDissector, ServerLiteralSplitAtEveryByte) {
  const std::string response = fetch_response() + "a1 OK done\r\n";
  for (std::size_t cut = 1; cut < response.size(); ++cut) {
    Imap c;
    c.server("* OK ready\r\n");
    c.client("a1 FETCH 1 RFC822\r\n");
    c.server(response.substr(0, cut));
    c.server(response.substr(cut));
    const SmtpSession& s = c.end();
    ASSERT_EQ(s.messages.size(), 1u) << cut;
    EXPECT_EQ(s.messages[0].content, kMessage) << cut;
    EXPECT_TRUE(s.messages[0].complete) << cut;
    ASSERT_EQ(s.dialogue.size(), 4u) << cut;
    EXPECT_EQ(detail(s.dialogue[3]).status, "OK") << cut;
  }
}

TEST(ImapDissector, ClientLiteralsWaitForTheContinuationAndSplitAtEveryByte) {
  const std::string literal_part = "ali {6}\r\n";
  const std::string password = "secret\r\n";
  const std::string both = literal_part + password;
  for (std::size_t cut = 0; cut <= password.size(); ++cut) {
    Imap c;
    c.server("* OK ready\r\n");
    c.client("A1 LOGIN {3}\r\n");
    c.server("+ Ready\r\n");
    c.client(literal_part + password.substr(0, cut));
    c.server("+ Ready\r\n");
    if (cut < password.size()) c.client(password.substr(cut));
    c.server("A1 OK done\r\n");
    c.client("A2 NOOP\r\n");
    c.server("A2 OK\r\n");
    const SmtpSession& s = c.end();
    ASSERT_EQ(s.credentials.size(), 1u) << cut;
    EXPECT_EQ(s.credentials[0].user, "ali") << cut;
    EXPECT_EQ(s.credentials[0].password, "secret") << cut;
    const auto login = std::find_if(s.dialogue.begin(), s.dialogue.end(),
                                    [](const auto& e) { return e.verb == "LOGIN"; });
    ASSERT_NE(login, s.dialogue.end());
    EXPECT_EQ(login->argument, "{3} {6}");
    EXPECT_EQ(login->mail->literals, (std::vector<std::uint64_t>{3, 6}));
    EXPECT_EQ(login->length, 14u + both.size());
    EXPECT_FALSE(c.has_note(NoteId::MailResponseUnmatched)) << cut;
    EXPECT_FALSE(c.has_note(NoteId::CommandsUnanswered)) << cut;
  }
}

TEST(ImapDissector, NonSynchronisingLiteralSplitAtEveryByte) {
  const std::string command = "a1 APPEND INBOX (\\Seen) {" + std::to_string(kMessage.size()) +
                              "+}\r\n" + kMessage + "\r\na2 NOOP\r\n";
  for (std::size_t cut = 1; cut < command.size(); ++cut) {
    Imap c;
    c.server("* OK ready\r\n");
    c.client(command.substr(0, cut));
    c.client(command.substr(cut));
    c.server("a1 OK APPEND completed\r\na2 OK\r\n");
    const SmtpSession& s = c.end();
    ASSERT_EQ(s.dialogue.size(), 5u) << cut;
    EXPECT_EQ(s.dialogue[1].verb, "APPEND") << cut;
    EXPECT_EQ(s.dialogue[1].argument, "INBOX (\\Seen) {" + std::to_string(kMessage.size()) + "+}")
        << cut;
    EXPECT_EQ(s.dialogue[1].length, command.size() - std::string("a2 NOOP\r\n").size()) << cut;
    EXPECT_EQ(s.dialogue[2].verb, "NOOP") << cut;
    EXPECT_FALSE(c.has_note(NoteId::MailResponseUnmatched)) << cut;
  }
}

TEST(ImapDissector, RefusedLiteralLeavesCommandsAsCommands) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("A1 APPEND INBOX {999999}\r\n");
  c.server("A1 NO too big\r\n");
  c.client("A2 NOOP\r\n");
  c.server("A2 OK\r\n");
  const SmtpSession& s = c.end();
  EXPECT_FALSE(c.has_note(NoteId::MailResponseUnmatched));
  EXPECT_FALSE(c.has_note(NoteId::CommandsUnanswered));
  EXPECT_EQ(std::count_if(s.dialogue.begin(), s.dialogue.end(),
                          [](const auto& e) { return e.verb == "NOOP"; }),
            1);
}

TEST(ImapDissector, AuthenticatePlainAfterAContinuation) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("a1 AUTHENTICATE PLAIN\r\n");
  c.server("+ \r\n");
  c.client("AGFsaQBzZWNyZXQ=\r\n");
  c.server("a1 NO [AUTHENTICATIONFAILED] bad\r\n");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.credentials.size(), 1u);
  EXPECT_EQ(s.credentials[0].mechanism, "PLAIN");
  EXPECT_EQ(s.credentials[0].password, "secret");
  EXPECT_TRUE(c.has_note(NoteId::MailLoginRefused));
  EXPECT_EQ(s.dialogue[3].kind, DialogueEntry::Kind::AuthLine);
}

TEST(ImapDissector, StopsAtStartTlsAndReadsTlsRecords) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("a1 STARTTLS\r\n");
  c.server("a1 OK Begin TLS\r\n");
  c.client(kClientHello);
  c.server(kServerHello);
  const SmtpSession& s = c.end();
  EXPECT_TRUE(s.tls);
  EXPECT_EQ(s.tls_records.size(), 2u);
  EXPECT_EQ(s.dialogue.size(), 3u);
  EXPECT_TRUE(c.has_note(NoteId::MailTlsUpgradeAccepted));
}

TEST(ImapDissector, IdleThenDone) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("a1 IDLE\r\n");
  c.server("+ idling\r\n");
  c.server("* 2 EXISTS\r\n");
  c.client("DONE\r\n");
  c.server("a1 OK IDLE terminated\r\n");
  const SmtpSession& s = c.end();
  EXPECT_FALSE(c.has_note(NoteId::CommandsUnanswered));
  EXPECT_FALSE(c.has_note(NoteId::MailResponseUnmatched));
  EXPECT_TRUE(std::any_of(s.dialogue.begin(), s.dialogue.end(),
                          [](const auto& e) { return e.verb == "DONE"; }));
}

TEST(ImapDissector, MessageCutMidLiteralIsIncomplete) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("a1 FETCH 1 BODY[]\r\n");
  c.server("* 1 FETCH (BODY[] {100}\r\nSubject: cut\r\n\r\nbody");
  const SmtpSession& s = c.end();
  ASSERT_EQ(s.messages.size(), 1u);
  EXPECT_FALSE(s.messages[0].complete);
  EXPECT_EQ(s.messages[0].content, "Subject: cut\r\n\r\nbody");
  EXPECT_TRUE(c.has_note(NoteId::MailMessageCut));
  EXPECT_TRUE(c.has_note(NoteId::CommandsUnanswered));
}

TEST(ImapDissector, NotesUnmatchedTagsAndBad) {
  Imap c;
  c.server("* OK ready\r\n");
  c.client("a1 FROB\r\n");
  c.server("a1 BAD unknown command\r\n");
  c.server("zz OK what?\r\n");
  c.end();
  EXPECT_TRUE(c.has_note(NoteId::MailCommandBad));
  EXPECT_TRUE(c.has_note(NoteId::MailResponseUnmatched));
}

}  // namespace
}  // namespace smtplab::capture
