// The SMTP client's step timeout over the one transport: it fires when the server is
// silent, and stands still while the lab says its timers are frozen (step mode).
#include <gtest/gtest.h>

#include <atomic>

#include "sim/net/smtp_client.hpp"
#include "tests/net/scripted_peer.hpp"

namespace smtplab::net::testing {
namespace {

using namespace std::chrono_literals;

// A server that greets only after 800 ms, then refuses the session (RFC 5321 §3.1: 554).
void late_refusal(int fd) {
  std::this_thread::sleep_for(800ms);
  ScriptedPeer::send_text(fd, "554 5.3.2 no service\r\n");
  ScriptedPeer::receive_once(fd);
}

std::vector<protocol::MessageResult> send_one(std::uint16_t port, bool frozen) {
  ClientTarget target;
  target.address = "127.0.0.1";
  target.port = port;
  target.timeout = 300ms;
  if (frozen) target.timers_frozen = [] { return true; };
  protocol::ClientConfig config;
  config.helo_name = "client.example.org";
  protocol::OutgoingMessage message;
  message.reverse_path = "a@example.org";
  message.recipients = {"b@example.org"};
  message.content = "Subject: t\r\n\r\nbody\r\n";
  return send_messages(target, config, {message});
}

TEST(ClientTimeout, ASilentServerTimesOut) {
  ScriptedPeer peer(late_refusal);
  const auto results = send_one(peer.port(), false);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].recipients.size(), 1u);
  // No greeting within 300 ms: a temporary failure, retried later.
  EXPECT_EQ(results[0].recipients[0].outcome, protocol::RecipientResult::Outcome::Transient);
}

TEST(ClientTimeout, FrozenTimersWaitForTheGreeting) {
  ScriptedPeer peer(late_refusal);
  const auto results = send_one(peer.port(), true);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_EQ(results[0].recipients.size(), 1u);
  // The lab was paused: the client waited and got the server's own answer.
  EXPECT_EQ(results[0].recipients[0].outcome, protocol::RecipientResult::Outcome::Permanent);
  EXPECT_EQ(results[0].recipients[0].reply.code, 554);
}

}  // namespace
}  // namespace smtplab::net::testing
