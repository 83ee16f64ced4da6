// The client machine against the server machine, connected in memory: every byte one
// emits is fed to the other, STARTTLS included (the TLS layer itself is the transport's).
#include "sim/protocol/client_session.hpp"

#include "tests/protocol/server_fixture.hpp"

namespace smtplab::protocol::testing {
namespace {

class ClientServer : public ::testing::Test {
 protected:
  ServerConfig server_config;
  ClientConfig client_config;
  RecordingDelegate delegate;
  std::vector<ProtocolEvent> client_events;
  std::string wire;  // everything the client sent, in order

  /// Runs a whole session; returns the client's results.
  std::vector<MessageResult> run(std::vector<OutgoingMessage> messages) {
    ServerSession server(server_config, delegate,
                         ConnectionInfo{"127.0.0.2", 4000, "127.0.0.1", 25, false});
    ClientSession client(client_config, std::move(messages),
                         [this](const ProtocolEvent& e) { client_events.push_back(e); });
    ServerOutput s = server.start();
    for (int turn = 0; turn < 1000 && !client.done(); ++turn) {
      ClientOutput c = client.receive(s.bytes);
      wire += c.bytes;
      s = server.receive(c.bytes);
      if (c.start_tls) {
        EXPECT_TRUE(s.start_tls || s.bytes.empty());
        server.tls_established();
        c = client.tls_established();
        wire += c.bytes;
        s = server.receive(c.bytes);
      }
      if (s.close && !client.done()) {
        client.receive(s.bytes);
        break;
      }
    }
    EXPECT_TRUE(client.done());
    return client.results();
  }

  static OutgoingMessage message(std::vector<std::string> to,
                                 std::string content = "Subject: t\r\n\r\nhello\r\n.dot\r\n") {
    return OutgoingMessage{"ali.belabbas@gsimaroc.com", std::move(to), std::move(content), {}};
  }

  std::size_t count(std::string_view needle) const {
    std::size_t n = 0;
    for (auto pos = wire.find(needle); pos != std::string::npos; pos = wire.find(needle, pos + 1))
      ++n;
    return n;
  }
};

TEST_F(ClientServer, DeliversWithPipeliningAndDotStuffing) {
  const auto results = run({message({"benharraf@gsimaroc.com", "nobody@gsimaroc.com"})});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_EQ(results[0].recipients[1].outcome, RecipientResult::Outcome::Permanent);
  EXPECT_EQ(results[0].recipients[1].reply.code, 550);
  ASSERT_EQ(delegate.delivered.size(), 1u);
  EXPECT_EQ(delegate.delivered[0].content, "Subject: t\r\n\r\nhello\r\n.dot\r\n");
  EXPECT_NE(wire.find("\r\n..dot\r\n"), std::string::npos);  // stuffed on the wire
  // Pipelined: MAIL, RCPT, RCPT and DATA went out in one batch, before any RCPT reply.
  EXPECT_NE(
      wire.find(
          "MAIL FROM:<ali.belabbas@gsimaroc.com> SIZE=27\r\nRCPT TO:<benharraf@gsimaroc.com>\r\n"
          "RCPT TO:<nobody@gsimaroc.com>\r\nDATA\r\n"),
      std::string::npos);
  EXPECT_TRUE(wire.ends_with("QUIT\r\n"));
}

TEST_F(ClientServer, WithoutPipeliningWaitsForEachReply) {
  server_config.pipelining = false;
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_EQ(delegate.delivered.size(), 1u);
}

TEST_F(ClientServer, AllRecipientsRefusedSendsNoData) {
  server_config.pipelining = false;
  const auto results = run({message({"nobody@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Permanent);
  EXPECT_EQ(count("DATA\r\n"), 0u);
  EXPECT_EQ(count("RSET\r\n"), 1u);
  EXPECT_TRUE(delegate.delivered.empty());
}

TEST_F(ClientServer, PipelinedAllRefusedEndsCleanly) {
  const auto results = run({message({"nobody@gsimaroc.com"}), message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Permanent);
  EXPECT_EQ(results[1].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_EQ(delegate.delivered.size(), 1u);
}

TEST_F(ClientServer, SeveralMessagesOnOneConnection) {
  const auto results =
      run({message({"benharraf@gsimaroc.com"}), message({"ali.belabbas@gsimaroc.com"})});
  EXPECT_EQ(delegate.delivered.size(), 2u);
  EXPECT_EQ(results[1].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_EQ(count("EHLO"), 1u);
}

TEST_F(ClientServer, SizeLimitIsRespectedBeforeSending) {
  server_config.max_message_size = 10;
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Permanent);
  EXPECT_EQ(results[0].recipients[0].reply.code, 552);
  EXPECT_EQ(count("MAIL FROM"), 0u);
}

TEST_F(ClientServer, StarttlsThenAuthPlain) {
  server_config.starttls = true;
  server_config.auth = true;
  server_config.auth_required = true;
  client_config.auth_user = "ali";
  client_config.auth_password = "sesame";
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_EQ(count("EHLO"), 2u);  // again after TLS
  EXPECT_EQ(count("STARTTLS"), 1u);
  EXPECT_EQ(delegate.delivered.at(0).envelope.auth_user, "ali");
  bool masked = false;
  for (const auto& e : client_events)
    masked |= e.kind == EventKind::Command && e.text == "AUTH PLAIN ****";
  EXPECT_TRUE(masked);
}

TEST_F(ClientServer, WrongPasswordFailsEveryRecipient) {
  server_config.auth = true;
  server_config.auth_over_cleartext = true;
  client_config.auth_user = "ali";
  client_config.auth_password = "nope";
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].reply.code, 535);
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Permanent);
}

TEST_F(ClientServer, RequireTlsWithoutStarttlsGivesUpTemporarily) {
  client_config.require_tls = true;
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Transient);
  EXPECT_TRUE(delegate.delivered.empty());
}

TEST_F(ClientServer, ChunkingSendsBdatWithoutStuffing) {
  client_config.chunking = true;
  const auto results = run({message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(results[0].recipients[0].outcome, RecipientResult::Outcome::Delivered);
  EXPECT_NE(wire.find("BDAT 27 LAST\r\nSubject: t\r\n\r\nhello\r\n.dot\r\n"), std::string::npos);
  EXPECT_EQ(delegate.delivered.at(0).content, "Subject: t\r\n\r\nhello\r\n.dot\r\n");
}

TEST_F(ClientServer, GreetingRefusalFailsEverything) {
  server_config.greeting = "mail.example ESMTP";
  ServerSession server(server_config, delegate, ConnectionInfo{});
  ClientSession client(client_config, {message({"benharraf@gsimaroc.com"})});
  const ClientOutput out = client.receive("554 5.3.2 no service\r\n");
  EXPECT_EQ(out.bytes, "QUIT\r\n");
  client.receive("221 bye\r\n");
  EXPECT_TRUE(client.done());
  EXPECT_EQ(client.results()[0].recipients[0].reply.code, 554);
}

TEST_F(ClientServer, HeloFallbackWhenEhloIsUnknown) {
  ClientSession client(client_config, {message({"benharraf@gsimaroc.com"})});
  EXPECT_EQ(client.receive("220 old.example SMTP\r\n").bytes, "EHLO client.example\r\n");
  EXPECT_EQ(client.receive("500 command unrecognized\r\n").bytes, "HELO client.example\r\n");
  // No extensions after HELO: no SIZE parameter, no pipelining.
  EXPECT_EQ(client.receive("250 old.example\r\n").bytes,
            "MAIL FROM:<ali.belabbas@gsimaroc.com>\r\n");
  EXPECT_EQ(client.receive("250 ok\r\n").bytes, "RCPT TO:<benharraf@gsimaroc.com>\r\n");
  EXPECT_EQ(client.receive("250 ok\r\n").bytes, "DATA\r\n");
  EXPECT_EQ(client.receive("354 go\r\n").bytes, "Subject: t\r\n\r\nhello\r\n..dot\r\n.\r\n");
  EXPECT_EQ(client.receive("250 queued\r\n").bytes, "QUIT\r\n");
  EXPECT_EQ(client.results()[0].recipients[0].outcome, RecipientResult::Outcome::Delivered);
}

TEST_F(ClientServer, MultiLineRepliesSplitAcrossReads) {
  ClientSession client(client_config, {message({"benharraf@gsimaroc.com"})});
  client.receive("220-first\r\n220 ");
  const ClientOutput out = client.receive("second\r\n");
  EXPECT_EQ(out.bytes, "EHLO client.example\r\n");
  EXPECT_EQ(client.receive("250-x\r\n250-PIPE").bytes, "");
  EXPECT_EQ(client.extensions().size(), 0u);
}

TEST_F(ClientServer, ConnectionLostMakesRecipientsTransient) {
  ClientSession client(client_config, {message({"benharraf@gsimaroc.com"})});
  client.receive("220 x\r\n");
  client.connection_lost("connection reset");
  EXPECT_TRUE(client.done());
  EXPECT_EQ(client.results()[0].recipients[0].outcome, RecipientResult::Outcome::Transient);
  EXPECT_EQ(client.results()[0].recipients[0].reply.code, 421);
}

TEST_F(ClientServer, TransientFinalReplyIsTransient) {
  ClientSession client(client_config, {message({"benharraf@gsimaroc.com"})});
  client.receive("220 x\r\n");
  client.receive("250 x\r\n");
  client.receive("250 ok\r\n");
  client.receive("250 ok\r\n");
  client.receive("354 go\r\n");
  client.receive("451 4.3.0 try later\r\n");
  EXPECT_EQ(client.results()[0].recipients[0].outcome, RecipientResult::Outcome::Transient);
}

}  // namespace
}  // namespace smtplab::protocol::testing
