// Test fixture driving a ServerSession in memory: a delegate that records deliveries and
// knows a few users, helpers to send bytes and read back the reply codes.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/protocol/reply.hpp"
#include "sim/protocol/server_session.hpp"

namespace smtplab::protocol::testing {

struct Delivered {
  Envelope envelope;
  std::string content;
};

class RecordingDelegate : public ServerDelegate {
 public:
  std::set<std::string> known_users{"ali.belabbas@gsimaroc.com", "benharraf@gsimaroc.com"};
  bool accept_unknown = false;
  std::vector<Delivered> delivered;

  std::optional<SmtpError> check_recipient(const Envelope&, const Path& path) override {
    if (path.mailbox.domain.empty()) return std::nullopt;  // <Postmaster>
    if (accept_unknown || known_users.count(path.mailbox.address())) return std::nullopt;
    return SmtpError::from(ReplyId::MailboxUnavailable, path.mailbox.address());
  }
  bool authenticate(std::string_view user, std::string_view password) override {
    return user == "ali" && password == "sesame";
  }
  VerifyAnswer verify(std::string_view name) override {
    if (name == "ali.belabbas")
      return {VerifyAnswer::Kind::Exists, "Ali Belabbas <ali.belabbas@gsimaroc.com>"};
    if (name == "ali") return {VerifyAnswer::Kind::Ambiguous, ""};
    if (name == "dupont") return {VerifyAnswer::Kind::WillForward, "<Henri.Dupont@truc.net>"};
    return {VerifyAnswer::Kind::Unknown, ""};
  }
  std::optional<std::vector<std::string>> expand(std::string_view list) override {
    if (list == "profs")
      return std::vector<std::string>{"<ali.belabbas@gsimaroc.com>", "<benharraf@gsimaroc.com>"};
    return std::nullopt;
  }
  DeliveryResult deliver(const Envelope& envelope, std::string_view message) override {
    delivered.push_back({envelope, std::string(message)});
    return {std::nullopt, "Q" + std::to_string(delivered.size())};
  }
};

class ServerFixture : public ::testing::Test {
 protected:
  ServerConfig config;
  RecordingDelegate delegate;
  std::vector<ProtocolEvent> events;
  std::unique_ptr<ServerSession> session;
  ServerOutput last;

  /// Creates the session and returns the greeting.
  std::string start(bool tls = false) {
    ConnectionInfo info{"127.0.0.2", 40000, "127.0.0.1", 25, tls};
    session = std::make_unique<ServerSession>(
        config, delegate, info, [this](const ProtocolEvent& e) { events.push_back(e); });
    last = session->start();
    return last.bytes;
  }
  /// Sends raw bytes, returns everything the server answered.
  std::string send(std::string_view bytes) {
    last = session->receive(bytes);
    return last.bytes;
  }
  /// Reply codes in a block of reply bytes, in order.
  static std::vector<int> codes(const std::string& replies) {
    std::vector<int> out;
    ReplyParser parser;
    std::size_t start = 0;
    while (start < replies.size()) {
      auto end = replies.find("\r\n", start);
      if (end == std::string::npos) break;
      if (parser.feed_line(std::string_view(replies).substr(start, end - start)) ==
          ReplyParser::Status::Complete) {
        out.push_back(parser.take().code);
      }
      start = end + 2;
    }
    return out;
  }
  /// The code of the single reply to `bytes`.
  int code_of(std::string_view bytes) {
    auto c = codes(send(bytes));
    EXPECT_EQ(c.size(), 1u) << "replies: " << last.bytes;
    return c.empty() ? 0 : c.back();
  }
  /// Greets and sends EHLO.
  void hello() {
    start();
    ASSERT_EQ(code_of("EHLO client.example\r\n"), 250);
  }
};

}  // namespace smtplab::protocol::testing
