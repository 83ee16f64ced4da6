// `smtplab serve`: one MTA on loopback for telnet/nc practice and for real clients
// (swaks, Python smtplib, curl, msmtp, Thunderbird), and optionally POP3 and IMAP access to
// the Maildirs it delivers to (curl, poplib, imaplib, mpop, mbsync, fetchmail). Logs every
// exchange.
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "gui/cli/commands.hpp"
#include "gui/cli/options.hpp"
#include "gui/cli/scenario_lookup.hpp"
#include "gui/cli/serve_scenario.hpp"
#include "sim/agents/local_delivery_agent.hpp"
#include "sim/agents/maildir_imap_store.hpp"
#include "sim/agents/maildir_pop3_delegate.hpp"
#include "sim/net/imap_server.hpp"
#include "sim/net/pop3_server.hpp"
#include "sim/net/ports.hpp"
#include "sim/net/smtp_server.hpp"

namespace smtplab::cli {
namespace {

constexpr const char* kUsage = R"(usage: smtplab serve [OPTIONS]
       smtplab serve SCENARIO [--out DIR] [--capture FILE] [--free-ports] [--lang fr|en]

With SCENARIO, brings up every node of the scenario's topology (their listeners are
printed, with the nc/telnet/openssl commands for a hand session) until Ctrl-C / SIGTERM,
then writes the lab's state (timeline.jsonl, mail/, transcript.txt) to --out DIR
(default ./lab-state) for `smtplab check SCENARIO --state DIR`. Ports are 25/587/465 when
this process may bind them, else 2525/5587/4465 (also when SMTPLAB_UNPRIVILEGED_PORTS=1).
  --capture FILE  also record the lab's frames (libpcap on lo, only the topology's
                  addresses and ports) into FILE (.pcapng by name, else .pcap), flushed as
                  they come so it can be read while the lab runs, closed on Ctrl-C/SIGTERM;
                  `smtplab check` then finds it through DIR/capture.txt. Capturing needs
                  CAP_NET_RAW and CAP_NET_ADMIN (root, or the setcap line printed when they
                  are missing): without them the lab does not start and the command exits 1,
                  so that no lab runs whose frames cannot be graded.

Runs one SMTP server (MTA) on a loopback address and delivers the mail it accepts to one
Maildir per recipient: DIR/<recipient address>/{tmp,new,cur}. With --pop3/--pop3s, the
same Maildirs are read over POP3 (DELE takes effect at QUIT; UIDL survives restarts).
With --imap/--imaps, over IMAP4rev1 (UIDs, UIDVALIDITY and flags kept in the Maildir).

  --listen HOST:PORT      SMTP listener with STARTTLS (default 127.0.0.1:25 when this
                          process may bind it, else 127.0.0.1:2525)
  --submission HOST:PORT  also a submission listener (port 587 style): AUTH required
  --smtps HOST:PORT       also an implicit-TLS listener (port 465 style, RFC 8314)
  --pop3 HOST:PORT        also POP3 (RFC 1939) on the Maildirs, with STLS (port 110
                          style); a login is a --user NAME (the local part, then the
                          first --domain is appended) or the full address, with its
                          PASSWORD; USER/PASS and AUTH PLAIN only over TLS unless
                          --auth-cleartext
  --pop3s HOST:PORT       also POP3 over implicit TLS (port 995 style, RFC 8314)
  --imap HOST:PORT        also IMAP4rev1 (RFC 3501) on the Maildirs, with STARTTLS (port
                          143 style): INBOX is the login's Maildir, other mailboxes are
                          Maildir++ subfolders, flags are in the file names, IDLE sees
                          new deliveries; logins as for POP3 (LOGINDISABLED before TLS
                          unless --auth-cleartext)
  --imaps HOST:PORT       also IMAP over implicit TLS (port 993 style, RFC 8314)
  --maildir DIR           where mailboxes are written (default ./maildir)
  --domain DOMAIN         a domain delivered here; repeatable (default localhost)
  --mailbox LOCAL         a local part that exists; repeatable (default: any local part)
  --user NAME:PASSWORD    an AUTH PLAIN/LOGIN user, and a POP3/IMAP login; repeatable
  --max-size BYTES        SIZE limit (default 10485760; 0 = none)
  --hostname NAME         name in the greeting and Received (default mail.<first domain>)
  --banner TEXT           the whole 220 greeting text
  --tls-cert FILE --tls-key FILE
                          certificate and key (default: self-signed, made at start)
  --no-tls                offer no STARTTLS/STLS (and no --smtps, --pop3s, --imaps)
  --auth-cleartext        offer AUTH before STARTTLS, and POP3/IMAP logins before TLS
                          (shows credentials in captures)
  --bare-lf reject|normalize
                          bare LF/CR in DATA: refuse the message (default) or store
                          the line as if it ended with CRLF
  --vrfy                  answer VRFY truthfully (default: 252 for everyone)
  --expn                  answer EXPN (no lists in serve: 550)
  --timeout SECONDS       idle timeout before 421, or POP3's -ERR, or IMAP's BYE (default
                          300; 600 for POP3, whose autologout is at least 10 minutes,
                          RFC 1939 §3; 1800 for IMAP, at least 30 minutes, RFC 3501 §5.4)
  --threads N             I/O threads (default 16: delivery waits for fsync)
  --reveal-secrets        show AUTH, PASS and LOGIN lines in the log unmasked
  --allow-external        permit a non-loopback listener address (warns)
  --quiet                 log connections only, not every command and reply
Stops cleanly (421 to open sessions) on SIGINT or SIGTERM.

)";

void print_event(const net::SessionEvent& e) {
  using protocol::EventKind;
  const auto& ev = e.event;
  switch (ev.kind) {
    case EventKind::Command:
      std::printf("[%llu] C: %s\n", static_cast<unsigned long long>(e.session), ev.text.c_str());
      break;
    case EventKind::Reply: {
      std::string text = ev.text;
      // POP3 responses have no numeric code: their text is the whole line ("+OK ...").
      const bool coded = ev.code != 0;
      std::size_t start = 0;
      // One log line per reply line, as on the wire.
      while (true) {
        const auto nl = text.find('\n', start);
        const std::string line = text.substr(start, nl == std::string::npos ? nl : nl - start);
        if (coded) {
          std::printf("[%llu] S: %d %s%s%s\n", static_cast<unsigned long long>(e.session), ev.code,
                      ev.enhanced.c_str(), ev.enhanced.empty() ? "" : " ", line.c_str());
        } else {
          std::printf("[%llu] S: %s\n", static_cast<unsigned long long>(e.session), line.c_str());
        }
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
      break;
    }
    case EventKind::Message:
    case EventKind::TlsStarted:
    case EventKind::Discarded:
    case EventKind::Note:
      std::printf("[%llu] -- %s\n", static_cast<unsigned long long>(e.session), ev.text.c_str());
      break;
    case EventKind::StateChange:
      break;
  }
  std::fflush(stdout);
}

}  // namespace

int run_serve_command(const Args& args) {
  try {
    Options options(
        args, {"--listen",   "--submission", "--smtps",    "--pop3",    "--pop3s",   "--imap",
               "--imaps",    "--maildir",    "--domain",   "--mailbox", "--user",    "--max-size",
               "--hostname", "--banner",     "--tls-cert", "--tls-key", "--bare-lf", "--timeout",
               "--threads",  "--out",        "--lang",     "--capture"},
        {"--help", "-h", "--free-ports", "--no-tls", "--auth-cleartext", "--vrfy", "--expn",
         "--reveal-secrets", "--allow-external", "--quiet"});
    if (options.flag("--help") || options.flag("-h")) {
      std::fputs(kUsage, stdout);
      std::fputs(kScenarioLookupHelp, stdout);
      return 0;
    }
    if (!options.positionals().empty()) {
      // A scenario's whole topology; its state goes to --out (default ./lab-state).
      if (options.positionals().size() > 1) throw UsageError("one scenario at a time");
      ServeScenarioRequest request;
      request.name = options.positionals().front();
      request.file = resolve_scenario(request.name);
      request.out = options.value("--out").value_or("lab-state");
      request.free_ports = options.flag("--free-ports");
      request.lang = language_option(options);
      request.capture = options.value("--capture").value_or("");
      return serve_scenario(request);
    }
    if (options.value("--capture")) {
      throw UsageError(
          "--capture records a chapter's lab (smtplab serve SCENARIO --capture FILE); "
          "for this one server, use smtplab capture");
    }

    agents::LocalDeliveryConfig delivery;
    delivery.domains = options.values("--domain");
    if (delivery.domains.empty()) delivery.domains = {"localhost"};
    delivery.maildir_root = options.value("--maildir").value_or("maildir");
    for (const auto& m : options.values("--mailbox")) delivery.mailboxes.insert(m);
    for (const auto& u : options.values("--user")) {
      const auto colon = u.find(':');
      if (colon == std::string::npos || colon == 0) {
        throw UsageError("--user needs NAME:PASSWORD, not \"" + u + "\"");
      }
      delivery.users[u.substr(0, colon)] = u.substr(colon + 1);
    }
    const std::string first_domain = delivery.domains.front();
    delivery.hostname =
        options.value("--hostname")
            .value_or(first_domain == "localhost" ? "localhost" : "mail." + first_domain);

    net::ServerOptions server;
    server.allow_non_loopback = options.flag("--allow-external");
    // Delivery blocks on fsync; several I/O threads keep other sessions moving meanwhile
    // (and let the file system merge their flushes).
    server.threads = static_cast<unsigned>(options.number("--threads").value_or(16));
    if (server.threads == 0) throw UsageError("--threads must be at least 1");
    server.listeners.clear();
    auto add_listener = [&](const std::string& flag, std::uint16_t standard, bool implicit_tls,
                            const char* name, bool by_default) {
      net::Listener l;
      l.name = name;
      l.implicit_tls = implicit_tls;
      if (const auto text = options.value(flag)) {
        auto [host, port] = parse_host_port(*text);
        l.address = host;
        l.port = port;
      } else if (by_default) {
        l.port = net::lab_port(standard);
      } else {
        return;
      }
      server.listeners.push_back(l);
    };
    add_listener("--listen", 25, false, "smtp", true);
    add_listener("--submission", 587, false, "submission", false);
    add_listener("--smtps", 465, true, "smtps", false);
    // POP3 and IMAP listeners go to servers of their own, on the same transport.
    auto reader_listeners = [&](const char* plain_flag, const char* plain_name,
                                const char* tls_flag, const char* tls_name) {
      std::vector<net::Listener> out;
      for (const auto& [flag, name, implicit_tls] :
           {std::tuple{plain_flag, plain_name, false}, std::tuple{tls_flag, tls_name, true}}) {
        const auto text = options.value(flag);
        if (!text) continue;
        auto [host, port] = parse_host_port(*text);
        net::Listener l;
        l.name = name;
        l.address = host;
        l.port = port;
        l.implicit_tls = implicit_tls;
        out.push_back(l);
      }
      return out;
    };
    const std::vector<net::Listener> pop3_listeners =
        reader_listeners("--pop3", "pop3", "--pop3s", "pop3s");
    const std::vector<net::Listener> imap_listeners =
        reader_listeners("--imap", "imap", "--imaps", "imaps");

    protocol::ServerConfig& smtp = server.smtp;
    smtp.hostname = delivery.hostname;
    if (const auto banner = options.value("--banner")) smtp.greeting = *banner;
    if (const auto size = options.number("--max-size")) smtp.max_message_size = *size;
    smtp.auth = !delivery.users.empty();
    smtp.auth_over_cleartext = options.flag("--auth-cleartext");
    smtp.reveal_secrets = options.flag("--reveal-secrets");
    smtp.expn = options.flag("--expn");
    if (options.flag("--vrfy")) smtp.vrfy = protocol::VrfyPolicy::Enabled;
    if (const auto policy = options.value("--bare-lf")) {
      if (*policy == "reject") {
        smtp.bare_line_ending = protocol::BareLineEndingPolicy::Reject;
      } else if (*policy == "normalize") {
        smtp.bare_line_ending = protocol::BareLineEndingPolicy::Normalize;
      } else {
        throw UsageError("--bare-lf is reject or normalize, not \"" + *policy + "\"");
      }
    }
    if (const auto seconds = options.number("--timeout")) {
      server.idle_timeout = std::chrono::seconds(*seconds);
    }
    if (!options.flag("--no-tls")) {
      const auto cert = options.value("--tls-cert");
      const auto key = options.value("--tls-key");
      if (cert.has_value() != key.has_value())
        throw UsageError("--tls-cert and --tls-key go together");
      server.tls = cert ? net::load_tls_identity(*cert, *key)
                        : net::generate_self_signed_identity(delivery.hostname);
    } else if (options.value("--smtps")) {
      throw UsageError("--smtps needs TLS; remove --no-tls");
    } else if (options.value("--pop3s")) {
      throw UsageError("--pop3s needs TLS; remove --no-tls");
    } else if (options.value("--imaps")) {
      throw UsageError("--imaps needs TLS; remove --no-tls");
    }
    for (auto& l : server.listeners) {
      // Submission is where AUTH is mandatory (RFC 6409 §4.3).
      if (l.name != "submission") continue;
      if (delivery.users.empty()) {
        throw UsageError("--submission requires AUTH: add at least one --user NAME:PASSWORD");
      }
      l.auth_required = true;
    }

    agents::LocalDeliveryAgent agent(delivery);
    const bool quiet = options.flag("--quiet");
    agent.on_delivered = [](const agents::DeliveryRecord& r) {
      std::printf("-- delivered %s to %s (%s)\n", r.queue_id.c_str(), r.recipient.c_str(),
                  r.file.string().c_str());
      std::fflush(stdout);
    };
    auto on_connection = [](const net::ConnectionEvent& c) {
      if (c.opened) {
        std::printf("[%llu] connection from %s to %s (%s)\n",
                    static_cast<unsigned long long>(c.session), c.client.c_str(), c.server.c_str(),
                    c.listener.c_str());
      } else {
        std::printf("[%llu] closed: %s\n", static_cast<unsigned long long>(c.session),
                    c.reason.c_str());
      }
      std::fflush(stdout);
    };

    std::vector<net::Listener> all_listeners = server.listeners;
    all_listeners.insert(all_listeners.end(), pop3_listeners.begin(), pop3_listeners.end());
    all_listeners.insert(all_listeners.end(), imap_listeners.begin(), imap_listeners.end());
    for (const auto& l : all_listeners) {
      if (!net::is_loopback_address(l.address) && server.allow_non_loopback) {
        std::fprintf(stderr,
                     "smtplab serve: WARNING: listening on %s, outside this machine: anyone who "
                     "can reach it may send mail here.\n",
                     l.address.c_str());
      }
    }

    net::SmtpServer smtp_server(server, agent);
    smtp_server.on_connection = on_connection;
    if (!quiet) smtp_server.on_event = print_event;
    const auto ports = smtp_server.start();
    for (std::size_t i = 0; i < server.listeners.size(); ++i) {
      const auto& l = server.listeners[i];
      std::string mode = l.implicit_tls ? ", implicit TLS" : (server.tls ? ", STARTTLS" : "");
      if (l.auth_required) mode += ", AUTH required";
      std::printf("smtplab serve: listening on %s:%u (%s%s)\n", l.address.c_str(), ports[i],
                  l.name.c_str(), mode.c_str());
    }

    // POP3 and IMAP on the Maildirs the MTA delivers to, with the same users, TLS and
    // timeouts; each reader protocol has a server of its own on the one transport.
    const agents::MaildirAccounts accounts{delivery.maildir_root, first_domain, delivery.users};
    auto start_reader = [&](const std::vector<net::Listener>& listeners,
                            std::chrono::milliseconds protocol_timeout, const char* upgrade,
                            net::MachineFactory factory) -> std::unique_ptr<net::MachineServer> {
      if (listeners.empty()) return nullptr;
      net::TransportOptions reader_options;
      reader_options.listeners = listeners;
      reader_options.tls = server.tls;
      reader_options.idle_timeout =
          options.number("--timeout") ? server.idle_timeout : protocol_timeout;
      reader_options.allow_non_loopback = server.allow_non_loopback;
      auto reader = std::make_unique<net::MachineServer>(reader_options, std::move(factory));
      reader->on_connection = on_connection;
      if (!quiet) reader->on_event = print_event;
      const auto reader_ports = reader->start();
      for (std::size_t i = 0; i < listeners.size(); ++i) {
        const auto& l = listeners[i];
        const std::string mode =
            l.implicit_tls ? ", implicit TLS" : (server.tls ? std::string(", ") + upgrade : "");
        std::printf("smtplab serve: listening on %s:%u (%s%s)\n", l.address.c_str(),
                    reader_ports[i], l.name.c_str(), mode.c_str());
      }
      return reader;
    };

    agents::MaildirPop3Delegate pop3_delegate(accounts);
    protocol::pop3::Pop3ServerConfig pop3;
    pop3.hostname = delivery.hostname;
    pop3.cleartext_login = smtp.auth_over_cleartext;
    pop3.reveal_secrets = smtp.reveal_secrets;
    // RFC 1939 §3: a POP3 autologout timer is at least 10 minutes, unless asked otherwise.
    auto pop3_server = start_reader(pop3_listeners, std::chrono::minutes(10), "STLS",
                                    net::pop3_machine_factory(pop3, pop3_delegate));

    protocol::imap::ImapConfig imap;
    imap.hostname = delivery.hostname;
    imap.login_over_cleartext = smtp.auth_over_cleartext;
    imap.reveal_secrets = smtp.reveal_secrets;
    // RFC 3501 §5.4: an IMAP autologout timer is at least 30 minutes (an IDLE client
    // renews its command every 29).
    auto imap_server = start_reader(imap_listeners, std::chrono::minutes(30), "STARTTLS",
                                    net::imap_machine_factory(imap, [&accounts] {
                                      return std::make_unique<agents::MaildirImapStore>(accounts);
                                    }));
    std::string domains;
    for (const auto& d : delivery.domains) domains += (domains.empty() ? "" : ", ") + d;
    std::printf("smtplab serve: mail for %s goes to %s/<address>/new\n", domains.c_str(),
                delivery.maildir_root.string().c_str());
    std::fflush(stdout);

    smtp_server.stop_on_signals();
    // The POP3 and IMAP servers run beside the SMTP one and stop with it.
    std::vector<std::thread> reader_threads;
    for (auto* reader : {pop3_server.get(), imap_server.get()}) {
      if (reader) reader_threads.emplace_back([reader] { reader->run(); });
    }
    smtp_server.run();
    for (auto* reader : {pop3_server.get(), imap_server.get()}) {
      if (reader) reader->stop();
    }
    for (auto& t : reader_threads) t.join();
    std::printf("smtplab serve: stopped\n");
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "smtplab serve: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smtplab serve: %s\n", e.what());
    return 1;
  }
}

}  // namespace smtplab::cli
