// `smtplab send`: the lab's MUA on the command line. Composes a message (UTF-8 subject and
// text, attachments; MIME from sim/message) or takes a ready one, and submits it over a
// real SMTP connection with the client machine. --verbose prints the dialogue the way
// `mail -v` does in the course.
#include <unistd.h>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "sim/message/address.hpp"
#include "sim/message/builder.hpp"
#include "sim/net/smtp_client.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage =
    R"(usage: smtplab send --server HOST:PORT --from ADDR --to ADDR [OPTIONS]

Sends one message over SMTP, as a mail client (MUA) does, and says what happened to each
recipient. Exit status: 0 all delivered, 1 a recipient failed, 2 bad command line.

  --server HOST:PORT    the SMTP server (MSA or MTA)
  --from ADDR           envelope sender and From: (use --header-from for another From:)
  --to ADDR             a recipient; repeatable (also in To:)
  --cc ADDR             a recipient also shown in Cc:; repeatable
  --subject TEXT        UTF-8 subject (encoded as RFC 2047 words when needed)
  --body TEXT           UTF-8 text (default: a short greeting); --body-file FILE
  --attach FILE         attach a file (base64); repeatable
  --raw FILE            send FILE as the message, unchanged (no composing)
  --header-from TEXT    From: header text (default: --from)
  --helo NAME           EHLO name (default: this host's name)
  --source ADDR         local address to connect from (e.g. 127.0.1.10)
  --user NAME:PASSWORD  AUTH PLAIN (or LOGIN when PLAIN is not offered)
  --smtps               TLS from the first byte (port 465)
  --no-starttls         do not use STARTTLS even when offered
  --require-tls         fail rather than send in cleartext
  --no-pipelining       wait for each reply even when PIPELINING is offered
  --chunking            use BDAT when CHUNKING is offered
  --reveal-secrets      show AUTH lines unmasked in --verbose
  --timeout SECONDS     per step (default 30)
  -v, --verbose         print the dialogue (C: client, S: server)
)";

std::string read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError(path + ": cannot open file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

message::Address address_of(const std::string& text) {
  const auto list = message::parse_address_list(text);
  if (list.addresses.size() != 1 || list.addresses[0].domain.empty()) {
    throw UsageError("\"" + text + "\" is not one mail address");
  }
  return list.addresses[0];
}

std::string host_name() {
  char buffer[256] = {};
  if (gethostname(buffer, sizeof buffer - 1) != 0 || !buffer[0]) return "localhost";
  return buffer;
}

}  // namespace

int run_send_command(const Args& args) {
  try {
    Options options(
        args,
        {"--server", "--from", "--to", "--cc", "--subject", "--body", "--body-file", "--attach",
         "--raw", "--header-from", "--helo", "--source", "--user", "--timeout"},
        {"--help", "-h", "--smtps", "--no-starttls", "--require-tls", "--no-pipelining",
         "--chunking", "--reveal-secrets", "--verbose", "-v"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    const auto server = options.value("--server");
    const auto from = options.value("--from");
    auto recipients = options.values("--to");
    const auto cc = options.values("--cc");
    if (!server || !from || (recipients.empty() && cc.empty())) {
      throw UsageError("--server, --from and at least one --to are needed (see --help)");
    }
    const auto [host, port] = parse_host_port(*server);
    const message::Address sender = address_of(*from);

    std::string content;
    if (const auto raw = options.value("--raw")) {
      content = message::normalize_line_breaks(read_whole(*raw));
    } else {
      message::MessageBuilder builder;
      builder.from(options.value("--header-from") ? address_of(*options.value("--header-from"))
                                                  : sender);
      for (const auto& r : recipients) builder.to(address_of(r));
      for (const auto& r : cc) builder.cc(address_of(r));
      builder.subject(options.value("--subject").value_or("Message de test / Test message"));
      if (const auto file = options.value("--body-file")) {
        builder.text(read_whole(*file));
      } else {
        builder.text(
            options.value("--body").value_or("Bonjour,\n\nCeci est un message de test.\n"));
      }
      for (const auto& path : options.values("--attach")) {
        builder.attach({std::filesystem::path(path).filename().string(), "application/octet-stream",
                        read_whole(path)});
      }
      content = builder.build();
    }

    protocol::ClientConfig config;
    config.helo_name = options.value("--helo").value_or(host_name());
    config.starttls = !options.flag("--no-starttls");
    config.require_tls = options.flag("--require-tls");
    config.pipelining = !options.flag("--no-pipelining");
    config.chunking = options.flag("--chunking");
    config.reveal_secrets = options.flag("--reveal-secrets");
    if (const auto user = options.value("--user")) {
      const auto colon = user->find(':');
      if (colon == std::string::npos) throw UsageError("--user needs NAME:PASSWORD");
      config.auth_user = user->substr(0, colon);
      config.auth_password = user->substr(colon + 1);
    }
    net::ClientTarget target;
    target.address = host == "localhost" ? "127.0.0.1" : host;
    target.port = port;
    target.implicit_tls = options.flag("--smtps");
    target.source_address = options.value("--source").value_or("");
    if (const auto seconds = options.number("--timeout"))
      target.timeout = std::chrono::seconds(*seconds);

    for (const auto& r : cc) recipients.push_back(r);
    std::vector<std::string> envelope_rcpts;
    for (const auto& r : recipients) envelope_rcpts.push_back(address_of(r).addr_spec());
    protocol::OutgoingMessage outgoing{sender.addr_spec(), envelope_rcpts, content, {}};

    const bool verbose = options.flag("--verbose") || options.flag("-v");
    auto print = [verbose](const protocol::ProtocolEvent& e) {
      if (!verbose) return;
      if (e.kind == protocol::EventKind::Command) std::printf("C: %s\n", e.text.c_str());
      if (e.kind == protocol::EventKind::Reply) {
        std::string text = e.text;
        std::size_t start = 0;
        while (true) {
          const auto nl = text.find('\n', start);
          const bool last = nl == std::string::npos;
          std::printf("S: %d%c%s%s%s\n", e.code, last ? ' ' : '-', e.enhanced.c_str(),
                      e.enhanced.empty() ? "" : " ",
                      text.substr(start, last ? nl : nl - start).c_str());
          if (last) break;
          start = nl + 1;
        }
      }
      if (e.kind == protocol::EventKind::Message) std::printf("C: (%s)\nC: .\n", e.text.c_str());
      if (e.kind == protocol::EventKind::TlsStarted || e.kind == protocol::EventKind::Note) {
        std::printf("-- %s\n", e.text.c_str());
      }
      std::fflush(stdout);
    };
    auto connected = [verbose](const net::ClientConnectionInfo& info) {
      if (verbose)
        std::printf("-- connected from %s to %s\n", info.client.c_str(), info.server.c_str());
    };
    const auto results = net::send_messages(target, config, {outgoing}, print, connected);
    int status = 0;
    for (const auto& r : results.at(0).recipients) {
      const char* what = r.outcome == protocol::RecipientResult::Outcome::Delivered ? "accepted"
                         : r.outcome == protocol::RecipientResult::Outcome::Transient
                             ? "temporary failure"
                             : "refused";
      std::printf("%s: %s (%d%s%s %s)\n", r.address.c_str(), what, r.reply.code,
                  r.reply.enhanced.empty() ? "" : " ", r.reply.enhanced.c_str(),
                  r.reply.text().c_str());
      if (r.outcome != protocol::RecipientResult::Outcome::Delivered) status = 1;
    }
    return status;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab send: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab send: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
