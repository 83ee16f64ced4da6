// The client transport over Asio (see stream_connection.hpp). Every operation is an
// asynchronous Asio operation driven by this connection's own io_context, run by the
// owner thread until the operation completes or its time is up; post_write() and close()
// reach that thread through asio::post, the only thread-safe entry points.
#include "sim/net/stream_connection.hpp"

#include <openssl/ssl.h>

#include <array>
#include <asio.hpp>
#include <asio/ssl.hpp>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>

namespace smtplab::net {
namespace {

std::string endpoint_text(const asio::ip::tcp::endpoint& endpoint) {
  if (endpoint.address().is_v6()) {
    return "[" + endpoint.address().to_string() + "]:" + std::to_string(endpoint.port());
  }
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

// [SECTION] TLS key log
// OpenSSL hands each secret line to a callback on the context; the file it goes to is
// kept in the context's ex_data so that several connections may log to different files.

int key_log_index() {
  static const int index = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return index;
}

std::mutex& key_log_mutex() {
  static std::mutex mutex;
  return mutex;
}

void append_key_log(const SSL* ssl, const char* line) {
  const auto* path =
      static_cast<const std::string*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), key_log_index()));
  if (path == nullptr || path->empty()) return;
  const std::lock_guard lock(key_log_mutex());
  if (std::FILE* file = std::fopen(path->c_str(), "a")) {
    std::fprintf(file, "%s\n", line);
    std::fclose(file);
  }
}

constexpr auto kSlice = std::chrono::milliseconds(50);  ///< how often frozen timers are checked

}  // namespace

struct StreamConnection::Impl {
  explicit Impl(ConnectOptions o)
      : options(std::move(o)),
        work(asio::make_work_guard(io)),
        socket(io),
        tls_context(asio::ssl::context::tls_client) {
    // Lab servers present self-signed certificates for their own names: what the lab
    // shows is the encryption of the dialogue, not the trust chain.
    tls_context.set_verify_mode(asio::ssl::verify_none);
    if (options.key_log_file.empty()) {
      if (const char* env = std::getenv("SSLKEYLOGFILE")) options.key_log_file = env;
    }
    if (!options.key_log_file.empty()) {
      SSL_CTX_set_ex_data(tls_context.native_handle(), key_log_index(), &options.key_log_file);
      SSL_CTX_set_keylog_callback(tls_context.native_handle(), append_key_log);
    }
  }

  // Runs the loop until `done()` or the options' timeout passes (time while the lab's
  // timers are frozen does not count). False on timeout.
  template <typename Done>
  bool run_until(Done done, std::chrono::milliseconds budget) {
    auto left = budget;
    while (!done()) {
      if (left <= std::chrono::milliseconds::zero()) return false;
      const auto start = std::chrono::steady_clock::now();
      io.run_one_for(std::min(left, kSlice));
      if (!options.timers_frozen || !options.timers_frozen()) {
        left -= std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
    }
    return true;
  }

  void fail(Failure kind, std::string why) {
    if (error.empty()) {
      error = std::move(why);
      failure = kind;
    }
    shut();
  }

  // Closes the socket; pending operations complete with operation_aborted.
  void shut() {
    closed = true;
    std::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  // [SECTION] writes: one queue, each batch in one async_write

  void enqueue(std::string bytes) {
    outbox.push_back(std::move(bytes));
    if (!writing) do_write();
  }

  void do_write() {
    // No application byte may go out in the middle of a TLS handshake.
    if (handshaking) return;
    if (outbox.empty() || closed) {
      writing = false;
      return;
    }
    writing = true;
    auto on_written = [this](std::error_code ec, std::size_t) {
      if (ec == asio::error::operation_aborted) return fail(Failure::Closed, "connection closed");
      if (ec) return fail(Failure::Other, "write failed: " + ec.message());
      outbox.pop_front();
      ++batches_written;
      do_write();
    };
    if (tls) {
      asio::async_write(*tls, asio::buffer(outbox.front()), on_written);
    } else {
      asio::async_write(socket, asio::buffer(outbox.front()), on_written);
    }
  }

  // [SECTION] reads: at most one pending, never cancelled by a timeout

  void do_read() {
    reading = true;
    auto on_read = [this](std::error_code ec, std::size_t n) {
      reading = false;
      if (ec) {
        if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
          return fail(Failure::ClosedByPeer, "the server closed the connection");
        }
        if (ec == asio::error::operation_aborted) return fail(Failure::Closed, "connection closed");
        return fail(Failure::Other, "read failed: " + ec.message());
      }
      received.append(buffer.data(), n);
    };
    if (tls) {
      tls->async_read_some(asio::buffer(buffer), on_read);
    } else {
      socket.async_read_some(asio::buffer(buffer), on_read);
    }
  }

  bool handshake() {
    // A write in flight finishes in clear first; queued ones wait for the handshake.
    handshaking = true;
    if (!run_until([&] { return !writing || closed; }, options.timeout)) {
      handshaking = false;
      fail(Failure::TimedOut, "timeout while writing to the server");
      return false;
    }
    tls = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket, tls_context);
    std::optional<std::error_code> result;
    tls->async_handshake(asio::ssl::stream_base::client,
                         [&result](std::error_code ec) { result = ec; });
    const bool finished = run_until([&] { return result.has_value(); }, options.timeout);
    handshaking = false;
    if (!finished) {
      fail(Failure::TimedOut, "TLS handshake timed out");
      run_until([&] { return result.has_value(); }, options.timeout);
      tls.reset();
      return false;
    }
    if (*result) {
      fail(Failure::TlsFailed, "TLS handshake failed: " + result->message());
      tls.reset();
      return false;
    }
    do_write();  // what the user queued during the handshake now goes out encrypted
    return true;
  }

  ConnectOptions options;
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work;
  asio::ip::tcp::socket socket;
  asio::ssl::context tls_context;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls;
  std::array<char, 16384> buffer{};
  std::string received;  ///< bytes read and not yet handed to read()'s caller
  std::deque<std::string> outbox;
  std::size_t batches_written = 0;
  bool writing = false;
  bool reading = false;
  bool connected = false;
  bool closed = false;
  bool handshaking = false;
  Failure failure = Failure::None;
  std::string local;
  std::string remote;
  std::string error;
};

StreamConnection::StreamConnection(ConnectOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

StreamConnection::~StreamConnection() {
  impl_->shut();
  // Let aborted handlers finish while the objects they refer to still exist.
  impl_->work.reset();
  impl_->io.restart();
  impl_->io.poll();
}

bool StreamConnection::connect() {
  Impl& d = *impl_;
  std::error_code ec;
  const auto address = asio::ip::make_address(d.options.address, ec);
  if (ec) {
    d.error = "bad server address " + d.options.address;
    d.failure = Failure::BadAddress;
    return false;
  }
  const asio::ip::tcp::endpoint server(address, d.options.port);
  d.socket.open(server.protocol(), ec);
  if (!ec && !d.options.source_address.empty()) {
    // Each lab node has its own loopback address: the server sees who is calling.
    const auto source = asio::ip::make_address(d.options.source_address, ec);
    if (!ec) d.socket.bind(asio::ip::tcp::endpoint(source, 0), ec);
    if (ec) {
      d.fail(Failure::BindFailed, "cannot bind " + d.options.source_address + ": " + ec.message());
      return false;
    }
  }
  if (ec) {
    d.fail(Failure::Other, "cannot open a socket: " + ec.message());
    return false;
  }
  std::optional<std::error_code> result;
  d.socket.async_connect(server, [&result](std::error_code e) { result = e; });
  const std::string target = d.options.address + ":" + std::to_string(d.options.port);
  if (!d.run_until([&] { return result.has_value(); }, d.options.timeout)) {
    d.fail(Failure::TimedOut, "connection to " + target + " timed out");
    d.run_until([&] { return result.has_value(); }, d.options.timeout);
    return false;
  }
  if (*result) {
    d.fail(*result == asio::error::connection_refused ? Failure::Refused : Failure::Other,
           "cannot connect to " + target + ": " + result->message());
    return false;
  }
  d.connected = true;
  d.local = endpoint_text(d.socket.local_endpoint(ec));
  d.remote = endpoint_text(d.socket.remote_endpoint(ec));
  // RFC 8314 §3: on an implicit-TLS port the handshake comes before any protocol byte.
  if (d.options.implicit_tls) return d.handshake();
  return true;
}

bool StreamConnection::write(std::string_view bytes) {
  Impl& d = *impl_;
  if (d.closed) {
    if (d.error.empty()) d.error = "the connection is closed";
    return false;
  }
  d.enqueue(std::string(bytes));
  // Done when this batch, and every batch queued before it, has left.
  const std::size_t target = d.batches_written + d.outbox.size();
  if (!d.run_until([&] { return d.closed || d.batches_written >= target; }, d.options.timeout)) {
    d.fail(Failure::TimedOut, "timeout while writing to the server");
    return false;
  }
  return d.batches_written >= target;
}

StreamConnection::ReadStatus StreamConnection::read(std::string& into,
                                                    std::chrono::milliseconds wait) {
  Impl& d = *impl_;
  const auto hand_over = [&] {
    into.append(d.received);
    d.received.clear();
  };
  if (!d.received.empty()) {
    hand_over();
    return ReadStatus::Data;
  }
  if (d.closed) return ReadStatus::Closed;
  if (!d.reading) d.do_read();
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (d.received.empty() && !d.closed) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return ReadStatus::Timeout;
    d.io.run_one_until(deadline);
  }
  if (!d.received.empty()) {
    hand_over();
    return ReadStatus::Data;
  }
  return ReadStatus::Closed;
}

bool StreamConnection::start_tls() {
  Impl& d = *impl_;
  if (d.closed) {
    if (d.error.empty()) d.error = "the connection is closed";
    return false;
  }
  if (d.tls) {
    d.error = "TLS is already on";
    d.failure = Failure::TlsFailed;
    return false;
  }
  if (d.reading) {
    d.error = "a read is pending on the clear connection";
    d.failure = Failure::TlsFailed;
    return false;
  }
  // RFC 3207 §4.2: bytes received before the handshake are not kept (a server sends
  // nothing between its go-ahead and the handshake, so anything here was injected).
  d.received.clear();
  return d.handshake();
}

void StreamConnection::post_write(std::string bytes) {
  asio::post(impl_->io, [d = impl_.get(), bytes = std::move(bytes)]() mutable {
    if (!d->closed) d->enqueue(std::move(bytes));
  });
}

void StreamConnection::close() {
  asio::post(impl_->io, [d = impl_.get()] { d->shut(); });
}

bool StreamConnection::connected() const {
  return impl_->connected && !impl_->closed;
}
bool StreamConnection::secure() const {
  return impl_->tls != nullptr && !impl_->closed;
}

std::string StreamConnection::tls_description() const {
  if (!impl_->tls) return {};
  const SSL* ssl = impl_->tls->native_handle();
  return std::string(SSL_get_version(ssl)) + " " + SSL_get_cipher_name(ssl);
}

const std::string& StreamConnection::local() const {
  return impl_->local;
}
const std::string& StreamConnection::remote() const {
  return impl_->remote;
}
const std::string& StreamConnection::error() const {
  return impl_->error;
}
StreamConnection::Failure StreamConnection::failure() const {
  return impl_->failure;
}

}  // namespace smtplab::net
