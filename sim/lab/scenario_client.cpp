// The raw SMTP client: reply assembly over the program's one transport.
#include "sim/lab/scenario_client.hpp"

#include <stdexcept>

#include "sim/protocol/reply.hpp"

namespace smtplab::lab {
namespace {

net::ConnectOptions options_for(const std::string& address, std::uint16_t port,
                                const std::string& source, std::chrono::milliseconds timeout) {
  net::ConnectOptions options;
  options.address = address;
  options.port = port;
  options.source_address = source;
  options.timeout = timeout;
  return options;
}

}  // namespace

RawSmtpClient::RawSmtpClient(const std::string& address, std::uint16_t port,
                             const std::string& source, std::chrono::milliseconds timeout)
    : connection_(options_for(address, port, source, timeout)), timeout_(timeout) {
  if (!connection_.connect()) throw std::runtime_error(connection_.error());
}

RawSmtpClient::~RawSmtpClient() = default;

void RawSmtpClient::start_tls() {
  // RFC 3207 §4.2: nothing read before the handshake is kept.
  buffer_.clear();
  if (!connection_.start_tls()) throw std::runtime_error(connection_.error());
}

void RawSmtpClient::write(const std::string& bytes) {
  if (!connection_.write(bytes)) throw std::runtime_error(connection_.error());
}

std::optional<RawReply> RawSmtpClient::read_reply() {
  RawReply reply;
  bool started = false;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    const auto eol = buffer_.find("\r\n");
    if (eol == std::string::npos) {
      const auto now = std::chrono::steady_clock::now();
      if (now >= deadline) return std::nullopt;
      const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
      if (connection_.read(buffer_, wait) == net::StreamConnection::ReadStatus::Closed) {
        return std::nullopt;
      }
      continue;
    }
    const std::string line = buffer_.substr(0, eol);
    buffer_.erase(0, eol + 2);
    const auto parsed = protocol::parse_reply_line(line);
    if (!parsed) continue;  // not a reply line: the runner only compares codes
    if (!started) reply.code = parsed->code;
    reply.text += (started ? "\n" : "") + std::string(parsed->text);
    started = true;
    // "250-..." continues, "250 ..." (or a bare "250") ends the reply (RFC 5321 §4.2.1).
    if (parsed->last) return reply;
  }
}

std::string stuffed_data(const std::string& text) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty() && line.front() == '.') line.insert(line.begin(), '.');
    out += line + "\r\n";
    start = end + 1;
  }
  return out + ".\r\n";
}

}  // namespace smtplab::lab
