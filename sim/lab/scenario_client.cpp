// The raw SMTP client over POSIX sockets (blocking, with a receive timeout), with OpenSSL
// for STARTTLS and the smtps port.
#include "sim/lab/scenario_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace smtplab::lab {
namespace {

sockaddr_in ipv4(const std::string& address, std::uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  if (inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
    throw std::runtime_error("not an IPv4 address: " + address);
  }
  return sa;
}

}  // namespace

RawSmtpClient::RawSmtpClient(const std::string& address, std::uint16_t port,
                             const std::string& source, std::chrono::milliseconds timeout) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (!source.empty()) {
    // Each lab node has its own loopback address: the server sees who is calling.
    const sockaddr_in local = ipv4(source, 0);
    if (::bind(fd_, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error("cannot bind " + source + ": " + why);
    }
  }
  const sockaddr_in remote = ipv4(address, port);
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&remote), sizeof remote) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    throw std::runtime_error("cannot connect to " + address + ":" + std::to_string(port) + ": " +
                             why);
  }
  sockaddr_in bound{};
  socklen_t size = sizeof bound;
  ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &size);
  char text[INET_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET, &bound.sin_addr, text, sizeof text);
  local_ = std::string(text) + ":" + std::to_string(ntohs(bound.sin_port));
}

RawSmtpClient::~RawSmtpClient() {
  if (ssl_) SSL_free(ssl_);
  if (tls_context_) SSL_CTX_free(tls_context_);
  if (fd_ >= 0) ::close(fd_);
}

void RawSmtpClient::start_tls() {
  if (ssl_) throw std::runtime_error("TLS is already on");
  // RFC 3207 §4.2: bytes read before the handshake must not be kept; the server sends
  // nothing between its 220 and the handshake, so anything here was injected.
  buffer_.clear();
  tls_context_ = SSL_CTX_new(TLS_client_method());
  if (!tls_context_) throw std::runtime_error("cannot create a TLS context");
  // The lab's certificates are self-signed for its own names: what is shown is the
  // encryption of the dialogue, not the trust chain.
  SSL_CTX_set_verify(tls_context_, SSL_VERIFY_NONE, nullptr);
  ssl_ = SSL_new(tls_context_);
  if (!ssl_ || SSL_set_fd(ssl_, fd_) != 1 || SSL_connect(ssl_) != 1) {
    char why[256] = {};
    ERR_error_string_n(ERR_get_error(), why, sizeof why);
    if (ssl_) SSL_free(ssl_);
    ssl_ = nullptr;
    throw std::runtime_error(std::string("TLS handshake failed: ") + why);
  }
}

void RawSmtpClient::write(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    long n = 0;
    if (ssl_) {
      n = SSL_write(ssl_, bytes.data() + done, static_cast<int>(bytes.size() - done));
    } else {
      n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    }
    if (n <= 0) throw std::runtime_error("the server closed the connection");
    done += static_cast<std::size_t>(n);
  }
}

long RawSmtpClient::receive_some(char* into, std::size_t size) {
  if (ssl_) return SSL_read(ssl_, into, static_cast<int>(size));
  return ::recv(fd_, into, size, 0);
}

std::optional<RawReply> RawSmtpClient::read_reply() {
  RawReply reply;
  for (;;) {
    const auto eol = buffer_.find("\r\n");
    if (eol == std::string::npos) {
      char chunk[4096];
      const auto n = receive_some(chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer_.append(chunk, static_cast<std::size_t>(n));
      continue;
    }
    const std::string line = buffer_.substr(0, eol);
    buffer_.erase(0, eol + 2);
    if (line.size() < 3) continue;
    reply.code = std::atoi(line.substr(0, 3).c_str());
    reply.text +=
        (reply.text.empty() ? "" : "\n") + (line.size() > 4 ? line.substr(4) : std::string());
    // "250-..." continues, "250 ..." (or a bare "250") ends the reply (RFC 5321 §4.2.1).
    if (line.size() == 3 || line[3] != '-') return reply;
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
