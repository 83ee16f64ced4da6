// The lab's pause: the pausable clock, the step gate that freezes it, the simulated clock
// and the server's command timeout that read it, and the whole lab waiting out a
// lecturer's pause longer than its (shortened) server timeout. Real loopback sockets.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "sim/lab/lab_pause.hpp"
#include "sim/lab/sim_clock.hpp"
#include "sim/lab/step_gate.hpp"
#include "sim/net/smtp_server.hpp"
#include "tests/lab/lab_fixture.hpp"

namespace smtplab::lab {
namespace {

using namespace std::chrono_literals;

TEST(LabPause, RunningTimeStandsStillWhileFrozen) {
  LabPause pause;
  EXPECT_FALSE(pause.frozen());
  pause.set_frozen(true);
  pause.set_frozen(true);  // repeating it changes nothing
  EXPECT_TRUE(pause.frozen());
  const double at_freeze = pause.running_seconds();
  std::this_thread::sleep_for(30ms);
  EXPECT_NEAR(pause.running_seconds(), at_freeze, 1e-6);
  EXPECT_GE(pause.frozen_seconds(), 0.03);
  pause.set_frozen(false);
  std::this_thread::sleep_for(10ms);
  EXPECT_GT(pause.running_seconds(), at_freeze);
}

TEST(LabPause, SimulatedClockStandsStillWhileFrozen) {
  LabPause pause;
  SimClock clock(60.0, &pause);
  pause.set_frozen(true);
  const double at_freeze = clock.now();
  std::this_thread::sleep_for(30ms);
  EXPECT_NEAR(clock.now(), at_freeze, 1e-6);
  clock.advance(120);  // a lecturer's jump ahead still works while paused
  EXPECT_NEAR(clock.now(), at_freeze + 120, 1e-6);
}

// The queue runners sleep until one of these says that the time to wait for has moved.
TEST(LabPause, ClockAndPauseSayWhenTheyChange) {
  LabPause pause;
  SimClock clock(60.0, &pause);
  int pause_changes = 0;
  int clock_changes = 0;
  pause.set_on_change([&] { ++pause_changes; });
  clock.set_on_change([&] { ++clock_changes; });
  pause.set_frozen(true);
  pause.set_frozen(true);  // no change, no call
  pause.set_frozen(false);
  EXPECT_EQ(pause_changes, 2);
  clock.advance(3600);
  clock.set_speed(1.0);
  EXPECT_EQ(clock_changes, 2);
}

TEST(LabPause, GateFreezesWhileItHoldsAnAgent) {
  LabPause pause;
  StepGate gate(&pause);
  gate.set_step_mode(true);
  EXPECT_FALSE(pause.frozen());  // step mode alone: nobody waits, time runs (queue retries)
  std::atomic<int> passed{0};
  std::thread agent([&] {
    gate.pass();
    ++passed;
  });
  for (int i = 0; i < 500 && gate.waiting() == 0; ++i) std::this_thread::sleep_for(2ms);
  ASSERT_EQ(gate.waiting(), 1u);
  EXPECT_TRUE(pause.frozen());
  gate.release(1);
  agent.join();
  EXPECT_EQ(passed, 1);
  EXPECT_FALSE(pause.frozen());

  // Running through (a session or hop step) lets agents by without freezing anything.
  gate.run_through();
  EXPECT_TRUE(gate.pass());
  EXPECT_FALSE(pause.frozen());
  gate.hold();
  std::thread held([&] { gate.pass(); });
  for (int i = 0; i < 500 && gate.waiting() == 0; ++i) std::this_thread::sleep_for(2ms);
  EXPECT_TRUE(pause.frozen());
  gate.set_step_mode(false);  // run mode releases everyone, and time runs again
  held.join();
  EXPECT_FALSE(pause.frozen());
}

/// A server that accepts everything (the timeout test never gets that far).
class AcceptAll : public protocol::ServerDelegate {
 public:
  protocol::DeliveryResult deliver(const protocol::Envelope&, std::string_view) override {
    return {};
  }
};

/// A blocking loopback client socket with a receive timeout; -1 on failure.
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

/// Bytes available now, without waiting ("" when none).
std::string read_now(int fd) {
  char buffer[512];
  const auto n = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string{};
}

TEST(LabPause, ServerDoesNotTimeOutWhilePaused) {
  AcceptAll delegate;
  std::atomic<bool> frozen{false};
  net::ServerOptions options;
  options.listeners[0].port = 0;
  options.smtp.hostname = "pause.test";
  options.idle_timeout = 300ms;
  options.timers_frozen = [&] { return frozen.load(); };
  net::SmtpServer server(options, delegate);
  const auto ports = server.start();
  std::thread io([&] { server.run(); });

  const int fd = connect_to(ports.at(0));
  ASSERT_GE(fd, 0);
  char buffer[512];
  const auto greeting = ::recv(fd, buffer, sizeof buffer, 0);
  ASSERT_GT(greeting, 0);
  EXPECT_EQ(std::string(buffer, 3), "220");

  // Paused for more than three times the timeout: the session stays open and silent.
  frozen = true;
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(read_now(fd), "");
  // Time runs again: the timeout counts from where it stood and ends the session.
  frozen = false;
  const auto n = ::recv(fd, buffer, sizeof buffer, 0);
  ASSERT_GT(n, 0) << "no reply after the pause ended";
  EXPECT_EQ(std::string(buffer, 3), "421");
  ::close(fd);
  server.stop();
  io.join();
}

using LabPauseLab = testing::LabTest;

TEST_F(LabPauseLab, StepModePauseOutlastsTheServerTimeout) {
  topology.server_timeout = 1;  // seconds: the pause below lasts longer
  start();
  lab->gate().set_step_mode(true);
  std::thread sender([&] { submit({"benharraf@menara.ma"}, "pause"); });
  const auto wait_held = [&] {
    for (int i = 0; i < 500 && lab->gate().waiting() == 0; ++i) std::this_thread::sleep_for(10ms);
    return lab->gate().waiting() > 0;
  };
  ASSERT_TRUE(wait_held());  // the MSA's greeting
  lab->gate().release(1);
  for (int i = 0; i < 500 && events(TimelineKind::Reply).empty(); ++i)
    std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(wait_held());  // the MUA's EHLO, while the MSA's command timeout is armed
  EXPECT_TRUE(lab->pause().frozen());
  std::this_thread::sleep_for(2500ms);  // the lecturer talks
  for (const auto& reply : events(TimelineKind::Reply)) EXPECT_NE(reply.code, 421);
  lab->gate().set_step_mode(false);
  sender.join();
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
  EXPECT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  for (const auto& note : events(TimelineKind::Note)) {
    EXPECT_FALSE(note.details<ClientFailurePayload>()) << note.text;
    EXPECT_FALSE(note.details<ConnectFailedPayload>()) << note.text;
  }
}

TEST_F(LabPauseLab, SessionStepRunsToTheEndOfTheSession) {
  start();
  lab->gate().set_step_mode(true);
  std::thread sender([&] { submit({"benharraf@menara.ma"}, "session step"); });
  for (int i = 0; i < 500 && lab->gate().waiting() == 0; ++i) std::this_thread::sleep_for(10ms);
  lab->step(StepUnit::Session);
  sender.join();  // the MUA's whole session went through on one step
  ASSERT_TRUE(wait_for(TimelineKind::SessionClosed, ""));
  EXPECT_FALSE(lab->gate().running_through());
  EXPECT_EQ(events(TimelineKind::SessionClosed).size(), 1u);
  lab->gate().set_step_mode(false);
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(20)));
}

TEST_F(LabPauseLab, ARetryIsANewSession) {
  start();
  // The MX answers slowly, goes down in the middle of the relay's session, then comes back:
  // its server counts connections from 1 again, the retry must still get a new number.
  Fault slow{Fault::Kind::DelayReplies, "mx.menara.ma", "", 0, ""};
  slow.delay_ms = 1500;
  lab->inject(slow);
  submit({"benharraf@menara.ma"}, "retry");
  ASSERT_TRUE(wait_for(TimelineKind::SessionOpened, "mx.menara.ma"));
  lab->inject({Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  lab->clear(slow);
  lab->clear({Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(30)));
  ASSERT_EQ(mailbox("mx.menara.ma", "benharraf@menara.ma").size(), 1u);
  std::map<std::uint64_t, int> opened;
  for (const auto& e : events(TimelineKind::SessionOpened)) ++opened[e.session];
  EXPECT_GE(opened.size(), 4u);  // submission, relay, the MX's broken session, its retry
  for (const auto& [session, count] : opened) EXPECT_EQ(count, 1) << "session " << session;
}

}  // namespace
}  // namespace smtplab::lab
