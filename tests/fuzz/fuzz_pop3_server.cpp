// libFuzzer harness: the POP3 server machine fed arbitrary byte streams in arbitrary
// chunks, with its options chosen by the first input byte. Checks that it never crashes
// or loops, that its events account for every byte it sends, and that every response is
// well framed (status first; multi-line responses and message bodies stuffed and ended by
// a lone ".").
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/protocol/pop3/pop3_server_session.hpp"

namespace {

using namespace smtplab::protocol;
using namespace smtplab::protocol::pop3;

class FuzzMaildrop : public Pop3Maildrop {
 public:
  std::vector<Pop3MessageInfo> messages() override { return {{15, "u1"}, {25, "u2"}, {0, "u3"}}; }
  std::optional<std::string> content(std::size_t index) override {
    if (index == 0) return std::string("A: b\r\n\r\n.\r\n..\r\n");
    if (index == 1) return std::string("no header end\n.\r.\n\r\n.\r\n");
    return std::nullopt;
  }
  std::string commit(const std::vector<std::size_t>&, const std::vector<std::size_t>&) override {
    return {};
  }
};

class FuzzDelegate : public Pop3ServerDelegate {
 public:
  Pop3Login login(std::string_view user, std::string_view password) override {
    Pop3Login out;
    if (user == "u" && password == "p") out.maildrop = std::make_unique<FuzzMaildrop>();
    if (user == "busy") out.refusal = Pop3LoginRefusal::InUse;
    return out;
  }
};

// The events of one call cover its output exactly, in order: each response starts with a
// status, a multi-line one ends with "." alone and has no lone "." before it, and a
// message body (RETR, TOP) is stuffed so that its only lone "." is the last line.
void check_output(std::string_view bytes, const std::vector<ProtocolEvent>& events) {
  std::size_t at = 0;
  for (const auto& e : events) {
    if (e.direction != Direction::ServerToClient) continue;
    if (at + e.length > bytes.size()) __builtin_trap();
    const std::string_view slice = bytes.substr(at, e.length);
    at += e.length;
    if (!slice.ends_with("\r\n")) __builtin_trap();
    const auto lone_dot = slice.find("\r\n.\r\n");
    if (e.kind == EventKind::Reply) {
      if (!slice.starts_with("+OK") && !slice.starts_with("-ERR") && slice != "+ \r\n")
        __builtin_trap();
      const bool multi_line =
          e.text.find('\n') != std::string::npos || slice.find("\r\n") + 2 != slice.size();
      if (multi_line && lone_dot != slice.size() - 5) __builtin_trap();
      if (!multi_line && lone_dot != std::string_view::npos) __builtin_trap();
    } else if (e.kind == EventKind::Message) {
      if (slice == ".\r\n") continue;  // an empty body
      if (slice.starts_with(".\r\n") || lone_dot != slice.size() - 5) __builtin_trap();
    }
  }
  if (at != bytes.size()) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t flags = data[0];
  const uint8_t chunk = static_cast<uint8_t>(data[1] | 1);
  Pop3ServerConfig config;
  config.stls = flags & 1;
  config.cleartext_login = flags & 2;
  config.reveal_secrets = flags & 4;
  config.max_failed_logins = (flags & 8) ? 1 : 3;
  config.max_errors = (flags & 16) ? 3 : 20;
  FuzzDelegate delegate;
  std::vector<ProtocolEvent> events;
  Pop3ServerSession session(config, delegate,
                            ConnectionInfo{"127.0.0.2", 1, "127.0.0.1", 110, (flags & 32) != 0},
                            [&events](const ProtocolEvent& e) { events.push_back(e); });
  auto check = [&events](const ServerOutput& out) {
    check_output(out.bytes, events);
    events.clear();
  };
  check(session.start());
  std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  while (!input.empty() && !session.closed()) {
    const std::size_t n = std::min<std::size_t>(chunk, input.size());
    const ServerOutput out = session.receive(input.substr(0, n));
    input.remove_prefix(n);
    check(out);
    if (out.start_tls) check(session.tls_established());
  }
  if (!session.closed()) check(session.idle_timeout());
  return 0;
}
