// libFuzzer harness: the server machine fed arbitrary byte streams in arbitrary chunks,
// with its options chosen by the first input byte. Checks that it never crashes, never
// loops, and that replies always come out as well-formed reply lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/protocol/reply.hpp"
#include "sim/protocol/server_session.hpp"

namespace {

class AcceptAll : public smtplab::protocol::ServerDelegate {
 public:
  bool authenticate(std::string_view user, std::string_view) override { return user == "ali"; }
  std::optional<std::vector<std::string>> expand(std::string_view list) override {
    if (list == "l") return std::vector<std::string>{"<a@b>"};
    return std::nullopt;
  }
  smtplab::protocol::DeliveryResult deliver(const smtplab::protocol::Envelope&,
                                            std::string_view) override {
    return {std::nullopt, "F1"};
  }
};

void check_replies(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto end = bytes.find("\r\n");
    if (end == std::string_view::npos) __builtin_trap();  // replies always end with CRLF
    if (!smtplab::protocol::parse_reply_line(bytes.substr(0, end))) __builtin_trap();
    bytes.remove_prefix(end + 2);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace smtplab::protocol;
  if (size < 2) return 0;
  const uint8_t flags = data[0];
  const uint8_t chunk = static_cast<uint8_t>(data[1] | 1);
  ServerConfig config;
  config.starttls = flags & 1;
  config.auth = flags & 2;
  config.auth_over_cleartext = flags & 4;
  config.pipelining = flags & 8;
  config.bare_line_ending =
      (flags & 16) ? BareLineEndingPolicy::Normalize : BareLineEndingPolicy::Reject;
  config.max_message_size = (flags & 32) ? 64 : 0;
  config.max_recipients = (flags & 64) ? 2 : 100;
  config.vrfy = (flags & 128) ? VrfyPolicy::Enabled : VrfyPolicy::CannotVerify;
  config.expn = flags & 128;
  AcceptAll delegate;
  ServerSession session(config, delegate, ConnectionInfo{"127.0.0.2", 1, "127.0.0.1", 25, false});
  check_replies(session.start().bytes);
  std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  while (!input.empty() && !session.closed()) {
    const std::size_t n = std::min<std::size_t>(chunk, input.size());
    ServerOutput out = session.receive(input.substr(0, n));
    input.remove_prefix(n);
    check_replies(out.bytes);
    if (out.start_tls) check_replies(session.tls_established().bytes);
  }
  return 0;
}
