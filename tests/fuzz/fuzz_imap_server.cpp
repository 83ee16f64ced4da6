// libFuzzer harness: the IMAP server machine fed arbitrary byte streams in arbitrary
// chunks, over a small in-memory mailbox, with its options chosen by the first input byte.
// Checks that it never crashes, never loops, and that its output is always well-formed
// IMAP: every response line starts with "* ", "+ " or a tag and a status, ends with CRLF,
// and carries its literals' announced octets.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "sim/protocol/imap/imap_session.hpp"

namespace {

using namespace smtplab::protocol;
using namespace smtplab::protocol::imap;

class FuzzStore : public MailStore {
 public:
  struct Box {
    std::uint32_t uid_next = 1;
    std::vector<std::pair<MessageSummary, std::string>> messages;
  };
  std::map<std::string, Box> boxes;

  FuzzStore() {
    add("INBOX",
        "From: \"A\" <a@b.example>, g: c@d, e@f;\r\nTo: x@y\r\nSubject: =?utf-8?q?caf=C3=A9?=\r\n"
        "Date: Thu, 3 Dec 2026 10:00:00 +0100\r\n\r\nbody\r\n");
    add("INBOX",
        "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\none\r\n--b\r\n"
        "Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nin\r\n--b--\r\n");
    add("INBOX", "no header at all");
    boxes["Archives"];
  }
  void add(const std::string& box, std::string content) {
    Box& b = boxes[box];
    MessageSummary m;
    m.uid = b.uid_next++;
    m.flags.system = kRecent;
    m.size = content.size();
    m.internal_date = 1780000000;
    b.messages.emplace_back(m, std::move(content));
  }
  std::optional<std::string> authenticate(std::string_view user,
                                          std::string_view password) override {
    if (user == "ali" && password == "x") return "ali";
    return std::nullopt;
  }
  std::vector<MailboxName> list_mailboxes(const std::string&) override {
    std::vector<MailboxName> out;
    for (const auto& [name, box] : boxes) out.push_back({name, false, false});
    return out;
  }
  std::optional<MailboxSnapshot> mailbox(const std::string&, const std::string& name) override {
    auto it = boxes.find(name);
    if (it == boxes.end()) return std::nullopt;
    MailboxSnapshot s;
    s.uid_next = it->second.uid_next;
    for (const auto& [m, content] : it->second.messages) s.messages.push_back(m);
    return s;
  }
  std::pair<MessageSummary, std::string>* find(const std::string& box, std::uint32_t uid) {
    for (auto& m : boxes[box].messages) {
      if (m.first.uid == uid) return &m;
    }
    return nullptr;
  }
  std::optional<std::string> content(const std::string&, const std::string& box,
                                     std::uint32_t uid) override {
    auto* m = find(box, uid);
    if (!m) return std::nullopt;
    return m->second;
  }
  StoreResult set_flags(const std::string&, const std::string& box, std::uint32_t uid,
                        const MessageFlags& flags) override {
    auto* m = find(box, uid);
    if (!m) return StoreResult::NoSuchMessage;
    m->first.flags = flags;
    return StoreResult::Done;
  }
  StoreResult copy(const std::string&, const std::string& from, std::uint32_t uid,
                   const std::string& to) override {
    auto* m = find(from, uid);
    if (!m || !boxes.count(to)) return StoreResult::NoSuchMailbox;
    if (boxes[to].messages.size() > 50) return StoreResult::Refused;  // keep runs cheap
    const std::string content = m->second;
    add(to, content);
    return StoreResult::Done;
  }
  StoreResult expunge(const std::string&, const std::string& box,
                      const std::vector<std::uint32_t>& uids) override {
    std::erase_if(boxes[box].messages, [&](const auto& m) {
      return std::find(uids.begin(), uids.end(), m.first.uid) != uids.end();
    });
    return StoreResult::Done;
  }
  StoreResult append(const std::string&, const std::string& box, const MessageFlags& flags,
                     std::optional<std::int64_t>, int, std::string_view content) override {
    if (!boxes.count(box)) return StoreResult::NoSuchMailbox;
    if (boxes[box].messages.size() > 50) return StoreResult::Refused;  // keep runs cheap
    add(box, std::string(content));
    boxes[box].messages.back().first.flags.system |= flags.system;
    return StoreResult::Done;
  }
  StoreResult create_mailbox(const std::string&, const std::string& name) override {
    if (boxes.size() > 20) return StoreResult::Refused;
    return boxes.emplace(name, Box{}).second ? StoreResult::Done : StoreResult::AlreadyExists;
  }
  StoreResult rename_mailbox(const std::string&, const std::string& from,
                             const std::string& to) override {
    if (!boxes.count(from)) return StoreResult::NoSuchMailbox;
    if (!boxes.emplace(to, Box{}).second) return StoreResult::AlreadyExists;
    boxes[to] = std::move(boxes[from]);
    boxes.erase(from);
    return StoreResult::Done;
  }
  StoreResult delete_mailbox(const std::string&, const std::string& name) override {
    return boxes.erase(name) ? StoreResult::Done : StoreResult::NoSuchMailbox;
  }
};

// Every response line: "* ", "+ " or "tag OK|NO|BAD ", ended by CRLF, literals whole.
void check_output(std::string_view bytes) {
  while (!bytes.empty()) {
    const bool untagged = bytes.substr(0, 2) == "* ";
    const bool continuation = bytes.substr(0, 2) == "+ ";
    if (!untagged && !continuation) {
      const auto space = bytes.find(' ');
      if (space == 0 || space == std::string_view::npos) __builtin_trap();
      const std::string_view status = bytes.substr(space + 1, 4);
      if (status.substr(0, 3) != "OK " && status.substr(0, 3) != "NO " && status != "BAD ")
        __builtin_trap();
    }
    // Walk the response: a line ending with "{n}" is followed by n octets, then more line.
    for (;;) {
      const auto end = bytes.find("\r\n");
      if (end == std::string_view::npos) __builtin_trap();  // responses always end with CRLF
      const std::string_view line = bytes.substr(0, end);
      bytes.remove_prefix(end + 2);
      const auto open = line.rfind('{');
      if (line.empty() || line.back() != '}' || open == std::string_view::npos) break;
      std::size_t size = 0;
      for (char c : line.substr(open + 1, line.size() - open - 2)) {
        if (c < '0' || c > '9') __builtin_trap();
        size = size * 10 + static_cast<std::size_t>(c - '0');
      }
      if (size > bytes.size()) __builtin_trap();
      bytes.remove_prefix(size);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t flags = data[0];
  const uint8_t chunk = static_cast<uint8_t>(data[1] | 1);
  ImapConfig config;
  config.starttls = flags & 1;
  config.login_over_cleartext = flags & 2;
  config.reveal_secrets = flags & 4;
  config.max_literal = (flags & 8) ? 16 : 4096;
  config.max_line = (flags & 16) ? 64 : 1024;
  config.max_nesting = (flags & 32) ? 2 : 16;
  config.max_command = 16384;
  FuzzStore store;
  ImapSession session(config, store, ConnectionInfo{"127.0.0.2", 1, "127.0.0.1", 143, false},
                      [](const ProtocolEvent&) {});
  check_output(session.start().bytes);
  std::string_view input(reinterpret_cast<const char*>(data + 2), size - 2);
  while (!input.empty() && !session.closed()) {
    const std::size_t n = std::min<std::size_t>(chunk, input.size());
    ServerOutput out = session.receive(input.substr(0, n));
    input.remove_prefix(n);
    check_output(out.bytes);
    if (out.start_tls) check_output(session.tls_established().bytes);
    if (flags & 64) check_output(session.poll().bytes);
    if ((flags & 128) && input.size() % 7 == 0 && store.boxes["INBOX"].messages.size() < 100)
      store.add("INBOX", "Subject: new\r\n\r\nx\r\n");
  }
  check_output(session.shutdown().bytes);
  return 0;
}
