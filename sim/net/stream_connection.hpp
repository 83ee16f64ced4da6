// The program's one client transport: a TCP connection to a lab server, from a chosen
// source address, in clear or inside TLS (from the start on an implicit-TLS port, RFC
// 8314, or after an in-band upgrade such as STARTTLS, RFC 3207), with a timeout on every
// step and an optional TLS key log. The agents' SMTP client, the scenario runner's
// scripted dialogues and the window's console all connect through it, so a session looks
// the same on the wire whoever opened it.
//
// Blocking, for one owner thread: connect(), write(), read(), start_tls() run this
// connection's private I/O loop until their operation completes or times out. Two calls
// are safe from any thread: post_write() (a UI hands bytes to the owner thread, which
// writes them while it waits in read()) and close() (ends a read() in progress).
//
// A read() that times out leaves its read pending and the next read() picks it up: it is
// never cancelled, so a TLS record is never cut in half and no byte is lost.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace smtplab::net {

/// Where and how to connect.
struct ConnectOptions {
  std::string address;  ///< server IP address ("127.0.2.20", "::1")
  std::uint16_t port = 25;
  std::string source_address;  ///< local address to bind (empty = any)
  bool implicit_tls = false;   ///< TLS before the protocol starts (465, 993, 995)
  std::chrono::milliseconds timeout{std::chrono::seconds(30)};  ///< per connect/write/handshake
  /// NSS key log file for TLS sessions (what SSLKEYLOGFILE names), so Wireshark or
  /// `smtplab analyze` can decrypt a capture; empty = $SSLKEYLOGFILE, or none.
  std::string key_log_file;
  /// While this returns true the step timeouts do not count (the lab is paused). Empty =
  /// always counting.
  std::function<bool()> timers_frozen;
};

class StreamConnection {
 public:
  /// What read() found.
  enum class ReadStatus {
    Data,     ///< bytes were appended
    Timeout,  ///< nothing within the wait; the read stays pending
    Closed,   ///< the peer closed, the connection failed, or close() was called
  };

  /// Why the connection failed, for a message in the user's language.
  enum class Failure {
    None,
    BadAddress,    ///< the server or source address is not an IP address
    BindFailed,    ///< the source address could not be bound (not a local address?)
    Refused,       ///< nothing listens there
    TimedOut,      ///< connect, write or handshake took longer than the timeout
    ClosedByPeer,  ///< the server closed the connection
    TlsFailed,     ///< the TLS handshake failed
    Closed,        ///< close() was called
    Other,         ///< any other socket error (see error())
  };

  explicit StreamConnection(ConnectOptions options);
  ~StreamConnection();
  StreamConnection(const StreamConnection&) = delete;
  StreamConnection& operator=(const StreamConnection&) = delete;

  /// Connects (binding the source address first) and, for an implicit-TLS port, does
  /// the handshake. False with error() set on failure.
  bool connect();
  /// Writes every byte in one write operation: a pipelined batch leaves in one segment
  /// when it fits. False with error() set when the peer is gone or the timeout passed.
  bool write(std::string_view bytes);
  /// Waits up to `wait` for bytes and appends them to `into`.
  ReadStatus read(std::string& into, std::chrono::milliseconds wait);
  /// The client side of a TLS handshake on the open connection (after the server's
  /// "go ahead", e.g. 220 to STARTTLS). False with error() set on failure.
  bool start_tls();

  /// Any thread: queues bytes for the owner thread, written while it waits in read()
  /// (in order, each batch in one write operation).
  void post_write(std::string bytes);
  /// Any thread: closes the connection; a read() in progress returns Closed.
  void close();

  bool connected() const;
  /// True once a TLS handshake succeeded.
  bool secure() const;
  /// "TLSv1.3 TLS_AES_256_GCM_SHA384", or empty in clear.
  std::string tls_description() const;
  /// The local "ip:port" (or "[ip6]:port") once connected.
  const std::string& local() const;
  /// The server's "ip:port" once connected.
  const std::string& remote() const;
  /// Why the last operation failed (empty when none did).
  const std::string& error() const;
  /// The kind of that failure.
  Failure failure() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace smtplab::net
