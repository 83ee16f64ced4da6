// The Asio side of the SMTP client: connect (bound to the node's address), then strictly
// alternate machine output -> write -> read -> machine, with TLS when the machine asks.
#include "sim/net/smtp_client.hpp"

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <memory>
#include <optional>

namespace smtplab::net {
namespace {

std::string endpoint_text(const asio::ip::tcp::endpoint& endpoint) {
  if (endpoint.address().is_v6()) {
    return "[" + endpoint.address().to_string() + "]:" + std::to_string(endpoint.port());
  }
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

class ClientRun {
 public:
  ClientRun(const ClientTarget& target, protocol::ClientSession& session)
      : target_(target),
        session_(session),
        socket_(io_),
        timer_(io_),
        tls_context_(asio::ssl::context::tls_client) {
    // Lab servers present self-signed certificates: encrypt, but do not verify.
    tls_context_.set_verify_mode(asio::ssl::verify_none);
  }

  ClientConnectionInfo run(const std::function<void(const ClientConnectionInfo&)>& on_connected) {
    on_connected_ = on_connected;
    std::error_code ec;
    const auto address = asio::ip::make_address(target_.address, ec);
    if (ec) return fail("bad server address " + target_.address);
    const asio::ip::tcp::endpoint server(address, target_.port);
    socket_.open(server.protocol(), ec);
    if (!ec && !target_.source_address.empty()) {
      const auto source = asio::ip::make_address(target_.source_address, ec);
      if (!ec) socket_.bind(asio::ip::tcp::endpoint(source, 0), ec);
    }
    if (ec) return fail("cannot bind " + target_.source_address + ": " + ec.message());
    arm_timer();
    socket_.async_connect(server, [this](std::error_code e) { on_connect(e); });
    io_.run();
    return info_;
  }

 private:
  ClientConnectionInfo fail(const std::string& why) {
    info_.error = why;
    session_.connection_lost(why);
    return info_;
  }

  void on_connect(std::error_code ec) {
    timer_.cancel();
    if (ec)
      return finish(timed_out_ ? "connection timed out" : "connection failed: " + ec.message());
    info_.connected = true;
    info_.client = endpoint_text(socket_.local_endpoint());
    info_.server = endpoint_text(socket_.remote_endpoint());
    if (on_connected_) on_connected_(info_);
    if (target_.implicit_tls) return handshake();
    do_read();
  }

  void handshake() {
    tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, tls_context_);
    arm_timer();
    tls_->async_handshake(asio::ssl::stream_base::client, [this](std::error_code ec) {
      timer_.cancel();
      if (ec) {
        session_.tls_failed(ec.message());
        return finish("TLS handshake failed: " + ec.message());
      }
      if (starttls_pending_) {
        starttls_pending_ = false;
        return apply(session_.tls_established());
      }
      do_read();
    });
  }

  void apply(protocol::ClientOutput out) {
    if (out.bytes.empty()) return after_write(out);
    if (target_.before_write && !target_.before_write()) return finish("lab stopped");
    pending_ = std::move(out.bytes);
    out.bytes.clear();
    arm_timer();
    auto handler = [this, out](std::error_code ec, std::size_t) {
      timer_.cancel();
      if (ec) return finish("write failed: " + ec.message());
      after_write(out);
    };
    if (tls_) {
      asio::async_write(*tls_, asio::buffer(pending_), handler);
    } else {
      asio::async_write(socket_, asio::buffer(pending_), handler);
    }
  }

  void after_write(const protocol::ClientOutput& out) {
    if (out.start_tls) {
      starttls_pending_ = true;
      return handshake();
    }
    if (out.close || session_.done()) return finish("");
    do_read();
  }

  void do_read() {
    arm_timer();
    auto handler = [this](std::error_code ec, std::size_t n) {
      timer_.cancel();
      if (ec) {
        return finish(timed_out_               ? "timeout waiting for the server"
                      : ec == asio::error::eof ? "the server closed the connection"
                                               : "read failed: " + ec.message());
      }
      apply(session_.receive(std::string_view(buffer_.data(), n)));
    };
    if (tls_) {
      tls_->async_read_some(asio::buffer(buffer_), handler);
    } else {
      socket_.async_read_some(asio::buffer(buffer_), handler);
    }
  }

  void arm_timer() {
    timed_out_ = false;
    timer_.expires_after(target_.timeout);
    timer_.async_wait([this](std::error_code ec) {
      if (ec) return;
      timed_out_ = true;
      std::error_code ignored;
      socket_.cancel(ignored);
    });
  }

  void finish(const std::string& error) {
    if (!error.empty()) {
      info_.error = error;
      if (!session_.done()) session_.connection_lost(error);
    }
    timer_.cancel();
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  const ClientTarget& target_;
  protocol::ClientSession& session_;
  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  asio::steady_timer timer_;
  asio::ssl::context tls_context_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
  std::array<char, 16384> buffer_{};
  std::string pending_;
  bool timed_out_ = false;
  bool starttls_pending_ = false;
  ClientConnectionInfo info_;
  std::function<void(const ClientConnectionInfo&)> on_connected_;
};

}  // namespace

std::vector<protocol::MessageResult> send_messages(
    const ClientTarget& target, const protocol::ClientConfig& config,
    std::vector<protocol::OutgoingMessage> messages, const protocol::EventSink& events,
    const std::function<void(const ClientConnectionInfo&)>& on_connected) {
  protocol::ClientSession session(config, std::move(messages), events);
  ClientRun run(target, session);
  run.run(on_connected);
  if (!session.done()) session.connection_lost("the connection ended before QUIT");
  return session.results();
}

}  // namespace smtplab::net
