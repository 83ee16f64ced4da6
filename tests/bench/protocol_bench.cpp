// Benchmark of the server machine alone (no sockets, no disk): whole SMTP sessions per
// second, and DATA throughput in MB/s, fed in 16 KiB reads as a socket would deliver them.
// Prints figures; asserts nothing about time.
#include <chrono>
#include <cstdio>
#include <string>

#include "sim/protocol/data_receiver.hpp"
#include "sim/protocol/server_session.hpp"

namespace {

using namespace smtplab::protocol;

class Discard : public ServerDelegate {
 public:
  std::size_t octets = 0;
  DeliveryResult deliver(const Envelope&, std::string_view message) override {
    octets += message.size();
    return {std::nullopt, "B1"};
  }
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Feeds `wire` to a fresh session in 16 KiB reads; returns the reply octets (to keep the
// work observable).
std::size_t run_session(const ServerConfig& config, Discard& delegate, const std::string& wire) {
  ServerSession session(config, delegate,
                        ConnectionInfo{"127.0.0.2", 4000, "127.0.0.1", 25, false});
  std::size_t replies = session.start().bytes.size();
  for (std::size_t at = 0; at < wire.size(); at += 16384) {
    replies += session.receive(std::string_view(wire).substr(at, 16384)).bytes.size();
  }
  return replies;
}

}  // namespace

int main() {
  ServerConfig config;
  config.max_message_size = 0;
  Discard delegate;

  // 1. Short sessions: EHLO, MAIL, RCPT, DATA with a 2 KB message, QUIT (pipelined).
  std::string message;
  while (message.size() < 2000)
    message += "Subject: bench\r\n\r\nLorem ipsum dolor sit amet, consectetur.\r\n";
  const std::string session_wire =
      "EHLO bench.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n" +
      dot_stuff(message) + "QUIT\r\n";
  const int sessions = 200000;
  auto start = std::chrono::steady_clock::now();
  std::size_t replies = 0;
  for (int i = 0; i < sessions; ++i) replies += run_session(config, delegate, session_wire);
  const double session_seconds = seconds_since(start);

  // 2. DATA throughput: one 64 MB message of 78-octet lines, some starting with a dot.
  std::string big;
  const std::string line = std::string(76, 'x') + "\r\n";
  const std::string dotted = "." + std::string(75, 'y') + "\r\n";
  for (std::size_t i = 0; big.size() < 64u * 1024 * 1024; ++i) big += (i % 10 == 0) ? dotted : line;
  const std::string data_wire =
      "EHLO bench\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\n" +
      dot_stuff(big) + "QUIT\r\n";
  delegate.octets = 0;
  start = std::chrono::steady_clock::now();
  const int rounds = 4;
  for (int i = 0; i < rounds; ++i) replies += run_session(config, delegate, data_wire);
  const double data_seconds = seconds_since(start);
  const double megabytes = static_cast<double>(data_wire.size()) * rounds / 1e6;

  std::printf("server machine, no I/O (%zu reply octets produced)\n", replies);
  std::printf("  sessions (EHLO MAIL RCPT DATA[2 KB] QUIT): %d in %.2f s = %.0f sessions/s\n",
              sessions, session_seconds, sessions / session_seconds);
  std::printf("  DATA: %.0f MB in %.2f s = %.0f MB/s (dot-unstuffing, smuggling checks)\n",
              megabytes, data_seconds, megabytes / data_seconds);
  return delegate.octets == rounds * big.size() ? 0 : 1;
}
