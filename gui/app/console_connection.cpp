// The console's socket thread (see console_connection.hpp).
#include "gui/app/console_connection.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "gui/app/app_state.hpp"

namespace smtplab::app {
namespace {

void post_line(UiQueue& queue, ConsoleLine::Kind kind, std::string text) {
  queue.post([kind, text = std::move(text)](AppState& state) {
    state.console.lines.push_back({kind, text});
    state.console.scroll_to_bottom = true;
  });
}

}  // namespace

ConsoleConnection::ConsoleConnection(std::string host, std::uint16_t port, UiQueue& queue)
    : queue_(queue), target_(host + ":" + std::to_string(port)) {
  reader_ = std::thread([this, host = std::move(host), port] { run(host, port); });
}

ConsoleConnection::~ConsoleConnection() {
  close();
  if (reader_.joinable()) reader_.join();
}

void ConsoleConnection::close() {
  stop_ = true;
  const int fd = fd_.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

bool ConsoleConnection::send_line(const std::string& line) {
  const int fd = fd_.load();
  if (status_ != Status::Connected || fd < 0) return false;
  const std::string wire = line + "\r\n";
  std::size_t sent = 0;
  while (sent < wire.size()) {
    const ssize_t n = ::send(fd, wire.data() + sent, wire.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void ConsoleConnection::run(std::string host, std::uint16_t port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (rc != 0) {
    post_line(queue_, ConsoleLine::Kind::Status, target_ + ": " + ::gai_strerror(rc));
    status_ = Status::Closed;
    return;
  }
  int fd = -1;
  int last_error = 0;
  for (addrinfo* ai = found; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = ::socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0) continue;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      last_error = errno;
      ::close(fd);
      fd = -1;
    }
  }
  ::freeaddrinfo(found);
  if (fd < 0) {
    post_line(queue_, ConsoleLine::Kind::Status, target_ + ": " + std::strerror(last_error));
    status_ = Status::Closed;
    return;
  }
  fd_ = fd;
  status_ = Status::Connected;
  std::string pending;
  char buffer[4096];
  while (!stop_) {
    pollfd pfd{fd, POLLIN, 0};
    // A short poll so close() from the UI ends the thread promptly.
    if (::poll(&pfd, 1, 200) <= 0) continue;
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    pending.append(buffer, static_cast<std::size_t>(n));
    std::size_t eol;
    while ((eol = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, eol);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      post_line(queue_, ConsoleLine::Kind::Received, std::move(line));
      pending.erase(0, eol + 1);
    }
  }
  if (!pending.empty()) post_line(queue_, ConsoleLine::Kind::Received, pending);
  status_ = Status::Closed;
  fd_ = -1;
  ::close(fd);
  post_line(queue_, ConsoleLine::Kind::Status, target_ + ": connection closed");
}

}  // namespace smtplab::app
