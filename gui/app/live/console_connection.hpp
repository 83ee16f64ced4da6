// The console's connection: the program's one client transport (net::StreamConnection)
// driven by a background thread. The thread connects (from a chosen lab address, in
// clear or with implicit TLS), reads, and hands every received line (and the
// connection's fate) to the UI as a ConsoleLine through the UiQueue. The UI sends a line,
// or a pasted batch in ONE write (pipelining, RFC 2920), from its own thread. After the
// user's STARTTLS is answered 220, the thread performs the TLS handshake (RFC 3207) before
// it reads another byte, and the session goes on inside TLS.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gui/app/model/ui_queue.hpp"
#include "gui/app/model/ui_text.hpp"

namespace smtplab::net {
class StreamConnection;
}

namespace smtplab::app {

/// One line of the console transcript.
struct ConsoleLine {
  enum class Kind {
    Sent,      ///< typed by the user (C:)
    Received,  ///< from the server (S:)
    Status,    ///< connected, TLS, closed, errors: `status` with `text` as its argument
  };
  Kind kind = Kind::Status;
  std::string text;
  bool secure = false;        ///< travelled inside TLS
  Text status = Text::Count;  ///< Status lines: the catalogue entry (a "%s" format)
};

/// Where the console connects.
struct ConsoleTarget {
  std::string host;  ///< server address
  std::uint16_t port = 25;
  std::string source_address;  ///< local address to call from (empty: any)
  bool implicit_tls = false;   ///< TLS from the first byte (465)
  /// "host:port" ("[v6]:port").
  std::string label() const;
};

class ConsoleConnection {
 public:
  /// What the connection is doing.
  enum class Status {
    Connecting,  ///< connecting on the background thread
    Connected,   ///< lines can be sent
    Closed,      ///< closed by either side, or failed to connect
  };

  /// Starts connecting; lines go to `queue`.
  ConsoleConnection(ConsoleTarget target, UiQueue& queue);
  ~ConsoleConnection();
  ConsoleConnection(const ConsoleConnection&) = delete;
  ConsoleConnection& operator=(const ConsoleConnection&) = delete;

  /// Sends the lines, each followed by CRLF, in one write; false when not connected.
  bool send_lines(const std::vector<std::string>& lines);
  /// Closes the connection (the thread ends).
  void close();
  Status status() const { return status_.load(); }
  /// True once TLS is on (implicit, or after STARTTLS).
  bool secure() const { return secure_.load(); }
  /// "host:port".
  const std::string& target() const { return label_; }

 private:
  void run();
  /// The lines of `pending` that are complete, posted to the UI; STARTTLS's 220 upgrades.
  void take_lines(std::string& pending);

  ConsoleTarget target_;
  std::string label_;
  UiQueue& queue_;
  std::unique_ptr<net::StreamConnection> connection_;
  std::atomic<Status> status_{Status::Connecting};
  std::atomic<bool> secure_{false};
  std::atomic<bool> starttls_sent_{false};  ///< the user's STARTTLS awaits its reply
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace smtplab::app
