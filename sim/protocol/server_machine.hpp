// What a transport needs from a sans-I/O server machine, whatever the protocol (SMTP,
// POP3, IMAP): bytes in, bytes out, and the two things only the transport can do for it
// (switch to TLS, close). sim/net hosts any ServerMachine over TCP and TLS the same way,
// so every protocol the lab serves shares one transport.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace smtplab::protocol {

/// What the transport must do after a call.
struct ServerOutput {
  std::string bytes;       ///< send these to the client, in order
  bool start_tls = false;  ///< then start a TLS handshake, and call tls_established()
  bool close = false;      ///< then close the connection
  /// Wait this long before sending `bytes`, reading nothing meanwhile: the penalty after a
  /// failed login, which slows password guessing (the machine itself never sleeps).
  std::chrono::milliseconds delay{0};
};

class ServerMachine {
 public:
  virtual ~ServerMachine() = default;

  /// The greeting. Called once, after an implicit-TLS handshake if there is one.
  virtual ServerOutput start() = 0;
  /// Bytes received from the client; every complete line (or literal) is handled in order.
  virtual ServerOutput receive(std::string_view bytes) = 0;
  /// The TLS handshake the machine asked for (start_tls) succeeded.
  virtual ServerOutput tls_established() = 0;
  /// Nothing received for too long: the protocol's goodbye, and close.
  virtual ServerOutput idle_timeout() = 0;
  /// The server is stopping: the protocol's goodbye, and close.
  virtual ServerOutput shutdown() = 0;
  /// True once the machine has nothing more to say (the transport closes).
  virtual bool closed() const = 0;
  /// How long the transport may wait for the client before it calls poll(); zero = never
  /// (SMTP, POP3: they only ever answer). Asked again before every read, so a machine
  /// polls only in the states that push news unasked (IMAP's IDLE).
  virtual std::chrono::milliseconds poll_interval() const { return std::chrono::milliseconds(0); }
  /// The transport's timer while it waits for the client: what the machine has to say
  /// unasked (new mail during IMAP IDLE). Its bytes go out while the read stays pending.
  virtual ServerOutput poll() { return {}; }
};

}  // namespace smtplab::protocol
