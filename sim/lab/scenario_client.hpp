// A raw SMTP client for scenario `client` and headless `console` steps: writes the lines a
// scenario gives, exactly (a pipelined batch in one write), and reads complete replies
// (multiline included). The connection is the program's one transport
// (net::StreamConnection): from a chosen loopback address, in clear or inside TLS (after
// STARTTLS, RFC 3207, or from the start on the smtps port, RFC 8314). It checks nothing
// itself; the runner compares the codes with what the step expects.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "sim/net/stream_connection.hpp"

namespace smtplab::lab {

/// One reply as read from the wire.
struct RawReply {
  int code = 0;
  std::string text;  ///< lines joined with \n, codes and separators removed
};

class RawSmtpClient {
 public:
  /// Connects to address:port from `source` (empty = any local address). Throws
  /// std::runtime_error with the reason (connection refused...).
  RawSmtpClient(const std::string& address, std::uint16_t port, const std::string& source,
                std::chrono::milliseconds timeout);
  ~RawSmtpClient();
  RawSmtpClient(const RawSmtpClient&) = delete;
  RawSmtpClient& operator=(const RawSmtpClient&) = delete;

  /// Writes octets as given, in one write. Throws std::runtime_error when the peer is gone.
  void write(const std::string& bytes);
  /// Reads one complete reply; nullopt when the connection closed or the timeout passed.
  std::optional<RawReply> read_reply();
  /// Performs the TLS handshake as a client; later writes and reads go through TLS. The
  /// lab's certificates are self-signed, so the peer is not verified. Throws
  /// std::runtime_error when the handshake fails.
  void start_tls();
  /// True once start_tls() succeeded.
  bool secure() const { return connection_.secure(); }
  /// The local "ip:port" of the connection.
  const std::string& local() const { return connection_.local(); }

 private:
  net::StreamConnection connection_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;  ///< received bytes not yet consumed as reply lines
};

/// The content of a `data:` line: LF or CRLF lines, dot-stuffed (RFC 5321 §4.5.2), CRLF
/// everywhere, then the final ".".
std::string stuffed_data(const std::string& text);

}  // namespace smtplab::lab
