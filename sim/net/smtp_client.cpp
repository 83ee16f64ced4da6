// The SMTP client's loop: strictly alternate machine output -> write -> read -> machine,
// with the TLS handshake when the machine asks, over net::StreamConnection.
#include "sim/net/smtp_client.hpp"

#include "sim/net/stream_connection.hpp"

namespace smtplab::net {
namespace {

constexpr auto kReadSlice = std::chrono::milliseconds(100);  ///< how often a pause is checked

const char* failure_name(StreamConnection::Failure failure) {
  using Failure = StreamConnection::Failure;
  switch (failure) {
    case Failure::Refused:
      return "refused";
    case Failure::TimedOut:
      return "timed_out";
    case Failure::ClosedByPeer:
      return "closed_by_peer";
    case Failure::TlsFailed:
      return "tls_failed";
    case Failure::BindFailed:
      return "bind_failed";
    case Failure::BadAddress:
      return "bad_address";
    default:
      return "other";
  }
}

class ClientRun {
 public:
  ClientRun(const ClientTarget& target, protocol::ClientSession& session)
      : target_(target), session_(session), connection_(options_for(target)) {}

  ClientConnectionInfo run(const std::function<void(const ClientConnectionInfo&)>& on_connected) {
    if (!connection_.connect()) {
      if (connection_.local().empty()) return fail(connection_.error());
      // Connected, but the implicit-TLS handshake failed.
      info_.connected = true;
      info_.client = connection_.local();
      info_.server = connection_.remote();
      if (on_connected) on_connected(info_);
      session_.tls_failed(connection_.error());
      return fail(connection_.error());
    }
    info_.connected = true;
    info_.client = connection_.local();
    info_.server = connection_.remote();
    if (on_connected) on_connected(info_);
    std::string incoming;
    for (;;) {
      // Wait for the server (its greeting first), then hand the bytes to the machine.
      incoming.clear();
      if (!read_some(incoming)) return info_;
      protocol::ClientOutput out = session_.receive(incoming);
      if (!apply(out)) return info_;
      if (out.close || session_.done()) return finish("");
    }
  }

 private:
  static ConnectOptions options_for(const ClientTarget& target) {
    ConnectOptions options;
    options.address = target.address;
    options.port = target.port;
    options.source_address = target.source_address;
    options.implicit_tls = target.implicit_tls;
    options.timeout = target.timeout;
    options.timers_frozen = target.timers_frozen;
    return options;
  }

  // Writes what the machine produced; after STARTTLS's 220, the handshake and the
  // machine's next output (the new EHLO). False when the session ended.
  bool apply(protocol::ClientOutput& out) {
    for (;;) {
      if (!out.bytes.empty()) {
        if (target_.before_write && !target_.before_write()) {
          finish("lab stopped", "lab_stopped");
          return false;
        }
        if (!connection_.write(out.bytes)) {
          finish(connection_.error());
          return false;
        }
      }
      if (!out.start_tls) return true;
      if (!connection_.start_tls()) {
        session_.tls_failed(connection_.error());
        finish(connection_.error());
        return false;
      }
      out = session_.tls_established();
    }
  }

  // Reads until bytes arrive; the timeout counts only while the lab is not paused.
  bool read_some(std::string& into) {
    auto waited = std::chrono::milliseconds::zero();
    for (;;) {
      const auto start = std::chrono::steady_clock::now();
      switch (connection_.read(into, kReadSlice)) {
        case StreamConnection::ReadStatus::Data:
          return true;
        case StreamConnection::ReadStatus::Closed:
          finish(connection_.error().empty() ? "the server closed the connection"
                                             : connection_.error(),
                 "closed_by_peer");
          return false;
        case StreamConnection::ReadStatus::Timeout:
          break;
      }
      if (!target_.timers_frozen || !target_.timers_frozen()) {
        waited += std::chrono::duration_cast<std::chrono::milliseconds>(
            std::chrono::steady_clock::now() - start);
      }
      if (waited >= target_.timeout) {
        finish("timeout waiting for the server", "timed_out");
        return false;
      }
    }
  }

  ClientConnectionInfo fail(const std::string& why) {
    info_.error = why;
    info_.failure = failure_name(connection_.failure());
    session_.connection_lost(why);
    return info_;
  }

  /// `kind`: what broke when the connection cannot tell (its own failure otherwise).
  ClientConnectionInfo finish(const std::string& error, const char* kind = nullptr) {
    if (!error.empty()) {
      info_.error = error;
      info_.failure = kind ? kind : failure_name(connection_.failure());
      if (!session_.done()) session_.connection_lost(error);
    }
    connection_.close();
    return info_;
  }

  const ClientTarget& target_;
  protocol::ClientSession& session_;
  StreamConnection connection_;
  ClientConnectionInfo info_;
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
