// The IMAP server machine driven by bytes: greeting and capabilities, LOGIN and
// AUTHENTICATE (cleartext refusal, SASL-IR, failures), STARTTLS, literals both kinds and
// their limits, pipelining, split input, syntax and state errors, and the events.
#include "tests/protocol/imap_fixture.hpp"

#include "sim/protocol/sasl.hpp"

namespace smtplab::protocol::imap::testing {
namespace {

using ImapSessionTest = ImapFixture;

TEST_F(ImapSessionTest, GreetingAdvertisesLoginDisabledBeforeTls) {
  config.starttls = true;
  EXPECT_EQ(
      start(),
      "* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE STARTTLS LOGINDISABLED] "
      "mail.example IMAP4rev1 SMTP Lab ready\r\n");
  EXPECT_EQ(
      send("a1 CAPABILITY\r\n"),
      "* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE STARTTLS LOGINDISABLED\r\n"
      "a1 OK CAPABILITY completed\r\n");
}

TEST_F(ImapSessionTest, CleartextLoginRefusedWithPrivacyRequired) {
  start();
  EXPECT_EQ(send("a1 LOGIN ali sesame\r\n"), line(ResponseId::PrivacyRequired, "a1"));
  EXPECT_EQ(session->state(), ImapState::NotAuthenticated);
  EXPECT_TRUE(has(send("a2 AUTHENTICATE PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"),
                  "a2 NO [PRIVACYREQUIRED]"));
}

TEST_F(ImapSessionTest, StartTlsThenLoginOverTls) {
  config.starttls = true;
  start();
  const std::string reply = send("a1 STARTTLS\r\na2 LOGIN ali sesame\r\n");
  // The pipelined LOGIN was sent in cleartext: it is dropped, never run inside TLS.
  EXPECT_EQ(reply, "a1 OK Begin TLS negotiation now\r\n");
  EXPECT_TRUE(last.start_tls);
  ASSERT_EQ(of_kind(EventKind::Discarded).size(), 1u);
  EXPECT_EQ(of_kind(EventKind::Discarded)[0].length, 21u);
  EXPECT_EQ(send("a3 NOOP\r\n"), "");  // bytes during the handshake belong to TLS
  EXPECT_EQ(session->tls_established().bytes, "");
  EXPECT_EQ(send("a4 CAPABILITY\r\n"),
            "* CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE AUTH=PLAIN\r\n"
            "a4 OK CAPABILITY completed\r\n");
  EXPECT_EQ(send("a5 STARTTLS\r\n"), line(ResponseId::AlreadyTls, "a5"));
  EXPECT_EQ(
      send("a6 LOGIN ali sesame\r\n"),
      "a6 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE] Logged in as ali\r\n");
  EXPECT_EQ(session->state(), ImapState::Authenticated);
  // Offsets restart with the TLS stream.
  EXPECT_EQ(of_kind(EventKind::Command).back().offset, 28u);
  EXPECT_EQ(of_kind(EventKind::Command).back().tls_epoch, 1u);
}

TEST_F(ImapSessionTest, StartTlsNotOffered) {
  start();
  EXPECT_EQ(send("a1 STARTTLS\r\n"), line(ResponseId::TlsNotOffered, "a1"));
  EXPECT_FALSE(last.start_tls);
}

TEST_F(ImapSessionTest, AuthenticatePlainWithInitialResponse) {
  start(true);
  EXPECT_EQ(
      send("a1 AUTHENTICATE PLAIN " + encode_sasl_plain("ali", "sesame") + "\r\n"),
      "a1 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE] Logged in as ali\r\n");
  EXPECT_EQ(session->user(), "ali");
}

TEST_F(ImapSessionTest, AuthenticatePlainWithContinuation) {
  start(true);
  EXPECT_EQ(send("a1 AUTHENTICATE PLAIN\r\n"), "+ \r\n");
  EXPECT_TRUE(has(send(encode_sasl_plain("ali@gsimaroc.com", "sesame") + "\r\n"), "a1 OK"));
  EXPECT_EQ(session->state(), ImapState::Authenticated);
}

TEST_F(ImapSessionTest, AuthenticateResponsePipelinedBehindTheCommand) {
  start(true);
  EXPECT_EQ(
      send("a1 AUTHENTICATE PLAIN\r\n" + encode_sasl_plain("ali", "sesame") + "\r\na2 NOOP\r\n"),
      "+ \r\n"
      "a1 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE] Logged in as ali\r\n"
      "a2 OK NOOP completed\r\n");
}

TEST_F(ImapSessionTest, AuthenticateCancelledBadEncodingAndUnknownMechanism) {
  start(true);
  send("a1 AUTHENTICATE PLAIN\r\n");
  EXPECT_EQ(send("*\r\n"), line(ResponseId::AuthCancelled, "a1"));
  send("a2 AUTHENTICATE PLAIN\r\n");
  EXPECT_EQ(send("!!!\r\n"), line(ResponseId::AuthBadEncoding, "a2"));
  EXPECT_EQ(send("a3 AUTHENTICATE CRAM-MD5\r\n"),
            line(ResponseId::MechanismUnknown, "a3", {}, "CRAM-MD5"));
  EXPECT_EQ(session->state(), ImapState::NotAuthenticated);
}

TEST_F(ImapSessionTest, FailedLoginsAreCountedThenBye) {
  config.max_failed_logins = 2;
  start(true);
  EXPECT_EQ(send("a1 LOGIN ali wrong\r\n"), line(ResponseId::LoginFailed, "a1"));
  EXPECT_FALSE(last.close);
  EXPECT_EQ(send("a2 LOGIN ali wrong\r\n"),
            line(ResponseId::LoginFailed, "a2") + line(ResponseId::TooManyLoginsBye, "*"));
  EXPECT_TRUE(last.close);
  EXPECT_TRUE(session->closed());
  EXPECT_EQ(send("a3 LOGIN ali sesame\r\n"), "");
}

TEST_F(ImapSessionTest, PasswordsAreMaskedInEvents) {
  start(true);
  send("a1 LOGIN ali sesame\r\na2 LOGOUT\r\n");
  const auto commands = of_kind(EventKind::Command);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].text, "a1 LOGIN ali ****");
  EXPECT_EQ(commands[0].offset, 0u);
  EXPECT_EQ(commands[0].length, 21u);
  EXPECT_EQ(commands[1].offset, 21u);
  EXPECT_EQ(commands[0].read_batch, commands[1].read_batch);
  // SASL responses are masked too, initial or on their own line.
  events.clear();
  start(true);
  send("b1 AUTHENTICATE PLAIN " + encode_sasl_plain("ali", "x") + "\r\nb2 AUTHENTICATE PLAIN\r\n");
  send(encode_sasl_plain("ali", "y") + "\r\n");
  const auto more = of_kind(EventKind::Command);
  ASSERT_EQ(more.size(), 3u);
  EXPECT_EQ(more[0].text, "b1 AUTHENTICATE PLAIN ****");
  EXPECT_EQ(more[1].text, "b2 AUTHENTICATE PLAIN");
  EXPECT_EQ(more[2].text, "**** (AUTHENTICATE response)");
  // A refused LOGIN is masked too.
  config.max_literal = 4;
  start(true);
  send("c1 login ali sesame {5}\r\n");
  EXPECT_EQ(of_kind(EventKind::Command).back().text, "c1 login ali ****");
  for (const auto& e : events) EXPECT_FALSE(has(e.text, "sesame")) << e.text;
}

TEST_F(ImapSessionTest, RevealSecretsShowsThem) {
  config.reveal_secrets = true;
  start(true);
  send("a1 LOGIN ali sesame\r\n");
  EXPECT_EQ(of_kind(EventKind::Command)[0].text, "a1 LOGIN ali sesame");
}

TEST_F(ImapSessionTest, SynchronisingLiteralsGetAContinuation) {
  start(true);
  EXPECT_EQ(send("a1 LOGIN {3}\r\n"), "+ Ready for literal data\r\n");
  EXPECT_EQ(send("ali {6}\r\n"), "+ Ready for literal data\r\n");
  EXPECT_TRUE(has(send("sesame\r\n"), "a1 OK"));
  const auto command = of_kind(EventKind::Command).back();
  EXPECT_EQ(command.text, "a1 LOGIN {3} ****");  // literals shown by size, never by content
  EXPECT_EQ(command.length, 31u);
}

TEST_F(ImapSessionTest, NonSynchronisingLiteralsNeedNoContinuation) {
  start(true);
  EXPECT_EQ(
      send("a1 LOGIN {3+}\r\nali {6+}\r\nsesame\r\n"),
      "a1 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE] Logged in as ali\r\n");
}

TEST_F(ImapSessionTest, LiteralsMayHoldAnyOctet) {
  store.boxes["a \"b\"\r\nc"];
  login();
  EXPECT_EQ(send("a1 STATUS {8+}\r\na \"b\"\r\nc (MESSAGES)\r\n"),
            "* STATUS {8}\r\na \"b\"\r\nc (MESSAGES 0)\r\na1 OK STATUS completed\r\n");
  // The event shows the server literal by its size only.
  EXPECT_EQ(of_kind(EventKind::Reply)[of_kind(EventKind::Reply).size() - 2].text,
            "* STATUS {8} (MESSAGES 0)");
}

TEST_F(ImapSessionTest, OverLargeSynchronisingLiteralRefusedBeforeContinuation) {
  config.max_literal = 100;
  start(true);
  EXPECT_EQ(send("a1 LOGIN {101}\r\n"), line(ResponseId::LiteralTooBig, "a1", {}, "100"));
  // The client does not send the literal; the next line is a new command.
  EXPECT_EQ(send("a2 NOOP\r\n"), "a2 OK NOOP completed\r\n");
}

TEST_F(ImapSessionTest, OverLargeNonSynchronisingLiteralReadAndDropped) {
  config.max_literal = 10;
  start(true);
  const std::string literal(20, 'x');
  EXPECT_EQ(send("a1 LOGIN {20+}\r\n" + literal + " {3+}\r\nabc\r\na2 NOOP\r\n"),
            line(ResponseId::LiteralTooBig, "a1", {}, "10") + "a2 OK NOOP completed\r\n");
}

TEST_F(ImapSessionTest, RefusedCommandGoingOnWithLiteralsStaysCheap) {
  config.max_literal = 4;
  config.max_line = 64;
  start(true);
  std::string stream = "a1 NOOP {5+}\r\n12345";
  for (int i = 0; i < 1000; ++i) stream += " {5+}\r\n12345";
  EXPECT_EQ(send(stream), "");  // still the same command: nothing to answer yet
  EXPECT_EQ(send("\r\n"), line(ResponseId::LiteralTooBig, "a1", {}, "4"));
  // The event shows the start of the command, bounded.
  const auto command = of_kind(EventKind::Command).back();
  EXPECT_LE(command.text.size(), 64u + 3u);
  EXPECT_EQ(command.length, stream.size() + 2);
}

TEST_F(ImapSessionTest, CleartextLoginOfferedWhenTheLabAllowsIt) {
  config.login_over_cleartext = true;
  EXPECT_TRUE(
      has(start(), "[CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE AUTH=PLAIN]"));
  EXPECT_TRUE(has(send("a1 LOGIN \"ali\" \"sesame\"\r\n"), "a1 OK"));
  // The event log says the password crossed the wire in cleartext.
  const auto notes = of_kind(EventKind::Note);
  ASSERT_FALSE(notes.empty());
  EXPECT_EQ(notes.back().text, "authenticated as ali IN CLEARTEXT");
}

TEST_F(ImapSessionTest, CommandSizeLimitCountsLiterals) {
  config.max_command = 30;
  start(true);
  EXPECT_EQ(send("a1 LOGIN {10+}\r\n0123456789 {10}\r\n"),
            line(ResponseId::CommandTooBig, "a1", {}, "30"));
}

TEST_F(ImapSessionTest, OverlongLineClosesWithBye) {
  config.max_line = 64;
  start(true);
  EXPECT_EQ(send("a1 NOOP " + std::string(100, 'x') + "\r\n"),
            line(ResponseId::LineTooLongBye, "*", {}, "64"));
  EXPECT_TRUE(last.close);
  // The event shows the line's start, cut at the limit.
  EXPECT_EQ(of_kind(EventKind::Command).back().text, "a1 NOOP " + std::string(56, 'x') + "...");
  EXPECT_EQ(of_kind(EventKind::Command).back().length, 110u);
}

TEST_F(ImapSessionTest, PipelinedCommandsAnsweredInOrder) {
  start(true);
  EXPECT_EQ(
      send("a1 NOOP\r\na2 LOGIN ali sesame\r\na3 LIST \"\" \"\"\r\na4 LOGOUT\r\n"),
      "a1 OK NOOP completed\r\n"
      "a2 OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE] Logged in as ali\r\n"
      "* LIST (\\Noselect) \"/\" \"\"\r\n"
      "a3 OK LIST completed\r\n"
      "* BYE mail.example IMAP4rev1 server logging out\r\n"
      "a4 OK LOGOUT completed\r\n");
  EXPECT_TRUE(last.close);
  EXPECT_EQ(session->state(), ImapState::Logout);
}

TEST_F(ImapSessionTest, SplitAtEveryByteGivesTheSameOutput) {
  store.add("INBOX", kPlainMessage);
  const std::string script =
      "a1 LOGIN {3}\r\nali {6+}\r\nsesame\r\na2 SELECT INBOX\r\n"
      "a3 FETCH 1 (FLAGS BODY[HEADER.FIELDS (Subject)])\r\na4 IDLE\r\nDONE\r\na5 LOGOUT\r\n";
  start(true);
  const std::string whole = send(script);
  for (std::size_t split = 1; split < script.size(); ++split) {
    store = InMemoryStore{};
    store.add("INBOX", kPlainMessage);
    start(true);
    std::string out = send(script.substr(0, split));
    out += send(script.substr(split));
    // The continuation request comes out whether or not the literal is already there.
    EXPECT_EQ(out, whole) << "split at " << split;
  }
  // One byte at a time.
  store = InMemoryStore{};
  store.add("INBOX", kPlainMessage);
  start(true);
  std::string out;
  for (char c : script) out += send(std::string(1, c));
  EXPECT_EQ(out, whole);
}

TEST_F(ImapSessionTest, BadSyntaxAnswersWithTheTablesSyntax) {
  start(true);
  EXPECT_EQ(send("a1 LOGIN ali\r\n"),
            line(ResponseId::SyntaxError, "a1", {}, "LOGIN userid password"));
  EXPECT_EQ(send("a2 CAPABILITY now\r\n"), "a2 BAD Syntax: CAPABILITY\r\n");
  send("a3 LOGIN ali sesame\r\n");
  send("a4 SELECT INBOX\r\n");
  EXPECT_EQ(send("a5 FETCH 1 (FLAGS\r\n"),
            "a5 BAD Syntax: FETCH sequence-set (item...) | ALL | FAST | FULL | item\r\n");
  EXPECT_EQ(send("a6 UID STORE 1 FLAGZ (\\Seen)\r\n"),
            "a6 BAD Syntax: UID STORE sequence-set [+|-]FLAGS[.SILENT] (flag...)\r\n");
  EXPECT_EQ(send("a7 UID EXPUNGE 1\r\n"),
            "a7 BAD Syntax: UID FETCH|STORE|SEARCH|COPY arguments\r\n");
}

TEST_F(ImapSessionTest, UnknownCommandMissingTagAndWrongState) {
  start(true);
  EXPECT_EQ(send("a1 XYZZY\r\n"), line(ResponseId::UnknownCommand, "a1", {}, "XYZZY"));
  EXPECT_EQ(send("\r\n"), line(ResponseId::MissingTag, "*"));
  EXPECT_EQ(send("+ NOOP\r\n"), line(ResponseId::MissingTag, "*"));
  EXPECT_EQ(send("a2 SELECT INBOX\r\n"),
            "a2 BAD SELECT is not allowed in state NotAuthenticated\r\n");
  EXPECT_EQ(send("a3 FETCH 1 FLAGS\r\n"),
            "a3 BAD FETCH is not allowed in state NotAuthenticated\r\n");
  send("a4 LOGIN ali sesame\r\n");
  EXPECT_EQ(send("a5 LOGIN ali sesame\r\n"),
            "a5 BAD LOGIN is not allowed in state Authenticated\r\n");
  EXPECT_EQ(send("a6 EXPUNGE\r\n"), "a6 BAD EXPUNGE is not allowed in state Authenticated\r\n");
}

TEST_F(ImapSessionTest, NulNestingAndArgumentLimits) {
  config.max_nesting = 3;
  config.max_arguments = 5;
  start(true);
  EXPECT_EQ(send(std::string("a1 NOOP\0x\r\n", 11)), line(ResponseId::NulInCommand, "a1"));
  EXPECT_EQ(send("a2 NOOP ((((x))))\r\n"), line(ResponseId::NestingTooDeep, "a2", {}, "3"));
  EXPECT_EQ(send("a3 NOOP a b c d e\r\n"), line(ResponseId::TooManyArguments, "a3", {}, "5"));
}

TEST_F(ImapSessionTest, TooManyErrorsCloseWithBye) {
  config.max_errors = 3;
  start(true);
  send("a1 XYZ\r\na2 XYZ\r\n");
  EXPECT_FALSE(last.close);
  EXPECT_EQ(send("a3 XYZ\r\na4 NOOP\r\n"), line(ResponseId::UnknownCommand, "a3", {}, "XYZ") +
                                               line(ResponseId::TooManyErrorsBye, "*"));
  EXPECT_TRUE(last.close);
}

TEST_F(ImapSessionTest, TimeoutAndShutdownSayBye) {
  start(true);
  const ServerOutput timeout = session->idle_timeout();
  EXPECT_EQ(timeout.bytes, line(ResponseId::IdleTimeoutBye, "*"));
  EXPECT_TRUE(timeout.close);
  EXPECT_EQ(session->shutdown().bytes, "");  // already closed
  start(true);
  EXPECT_EQ(session->shutdown().bytes, line(ResponseId::ShutdownBye, "*", {}, "mail.example"));
}

TEST_F(ImapSessionTest, StateChangesAreRecorded) {
  store.add("INBOX", kPlainMessage);
  select_inbox();
  send("a1 CLOSE\r\na2 LOGOUT\r\n");
  std::vector<std::string> changes;
  for (const auto& e : of_kind(EventKind::StateChange)) changes.push_back(e.text);
  EXPECT_EQ(changes, (std::vector<std::string>{
                         "IMAP NotAuthenticated -> Authenticated", "IMAP Authenticated -> Selected",
                         "IMAP Selected -> Authenticated", "IMAP Authenticated -> Logout"}));
}

TEST_F(ImapSessionTest, ReplyEventsTieToOutputOffsets) {
  start(true);
  send("a1 NOOP\r\n");
  const auto replies = of_kind(EventKind::Reply);
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[1].offset, replies[0].length);
  EXPECT_EQ(replies[1].text, "a1 OK NOOP completed");
}

}  // namespace
}  // namespace smtplab::protocol::imap::testing
