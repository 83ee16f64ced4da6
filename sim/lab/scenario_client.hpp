// A raw SMTP client for scenario `client` and headless `console` steps: writes the lines a
// scenario gives, exactly (a pipelined batch in one write), over a real TCP connection
// from a chosen loopback address, and reads complete replies (multiline included). It
// checks nothing itself; the runner compares the codes with what the step expects.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

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
  /// The local "ip:port" of the connection.
  const std::string& local() const { return local_; }

 private:
  int fd_ = -1;
  std::string buffer_;
  std::string local_;
};

/// The content of a `data:` line: LF or CRLF lines, dot-stuffed (RFC 5321 §4.5.2), CRLF
/// everywhere, then the final ".".
std::string stuffed_data(const std::string& text);

}  // namespace smtplab::lab
