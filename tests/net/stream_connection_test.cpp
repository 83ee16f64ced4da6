// The one client transport over real loopback sockets: source address, a pipelined batch
// in one write, reads that time out without losing bytes, writes posted from another
// thread, STARTTLS and implicit TLS against the lab's own servers, and the TLS key log.
#include "sim/net/stream_connection.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "tests/lab/lab_fixture.hpp"
#include "tests/net/scripted_peer.hpp"

namespace smtplab::net::testing {
namespace {

using Status = StreamConnection::ReadStatus;
using namespace std::chrono_literals;

ConnectOptions to_local(std::uint16_t port) {
  ConnectOptions o;
  o.address = "127.0.0.1";
  o.port = port;
  o.timeout = 5s;
  return o;
}

// Reads until `needle` has arrived (or 5 s passed).
std::string read_until(StreamConnection& c, const std::string& needle) {
  std::string got;
  for (int i = 0; i < 50 && got.find(needle) == std::string::npos; ++i) {
    if (c.read(got, 100ms) == Status::Closed) break;
  }
  return got;
}

TEST(StreamConnection, APipelinedBatchArrivesInOneRead) {
  std::string first_read;
  {
    ScriptedPeer peer([&](int fd) {
      ScriptedPeer::send_text(fd, "220 peer\r\n");
      first_read = ScriptedPeer::receive_once(fd);
      ScriptedPeer::send_text(fd, "250 ok\r\n");
    });
    StreamConnection c(to_local(peer.port()));
    ASSERT_TRUE(c.connect()) << c.error();
    EXPECT_EQ(read_until(c, "\r\n"), "220 peer\r\n");
    ASSERT_TRUE(c.write("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n"));
    EXPECT_EQ(read_until(c, "250"), "250 ok\r\n");
  }
  // RFC 2920: the three commands left in one write, so the peer read them at once.
  EXPECT_EQ(first_read, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n");
}

TEST(StreamConnection, AReadThatTimesOutLosesNothing) {
  ScriptedPeer peer([](int fd) {
    std::this_thread::sleep_for(300ms);
    ScriptedPeer::send_text(fd, "220 late");
    std::this_thread::sleep_for(100ms);
    ScriptedPeer::send_text(fd, " greeting\r\n");
  });
  StreamConnection c(to_local(peer.port()));
  ASSERT_TRUE(c.connect()) << c.error();
  std::string got;
  EXPECT_EQ(c.read(got, 20ms), Status::Timeout);
  EXPECT_EQ(c.read(got, 20ms), Status::Timeout);
  EXPECT_TRUE(got.empty());
  EXPECT_EQ(read_until(c, "greeting\r\n"), "220 late greeting\r\n");
}

TEST(StreamConnection, WritesPostedFromAnotherThreadGoOutWhileTheOwnerReads) {
  ScriptedPeer peer([](int fd) {
    ScriptedPeer::send_text(fd, "220 peer\r\n");
    const std::string quit = ScriptedPeer::receive_once(fd);
    ScriptedPeer::send_text(fd, quit == "QUIT\r\n" ? "221 bye\r\n" : "500 what\r\n");
  });
  StreamConnection c(to_local(peer.port()));
  ASSERT_TRUE(c.connect()) << c.error();
  std::string got;
  std::thread ui([&] {
    std::this_thread::sleep_for(100ms);
    c.post_write("QUIT\r\n");
  });
  for (int i = 0; i < 50; ++i) {
    if (c.read(got, 100ms) == Status::Closed) break;
  }
  ui.join();
  EXPECT_EQ(got, "220 peer\r\n221 bye\r\n");
  EXPECT_EQ(c.failure(), StreamConnection::Failure::ClosedByPeer);
}

TEST(StreamConnection, CloseFromAnotherThreadEndsARead) {
  ScriptedPeer peer([](int fd) { ScriptedPeer::receive_once(fd); });
  StreamConnection c(to_local(peer.port()));
  ASSERT_TRUE(c.connect()) << c.error();
  std::thread ui([&] {
    std::this_thread::sleep_for(100ms);
    c.close();
  });
  std::string got;
  Status status = Status::Timeout;
  for (int i = 0; i < 50 && status == Status::Timeout; ++i) status = c.read(got, 100ms);
  ui.join();
  EXPECT_EQ(status, Status::Closed);
}

TEST(StreamConnection, RefusedAndUnbindableAreTold) {
  ConnectOptions o = to_local(1);  // nothing listens on port 1
  StreamConnection refused(o);
  EXPECT_FALSE(refused.connect());
  EXPECT_EQ(refused.failure(), StreamConnection::Failure::Refused);
  o.source_address = "192.0.2.1";  // TEST-NET-1: not an address of this machine
  StreamConnection unbound(o);
  EXPECT_FALSE(unbound.connect());
  EXPECT_EQ(unbound.failure(), StreamConnection::Failure::BindFailed);
}

class StreamConnectionLab : public lab::testing::LabTest {};

TEST_F(StreamConnectionLab, CallsFromTheChosenAddressAndStartsTls) {
  start();
  const auto& msa = node("msa.gsimaroc.com");
  const std::string keys = (dir / "keys.log").string();
  ConnectOptions o;
  o.address = msa.address;
  o.port = lab->port(msa.id, "submission");
  o.source_address = node("mua.ali").address;
  o.key_log_file = keys;
  StreamConnection c(o);
  ASSERT_TRUE(c.connect()) << c.error();
  EXPECT_EQ(c.local().rfind(node("mua.ali").address + ":", 0), 0u) << c.local();
  EXPECT_NE(read_until(c, "\r\n").find("220"), std::string::npos);
  ASSERT_TRUE(c.write("EHLO pc.example.org\r\nSTARTTLS\r\n"));  // pipelined up to STARTTLS
  const std::string replies = read_until(c, "220 ");
  ASSERT_NE(replies.find("STARTTLS"), std::string::npos) << replies;
  ASSERT_TRUE(c.start_tls()) << c.error();
  EXPECT_TRUE(c.secure());
  EXPECT_NE(c.tls_description().find("TLS"), std::string::npos);
  ASSERT_TRUE(c.write("EHLO pc.example.org\r\n"));
  const std::string inside = read_until(c, "250 ");
  EXPECT_NE(inside.find("AUTH"), std::string::npos) << inside;
  EXPECT_EQ(inside.find("STARTTLS"), std::string::npos);  // RFC 3207 §4.2
  // The key log holds this session's secrets in the NSS format Wireshark reads.
  std::ifstream in(keys);
  std::stringstream log;
  log << in.rdbuf();
  EXPECT_NE(log.str().find("CLIENT_HANDSHAKE_TRAFFIC_SECRET"), std::string::npos) << log.str();
}

TEST_F(StreamConnectionLab, ImplicitTlsBeforeTheGreeting) {
  start();
  const auto& msa = node("msa.gsimaroc.com");
  ConnectOptions o;
  o.address = msa.address;
  o.port = lab->port(msa.id, "smtps");
  o.implicit_tls = true;
  StreamConnection c(o);
  ASSERT_TRUE(c.connect()) << c.error();
  EXPECT_TRUE(c.secure());
  EXPECT_EQ(read_until(c, "\r\n").substr(0, 4), "220 ");
}

}  // namespace
}  // namespace smtplab::net::testing
