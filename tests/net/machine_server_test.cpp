// The one transport hosting a machine other than SMTP: a POP3 session over MachineServer
// on loopback, with a raw socket as the client. What is checked is the transport's part:
// the greeting, the failed-login delay the machine asks for (answered late, nothing lost),
// the machine's own goodbye when the server stops, and loopback-only listening. And the
// poll timer (IMAP IDLE's need) with a machine made for it: polled only while it asks to
// be, its output written while the read stays pending, nothing read meanwhile lost.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "sim/net/machine_server.hpp"
#include "sim/net/pop3_server.hpp"
#include "sim/protocol/pop3/pop3_response_catalogue.hpp"

namespace smtplab::net {
namespace {

using namespace std::chrono_literals;
using protocol::pop3::pop3_response_line;
using protocol::pop3::Pop3ResponseId;

class NoUsers : public protocol::pop3::Pop3ServerDelegate {
 public:
  protocol::pop3::Pop3Login login(std::string_view, std::string_view) override { return {}; }
};

int connect_to(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  ::inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  timeval tv{10, 0};  // a broken test fails instead of hanging
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Reads until `count` CRLF-ended lines have come (or the peer closes).
std::string read_lines(int fd, int count) {
  std::string text;
  char buffer[512];
  while (true) {
    int lines = 0;
    for (std::size_t at = text.find("\r\n"); at != std::string::npos;
         at = text.find("\r\n", at + 2))
      ++lines;
    if (lines >= count) break;
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  return text;
}

void send_text(int fd, const std::string& text) {
  ASSERT_EQ(::send(fd, text.data(), text.size(), MSG_NOSIGNAL), static_cast<ssize_t>(text.size()));
}

struct Pop3OverTransport : ::testing::Test {
  NoUsers delegate;
  TransportOptions options;
  void SetUp() override {
    Listener l;
    l.name = "pop3";
    l.port = 0;
    options.listeners = {l};
  }
};

TEST_F(Pop3OverTransport, AFailedLoginIsWrittenAfterTheMachinesDelay) {
  protocol::pop3::Pop3ServerConfig config;
  config.hostname = "pop.test";
  config.cleartext_login = true;
  config.failed_login_delay = 400ms;
  MachineServer server(options, pop3_machine_factory(config, delegate));
  const auto ports = server.start();
  std::thread io([&] { server.run(); });

  const int fd = connect_to(ports.at(0));
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read_lines(fd, 1), pop3_response_line(Pop3ResponseId::Greeting, "pop.test") + "\r\n");
  send_text(fd, "USER ali\r\n");
  EXPECT_EQ(read_lines(fd, 1).substr(0, 3), "+OK");
  const auto started = std::chrono::steady_clock::now();
  // The NOOP pipelined after PASS is answered too, after the delay and in order.
  send_text(fd, "PASS wrong\r\nNOOP\r\n");
  const std::string answer = read_lines(fd, 2);
  EXPECT_GE(std::chrono::steady_clock::now() - started, 390ms);
  EXPECT_EQ(answer, pop3_response_line(Pop3ResponseId::LoginFailed) + "\r\n" +
                        pop3_response_line(Pop3ResponseId::NotInThisState,
                                           "NOOP is not allowed in the AUTHORIZATION state") +
                        "\r\n");
  ::close(fd);
  server.stop();
  io.join();
}

TEST_F(Pop3OverTransport, StoppingTheServerSendsTheMachinesGoodbye) {
  MachineServer server(options, pop3_machine_factory({}, delegate));
  const auto ports = server.start();
  std::thread io([&] { server.run(); });
  const int fd = connect_to(ports.at(0));
  ASSERT_GE(fd, 0);
  read_lines(fd, 1);
  server.stop();
  EXPECT_EQ(read_lines(fd, 1), pop3_response_line(Pop3ResponseId::ShuttingDown) + "\r\n");
  io.join();
  ::close(fd);
}

TEST_F(Pop3OverTransport, NonLoopbackAddressesAreRefusedUnlessAllowed) {
  options.listeners[0].address = "0.0.0.0";
  MachineServer server(options, pop3_machine_factory({}, delegate));
  EXPECT_THROW(server.start(), std::runtime_error);
}

// A machine that asks to be polled every 20 ms between "WAIT" and "DONE" (as IMAP does
// during IDLE) and says "* tick" at each poll; any other line is answered "ok <line>".
class TickingMachine : public protocol::ServerMachine {
 public:
  explicit TickingMachine(std::shared_ptr<std::atomic<int>> polls) : polls_(std::move(polls)) {}
  protocol::ServerOutput start() override { return {"* hello\r\n"}; }
  protocol::ServerOutput receive(std::string_view bytes) override {
    protocol::ServerOutput out;
    input_.append(bytes);
    for (auto end = input_.find("\r\n"); end != std::string::npos; end = input_.find("\r\n")) {
      const std::string line = input_.substr(0, end);
      input_.erase(0, end + 2);
      waiting_ = line == "WAIT";
      out.bytes += waiting_ ? "+ waiting\r\n" : "ok " + line + "\r\n";
    }
    return out;
  }
  protocol::ServerOutput tls_established() override { return {}; }
  protocol::ServerOutput idle_timeout() override { return {"* bye\r\n", false, true}; }
  protocol::ServerOutput shutdown() override { return {"* bye\r\n", false, true}; }
  bool closed() const override { return false; }
  std::chrono::milliseconds poll_interval() const override { return waiting_ ? 20ms : 0ms; }
  protocol::ServerOutput poll() override {
    ++*polls_;
    return {waiting_ ? "* tick\r\n" : ""};
  }

 private:
  std::shared_ptr<std::atomic<int>> polls_;
  std::string input_;
  bool waiting_ = false;
};

TEST(MachinePolling, AMachineIsPolledOnlyWhileItAsksAndNothingReadMeanwhileIsLost) {
  auto polls = std::make_shared<std::atomic<int>>(0);
  TransportOptions options;
  Listener l;
  l.name = "ticking";
  l.port = 0;
  options.listeners = {l};
  MachineServer server(options, [polls](MachineSetup) -> std::unique_ptr<protocol::ServerMachine> {
    return std::make_unique<TickingMachine>(polls);
  });
  const auto ports = server.start();
  std::thread io([&] { server.run(); });
  const int fd = connect_to(ports.at(0));
  ASSERT_GE(fd, 0);
  EXPECT_EQ(read_lines(fd, 1), "* hello\r\n");
  // Not asked for: a silent client gets nothing, and the machine is never polled.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(polls->load(), 0);
  send_text(fd, "WAIT\r\n");
  EXPECT_EQ(read_lines(fd, 4), "+ waiting\r\n* tick\r\n* tick\r\n* tick\r\n");
  // Lines sent while ticks are written are all answered, in order, after the ticks.
  send_text(fd, "DONE\r\nNEXT\r\n");
  std::string rest;
  while (rest.find("ok NEXT\r\n") == std::string::npos) {
    const std::string more = read_lines(fd, 1);
    ASSERT_FALSE(more.empty()) << rest;
    rest += more;
  }
  const auto done = rest.find("ok DONE\r\n");
  ASSERT_NE(done, std::string::npos) << rest;
  EXPECT_EQ(rest.substr(done), "ok DONE\r\nok NEXT\r\n");
  const int after = polls->load();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(polls->load(), after);  // polled no more once it stopped asking
  server.stop();
  io.join();
  ::close(fd);
}

}  // namespace
}  // namespace smtplab::net
