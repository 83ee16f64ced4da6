// The server machine, command by command: every reply code the issue names, the limits of
// RFC 5321 §4.5.3.1, and the extensions advertised in EHLO.
#include "sim/protocol/server_session.hpp"
#include "sim/protocol/parameter_table.hpp"

#include "sim/protocol/sasl.hpp"
#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

using Server = ServerFixture;

TEST_F(Server, GreetsWithHostnameOrPersonality) {
  EXPECT_EQ(start(), "220 mail.example ESMTP SMTP Lab ready\r\n");
  config.greeting = "mail.gsimaroc.com ESMTP Service ready\nNo spam please";
  EXPECT_EQ(start(), "220-mail.gsimaroc.com ESMTP Service ready\r\n220 No spam please\r\n");
}

TEST_F(Server, EhloAdvertisesConfiguredExtensions) {
  config.starttls = true;
  config.auth = true;
  config.max_message_size = 1000;
  start();
  const std::string reply = send("EHLO client.example\r\n");
  for (const char* ext : {"PIPELINING", "SIZE 1000", "8BITMIME", "ENHANCEDSTATUSCODES", "STARTTLS",
                          "SMTPUTF8", "CHUNKING", "DSN", "HELP"}) {
    EXPECT_NE(reply.find(std::string("250-") + ext + "\r\n") == std::string::npos &&
                  reply.find(std::string("250 ") + ext + "\r\n") == std::string::npos,
              true)
        << ext << " missing in " << reply;
  }
  // AUTH is not offered in cleartext unless configured (credentials would be exposed).
  EXPECT_EQ(reply.find("AUTH"), std::string::npos);
  EXPECT_TRUE(reply.starts_with("250-mail.example Hello client.example [127.0.0.2]\r\n"));
}

TEST_F(Server, EhloWithoutExtensionsAndHelo) {
  config.pipelining = config.chunking = config.dsn = config.help = false;
  start();
  const std::string reply = send("EHLO c\r\n");
  EXPECT_EQ(reply.find("PIPELINING"), std::string::npos);
  EXPECT_EQ(reply.find("CHUNKING"), std::string::npos);
  EXPECT_EQ(send("HELO c\r\n"), "250 mail.example Hello c [127.0.0.2]\r\n");
}

TEST_F(Server, HeloNeedsADomain) {
  start();
  // The 501 quotes the command table's syntax, as HELP does (was "HELO hostname").
  EXPECT_EQ(send("HELO\r\n"),
            "501 5.5.4 Syntax: " + std::string(find_command_spec(Verb::Helo)->syntax) + "\r\n");
  EXPECT_EQ(send("EHLO \r\n"),
            "501 5.5.4 Syntax: " + std::string(find_command_spec(Verb::Ehlo)->syntax) + "\r\n");
}

TEST_F(Server, CompleteTransactionIsDeliveredUnstuffed) {
  hello();
  EXPECT_EQ(code_of("MAIL FROM:<ali.belabbas@gsimaroc.com>\r\n"), 250);
  EXPECT_EQ(code_of("RCPT TO:<benharraf@gsimaroc.com>\r\n"), 250);
  EXPECT_EQ(send("DATA\r\n"), "354 End data with <CR><LF>.<CR><LF>\r\n");
  EXPECT_EQ(session->state(), SessionState::ReceivingData);
  EXPECT_EQ(send("Subject: test\r\n\r\n..leading dot\r\n.\r\n"), "250 2.0.0 OK: queued as Q1\r\n");
  ASSERT_EQ(delegate.delivered.size(), 1u);
  EXPECT_EQ(delegate.delivered[0].content, "Subject: test\r\n\r\n.leading dot\r\n");
  EXPECT_EQ(delegate.delivered[0].envelope.reverse_path.mailbox.address(),
            "ali.belabbas@gsimaroc.com");
  EXPECT_EQ(session->state(), SessionState::Ready);
  EXPECT_EQ(send("QUIT\r\n"), "221 2.0.0 mail.example closing connection\r\n");
  EXPECT_TRUE(last.close);
  EXPECT_TRUE(session->closed());
}

TEST_F(Server, EmptyMessageIsAccepted) {
  hello();
  send("MAIL FROM:<>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(".\r\n"), 250);
  EXPECT_EQ(delegate.delivered.at(0).content, "");
  EXPECT_TRUE(delegate.delivered.at(0).envelope.reverse_path.null);
}

TEST_F(Server, BadSequenceReplies) {
  start();
  EXPECT_EQ(send("MAIL FROM:<a@b.example>\r\n"), "503 5.5.1 Send HELO or EHLO first\r\n");
  send("EHLO c\r\n");
  EXPECT_EQ(send("RCPT TO:<benharraf@gsimaroc.com>\r\n"), "503 5.5.1 Need MAIL command first\r\n");
  EXPECT_EQ(code_of("DATA\r\n"), 503);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 250);
  EXPECT_EQ(send("MAIL FROM:<a@b.example>\r\n"), "503 5.5.1 Sender already specified\r\n");
  EXPECT_EQ(send("DATA\r\n"), "503 5.5.1 Need RCPT command first\r\n");
}

TEST_F(Server, DataAfterAllRecipientsRefusedIs554) {
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<nobody@gsimaroc.com>\r\n"), 550);
  EXPECT_EQ(send("DATA\r\n"), "554 5.5.1 No valid recipients\r\n");
}

TEST_F(Server, RsetAbortsTheTransaction) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n");
  EXPECT_EQ(send("RSET\r\n"), "250 2.0.0 OK\r\n");
  EXPECT_EQ(session->state(), SessionState::Ready);
  EXPECT_TRUE(session->envelope().recipients.empty());
  EXPECT_EQ(code_of("RSET now\r\n"), 501);
  EXPECT_EQ(code_of("RCPT TO:<benharraf@gsimaroc.com>\r\n"), 503);
}

TEST_F(Server, NoopAndUnknownCommands) {
  hello();
  EXPECT_EQ(code_of("NOOP\r\n"), 250);
  EXPECT_EQ(code_of("noop anything\r\n"), 250);
  EXPECT_EQ(send("FOO bar\r\n"), "500 5.5.2 Command unrecognized: FOO\r\n");
  EXPECT_EQ(send("\r\n"), "500 5.5.2 Command unrecognized: (empty line)\r\n");
}

TEST_F(Server, HeaderTypedAsCommandGetsATeachingReply) {
  hello();
  EXPECT_EQ(send("Subject: hello\r\n"),
            "500 5.5.2 \"Subject:\" is a message header, not a command: send DATA first\r\n");
}

TEST_F(Server, HttpRequestIsRefusedAndClosed) {
  start();
  EXPECT_EQ(code_of("GET / HTTP/1.1\r\n"), 500);
  EXPECT_TRUE(last.close);
}

TEST_F(Server, LowerCaseVerbsAreAccepted) {
  start();
  EXPECT_EQ(code_of("ehlo c\r\n"), 250);
  EXPECT_EQ(code_of("mail from:<a@b.example>\r\n"), 250);
  EXPECT_EQ(code_of("rcpt to:<benharraf@gsimaroc.com>\r\n"), 250);
}

TEST_F(Server, MailSyntaxErrors) {
  hello();
  // The 501 quotes the command table's syntax, as HELP does (was "MAIL FROM:<address>").
  EXPECT_EQ(send("MAIL <a@b.example>\r\n"),
            "501 5.5.4 Syntax: " + std::string(find_command_spec(Verb::Mail)->syntax) + "\r\n");
  EXPECT_EQ(send("MAIL FROM:\r\n"),
            "501 5.5.4 Syntax: " + std::string(find_command_spec(Verb::Mail)->syntax) + "\r\n");
  EXPECT_EQ(code_of("MAIL FROM:<a@@b>\r\n"), 501);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example\r\n"), 501);
  EXPECT_EQ(code_of("MAIL FROM:<a b@c.example>\r\n"), 501);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>X=1\r\n"), 501);
}

TEST_F(Server, MailToleratesSpaceAfterColonAndMissingBrackets) {
  hello();
  EXPECT_EQ(code_of("MAIL FROM: <a@b.example>\r\n"), 250);
  send("RSET\r\n");
  EXPECT_EQ(code_of("MAIL FROM:a@b.example\r\n"), 250);
}

TEST_F(Server, MailParameters) {
  config.max_message_size = 1000;
  hello();
  EXPECT_EQ(send("MAIL FROM:<a@b.example> SIZE=2000\r\n"),
            "552 5.3.4 Message size exceeds fixed limit of 1000 octets\r\n");
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> SIZE=abc\r\n"), 501);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> BODY=BINARYMIME\r\n"), 555);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> FOO=bar\r\n"), 555);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> SIZE=10 BODY=8BITMIME RET=HDRS ENVID=x1\r\n"), 250);
  EXPECT_TRUE(session->envelope().body_8bitmime);
  EXPECT_EQ(session->envelope().declared_size, 10u);
}

// A malformed value of a known parameter is a 501 whose text is the parameter table's syntax
// (one table, like the verbs'): RFC 3461's NOTIFY, ORCPT, RET and ENVID, RFC 1870's SIZE.
TEST_F(Server, ParameterSyntaxRepliesComeFromTheTable) {
  const auto syntax_reply = [](Verb verb, std::string_view keyword) {
    return "501 5.5.4 Syntax: " + std::string(find_parameter_spec(verb, keyword)->syntax) + "\r\n";
  };
  hello();
  EXPECT_EQ(send("MAIL FROM:<a@b.example> SIZE=abc\r\n"), syntax_reply(Verb::Mail, "SIZE"));
  EXPECT_EQ(send("MAIL FROM:<a@b.example> RET=ALL\r\n"), syntax_reply(Verb::Mail, "RET"));
  EXPECT_EQ(send("MAIL FROM:<a@b.example> ENVID\r\n"), syntax_reply(Verb::Mail, "ENVID"));
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> RET=full ENVID=QQ314159\r\n"), 250);
  for (const char* bad : {"NOTIFY=SOMETIMES", "NOTIFY=NEVER,SUCCESS", "NOTIFY=DELAY,DELAY",
                          "NOTIFY", "NOTIFY=SUCCESS,"}) {
    EXPECT_EQ(send("RCPT TO:<benharraf@gsimaroc.com> " + std::string(bad) + "\r\n"),
              syntax_reply(Verb::Rcpt, "NOTIFY"))
        << bad;
  }
  for (const char* bad : {"ORCPT=benharraf@gsimaroc.com", "ORCPT=;x@y.example", "ORCPT=rfc822;"}) {
    EXPECT_EQ(send("RCPT TO:<benharraf@gsimaroc.com> " + std::string(bad) + "\r\n"),
              syntax_reply(Verb::Rcpt, "ORCPT"))
        << bad;
  }
  EXPECT_EQ(code_of("RCPT TO:<benharraf@gsimaroc.com> NOTIFY=never\r\n"), 250);
  EXPECT_EQ(code_of("RCPT TO:<ali.belabbas@gsimaroc.com> NOTIFY=DELAY,FAILURE "
                    "ORCPT=utf-8;ali.belabbas@gsimaroc.com\r\n"),
            250);
}

TEST_F(Server, RcptParametersAndDsn) {
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<benharraf@gsimaroc.com> NOTIFY=SUCCESS,FAILURE "
                    "ORCPT=rfc822;benharraf@gsimaroc.com\r\n"),
            250);
  EXPECT_EQ(code_of("RCPT TO:<ali.belabbas@gsimaroc.com> XFOO=1\r\n"), 555);
  config.dsn = false;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<benharraf@gsimaroc.com> NOTIFY=NEVER\r\n"), 555);
  EXPECT_EQ(code_of("RSET\r\n"), 250);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example> RET=FULL\r\n"), 555);
}

TEST_F(Server, NullPathOnlyForSenders) {
  hello();
  EXPECT_EQ(code_of("MAIL FROM:<>\r\n"), 250);
  EXPECT_EQ(code_of("RCPT TO:<>\r\n"), 501);
}

TEST_F(Server, PostmasterWithoutDomainIsAlwaysAccepted) {
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<Postmaster>\r\n"), 250);
  EXPECT_EQ(code_of("RCPT TO:<postmaster>\r\n"), 250);
}

TEST_F(Server, SourceRouteIsParsedKeptAndIgnoredForDelivery) {
  delegate.accept_unknown = true;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(send("RCPT TO:<@ONE,@TWO:joe@THREE>\r\n"),
            "250 2.1.5 Recipient <@ONE,@TWO:joe@THREE> OK\r\n");
  const Recipient& r = session->envelope().recipients.at(0);
  EXPECT_EQ(r.path.source_route, (std::vector<std::string>{"ONE", "TWO"}));
  EXPECT_EQ(r.path.mailbox.address(), "joe@THREE");
  bool noted = false;
  for (const auto& e : events)
    noted |= e.kind == EventKind::Note && e.text.find("appendix C") != std::string::npos;
  EXPECT_TRUE(noted);
}

TEST_F(Server, QuotedLocalPart) {
  delegate.accept_unknown = true;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<\"john smith\"@gsimaroc.com>\r\n"), 250);
  EXPECT_EQ(session->envelope().recipients.at(0).path.mailbox.local_part, "john smith");
  EXPECT_EQ(session->envelope().recipients.at(0).path.mailbox.address(),
            "\"john smith\"@gsimaroc.com");
}

TEST_F(Server, LengthLimitsOfPaths) {
  delegate.accept_unknown = true;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(code_of("RCPT TO:<" + std::string(64, 'l') + "@gsimaroc.com>\r\n"), 250);
  EXPECT_EQ(send("RCPT TO:<" + std::string(65, 'l') + "@gsimaroc.com>\r\n"),
            "501 5.1.3 Path too long: local part longer than 64 octets\r\n");
  std::string domain;
  while (domain.size() < 250) domain += "abcdefghi.";
  domain += "example";
  EXPECT_EQ(code_of("RCPT TO:<a@" + domain + ">\r\n"), 501);
}

TEST_F(Server, RecipientLimitGives452) {
  delegate.accept_unknown = true;
  config.max_recipients = 100;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  std::string batch;
  for (int i = 0; i < 101; ++i) batch += "RCPT TO:<u" + std::to_string(i) + "@gsimaroc.com>\r\n";
  const auto c = codes(send(batch));
  ASSERT_EQ(c.size(), 101u);
  EXPECT_EQ(c[99], 250);
  EXPECT_EQ(c[100], 452);
  EXPECT_EQ(session->envelope().recipients.size(), 100u);
}

TEST_F(Server, CommandLineLimit) {
  hello();
  const std::string ok_line = "NOOP " + std::string(505, 'x') + "\r\n";  // 512 octets
  ASSERT_EQ(ok_line.size(), 512u);
  EXPECT_EQ(code_of(ok_line), 250);
  EXPECT_EQ(code_of("NOOP " + std::string(506, 'x') + "\r\n"), 500);
  EXPECT_EQ(code_of("NOOP\r\n"), 250);  // the session goes on
}

TEST_F(Server, MessageSizeLimitOnData) {
  config.max_message_size = 100;
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(std::string(200, 'x') + "\r\n.\r\n"), 552);
  EXPECT_TRUE(delegate.delivered.empty());
  EXPECT_EQ(session->state(), SessionState::Ready);
}

TEST_F(Server, TextLineLimit) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(std::string(998, 'x') + "\r\n.\r\n"), 250);
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of(std::string(999, 'x') + "\r\n.\r\n"), 554);
  EXPECT_EQ(delegate.delivered.size(), 1u);
}

TEST_F(Server, EightBitWithoutDeclarationFollowsPolicy) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of("Subject: \xc3\xa9t\xc3\xa9\r\n.\r\n"), 250);
  config.eight_bit = EightBitPolicy::Reject;
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of("Subject: \xc3\xa9t\xc3\xa9\r\n.\r\n"), 554);
  send("MAIL FROM:<a@b.example> BODY=8BITMIME\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(code_of("Subject: \xc3\xa9t\xc3\xa9\r\n.\r\n"), 250);
}

TEST_F(Server, SmtpUtf8Addresses) {
  delegate.accept_unknown = true;
  hello();
  EXPECT_EQ(code_of("MAIL FROM:<andr\xc3\xa9@b.example>\r\n"), 553);
  EXPECT_EQ(code_of("MAIL FROM:<andr\xc3\xa9@b.example> SMTPUTF8\r\n"), 250);
  EXPECT_EQ(code_of("RCPT TO:<fran\xc3\xa7oise@\xc3\xa9"
                    "cole.example>\r\n"),
            250);
}

TEST_F(Server, BdatChunksAreJoinedAndAcknowledged) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n");
  EXPECT_EQ(send("BDAT 5\r\nhello"), "250 2.0.0 5 octets received\r\n");
  EXPECT_EQ(send("BDAT 9 LAST\r\n wor"), "");
  EXPECT_EQ(session->state(), SessionState::ReceivingBdat);
  EXPECT_EQ(code_of("ld\r\n."), 250);
  ASSERT_EQ(delegate.delivered.size(), 1u);
  EXPECT_EQ(delegate.delivered[0].content, "hello world\r\n.");  // no unstuffing in BDAT
}

TEST_F(Server, BdatZeroLastAndRefusedChunkIsStillRead) {
  hello();
  // No MAIL: the 8 octets must be consumed, not executed as a command.
  EXPECT_EQ(send("BDAT 8\r\nQUIT\r\n\r\n"), "503 5.5.1 Need MAIL command first\r\n");
  EXPECT_FALSE(session->closed());
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n");
  EXPECT_EQ(code_of("BDAT 0 LAST\r\n"), 250);
  EXPECT_EQ(delegate.delivered.at(0).content, "");
  EXPECT_EQ(code_of("BDAT x\r\n"), 501);
}

TEST_F(Server, DataAndMailRefusedWhileBdatInProgress) {
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nBDAT 1\r\nx");
  EXPECT_EQ(code_of("DATA\r\n"), 503);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 503);
  EXPECT_EQ(code_of("RSET\r\n"), 250);
  EXPECT_EQ(code_of("MAIL FROM:<a@b.example>\r\n"), 250);
}

TEST_F(Server, ChunkingDisabledGives502) {
  config.chunking = false;
  hello();
  EXPECT_EQ(code_of("BDAT 1 LAST\r\n"), 502);
}

TEST_F(Server, HelpListsCommandsAndDescribesOne) {
  hello();
  const std::string all = send("HELP\r\n");
  EXPECT_TRUE(all.starts_with("214-"));
  EXPECT_NE(all.find("STARTTLS"), std::string::npos);
  const std::string mail = send("HELP mail\r\n");
  EXPECT_NE(mail.find("214-2.0.0 MAIL FROM:<reverse-path>"), std::string::npos);
  EXPECT_NE(mail.find("RFC 5321"), std::string::npos);
  EXPECT_EQ(code_of("HELP FOO\r\n"), 504);
  config.help = false;
  hello();
  EXPECT_EQ(code_of("HELP\r\n"), 502);
}

TEST_F(Server, VrfyByPolicy) {
  hello();
  // 252 with X.0.0: it claims nothing about the address (RFC 5321 §3.5.3, §7.3).
  EXPECT_EQ(send("VRFY ali.belabbas\r\n"),
            "252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery\r\n");
  EXPECT_EQ(code_of("VRFY\r\n"), 501);
  // Disabled for security is that same 252: never 502 for a command every server must
  // implement (§4.5.1, §7.3).
  config.vrfy = VrfyPolicy::CannotVerify;
  hello();
  EXPECT_EQ(code_of("VRFY nobody\r\n"), 252);
  config.vrfy = VrfyPolicy::Enabled;
  hello();
  EXPECT_EQ(send("VRFY ali.belabbas\r\n"),
            "250 2.1.5 Ali Belabbas <ali.belabbas@gsimaroc.com>\r\n");
  EXPECT_EQ(code_of("VRFY dupont\r\n"), 251);
  EXPECT_EQ(code_of("VRFY ali\r\n"), 553);
  EXPECT_EQ(code_of("VRFY nobody\r\n"), 550);
}

TEST_F(Server, ExpnListsMembersWhenEnabled) {
  hello();
  // Disabled for security: 252, as RFC 5321 §7.3 requires, never 502 or 550.
  EXPECT_EQ(send("EXPN profs\r\n"),
            "252 2.0.0 Cannot EXPN list, but will accept message and attempt delivery\r\n");
  config.expn = true;
  hello();
  EXPECT_EQ(send("EXPN profs\r\n"),
            "250-2.1.5 <ali.belabbas@gsimaroc.com>\r\n250 2.1.5 <benharraf@gsimaroc.com>\r\n");
  EXPECT_EQ(code_of("EXPN nolist\r\n"), 550);
}

TEST_F(Server, EnhancedCodesOnlyWhenAdvertised) {
  config.enhanced_status_codes = false;
  hello();
  EXPECT_EQ(send("NOOP\r\n"), "250 OK\r\n");
  EXPECT_EQ(send("MAIL FROM:<x>\r\n"), "501 Bad address syntax: missing @domain in \"x\"\r\n");
}

TEST_F(Server, PersonalityOverridesTexts) {
  config.texts[ReplyId::MessageAccepted] = "ok 1014808040 qp 19827";
  hello();
  send("MAIL FROM:<a@b.example>\r\nRCPT TO:<benharraf@gsimaroc.com>\r\nDATA\r\n");
  EXPECT_EQ(send(".\r\n"), "250 2.0.0 ok 1014808040 qp 19827\r\n");
}

TEST_F(Server, PersonalityOverridesTheGreetingToo) {
  // The greeting goes through the catalogue like every reply (it bypassed it before, so a
  // node's Greeting text was ignored).
  config.texts[ReplyId::Greeting] = "mx.example ESMTP Postfix";
  EXPECT_EQ(start(), "220 mx.example ESMTP Postfix\r\n");
}

TEST_F(Server, LhloIsRefusedAsUnknownButRecordedAsLhlo) {
  hello();
  EXPECT_EQ(send("LHLO client.example\r\n"), "500 5.5.2 Command unrecognized: LHLO\r\n");
  bool seen = false;
  for (const auto& e : events) seen |= e.kind == EventKind::Command && e.verb == Verb::Lhlo;
  EXPECT_TRUE(seen);
  EXPECT_EQ(send("HELP\r\n").find("LHLO"), std::string::npos);
  EXPECT_EQ(code_of("HELP LHLO\r\n"), 504);
}

TEST_F(Server, AuthAndStarttlsRefusedInsideATransaction) {
  config.starttls = true;
  config.auth = true;
  config.auth_over_cleartext = true;
  hello();
  send("MAIL FROM:<a@b.example>\r\n");
  EXPECT_EQ(send("STARTTLS\r\n"),
            "503 5.5.1 Bad sequence of commands: STARTTLS is not allowed during a mail "
            "transaction\r\n");
  EXPECT_EQ(send("AUTH PLAIN\r\n"),
            "503 5.5.1 Bad sequence of commands: AUTH is not allowed during a mail "
            "transaction\r\n");
}

TEST_F(Server, TooManyErrorsCloseWith421) {
  config.max_errors = 3;
  start();
  const auto c = codes(send("FOO\r\nBAR\r\nBAZ\r\nNOOP\r\n"));
  EXPECT_EQ(c, (std::vector<int>{500, 500, 500, 421}));
  EXPECT_TRUE(last.close);
}

TEST_F(Server, IdleTimeoutAndShutdownSay421) {
  start();
  auto out = session->idle_timeout();
  EXPECT_TRUE(out.bytes.starts_with("421 4.4.2 "));
  EXPECT_TRUE(out.close);
  start();
  out = session->shutdown();
  EXPECT_TRUE(out.bytes.starts_with("421 4.3.2 "));
}

TEST_F(Server, EventsCarryStreamOffsets) {
  start();
  send("EHLO c\r\nNOOP\r\n");
  std::vector<ProtocolEvent> commands, replies;
  for (const auto& e : events) {
    if (e.kind == EventKind::Command) commands.push_back(e);
    if (e.kind == EventKind::Reply) replies.push_back(e);
  }
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[1].offset, 8u);
  EXPECT_EQ(commands[1].length, 6u);
  EXPECT_EQ(commands[1].verb, Verb::Noop);
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].offset, 0u);
  EXPECT_EQ(replies[1].offset, replies[0].length);
  EXPECT_EQ(replies[2].offset, replies[1].offset + replies[1].length);
}

}  // namespace
}  // namespace smtplab::protocol::testing

namespace smtplab::protocol::testing {
namespace {

TEST_F(ServerFixture, UnqualifiedSenderOnlyWhenTheServerQualifiesIt) {
  hello();
  EXPECT_EQ(code_of("MAIL FROM:<dupont>\r\n"), 501);
  config.allow_unqualified_sender = true;
  hello();
  EXPECT_EQ(send("MAIL FROM:<dupont>\r\n"), "250 2.1.0 Sender <dupont> OK\r\n");
  EXPECT_EQ(session->envelope().reverse_path.mailbox.local_part, "dupont");
  EXPECT_TRUE(session->envelope().reverse_path.mailbox.domain.empty());
  // Recipients still need a domain (only <Postmaster> may go without).
  EXPECT_EQ(code_of("RCPT TO:<benharraf>\r\n"), 501);
}

}  // namespace
}  // namespace smtplab::protocol::testing
