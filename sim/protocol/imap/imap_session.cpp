// The IMAP4rev1 server machine (RFC 3501; RFC 7888 LITERAL+, RFC 4959 SASL-IR, RFC 2177
// IDLE, RFC 3691 UNSELECT, RFC 5530 response codes).
//
// [SECTIONS] lifecycle · input · dispatch · not-authenticated commands · mailbox commands
// · selected-state commands · updates · responses and events
#include "sim/protocol/imap/imap_session.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "sim/protocol/imap/fetch_items.hpp"
#include "sim/protocol/imap/fetch_response.hpp"
#include "sim/protocol/imap/flags.hpp"
#include "sim/protocol/imap/search.hpp"
#include "sim/protocol/sasl.hpp"
#include "sim/protocol/text.hpp"

namespace smtplab::protocol::imap {
namespace {

// A client's command as the event log shows it: its lines with literals as "{n}"
// (CommandReader's `shown`) and, for LOGIN and AUTHENTICATE, everything after the user
// name or the mechanism masked, as the SMTP machine masks AUTH. Every Command event of a
// command goes through here, refused ones included.
std::string loggable(std::string_view shown, bool reveal_secrets) {
  const auto first = shown.find(' ');
  const std::string_view rest = first == std::string_view::npos ? "" : shown.substr(first + 1);
  const ImapCommandSpec* spec = find_imap_command(rest.substr(0, rest.find(' ')));
  if (reveal_secrets || !spec || !spec->secret) return std::string(shown);
  // Keep three words: the tag, the command and the user name (or the SASL mechanism).
  std::size_t pos = 0;
  for (int word = 0; word < 3; ++word) {
    pos = shown.find(' ', word == 0 ? 0 : pos + 1);
    if (pos == std::string_view::npos) return std::string(shown);
  }
  return std::string(shown.substr(0, pos)) + " ****";
}

// The deepest parenthesis nesting outside quoted strings, and the count of arguments (SP
// separated words): cheap limits checked before any command parses its arguments.
std::pair<std::size_t, std::size_t> depth_and_arguments(std::string_view shown) {
  std::size_t depth = 0, deepest = 0, arguments = 1;
  bool quoted = false;
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const char c = shown[i];
    if (quoted) {
      if (c == '\\') ++i;
      if (c == '"') quoted = false;
      continue;
    }
    if (c == '"') quoted = true;
    if (c == '(') deepest = std::max(deepest, ++depth);
    if (c == ')' && depth > 0) --depth;
    if (c == ' ') ++arguments;
  }
  return {deepest, arguments};
}

// A response line as the event log shows it: literal octets replaced by nothing after
// their "{n}" (the size says what was sent).
std::string shown_response(std::string_view wire) {
  std::string out;
  std::size_t i = 0;
  while (i < wire.size()) {
    const auto close = wire.find("}\r\n", i);
    if (close == std::string_view::npos) {
      out.append(wire.substr(i));
      break;
    }
    const auto open = wire.rfind('{', close);
    unsigned long long size = 0;
    if (open == std::string_view::npos || open < i ||
        !parse_decimal(wire.substr(open + 1, close - open - 1), size)) {
      out.append(wire.substr(i, close + 3 - i));
      i = close + 3;
      continue;
    }
    out.append(wire.substr(i, close + 1 - i));
    i = close + 3 + static_cast<std::size_t>(std::min<unsigned long long>(size, wire.size()));
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// "INBOX" is case-insensitive (RFC 3501 §5.1); every other name is taken as written.
std::string normalise_mailbox(std::string name) {
  if (iequals(name, "INBOX")) return "INBOX";
  return name;
}

// LIST pattern matching (RFC 3501 §6.3.8): "*" matches anything, "%" anything but the
// hierarchy delimiter. One row of a dynamic programme per pattern octet (reachable[j]: the
// pattern so far matches the name's first j octets): no recursion and no exponential
// backtracking on a client's pattern.
bool matches_pattern(std::string_view pattern, std::string_view name, char delimiter) {
  std::vector<char> reachable(name.size() + 1, 0);
  reachable[0] = 1;
  for (const char p : pattern) {
    std::vector<char> next(name.size() + 1, 0);
    for (std::size_t j = 0; j <= name.size(); ++j) {
      if (p == '*') {
        next[j] = reachable[j] || (j > 0 && next[j - 1]);
      } else if (p == '%') {
        next[j] = reachable[j] || (j > 0 && next[j - 1] && name[j - 1] != delimiter);
      } else {
        next[j] = j > 0 && reachable[j - 1] && name[j - 1] == p;
      }
    }
    reachable.swap(next);
  }
  return reachable[name.size()] != 0;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// [SECTION] lifecycle

ImapSession::ImapSession(ImapConfig config, MailStore& store, ConnectionInfo connection,
                         EventSink sink)
    : config_(std::move(config)),
      store_(store),
      connection_(std::move(connection)),
      sink_(std::move(sink)),
      framer_(config_.max_line),
      reader_(config_) {
  if (connection_.tls) tls_epoch_ = 1;
}

ServerOutput ImapSession::start() {
  ServerOutput out;
  respond(out, ResponseId::Greeting, "*", capabilities(), config_.hostname);
  return out;
}

ServerOutput ImapSession::tls_established() {
  connection_.tls = true;
  tls_epoch_ = 1;
  output_offset_ = 0;
  framer_.reset_offsets();
  mode_ = Mode::Commands;
  ProtocolEvent event;
  event.kind = EventKind::TlsStarted;
  event.tls_epoch = 1;
  event.text = "TLS established; capabilities change (RFC 3501 6.2.1)";
  emit(std::move(event));
  return {};
}

ServerOutput ImapSession::idle_timeout() {
  ServerOutput out;
  if (!closed()) close_with(out, ResponseId::IdleTimeoutBye);
  return out;
}

ServerOutput ImapSession::shutdown() {
  ServerOutput out;
  if (!closed()) close_with(out, ResponseId::ShutdownBye, config_.hostname);
  return out;
}

ServerOutput ImapSession::poll() {
  ServerOutput out;
  if (mode_ == Mode::Idle) send_updates(out, true);
  return out;
}

std::chrono::milliseconds ImapSession::poll_interval() const {
  return mode_ == Mode::Idle ? config_.idle_poll_interval : std::chrono::milliseconds(0);
}

std::string ImapSession::capabilities() const {
  std::string out = "IMAP4rev1 LITERAL+ SASL-IR IDLE UNSELECT NAMESPACE";
  if (state_ == ImapState::NotAuthenticated) {
    if (config_.starttls && !connection_.tls) out += " STARTTLS";
    // RFC 3501 §6.2.3 and §11.1: no cleartext login is offered where it is refused.
    out += login_allowed() ? " AUTH=PLAIN" : " LOGINDISABLED";
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// [SECTION] input

ServerOutput ImapSession::receive(std::string_view bytes) {
  ServerOutput out;
  if (closed() || mode_ == Mode::TlsHandshake) return out;
  ++reads_;
  framer_.append(bytes);
  if (mode_ == Mode::Idle) send_updates(out, true);  // news first, then the client's line
  while (!closed() && mode_ != Mode::TlsHandshake && !out.close) {
    if (mode_ == Mode::Sasl || mode_ == Mode::Idle) {
      framer_.set_max_line(config_.max_line);
      auto line = framer_.next_line();
      if (!line) break;
      if (mode_ == Mode::Sasl) {
        handle_sasl_line(*line, out);
      } else {
        handle_idle_line(*line, out);
      }
      continue;
    }
    switch (reader_.next(framer_)) {
      case CommandReader::Step::NeedMore:
        return out;
      case CommandReader::Step::LiteralContinue:
        respond(out, ResponseId::LiteralReady, "+");
        break;
      case CommandReader::Step::LiteralRefused: {
        const std::string tag = reader_.tag();
        AssembledCommand command = reader_.take();
        emit_command(command.offset, command.length,
                     loggable(command.shown, config_.reveal_secrets));
        respond(out, *command.refusal, tag.empty() ? "*" : tag, command.refusal_argument,
                command.refusal_argument);
        break;
      }
      case CommandReader::Step::LineTooLong: {
        AssembledCommand command = reader_.take();
        emit_command(command.offset, command.length,
                     loggable(command.shown, config_.reveal_secrets));
        close_with(out, ResponseId::LineTooLongBye, std::to_string(config_.max_line));
        break;
      }
      case CommandReader::Step::Complete:
        handle_command(reader_.take(), out);
        break;
    }
  }
  return out;
}

void ImapSession::handle_sasl_line(const Line& line, ServerOutput& out) {
  emit_command(line.offset, line.wire_length,
               config_.reveal_secrets ? line.text : std::string("**** (AUTHENTICATE response)"));
  mode_ = Mode::Commands;
  const std::string tag = std::move(pending_tag_);
  const std::string_view text = trim(line.text);
  if (text == "*") return respond(out, ResponseId::AuthCancelled, tag);
  const auto credentials = decode_sasl_plain(text);
  if (!credentials || line.overlong) return respond(out, ResponseId::AuthBadEncoding, tag);
  finish_login(tag, credentials->username, credentials->password, out);
}

void ImapSession::handle_idle_line(const Line& line, ServerOutput& out) {
  emit_command(line.offset, line.wire_length, line.text);
  mode_ = Mode::Commands;
  const std::string tag = std::move(pending_tag_);
  if (!iequals(trim(line.text), "DONE")) return respond(out, ResponseId::ExpectedDone, tag);
  respond(out, ResponseId::IdleEnded, tag);
}

// ---------------------------------------------------------------------------------------
// [SECTION] dispatch

ImapSession::Handler ImapSession::handler_for(ImapCommand command) {
  // What this server does for each command, indexed by ImapCommand. Everything else about
  // a command (syntax, the states that accept it) is its row in the command table.
  static constexpr std::array<Handler, static_cast<std::size_t>(ImapCommand::Unknown)> kHandlers{
      &ImapSession::on_capability, &ImapSession::on_noop,         &ImapSession::on_logout,
      &ImapSession::on_starttls,   &ImapSession::on_authenticate, &ImapSession::on_login,
      &ImapSession::on_select,     &ImapSession::on_select,       &ImapSession::on_create,
      &ImapSession::on_delete,     &ImapSession::on_rename,       &ImapSession::on_list,
      &ImapSession::on_list,       &ImapSession::on_status,       &ImapSession::on_append,
      &ImapSession::on_check,      &ImapSession::on_close,        &ImapSession::on_unselect,
      &ImapSession::on_expunge,    &ImapSession::on_search,       &ImapSession::on_fetch,
      &ImapSession::on_store,      &ImapSession::on_copy,         &ImapSession::on_uid,
      &ImapSession::on_idle,       &ImapSession::on_namespace,
  };
  static_assert(std::all_of(kHandlers.begin(), kHandlers.end(),
                            [](Handler handler) { return handler != nullptr; }),
                "every ImapCommand but Unknown needs a handler, in enum order");
  return kHandlers[static_cast<std::size_t>(command)];
}

void ImapSession::handle_command(AssembledCommand command, ServerOutput& out) {
  Arguments args(command.wire);
  const auto tag = args.tag();
  const bool spaced = tag && args.space();
  const std::string_view name = spaced ? args.atom().value_or("") : std::string_view{};
  const ImapCommandSpec* spec = find_imap_command(name);
  emit_command(command.offset, command.length, loggable(command.shown, config_.reveal_secrets));
  if (command.refusal) {
    // Nothing of a refused command was kept but its line as shown: the tag is its first word.
    const std::string_view shown = command.shown;
    const std::string_view shown_tag = shown.substr(0, shown.find(' '));
    return respond(out, *command.refusal, shown_tag.empty() ? "*" : shown_tag,
                   command.refusal_argument, command.refusal_argument);
  }
  if (!tag || !spaced || name.empty()) return respond(out, ResponseId::MissingTag, "*");
  const std::string tag_text(*tag);
  if (command.has_nul) return respond(out, ResponseId::NulInCommand, tag_text);
  if (!spec) return respond(out, ResponseId::UnknownCommand, tag_text, {}, name);
  const auto [depth, arguments] = depth_and_arguments(command.shown);
  if (depth > config_.max_nesting) {
    return respond(out, ResponseId::NestingTooDeep, tag_text, {},
                   std::to_string(config_.max_nesting));
  }
  if (arguments > config_.max_arguments) {
    return respond(out, ResponseId::TooManyArguments, tag_text, {},
                   std::to_string(config_.max_arguments));
  }
  if (!allowed_in(*spec, state_)) {
    note(std::string(spec->name) + " refused in state " + std::string(imap_state_name(state_)));
    return respond(out, ResponseId::WrongState, tag_text, {},
                   std::string(spec->name) + " is not allowed in state " +
                       std::string(imap_state_name(state_)));
  }
  Call call{tag_text, spec, args, out};
  parsed_.clear();
  (this->*handler_for(spec->command))(call);
  parsed_.clear();
}

// ---------------------------------------------------------------------------------------
// [SECTION] not-authenticated commands (and those of any state)

void ImapSession::on_capability(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  untagged(call.out, "CAPABILITY " + capabilities());
  completed(call);
}

void ImapSession::on_noop(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  send_updates(call.out, true);
  completed(call);
}

void ImapSession::on_logout(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  respond(call.out, ResponseId::LogoutBye, "*", {}, config_.hostname);
  respond(call.out, ResponseId::LogoutDone, call.tag);
  call.out.close = true;
  enter_state(ImapState::Logout);
  mode_ = Mode::Closed;
}

void ImapSession::on_starttls(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  if (connection_.tls) return respond(call.out, ResponseId::AlreadyTls, call.tag);
  if (!config_.starttls) return respond(call.out, ResponseId::TlsNotOffered, call.tag);
  respond(call.out, ResponseId::BeginTls, call.tag);
  // Anything the client pipelined after STARTTLS was sent in cleartext and could have been
  // injected: it must never be executed inside TLS (RFC 3501 §6.2.1, CVE-2011-0411).
  const std::uint64_t at = framer_.offset();
  const std::size_t dropped = framer_.discard_buffered();
  if (dropped > 0) {
    ProtocolEvent event;
    event.kind = EventKind::Discarded;
    event.direction = Direction::ClientToServer;
    event.offset = at;
    event.length = dropped;
    event.tls_epoch = tls_epoch_;
    event.text = std::to_string(dropped) +
                 " octets sent after STARTTLS before TLS were discarded (command injection)";
    emit(std::move(event));
  }
  call.out.start_tls = true;
  mode_ = Mode::TlsHandshake;
}

void ImapSession::on_login(Call& call) {
  auto& args = call.args;
  std::optional<std::string> user, password;
  if (args.space()) user = args.astring();
  if (user && args.space()) password = args.astring();
  if (!password || !args.at_end()) return syntax_error(call);
  if (!login_allowed()) {
    note("cleartext LOGIN refused: TLS is not active (LOGINDISABLED)");
    return respond(call.out, ResponseId::PrivacyRequired, call.tag);
  }
  finish_login(call.tag, *user, *password, call.out);
}

void ImapSession::on_authenticate(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const auto mechanism = args.atom();
  if (!mechanism) return syntax_error(call);
  std::optional<std::string_view> initial;
  if (args.space()) {
    initial = args.atom();  // base64 or "=" (RFC 4959: an empty initial response)
    if (!initial) return syntax_error(call);
  }
  if (!args.at_end()) return syntax_error(call);
  if (!iequals(*mechanism, "PLAIN")) {
    return respond(call.out, ResponseId::MechanismUnknown, call.tag, {}, *mechanism);
  }
  if (!login_allowed()) {
    note("cleartext AUTHENTICATE refused: TLS is not active (LOGINDISABLED)");
    return respond(call.out, ResponseId::PrivacyRequired, call.tag);
  }
  if (!initial) {
    // An empty challenge: PLAIN has nothing to say first (RFC 4616).
    pending_tag_ = call.tag;
    mode_ = Mode::Sasl;
    return respond(call.out, ResponseId::SaslChallenge, "+");
  }
  const auto credentials = decode_sasl_plain(*initial);
  if (!credentials) return respond(call.out, ResponseId::AuthBadEncoding, call.tag);
  finish_login(call.tag, credentials->username, credentials->password, call.out);
}

void ImapSession::finish_login(const std::string& tag, std::string_view user,
                               std::string_view password, ServerOutput& out) {
  const auto canonical = store_.authenticate(user, password);
  if (!canonical) {
    ++failed_logins_;
    note("authentication failed for " + std::string(user) + " (" + std::to_string(failed_logins_) +
         " of " + std::to_string(config_.max_failed_logins) + ")");
    respond(out, ResponseId::LoginFailed, tag);
    if (failed_logins_ >= config_.max_failed_logins) close_with(out, ResponseId::TooManyLoginsBye);
    return;
  }
  user_ = *canonical;
  note("authenticated as " + user_ + (connection_.tls ? " over TLS" : " IN CLEARTEXT"));
  enter_state(ImapState::Authenticated);
  respond(out, ResponseId::LoggedIn, tag, capabilities(), user_);
}

// ---------------------------------------------------------------------------------------
// [SECTION] mailbox commands (authenticated and selected states)

std::optional<std::string> ImapSession::mailbox_argument(Call& call) {
  if (!call.args.space()) return std::nullopt;
  auto name = call.args.astring();
  if (!name) return std::nullopt;
  return normalise_mailbox(std::move(*name));
}

void ImapSession::on_select(Call& call) {
  const auto name = mailbox_argument(call);
  if (!name || !call.args.at_end()) return syntax_error(call);
  const bool examine = call.spec->command == ImapCommand::Examine;
  // A SELECT leaves the mailbox selected before it, whatever its outcome (RFC 3501 §6.3.1).
  leave_mailbox();
  auto snapshot = store_.mailbox(user_, *name);
  if (!snapshot) return respond(call.out, ResponseId::NoSuchMailbox, call.tag, {}, *name);
  selected_ = std::make_unique<MailboxView>(*name, std::move(*snapshot), examine);
  const MailboxView& view = *selected_;
  untagged(call.out, "FLAGS " + std::string(kSelectFlags));
  untagged(call.out, std::to_string(view.messages().size()) + " EXISTS");
  untagged(call.out, std::to_string(view.recent()) + " RECENT");
  if (const auto unseen = view.first_unseen()) {
    respond(call.out, ResponseId::FirstUnseen, "*", std::to_string(*unseen));
  }
  respond(call.out, ResponseId::PermanentFlags, "*",
          view.read_only() ? std::string("()") : std::string(kPermanentFlags));
  respond(call.out, ResponseId::UidValidity, "*", std::to_string(view.uid_validity()));
  respond(call.out, ResponseId::UidNext, "*", std::to_string(view.uid_next()));
  enter_state(ImapState::Selected);
  respond(call.out, view.read_only() ? ResponseId::SelectedRo : ResponseId::SelectedRw, call.tag,
          {}, call.spec->name);
}

void ImapSession::on_create(Call& call) {
  auto name = mailbox_argument(call);
  if (!name || !call.args.at_end()) return syntax_error(call);
  // A trailing delimiter only says "a name with children will be created" (RFC 3501 §6.3.3).
  if (name->size() > 1 && name->back() == config_.hierarchy_delimiter) name->pop_back();
  if (*name == "INBOX") return respond(call.out, ResponseId::AlreadyExists, call.tag, {}, *name);
  switch (store_.create_mailbox(user_, *name)) {
    case StoreResult::Done:
      return completed(call);
    case StoreResult::AlreadyExists:
      return respond(call.out, ResponseId::AlreadyExists, call.tag, {}, *name);
    default:
      return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "create " + *name);
  }
}

void ImapSession::on_delete(Call& call) {
  const auto name = mailbox_argument(call);
  if (!name || !call.args.at_end()) return syntax_error(call);
  if (*name == "INBOX")
    return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "delete INBOX");
  switch (store_.delete_mailbox(user_, *name)) {
    case StoreResult::Done:
      return completed(call);
    case StoreResult::NoSuchMailbox:
      return respond(call.out, ResponseId::NoSuchMailbox, call.tag, {}, *name);
    default:
      return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "delete " + *name);
  }
}

void ImapSession::on_rename(Call& call) {
  const auto from = mailbox_argument(call);
  const auto to = from ? mailbox_argument(call) : std::nullopt;
  if (!to || !call.args.at_end()) return syntax_error(call);
  // Renaming INBOX moves its messages into a new mailbox (RFC 3501 §6.3.5): not offered here.
  if (*from == "INBOX") {
    return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "rename INBOX");
  }
  if (*to == "INBOX") return respond(call.out, ResponseId::AlreadyExists, call.tag, {}, *to);
  switch (store_.rename_mailbox(user_, *from, *to)) {
    case StoreResult::Done:
      return completed(call);
    case StoreResult::NoSuchMailbox:
      return respond(call.out, ResponseId::NoSuchMailbox, call.tag, {}, *from);
    case StoreResult::AlreadyExists:
      return respond(call.out, ResponseId::AlreadyExists, call.tag, {}, *to);
    default:
      return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "rename " + *from);
  }
}

void ImapSession::on_list(Call& call) {
  auto& args = call.args;
  std::optional<std::string> reference, pattern;
  if (args.space()) reference = args.astring();
  if (reference && args.space()) pattern = args.list_mailbox();
  if (!pattern || !args.at_end()) return syntax_error(call);
  const bool lsub = call.spec->command == ImapCommand::Lsub;
  const std::string verb = lsub ? "LSUB" : "LIST";
  const std::string delimiter = imap_string(std::string(1, config_.hierarchy_delimiter));
  if (pattern->empty() && !lsub) {
    // LIST "" "": the hierarchy delimiter and the root (RFC 3501 §6.3.8).
    untagged(call.out, verb + " (\\Noselect) " + delimiter + " \"\"");
    return completed(call);
  }
  const std::string full = *reference + *pattern;
  for (const MailboxName& mailbox : store_.list_mailboxes(user_)) {
    const bool inbox = mailbox.name == "INBOX";
    // INBOX matches case-insensitively, every other name as written.
    const bool match =
        matches_pattern(full, mailbox.name, config_.hierarchy_delimiter) ||
        (inbox && matches_pattern(to_upper(full), "INBOX", config_.hierarchy_delimiter));
    if (!match) continue;
    std::string attributes;
    if (mailbox.noselect) attributes += "\\Noselect";
    if (mailbox.noinferiors) attributes += attributes.empty() ? "\\Noinferiors" : " \\Noinferiors";
    untagged(call.out,
             verb + " (" + attributes + ") " + delimiter + " " + imap_astring(mailbox.name));
  }
  completed(call);
}

void ImapSession::on_status(Call& call) {
  const auto name = mailbox_argument(call);
  auto& args = call.args;
  if (!name || !args.space() || !args.take('(')) return syntax_error(call);
  std::vector<std::string> items;
  do {
    const auto item = args.atom();
    if (!item) return syntax_error(call);
    const std::string upper = to_upper(*item);
    if (upper != "MESSAGES" && upper != "RECENT" && upper != "UIDNEXT" && upper != "UIDVALIDITY" &&
        upper != "UNSEEN") {
      return syntax_error(call);
    }
    items.push_back(upper);
  } while (args.space());
  if (!args.take(')') || !args.at_end()) return syntax_error(call);
  const auto snapshot = store_.mailbox(user_, *name);
  if (!snapshot) return respond(call.out, ResponseId::NoSuchMailbox, call.tag, {}, *name);
  std::string data;
  for (const std::string& item : items) {
    std::size_t value = 0;
    if (item == "MESSAGES") value = snapshot->messages.size();
    if (item == "UIDNEXT") value = snapshot->uid_next;
    if (item == "UIDVALIDITY") value = snapshot->uid_validity;
    for (const auto& m : snapshot->messages) {
      if (item == "RECENT" && (m.flags.system & kRecent)) ++value;
      if (item == "UNSEEN" && !(m.flags.system & kSeen)) ++value;
    }
    if (!data.empty()) data += ' ';
    data += item + " " + std::to_string(value);
  }
  untagged(call.out, "STATUS " + imap_astring(*name) + " (" + data + ")");
  completed(call);
}

void ImapSession::on_append(Call& call) {
  const auto name = mailbox_argument(call);
  auto& args = call.args;
  if (!name || !args.space()) return syntax_error(call);
  MessageFlags flags;
  if (args.peek() == '(') {
    auto parsed = parse_flag_list(args, config_.max_arguments);
    if (!parsed || !args.space()) return syntax_error(call);
    flags = std::move(*parsed);
  }
  std::optional<InternalDate> date;
  if (args.peek() == '"') {
    const auto text = args.string();
    date = text ? parse_internal_date(*text) : std::nullopt;
    if (!date || !args.space()) return syntax_error(call);
  }
  // The message is a literal (RFC 3501 §6.3.11): its octets are taken as they are.
  if (args.peek() != '{') return syntax_error(call);
  const auto content = args.string();
  if (!content || !args.at_end()) return syntax_error(call);
  const StoreResult result = store_.append(
      user_, *name, flags, date ? std::optional<std::int64_t>(date->unix_seconds) : std::nullopt,
      date ? date->offset_minutes : 0, *content);
  if (result == StoreResult::NoSuchMailbox) {
    return respond(call.out, ResponseId::TryCreate, call.tag, {}, *name);
  }
  if (result != StoreResult::Done) {
    return respond(call.out, ResponseId::CannotDoThat, call.tag, {}, "append to " + *name);
  }
  // Appending to the selected mailbox: the client learns of the new message (EXISTS).
  if (selected_ && selected_->name() == *name) send_updates(call.out, false);
  completed(call);
}

void ImapSession::on_namespace(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  // One personal namespace at the root; no other users' or shared mailboxes.
  untagged(call.out, "NAMESPACE ((\"\" " +
                         imap_string(std::string(1, config_.hierarchy_delimiter)) + ")) NIL NIL");
  completed(call);
}

void ImapSession::on_idle(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  pending_tag_ = call.tag;
  mode_ = Mode::Idle;
  respond(call.out, ResponseId::Idling, "+");
  send_updates(call.out, true);
}

// ---------------------------------------------------------------------------------------
// [SECTION] selected-state commands

void ImapSession::on_check(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  send_updates(call.out, true);
  completed(call);
}

void ImapSession::on_close(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  // CLOSE expunges without a word (no untagged EXPUNGE, RFC 3501 §6.4.2), unless read-only.
  if (!selected_->read_only()) {
    std::vector<std::uint32_t> uids;
    for (const auto& m : selected_->messages()) {
      if (m.flags.system & kDeleted) uids.push_back(m.uid);
    }
    if (!uids.empty()) store_.expunge(user_, selected_->name(), uids);
  }
  leave_mailbox();
  completed(call);
}

void ImapSession::on_unselect(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  leave_mailbox();
  completed(call);
}

void ImapSession::on_expunge(Call& call) {
  if (!call.args.at_end()) return syntax_error(call);
  if (selected_->read_only()) {
    return respond(call.out, ResponseId::ReadOnlyMailbox, call.tag, {}, "EXPUNGE");
  }
  std::vector<std::uint32_t> uids;
  std::vector<std::size_t> indexes;
  const auto& messages = selected_->messages();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (messages[i].flags.system & kDeleted) {
      uids.push_back(messages[i].uid);
      indexes.push_back(i);
    }
  }
  if (!uids.empty()) {
    if (store_.expunge(user_, selected_->name(), uids) != StoreResult::Done) {
      return respond(call.out, ResponseId::StoreFailed, call.tag, {}, "EXPUNGE");
    }
    for (const std::string& line : selected_->remove(indexes)) untagged(call.out, line);
  }
  send_updates(call.out, true);
  completed(call);
}

std::optional<std::vector<std::size_t>> ImapSession::resolve(Call& call, std::string_view text) {
  const auto set = SequenceSet::parse(text);
  if (!set) {
    syntax_error(call);
    return std::nullopt;
  }
  const auto& messages = selected_->messages();
  const auto count = static_cast<std::uint32_t>(messages.size());
  // A message sequence number beyond the mailbox is the client's error (RFC 3501 §9);
  // UIDs that do not exist are simply not there.
  if (!call.uid && set->largest_explicit() > count) {
    respond(call.out, ResponseId::BadSequenceNumber, call.tag, {}, std::string(text));
    return std::nullopt;
  }
  std::vector<std::size_t> out;
  const std::uint32_t largest_uid = selected_->largest_uid();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    if (call.uid ? set->contains(messages[i].uid, largest_uid)
                 : set->contains(static_cast<std::uint32_t>(i + 1), count)) {
      out.push_back(i);
    }
  }
  return out;
}

const ParsedMessage* ImapSession::parsed(std::size_t index) {
  for (const auto& [at, message] : parsed_) {
    if (at == index) return message.get();
  }
  const MessageSummary& summary = selected_->messages()[index];
  auto raw = store_.content(user_, selected_->name(), summary.uid);
  if (!raw) return nullptr;
  auto message = std::make_unique<ParsedMessage>();
  message->raw = std::move(*raw);
  message->root = message::parse_message(message->raw);
  // Only the messages of one command are kept: one FETCH 1:* streams, it does not pile up.
  if (parsed_.size() >= 4) parsed_.erase(parsed_.begin());
  parsed_.emplace_back(index, std::move(message));
  return parsed_.back().second.get();
}

void ImapSession::on_fetch(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const std::string_view set_text = args.word();
  if (!args.space()) return syntax_error(call);
  const auto items = parse_fetch_items(args);
  if (!items || !args.at_end()) return syntax_error(call);
  const auto indexes = resolve(call, set_text);
  if (!indexes) return;
  const bool needs_content = std::any_of(items->begin(), items->end(),
                                         [](const FetchItem& i) { return i.needs_content(); });
  const bool sets_seen =
      !selected_->read_only() &&
      std::any_of(items->begin(), items->end(), [](const FetchItem& i) { return i.sets_seen(); });
  bool vanished = false;
  for (std::size_t index : *indexes) {
    const ParsedMessage* content = needs_content ? parsed(index) : nullptr;
    if (needs_content && !content) {
      vanished = true;  // expunged by another session: not reported during a FETCH
      continue;
    }
    MessageSummary& summary = selected_->messages()[index];
    FetchExtras extras{call.uid, false};
    if (sets_seen && !(summary.flags.system & kSeen)) {
      MessageFlags flags = summary.flags;
      flags.system |= kSeen;
      if (store_.set_flags(user_, selected_->name(), summary.uid, flags) == StoreResult::Done) {
        summary.flags = flags;
        extras.flags = true;
      }
    }
    untagged(call.out,
             std::to_string(index + 1) + " FETCH " + fetch_data(*items, summary, content, extras));
  }
  if (vanished) return respond(call.out, ResponseId::ExpungeIssued, call.tag);
  completed(call);
}

void ImapSession::on_store(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const std::string_view set_text = args.word();
  if (!args.space()) return syntax_error(call);
  const auto item = args.atom();
  if (!item) return syntax_error(call);
  std::string name = to_upper(*item);
  FlagChange how = FlagChange::Replace;
  if (!name.empty() && (name[0] == '+' || name[0] == '-')) {
    how = name[0] == '+' ? FlagChange::Add : FlagChange::Remove;
    name.erase(0, 1);
  }
  const bool silent = name == "FLAGS.SILENT";
  if (name != "FLAGS" && !silent) return syntax_error(call);
  if (!args.space()) return syntax_error(call);
  const auto change = parse_flag_list(args, config_.max_arguments);
  if (!change || !args.at_end()) return syntax_error(call);
  const auto indexes = resolve(call, set_text);
  if (!indexes) return;
  if (selected_->read_only()) {
    return respond(call.out, ResponseId::ReadOnlyMailbox, call.tag, {}, "STORE");
  }
  bool vanished = false;
  for (std::size_t index : *indexes) {
    MessageSummary& summary = selected_->messages()[index];
    const MessageFlags flags = apply_flags(summary.flags, *change, how);
    const StoreResult result = flags == summary.flags
                                   ? StoreResult::Done
                                   : store_.set_flags(user_, selected_->name(), summary.uid, flags);
    if (result != StoreResult::Done) {
      vanished = true;
      continue;
    }
    summary.flags = flags;
    if (silent) continue;
    std::string data = "FLAGS " + format_flags(summary.flags);
    if (call.uid) data = "UID " + std::to_string(summary.uid) + " " + data;
    untagged(call.out, std::to_string(index + 1) + " FETCH (" + data + ")");
  }
  if (vanished) return respond(call.out, ResponseId::ExpungeIssued, call.tag);
  completed(call);
}

void ImapSession::on_copy(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const std::string_view set_text = args.word();
  const auto target = mailbox_argument(call);
  if (!target || !args.at_end()) return syntax_error(call);
  const auto indexes = resolve(call, set_text);
  if (!indexes) return;
  // The target must exist: COPY never creates it, it says how (RFC 3501 §6.4.7 TRYCREATE).
  if (!store_.mailbox(user_, *target)) {
    return respond(call.out, ResponseId::TryCreate, call.tag, {}, *target);
  }
  for (std::size_t index : *indexes) {
    const StoreResult result =
        store_.copy(user_, selected_->name(), selected_->messages()[index].uid, *target);
    if (result == StoreResult::NoSuchMessage) {
      return respond(call.out, ResponseId::ExpungeIssued, call.tag);
    }
    if (result != StoreResult::Done) {
      return respond(call.out, ResponseId::StoreFailed, call.tag, {}, "COPY");
    }
  }
  // Copying into the selected mailbox itself: the client learns of the copies (EXISTS).
  if (*target == selected_->name()) send_updates(call.out, false);
  completed(call);
}

void ImapSession::on_search(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const SearchProgram program = parse_search(args, config_.max_nesting, config_.max_arguments);
  if (!program.key) {
    switch (program.error) {
      case SearchError::TooDeep:
        return respond(call.out, ResponseId::NestingTooDeep, call.tag, {},
                       std::to_string(config_.max_nesting));
      case SearchError::TooManyKeys:
        return respond(call.out, ResponseId::TooManyArguments, call.tag, {},
                       std::to_string(config_.max_arguments));
      case SearchError::BadCharset:
        return respond(call.out, ResponseId::BadCharset, call.tag);
      case SearchError::Syntax:
        return syntax_error(call);
    }
  }
  const auto& messages = selected_->messages();
  const auto count = static_cast<std::uint32_t>(messages.size());
  const std::uint32_t largest_uid = selected_->largest_uid();
  std::string data = "SEARCH";
  for (std::size_t i = 0; i < messages.size(); ++i) {
    SearchSubject subject;
    subject.sequence = static_cast<std::uint32_t>(i + 1);
    subject.largest_sequence = count;
    subject.largest_uid = largest_uid;
    subject.summary = &messages[i];
    subject.content = [this, i]() { return parsed(i); };
    if (search_matches(*program.key, subject)) {
      data += ' ';
      data += std::to_string(call.uid ? messages[i].uid : i + 1);
    }
  }
  untagged(call.out, data);
  completed(call);
}

void ImapSession::on_uid(Call& call) {
  auto& args = call.args;
  if (!args.space()) return syntax_error(call);
  const auto sub = args.atom();
  const ImapCommandSpec* spec = sub ? find_imap_command(*sub) : nullptr;
  if (!spec || (spec->command != ImapCommand::Fetch && spec->command != ImapCommand::Store &&
                spec->command != ImapCommand::Search && spec->command != ImapCommand::Copy)) {
    return syntax_error(call);
  }
  call.uid = true;
  call.spec = spec;
  (this->*handler_for(spec->command))(call);
}

// ---------------------------------------------------------------------------------------
// [SECTION] updates

void ImapSession::leave_mailbox() {
  if (!selected_) return;
  selected_.reset();
  enter_state(ImapState::Authenticated);
}

void ImapSession::send_updates(ServerOutput& out, bool expunges_allowed) {
  if (!selected_) return;
  const auto fresh = store_.mailbox(user_, selected_->name());
  if (!fresh) return;  // deleted meanwhile: the next command will find out
  for (const std::string& line : selected_->update(*fresh, expunges_allowed)) untagged(out, line);
}

void ImapSession::enter_state(ImapState next) {
  if (next == state_) return;
  ProtocolEvent event;
  event.kind = EventKind::StateChange;
  event.tls_epoch = tls_epoch_;
  // from/to are SMTP's states; an IMAP transition says itself in the text.
  event.text =
      "IMAP " + std::string(imap_state_name(state_)) + " -> " + std::string(imap_state_name(next));
  state_ = next;
  emit(std::move(event));
}

// ---------------------------------------------------------------------------------------
// [SECTION] responses and events

void ImapSession::untagged(ServerOutput& out, std::string_view data) {
  write_line(out, "* " + std::string(data));
}

void ImapSession::respond(ServerOutput& out, ResponseId id, std::string_view tag,
                          std::string_view code_argument, std::string_view text_argument) {
  write_line(out, format_response(id, tag, code_argument, text_argument));
  // Count protocol errors: a broken or hostile client cannot loop for ever.
  if (response_spec(id).status == Status::Bad && ++errors_ >= config_.max_errors &&
      mode_ != Mode::Closed) {
    close_with(out, ResponseId::TooManyErrorsBye);
  }
}

void ImapSession::syntax_error(Call& call) {
  std::string syntax(call.spec->syntax);
  if (call.uid) syntax = "UID " + syntax;
  respond(call.out, ResponseId::SyntaxError, call.tag, {}, syntax);
}

void ImapSession::completed(Call& call) {
  std::string name(call.spec->name);
  if (call.uid) name = "UID " + name;
  respond(call.out, ResponseId::Completed, call.tag, {}, name);
}

void ImapSession::write_line(ServerOutput& out, std::string line) {
  line += "\r\n";
  ProtocolEvent event;
  event.kind = EventKind::Reply;
  event.direction = Direction::ServerToClient;
  event.offset = output_offset_;
  event.length = line.size();
  event.tls_epoch = tls_epoch_;
  event.text = shown_response(line);
  output_offset_ += line.size();
  out.bytes += line;
  emit(std::move(event));
}

void ImapSession::close_with(ServerOutput& out, ResponseId bye, std::string_view argument) {
  mode_ = Mode::Closed;  // first: a BYE is never an error that could close again
  write_line(out, format_response(bye, "*", argument, argument));
  out.close = true;
  enter_state(ImapState::Logout);
}

void ImapSession::emit_command(std::uint64_t offset, std::uint64_t length, std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Command;
  event.direction = Direction::ClientToServer;
  event.offset = offset;
  event.length = length;
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);
  emit(std::move(event));
}

void ImapSession::note(std::string text) {
  ProtocolEvent event;
  event.kind = EventKind::Note;
  event.tls_epoch = tls_epoch_;
  event.text = std::move(text);
  emit(std::move(event));
}

void ImapSession::emit(ProtocolEvent event) {
  if (event.direction == Direction::ClientToServer) event.read_batch = reads_;
  if (sink_) sink_(event);
}

}  // namespace smtplab::protocol::imap
