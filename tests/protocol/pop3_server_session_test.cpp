// The POP3 server machine, command by command: states, responses named from the
// catalogue, dot-stuffing, limits, the cleartext rule, failed logins and masked secrets.
#include <gtest/gtest.h>

#include "sim/message/base64.hpp"
#include "sim/protocol/sasl.hpp"
#include "tests/protocol/pop3_fixture.hpp"

namespace smtplab::protocol::pop3::testing {
namespace {

using R = Pop3ResponseId;

class Pop3Session : public Pop3Fixture {};

TEST_F(Pop3Session, GreetsAndEntersAuthorization) {
  EXPECT_EQ(start(), "+OK pop.gsimaroc.com POP3 SMTP Lab ready\r\n");
  EXPECT_EQ(session->state(), Pop3State::Authorization);
}

TEST_F(Pop3Session, UserPassLogsInAndTellsTheMaildropSize) {
  start();
  EXPECT_EQ(line("USER ali"), expected(R::UserAccepted, "ali"));
  EXPECT_EQ(line("PASS sesame pass"), expected(R::LoggedIn, "2 messages (65 octets)"));
  EXPECT_EQ(session->state(), Pop3State::Transaction);
  EXPECT_EQ(session->user(), "ali");
  // The password is the rest of the line, its space included (RFC 1939 §7).
  ASSERT_EQ(delegate.logins.size(), 1u);
  EXPECT_EQ(delegate.logins[0].second, "sesame pass");
}

TEST_F(Pop3Session, KeywordsAreCaseInsensitive) {
  start();
  line("user ali");
  EXPECT_EQ(line("pAsS sesame pass").substr(0, 3), "+OK");
  EXPECT_EQ(line("stat"), "+OK 2 65\r\n");
}

TEST_F(Pop3Session, PassWithoutUserIsRefused) {
  start();
  EXPECT_EQ(line("PASS sesame pass"), expected(R::NeedUser));
  EXPECT_TRUE(delegate.logins.empty());
}

TEST_F(Pop3Session, TransactionCommandsNeedALogin) {
  start();
  for (const char* verb : {"STAT", "LIST", "RETR 1", "DELE 1", "NOOP", "RSET", "TOP 1 0", "UIDL"}) {
    const std::string name = std::string(verb).substr(0, std::string(verb).find(' '));
    EXPECT_EQ(line(verb),
              expected(R::NotInThisState, name + " is not allowed in the AUTHORIZATION state"))
        << verb;
  }
  EXPECT_EQ(session->state(), Pop3State::Authorization);
}

TEST_F(Pop3Session, AuthorizationCommandsAreRefusedOnceLoggedIn) {
  start();
  login();
  EXPECT_EQ(line("USER ali"),
            expected(R::NotInThisState, "USER is not allowed in the TRANSACTION state"));
  EXPECT_EQ(line("STLS"),
            expected(R::NotInThisState, "STLS is not allowed in the TRANSACTION state"));
  EXPECT_EQ(line("AUTH PLAIN"),
            expected(R::NotInThisState, "AUTH is not allowed in the TRANSACTION state"));
}

TEST_F(Pop3Session, StatListAndUidl) {
  start();
  login();
  EXPECT_EQ(line("STAT"), "+OK 2 65\r\n");
  EXPECT_EQ(line("LIST"), "+OK 2 messages (65 octets)\r\n1 23\r\n2 42\r\n.\r\n");
  EXPECT_EQ(line("LIST 2"), "+OK 2 42\r\n");
  EXPECT_EQ(line("UIDL"), "+OK unique-id listing follows\r\n1 1.100\r\n2 2.100\r\n.\r\n");
  EXPECT_EQ(line("UIDL 1"), "+OK 1 1.100\r\n");
}

TEST_F(Pop3Session, BadMessageNumbers) {
  start();
  login();
  EXPECT_EQ(line("LIST 3"), expected(R::NoSuchMessage, "3"));
  EXPECT_EQ(line("RETR 0"), expected(R::NoSuchMessage, "0"));
  EXPECT_EQ(line("RETR one"), expected(R::SyntaxError, "RETR msg"));
  EXPECT_EQ(line("RETR"), expected(R::SyntaxError, "RETR msg"));
  EXPECT_EQ(line("DELE -1"), expected(R::SyntaxError, "DELE msg"));
  EXPECT_EQ(line("RETR 99999999999999999999999"), expected(R::SyntaxError, "RETR msg"));
  EXPECT_EQ(line("TOP 1"), expected(R::SyntaxError, "TOP msg n"));
  EXPECT_EQ(line("TOP 1 x"), expected(R::SyntaxError, "TOP msg n"));
  EXPECT_EQ(line("STAT 1"), expected(R::SyntaxError, "STAT"));
}

TEST_F(Pop3Session, RetrStuffsLinesStartingWithADotAndEndsWithADot) {
  start();
  login();
  EXPECT_EQ(line("RETR 2"),
            "+OK 42 octets follow\r\nSubject: two\r\n\r\n..dot line\r\nsecond\r\nthird\r\n.\r\n");
  const auto messages = of_kind(EventKind::Message);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0]->direction, Direction::ServerToClient);
  EXPECT_EQ(messages[0]->length, 42u + 1u + 3u);  // content, one stuffed dot, ".\r\n"
}

TEST_F(Pop3Session, RetrOfAMessageWithoutFinalCrlfStillEndsOnItsOwnLine) {
  delegate.store.contents[0] = "Subject: x\r\n\r\nno newline";
  start();
  login();
  EXPECT_EQ(line("RETR 1"), "+OK 24 octets follow\r\nSubject: x\r\n\r\nno newline\r\n.\r\n");
}

TEST_F(Pop3Session, TopSendsHeadersBlankLineAndNBodyLines) {
  start();
  login();
  EXPECT_EQ(line("TOP 2 0"), "+OK top of message 2 follows\r\nSubject: two\r\n\r\n.\r\n");
  EXPECT_EQ(line("TOP 2 2"),
            "+OK top of message 2 follows\r\nSubject: two\r\n\r\n..dot line\r\nsecond\r\n.\r\n");
  EXPECT_EQ(line("TOP 2 100"),
            "+OK top of message 2 follows\r\nSubject: two\r\n\r\n..dot "
            "line\r\nsecond\r\nthird\r\n.\r\n");
}

TEST_F(Pop3Session, DeleHidesTheMessageAndRsetBringsItBack) {
  start();
  login();
  EXPECT_EQ(line("DELE 1"), expected(R::MarkedDeleted, "1"));
  EXPECT_EQ(line("DELE 1"), expected(R::AlreadyDeleted, "1"));
  EXPECT_EQ(line("RETR 1"), expected(R::AlreadyDeleted, "1"));
  EXPECT_EQ(line("STAT"), "+OK 1 42\r\n");
  EXPECT_EQ(line("LIST"), "+OK 1 message (42 octets)\r\n2 42\r\n.\r\n");
  EXPECT_EQ(line("UIDL"), "+OK unique-id listing follows\r\n2 2.100\r\n.\r\n");
  EXPECT_EQ(line("RSET"), expected(R::ResetDone, "2 messages (65 octets)"));
  EXPECT_EQ(line("STAT"), "+OK 2 65\r\n");
}

TEST_F(Pop3Session, QuitInTransactionCommitsDeletionsAndRetrievals) {
  start();
  login();
  line("RETR 1");
  line("RETR 2");
  line("DELE 2");
  EXPECT_EQ(line("QUIT"), expected(R::GoodbyeCommitted,
                                   "pop.gsimaroc.com POP3 server signing off (1 message left)"));
  EXPECT_TRUE(last.close);
  EXPECT_TRUE(session->closed());
  EXPECT_TRUE(delegate.store.commits);
  EXPECT_EQ(delegate.store.committed_deleted, (std::vector<std::size_t>{1}));
  EXPECT_EQ(delegate.store.committed_retrieved, (std::vector<std::size_t>{0}));
  EXPECT_FALSE(delegate.store.locked);  // the maildrop is released at once
  bool saw_update = false;
  for (const auto* e : of_kind(EventKind::StateChange))
    if (e->text == "TRANSACTION -> UPDATE") saw_update = true;
  EXPECT_TRUE(saw_update);
}

TEST_F(Pop3Session, QuitInAuthorizationCommitsNothing) {
  start();
  EXPECT_EQ(line("QUIT"), expected(R::Goodbye, "pop.gsimaroc.com"));
  EXPECT_TRUE(last.close);
  EXPECT_FALSE(delegate.store.commits);
}

TEST_F(Pop3Session, ACommitThatFailsIsAnErrAtQuit) {
  delegate.store.commit_failure = "1 of 1 deletions failed";
  start();
  login();
  line("DELE 1");
  EXPECT_EQ(line("QUIT"), expected(R::CommitFailed, "1 of 1 deletions failed"));
  EXPECT_TRUE(last.close);
}

TEST_F(Pop3Session, IdleTimeoutAndShutdownCloseWithoutUpdate) {
  start();
  login();
  line("DELE 1");
  last = session->idle_timeout();
  EXPECT_EQ(last.bytes, expected(R::IdleTimeout));
  EXPECT_TRUE(last.close);
  EXPECT_FALSE(delegate.store.commits);
  EXPECT_FALSE(delegate.store.locked);
  start();
  login();
  last = session->shutdown();
  EXPECT_EQ(last.bytes, expected(R::ShuttingDown));
  EXPECT_TRUE(last.close);
}

TEST_F(Pop3Session, UnreadableMessageIsSysTemp) {
  delegate.store.contents[0] = "UNREADABLE";
  start();
  login();
  EXPECT_EQ(line("RETR 1"), expected(R::MessageUnreadable, "1"));
}

TEST_F(Pop3Session, NoopAndUnknownCommands) {
  start();
  login();
  EXPECT_EQ(line("NOOP"), expected(R::NoopOk));
  EXPECT_EQ(line("XYZZY"), expected(R::UnknownCommand, "XYZZY"));
  EXPECT_EQ(line(""), expected(R::UnknownCommand, ""));
  // An SMTP client on the POP3 port learns where it is.
  EXPECT_EQ(line("EHLO client"), expected(R::SmtpCommand, "EHLO"));
  EXPECT_EQ(line("APOP ali 0123456789abcdef0123456789abcdef"), expected(R::UnknownCommand, "APOP"));
}

// -- CAPA and the cleartext rule (RFC 2449, RFC 2595) ----------------------------------

TEST_F(Pop3Session, CapaListsWhatIsOffered) {
  config.stls = true;
  start();
  EXPECT_EQ(line("CAPA"),
            "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
            "PIPELINING\r\nUSER\r\nSASL PLAIN\r\nSTLS\r\nIMPLEMENTATION SMTP-Lab\r\n.\r\n");
  login();
  EXPECT_EQ(line("CAPA"),
            "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\n"
            "PIPELINING\r\nIMPLEMENTATION SMTP-Lab\r\n.\r\n");
}

TEST_F(Pop3Session, CleartextLoginIsRefusedAndNotAdvertisedBeforeTls) {
  config.cleartext_login = false;
  config.stls = true;
  start();
  const std::string capa = line("CAPA");
  EXPECT_EQ(capa.find("USER"), std::string::npos);
  EXPECT_EQ(capa.find("SASL"), std::string::npos);
  EXPECT_NE(capa.find("STLS\r\n"), std::string::npos);
  EXPECT_EQ(line("USER ali"), expected(R::CleartextRefused));
  EXPECT_EQ(line("PASS sesame pass"), expected(R::CleartextRefused));
  EXPECT_EQ(line("AUTH PLAIN " + encode_sasl_plain("ali", "sesame pass")),
            expected(R::CleartextRefused));
  EXPECT_TRUE(delegate.logins.empty());
  EXPECT_EQ(expected(R::CleartextRefused).substr(0, 12), "-ERR [AUTH] ");
}

TEST_F(Pop3Session, OverTlsTheLoginIsOfferedAndStlsIsNot) {
  config.cleartext_login = false;
  config.stls = true;
  start(/*tls=*/true);
  const std::string capa = line("CAPA");
  EXPECT_NE(capa.find("USER\r\n"), std::string::npos);
  EXPECT_NE(capa.find("SASL PLAIN\r\n"), std::string::npos);
  EXPECT_EQ(capa.find("STLS"), std::string::npos);
  EXPECT_EQ(line("STLS"), expected(R::AlreadyTls));
  login();
}

TEST_F(Pop3Session, StlsSwitchesToTlsAndDiscardsWhatWasPipelinedAfterIt) {
  config.cleartext_login = false;
  config.stls = true;
  start();
  EXPECT_EQ(send("STLS\r\nUSER injected\r\n"), expected(R::TlsReady));
  EXPECT_TRUE(last.start_tls);
  EXPECT_EQ(session->state(), Pop3State::TlsHandshake);
  EXPECT_EQ(send("bytes of the handshake"), "");  // not POP3: nothing answered
  const auto discarded = of_kind(EventKind::Discarded);
  ASSERT_EQ(discarded.size(), 1u);
  EXPECT_EQ(discarded[0]->length, 15u);
  last = session->tls_established();
  EXPECT_EQ(session->state(), Pop3State::Authorization);
  EXPECT_TRUE(session->tls());
  EXPECT_EQ(of_kind(EventKind::TlsStarted).size(), 1u);
  login();
}

TEST_F(Pop3Session, StlsWithoutACertificateIsRefused) {
  start();
  EXPECT_EQ(line("STLS"), expected(R::TlsUnavailable));
  EXPECT_FALSE(last.start_tls);
}

// -- AUTH PLAIN (RFC 5034) --------------------------------------------------------------

TEST_F(Pop3Session, AuthPlainWithInitialResponse) {
  start();
  EXPECT_EQ(line("AUTH PLAIN " + encode_sasl_plain("ali", "sesame pass")),
            expected(R::LoggedIn, "2 messages (65 octets)"));
  EXPECT_EQ(session->state(), Pop3State::Transaction);
}

TEST_F(Pop3Session, AuthPlainWithAContinuation) {
  start();
  EXPECT_EQ(line("auth plain"), "+ \r\n");
  EXPECT_EQ(session->state(), Pop3State::Authenticating);
  EXPECT_EQ(line(encode_sasl_plain("ali", "sesame pass")),
            expected(R::LoggedIn, "2 messages (65 octets)"));
}

TEST_F(Pop3Session, AuthPlainCancelledBadOrForAnotherIdentity) {
  start();
  line("AUTH PLAIN");
  EXPECT_EQ(line("*"), expected(R::AuthCancelled));
  EXPECT_EQ(session->state(), Pop3State::Authorization);
  line("AUTH PLAIN");
  EXPECT_EQ(line("not base64!"), expected(R::AuthBadResponse));
  EXPECT_EQ(
      line("AUTH PLAIN " + message::base64_encode(std::string("boss\0ali\0sesame pass", 20), 0)),
      expected(R::AuthzidRefused));
  EXPECT_EQ(line("AUTH CRAM-MD5"), expected(R::UnknownMechanism, "CRAM-MD5"));
  EXPECT_EQ(line("AUTH"), "+OK SASL mechanisms follow\r\nPLAIN\r\n.\r\n");
  EXPECT_TRUE(delegate.logins.empty());
}

// -- failed logins ----------------------------------------------------------------------

TEST_F(Pop3Session, AFailedLoginIsAnsweredLateAndTheLastOneHangsUp) {
  config.failed_login_delay = std::chrono::milliseconds(1500);
  config.max_failed_logins = 3;
  start();
  line("USER ali");
  EXPECT_EQ(line("PASS wrong"), expected(R::LoginFailed));
  EXPECT_EQ(last.delay, std::chrono::milliseconds(1500));
  EXPECT_FALSE(last.close);
  EXPECT_EQ(line("AUTH PLAIN " + encode_sasl_plain("ali", "bad")), expected(R::LoginFailed));
  EXPECT_EQ(last.delay, std::chrono::milliseconds(1500));
  line("USER nobody");
  EXPECT_EQ(line("PASS x"), expected(R::TooManyFailures));
  EXPECT_TRUE(last.close);
  EXPECT_TRUE(session->closed());
  EXPECT_EQ(expected(R::TooManyFailures).substr(0, 12), "-ERR [AUTH] ");
  // A successful command is not delayed.
  start();
  EXPECT_EQ(line("CAPA").substr(0, 3), "+OK");
  EXPECT_EQ(last.delay, std::chrono::milliseconds(0));
}

TEST_F(Pop3Session, AMaildropInUseIsRefusedWithInUse) {
  start();
  login();
  Pop3ServerSession second(config, delegate,
                           ConnectionInfo{"127.0.0.3", 1, "127.0.0.1", 110, false});
  second.start();
  second.receive("USER ali\r\n");
  EXPECT_EQ(second.receive("PASS sesame pass\r\n").bytes, expected(R::MailboxInUse));
  EXPECT_EQ(expected(R::MailboxInUse).substr(0, 14), "-ERR [IN-USE] ");
}

// -- limits and bad input ---------------------------------------------------------------

TEST_F(Pop3Session, ACommandOver255OctetsIsRefused) {
  start();
  EXPECT_EQ(line("USER " + std::string(248, 'a')),
            expected(R::UserAccepted, std::string(248, 'a')));
  EXPECT_EQ(line("USER " + std::string(249, 'a')), expected(R::LineTooLong));
  EXPECT_EQ(line("USER " + std::string(5000, 'a')), expected(R::LineTooLong));
  // The session goes on after the long line.
  EXPECT_EQ(line("NOOP"),
            expected(R::NotInThisState, "NOOP is not allowed in the AUTHORIZATION state"));
}

TEST_F(Pop3Session, AuthLinesMayBeLongerThanCommands) {
  start();
  const std::string response = encode_sasl_plain("ali", "sesame pass" + std::string(0, 'x'));
  EXPECT_EQ(line("AUTH PLAIN " + response + std::string(300, ' ')).substr(0, 3), "+OK");
}

TEST_F(Pop3Session, NulInALineIsRefused) {
  start();
  EXPECT_EQ(send(std::string("CAPA\0x\r\n", 8)), expected(R::NulInLine));
}

TEST_F(Pop3Session, BareLfIsToleratedWithANote) {
  start();
  EXPECT_EQ(send("USER ali\n").substr(0, 3), "+OK");
  bool noted = false;
  for (const auto* e : of_kind(EventKind::Note))
    if (e->text.find("bare LF") != std::string::npos) noted = true;
  EXPECT_TRUE(noted);
}

TEST_F(Pop3Session, PipelinedCommandsAreAnsweredInOrder) {
  start();
  EXPECT_EQ(send("USER ali\r\nPASS sesame pass\r\nSTAT\r\nNOOP\r\n"),
            expected(R::UserAccepted, "ali") + expected(R::LoggedIn, "2 messages (65 octets)") +
                "+OK 2 65\r\n" + expected(R::NoopOk));
}

TEST_F(Pop3Session, LinesSplitAcrossReadsAreJoined) {
  start();
  EXPECT_EQ(send("US"), "");
  EXPECT_EQ(send("ER al"), "");
  EXPECT_EQ(send("i\r\n"), expected(R::UserAccepted, "ali"));
}

TEST_F(Pop3Session, TooManyErrorsCloseTheSession) {
  config.max_errors = 3;
  start();
  line("BAD1");
  line("BAD2");
  EXPECT_EQ(line("BAD3"), expected(R::UnknownCommand, "BAD3") + expected(R::TooManyErrors));
  EXPECT_TRUE(last.close);
  EXPECT_TRUE(session->closed());
  EXPECT_EQ(send("NOOP\r\n"), "");
}

// -- events -----------------------------------------------------------------------------

TEST_F(Pop3Session, SecretsAreMaskedInEvents) {
  start();
  line("USER ali");
  line("PASS sesame pass");
  line("QUIT");
  start();
  line("AUTH PLAIN " + encode_sasl_plain("ali", "sesame pass"));
  line("QUIT");
  start();
  line("AUTH PLAIN");
  line(encode_sasl_plain("ali", "sesame pass"));
  std::vector<std::string> commands;
  for (const auto* e : of_kind(EventKind::Command)) {
    commands.push_back(e->text);
    EXPECT_EQ(e->verb, Verb::Unknown);
    EXPECT_EQ(e->text.find("sesame"), std::string::npos) << e->text;
    EXPECT_EQ(e->text.find(encode_sasl_plain("ali", "sesame pass")), std::string::npos);
  }
  EXPECT_EQ(commands, (std::vector<std::string>{"USER ali", "PASS ****", "QUIT", "AUTH PLAIN ****",
                                                "QUIT", "AUTH PLAIN", "**** (AUTH response)"}));
}

TEST_F(Pop3Session, SecretsAreShownWhenRevealed) {
  config.reveal_secrets = true;
  start();
  line("USER ali");
  line("PASS sesame pass");
  EXPECT_EQ(of_kind(EventKind::Command)[1]->text, "PASS sesame pass");
}

TEST_F(Pop3Session, EventOffsetsCoverEveryByteInBothDirections) {
  start();
  std::string sent;
  std::string received = last.bytes;
  for (const char* l :
       {"USER ali\r\n", "PASS sesame pass\r\n", "LIST\r\n", "RETR 2\r\n", "QUIT\r\n"}) {
    sent += l;
    received += send(l);
  }
  std::uint64_t client = 0;
  std::uint64_t server = 0;
  for (const auto& e : events) {
    if (e.direction == Direction::ClientToServer) {
      EXPECT_EQ(e.offset, client);
      client += e.length;
    } else if (e.direction == Direction::ServerToClient) {
      EXPECT_EQ(e.offset, server);
      server += e.length;
    }
  }
  EXPECT_EQ(client, sent.size());
  EXPECT_EQ(server, received.size());
  // Replies carry their status line as text; POP3 has no numeric code.
  const auto replies = of_kind(EventKind::Reply);
  EXPECT_EQ(replies[0]->text, "+OK pop.gsimaroc.com POP3 SMTP Lab ready");
  EXPECT_EQ(replies[0]->code, 0);
}

}  // namespace
}  // namespace smtplab::protocol::pop3::testing
