// The Asio side of every server the lab runs: accept, read, hand bytes to the
// connection's protocol machine, write its output (after the delay it asks for, if any),
// switch to TLS when it says so, close when it says so.
//
// Each connection strictly alternates: read -> machine -> write -> (read | TLS | close).
// Replies to a pipelined batch are therefore written together and in order, and no read
// is ever pending while the machine's output is unwritten (RFC 2920 §3.2 flush rules).
// The one exception is a machine that asks to be polled while it waits (IMAP IDLE): the
// poll timer's output is written while the read stays pending, and bytes read meanwhile
// wait until that write is done, so writes never overlap.
#include "sim/net/machine_server.hpp"

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <thread>

namespace smtplab::net {
namespace {

/// How often a pausable idle timeout looks at the lab's pause (TransportOptions::timers_frozen).
constexpr std::chrono::milliseconds kTimerSlice{100};

std::string endpoint_text(const asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  if (address.is_v6()) return "[" + address.to_string() + "]:" + std::to_string(endpoint.port());
  return address.to_string() + ":" + std::to_string(endpoint.port());
}

}  // namespace

bool is_loopback_address(const std::string& address) {
  if (address == "localhost") return true;
  std::error_code ec;
  const auto parsed = asio::ip::make_address(address, ec);
  return !ec && parsed.is_loopback();
}

class MachineConnection;

struct MachineServer::Impl {
  Impl(TransportOptions opts, MachineFactory f, MachineServer& o)
      : options(std::move(opts)), factory(std::move(f)), owner(o), signals(io) {}

  TransportOptions options;
  MachineFactory factory;
  MachineServer& owner;
  asio::io_context io;
  asio::signal_set signals;
  std::optional<asio::ssl::context> tls_context;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors;
  std::mutex connections_mutex;  // accept and close run on different threads
  std::map<std::uint64_t, std::weak_ptr<MachineConnection>> connections;
  std::uint64_t next_session = 0;
  std::atomic<bool> stopping{false};

  void do_accept(std::size_t index);
  void stop_now();
};

class MachineConnection : public std::enable_shared_from_this<MachineConnection> {
 public:
  MachineConnection(MachineServer::Impl& server, asio::ip::tcp::socket socket,
                    const Listener& listener, std::uint64_t id)
      : server_(server),
        socket_(std::move(socket)),
        timer_(socket_.get_executor()),  // the connection's strand: handlers never overlap
        delay_timer_(socket_.get_executor()),
        poll_timer_(socket_.get_executor()),
        listener_(listener),
        id_(id),
        client_(endpoint_text(socket_.remote_endpoint())),
        local_(endpoint_text(socket_.local_endpoint())),
        session_(server.factory(MachineSetup{listener_, connection_info(listener_),
                                             server.tls_context.has_value(),
                                             [this](const protocol::ProtocolEvent& e) {
                                               if (server_.owner.on_event)
                                                 server_.owner.on_event(SessionEvent{id_, e});
                                             }})) {}

  void start() {
    report(true, "");
    // Ports 465 and 995: the TLS handshake comes before any protocol byte (RFC 8314 §3.3).
    if (listener_.implicit_tls) return do_tls_handshake(true);
    apply(session_->start());
  }

  /// The strand every handler of this connection runs on.
  asio::any_io_executor executor() { return socket_.get_executor(); }

  /// Called on the connection's strand by stop(): 421 now if idle, or after the current write.
  void shut_down() {
    if (closed_) return;
    stopping_ = true;
    if (reading_) {
      std::error_code ignored;
      socket_.cancel(ignored);
    }
    delay_timer_.cancel();  // a delayed answer goes now, then the goodbye
    disarm_poll();
  }

 private:
  enum class Next { Read, StartTls, Close };

  protocol::ConnectionInfo connection_info(const Listener& listener) const {
    protocol::ConnectionInfo info;
    info.client_address = socket_.remote_endpoint().address().to_string();
    info.client_port = socket_.remote_endpoint().port();
    info.server_address = socket_.local_endpoint().address().to_string();
    info.server_port = socket_.local_endpoint().port();
    info.tls = listener.implicit_tls;
    return info;
  }

  // Applies the machine's output: wait if it asks to (a failed login), write its bytes,
  // then do what it asked.
  void apply(protocol::ServerOutput out) {
    if (out.delay > std::chrono::milliseconds::zero()) {
      const auto delay = out.delay;
      out.delay = std::chrono::milliseconds::zero();
      delay_timer_.expires_after(delay);
      delay_timer_.async_wait(
          [self = shared_from_this(), out = std::move(out)](std::error_code) mutable {
            // Cancelled by a stop: answer at once all the same.
            if (!self->closed_) self->apply(std::move(out));
          });
      return;
    }
    next_ = out.start_tls ? Next::StartTls : out.close ? Next::Close : Next::Read;
    if (out.close) close_reason_ = session_->closed() ? "closed by server" : "closing";
    if (out.bytes.empty()) return on_written();
    if (server_.options.before_write && !server_.options.before_write())
      return close("lab stopped");
    pending_ = std::move(out.bytes);
    do_write();
  }

  void do_write() {
    auto handler = [self = shared_from_this()](std::error_code ec, std::size_t) {
      if (ec) return self->close("write failed: " + ec.message());
      self->on_written();
    };
    if (tls_) {
      asio::async_write(*tls_, asio::buffer(pending_), handler);
    } else {
      asio::async_write(socket_, asio::buffer(pending_), handler);
    }
  }

  void on_written() {
    pending_.clear();
    if (stopping_ && next_ == Next::Read) return apply(session_->shutdown());
    switch (next_) {
      case Next::Read:
        return do_read();
      case Next::StartTls:
        return do_tls_handshake(false);
      case Next::Close:
        return close(close_reason_);
    }
  }

  // Read whatever the client sent, with the idle timeout armed.
  void do_read() {
    reading_ = true;
    arm_timer();
    auto handler = [self = shared_from_this()](std::error_code ec, std::size_t n) {
      self->on_read(ec, n);
    };
    if (tls_) {
      tls_->async_read_some(asio::buffer(buffer_), handler);
    } else {
      socket_.async_read_some(asio::buffer(buffer_), handler);
    }
    arm_poll();
  }

  void on_read(std::error_code ec, std::size_t n) {
    reading_ = false;
    disarm_timer();
    disarm_poll();
    // A poll's output is still being written: the bytes just read wait for it.
    if (poll_writing_) {
      deferred_read_ = std::pair{ec, n};
      return;
    }
    if (ec == asio::error::operation_aborted && timed_out_) return apply(session_->idle_timeout());
    if (ec == asio::error::operation_aborted && stopping_) return apply(session_->shutdown());
    if (ec) {
      return close(ec == asio::error::eof ? "peer closed the connection"
                                          : "read failed: " + ec.message());
    }
    apply(session_->receive(std::string_view(buffer_.data(), n)));
  }

  // While the client is silent, a machine that asks for it is polled (IMAP IDLE: new mail
  // goes out unasked). The timer runs only while a read is pending.
  void arm_poll() {
    const auto interval = session_->poll_interval();
    if (interval <= std::chrono::milliseconds::zero() || stopping_) return;
    poll_timer_.expires_after(interval);
    poll_timer_.async_wait(
        [weak = weak_from_this(), generation = ++poll_generation_](std::error_code ec) {
          auto self = weak.lock();
          if (ec || !self || generation != self->poll_generation_) return;
          self->on_poll();
        });
  }

  void disarm_poll() {
    ++poll_generation_;
    poll_timer_.cancel();
  }

  void on_poll() {
    if (!reading_ || closed_ || stopping_) return;
    protocol::ServerOutput out = session_->poll();
    if (out.bytes.empty() && !out.close) return arm_poll();
    if (out.close) close_reason_ = "closed by server";
    const bool close_after = out.close;
    poll_writing_ = true;
    poll_pending_ = std::move(out.bytes);
    auto handler = [self = shared_from_this(), close_after](std::error_code ec, std::size_t) {
      self->on_poll_written(ec, close_after);
    };
    if (tls_) {
      asio::async_write(*tls_, asio::buffer(poll_pending_), handler);
    } else {
      asio::async_write(socket_, asio::buffer(poll_pending_), handler);
    }
  }

  void on_poll_written(std::error_code ec, bool close_after) {
    poll_writing_ = false;
    poll_pending_.clear();
    if (ec) return close("write failed: " + ec.message());
    if (close_after) return close(close_reason_);
    if (deferred_read_) {
      const auto [read_error, n] = *deferred_read_;
      deferred_read_.reset();
      return on_read(read_error, n);
    }
    if (reading_) arm_poll();
  }

  // The TLS handshake: before the greeting on an implicit-TLS port, or after the 220 to
  // STARTTLS (written in cleartext), after which the session starts over.
  void do_tls_handshake(bool implicit) {
    tls_ =
        std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *server_.tls_context);
    arm_timer();
    tls_->async_handshake(
        asio::ssl::stream_base::server, [self = shared_from_this(), implicit](std::error_code ec) {
          self->disarm_timer();
          if (ec) return self->close("TLS handshake failed: " + ec.message());
          self->apply(implicit ? self->session_->start() : self->session_->tls_established());
        });
  }

  // The idle timeout (RFC 5321 §4.5.3.2.7). In the lab it counts only while the lab's time
  // runs: the timer wakes every slice and a slice spent frozen does not count. A wake-up
  // later than its slice (the node's thread was held by the step gate) counts one slice at
  // most, so a lecturer's pause never ends a session.
  void arm_timer() {
    timed_out_ = false;
    ++timer_generation_;
    timeout_left_ = server_.options.idle_timeout;
    wait_timer();
  }

  void wait_timer() {
    const bool pausable = static_cast<bool>(server_.options.timers_frozen);
    const auto slice =
        pausable ? std::min<std::chrono::steady_clock::duration>(timeout_left_, kTimerSlice)
                 : std::chrono::steady_clock::duration(timeout_left_);
    const auto started = std::chrono::steady_clock::now();
    timer_.expires_after(slice);
    timer_.async_wait([weak = weak_from_this(), generation = timer_generation_, slice,
                       started](std::error_code ec) {
      auto self = weak.lock();
      // A handler that completed just before the timer was disarmed or re-armed is stale.
      if (ec || !self || generation != self->timer_generation_) return;
      if (self->server_.options.timers_frozen) {
        if (!self->server_.options.timers_frozen())
          self->timeout_left_ -= std::min(std::chrono::steady_clock::now() - started, slice);
        if (self->timeout_left_ > std::chrono::steady_clock::duration::zero())
          return self->wait_timer();
      }
      self->timed_out_ = true;
      std::error_code ignored;
      self->socket_.cancel(ignored);
    });
  }

  void disarm_timer() {
    ++timer_generation_;
    timer_.cancel();
  }

  void close(const std::string& reason) {
    if (closed_) return;
    closed_ = true;
    disarm_timer();
    disarm_poll();
    delay_timer_.cancel();
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    report(false, reason);
    std::lock_guard lock(server_.connections_mutex);
    server_.connections.erase(id_);
  }

  void report(bool opened, const std::string& reason) {
    if (!server_.owner.on_connection) return;
    server_.owner.on_connection(
        ConnectionEvent{id_, opened, listener_.name, client_, local_, reason});
  }

  MachineServer::Impl& server_;
  asio::ip::tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
  asio::steady_timer timer_;
  asio::steady_timer delay_timer_;     // holds an answer the machine wants sent later
  asio::steady_timer poll_timer_;      // calls the machine's poll() while the client is silent
  std::uint64_t poll_generation_ = 0;  // bumped on every arm and disarm of poll_timer_
  bool poll_writing_ = false;          // a poll's output is being written
  std::string poll_pending_;           // that output
  std::optional<std::pair<std::error_code, std::size_t>> deferred_read_;  // read meanwhile
  std::chrono::steady_clock::duration timeout_left_{};                    // idle time still allowed
  std::uint64_t timer_generation_ = 0;  // bumped on every arm and disarm
  Listener listener_;
  std::uint64_t id_;
  std::string client_;
  std::string local_;
  std::unique_ptr<protocol::ServerMachine> session_;
  std::array<char, 16384> buffer_{};
  std::string pending_;
  Next next_ = Next::Read;
  std::string close_reason_;
  bool reading_ = false;
  bool timed_out_ = false;
  bool stopping_ = false;
  bool closed_ = false;
};

void MachineServer::Impl::do_accept(std::size_t index) {
  // Each connection gets its own strand, so that with several I/O threads its handlers
  // (read, write, timer) still run one at a time.
  acceptors[index]->async_accept(
      asio::make_strand(io), [this, index](std::error_code ec, asio::ip::tcp::socket socket) {
        if (ec) {
          if (ec == asio::error::operation_aborted || stopping) return;
          return do_accept(index);  // e.g. EMFILE: keep listening
        }
        std::error_code peer_error;
        socket.remote_endpoint(peer_error);
        if (!peer_error) {
          std::shared_ptr<MachineConnection> connection;
          {
            std::lock_guard lock(connections_mutex);
            const std::uint64_t id = ++next_session;
            connection = std::make_shared<MachineConnection>(*this, std::move(socket),
                                                             options.listeners[index], id);
            connections[id] = connection;
          }
          asio::dispatch(connection->executor(), [connection] { connection->start(); });
        }
        if (!stopping) do_accept(index);
      });
}

void MachineServer::Impl::stop_now() {
  if (stopping) return;
  stopping = true;
  for (auto& acceptor : acceptors) {
    std::error_code ignored;
    acceptor->close(ignored);
  }
  signals.cancel();
  // Copy: shutting a connection down may erase it from the map.
  std::vector<std::shared_ptr<MachineConnection>> open;
  {
    std::lock_guard lock(connections_mutex);
    for (auto& [id, weak] : connections) {
      if (auto c = weak.lock()) open.push_back(c);
    }
  }
  for (auto& c : open) asio::dispatch(c->executor(), [c] { c->shut_down(); });
}

MachineServer::MachineServer(TransportOptions options, MachineFactory factory)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(factory), *this)) {}

MachineServer::~MachineServer() = default;

std::vector<std::uint16_t> MachineServer::start() {
  Impl& s = *impl_;
  if (s.options.tls) {
    s.tls_context.emplace(asio::ssl::context::tls_server);
    s.tls_context->set_options(asio::ssl::context::default_workarounds |
                               asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 |
                               asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
    s.tls_context->use_certificate_chain(asio::buffer(s.options.tls->certificate_pem));
    s.tls_context->use_private_key(asio::buffer(s.options.tls->private_key_pem),
                                   asio::ssl::context::pem);
  }
  std::vector<std::uint16_t> ports;
  for (const auto& listener : s.options.listeners) {
    if (listener.implicit_tls && !s.tls_context) {
      throw std::runtime_error(listener.name + ": implicit TLS needs a certificate");
    }
    if (!s.options.allow_non_loopback && !is_loopback_address(listener.address)) {
      throw std::runtime_error(listener.address +
                               ": not a loopback address; refusing to listen outside this "
                               "machine without --allow-external");
    }
    std::error_code ec;
    const auto address = asio::ip::make_address(
        listener.address == "localhost" ? "127.0.0.1" : listener.address, ec);
    if (ec) throw std::runtime_error(listener.address + ": not an IP address");
    const asio::ip::tcp::endpoint endpoint(address, listener.port);
    auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(s.io);
    acceptor->open(endpoint.protocol(), ec);
    if (!ec) acceptor->set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor->bind(endpoint, ec);
    if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      std::string hint;
      if (ec == asio::error::address_in_use) hint = " (another program uses this port)";
      if (ec == asio::error::access_denied) {
        hint = " (ports below 1024 need root or cap_net_bind_service)";
      }
      if (ec == std::errc::address_not_available) {
        hint = " (the address is not configured on this machine)";
      }
      throw std::runtime_error(endpoint_text(endpoint) + ": " + ec.message() + hint);
    }
    ports.push_back(acceptor->local_endpoint().port());
    s.acceptors.push_back(std::move(acceptor));
  }
  for (std::size_t i = 0; i < s.acceptors.size(); ++i) s.do_accept(i);
  return ports;
}

void MachineServer::run() {
  // Extra threads let a delegate that blocks (fsync on delivery) serve other sessions
  // meanwhile; the first thread is the caller's.
  std::vector<std::thread> extra;
  for (unsigned i = 1; i < impl_->options.threads; ++i)
    extra.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (auto& t : extra) t.join();
}

void MachineServer::stop() {
  asio::post(impl_->io, [this] { impl_->stop_now(); });
}

void MachineServer::stop_on_signals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](std::error_code ec, int) {
    if (!ec) impl_->stop_now();
  });
}

}  // namespace smtplab::net
