// The console's background thread (see console_connection.hpp).
#include "gui/app/live/console_connection.hpp"

#include "gui/app/model/app_state.hpp"
#include "sim/net/stream_connection.hpp"
#include "sim/protocol/command.hpp"
#include "sim/protocol/reply.hpp"

namespace smtplab::app {
namespace {

constexpr auto kReadSlice = std::chrono::milliseconds(200);  ///< how often close() is noticed

void post(UiQueue& queue, ConsoleLine line) {
  queue.post([line = std::move(line)](AppState& state) {
    state.console.lines.push_back(line);
    state.console.scroll_to_bottom = true;
  });
}

void post_status(UiQueue& queue, Text status, std::string argument) {
  ConsoleLine line;
  line.kind = ConsoleLine::Kind::Status;
  line.status = status;
  line.text = std::move(argument);
  post(queue, std::move(line));
}

// The catalogue entry for a failure; the transport's own text goes in the argument only
// where no entry says it better (an unusual socket error).
Text failure_text(net::StreamConnection::Failure failure) {
  using Failure = net::StreamConnection::Failure;
  switch (failure) {
    case Failure::Refused:
      return Text::ConsoleRefused;
    case Failure::TimedOut:
      return Text::ConsoleTimedOut;
    case Failure::BindFailed:
      return Text::ConsoleBindFailed;
    case Failure::BadAddress:
      return Text::ConsoleBadAddress;
    case Failure::TlsFailed:
      return Text::ConsoleTlsFailed;
    case Failure::ClosedByPeer:
    case Failure::Closed:
    case Failure::None:
      return Text::ConsoleClosed;
    case Failure::Other:
      break;
  }
  return Text::ConsoleError;
}

bool is_starttls(std::string_view line) {
  // A line typed by hand may carry its own line ending: the verb stops there too.
  line = line.substr(0, line.find_first_of("\r\n"));
  return protocol::parse_command(line).verb == protocol::Verb::Starttls;
}

}  // namespace

std::string ConsoleTarget::label() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

ConsoleConnection::ConsoleConnection(ConsoleTarget target, UiQueue& queue)
    : target_(std::move(target)), label_(target_.label()), queue_(queue) {
  net::ConnectOptions options;
  options.address = target_.host;
  options.port = target_.port;
  options.source_address = target_.source_address;
  options.implicit_tls = target_.implicit_tls;
  options.timeout = std::chrono::seconds(10);
  connection_ = std::make_unique<net::StreamConnection>(std::move(options));
  thread_ = std::thread([this] { run(); });
}

ConsoleConnection::~ConsoleConnection() {
  close();
  if (thread_.joinable()) thread_.join();
}

void ConsoleConnection::close() {
  stop_ = true;
  connection_->close();
}

bool ConsoleConnection::send_lines(const std::vector<std::string>& lines) {
  if (status_ != Status::Connected || lines.empty()) return false;
  std::string batch;
  for (const auto& line : lines) {
    batch += line;
    batch += "\r\n";
    if (is_starttls(line)) starttls_sent_ = true;
  }
  connection_->post_write(std::move(batch));
  return true;
}

void ConsoleConnection::run() {
  net::StreamConnection& c = *connection_;
  if (!c.connect()) {
    status_ = Status::Closed;
    post_status(queue_, failure_text(c.failure()), label_ + " — " + c.error());
    return;
  }
  secure_ = c.secure();
  status_ = Status::Connected;
  post_status(queue_, Text::ConsoleOpened, c.local() + " \u2192 " + c.remote());
  if (c.secure()) post_status(queue_, Text::ConsoleTlsOn, c.tls_description());
  std::string pending;
  while (!stop_) {
    const auto got = c.read(pending, kReadSlice);
    if (got == net::StreamConnection::ReadStatus::Closed) break;
    if (got == net::StreamConnection::ReadStatus::Data) take_lines(pending);
  }
  if (!pending.empty()) {
    ConsoleLine line{ConsoleLine::Kind::Received, pending, secure_.load(), Text::Count};
    post(queue_, std::move(line));
  }
  status_ = Status::Closed;
  const auto failure = stop_ ? net::StreamConnection::Failure::Closed : c.failure();
  post_status(queue_, failure_text(failure),
              failure == net::StreamConnection::Failure::Other ? c.error() : label_);
}

void ConsoleConnection::take_lines(std::string& pending) {
  std::size_t eol;
  while ((eol = pending.find('\n')) != std::string::npos) {
    std::string text = pending.substr(0, eol);
    pending.erase(0, eol + 1);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const auto reply = protocol::parse_reply_line(text);
    post(queue_, ConsoleLine{ConsoleLine::Kind::Received, text, secure_.load(), Text::Count});
    if (!starttls_sent_ || !reply || !reply->last) continue;
    // A 4xx/5xx is STARTTLS refused (454, 501, 502, 503): the session stays in clear. The
    // 250s of commands pipelined before it are not its answer.
    if (reply->code >= 400) starttls_sent_ = false;
    if (reply->code != 220) continue;
    starttls_sent_ = false;
    // RFC 3207 §4.2: nothing the server sent after its 220 and before the handshake is
    // kept; the handshake starts before another byte is read.
    pending.clear();
    if (!connection_->start_tls()) {
      post_status(queue_, Text::ConsoleTlsFailed, connection_->error());
      return;
    }
    secure_ = true;
    post_status(queue_, Text::ConsoleTlsOn, connection_->tls_description());
    return;
  }
}

}  // namespace smtplab::app
