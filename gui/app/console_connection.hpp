// The console's TCP connection: plain POSIX sockets on a background thread. Connecting and
// reading happen on that thread; each received line (and the connection's fate) reaches
// the UI as a ConsoleLine through the UiQueue. Sending a line appends CRLF.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "gui/app/ui_queue.hpp"

namespace smtplab::app {

/// One line of the console transcript.
struct ConsoleLine {
  enum class Kind {
    Sent,      ///< typed by the user (C:)
    Received,  ///< from the server (S:)
    Status,    ///< connected, closed, errors
  };
  Kind kind = Kind::Status;
  std::string text;
};

class ConsoleConnection {
 public:
  /// What the connection is doing.
  enum class Status {
    Connecting,  ///< resolving and connecting on the background thread
    Connected,   ///< lines can be sent
    Closed,      ///< closed by either side, or failed to connect
  };

  /// Starts connecting to host:port; lines go to `queue`.
  ConsoleConnection(std::string host, std::uint16_t port, UiQueue& queue);
  ~ConsoleConnection();
  ConsoleConnection(const ConsoleConnection&) = delete;
  ConsoleConnection& operator=(const ConsoleConnection&) = delete;

  /// Sends `line` + CRLF; false when not connected.
  bool send_line(const std::string& line);
  /// Closes the socket (the reader thread ends).
  void close();
  Status status() const { return status_.load(); }
  /// "host:port".
  const std::string& target() const { return target_; }

 private:
  void run(std::string host, std::uint16_t port);

  UiQueue& queue_;
  std::string target_;
  std::atomic<Status> status_{Status::Connecting};
  std::atomic<int> fd_{-1};
  std::atomic<bool> stop_{false};
  std::thread reader_;
};

}  // namespace smtplab::app
