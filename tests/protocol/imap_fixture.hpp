// Test fixture driving an ImapSession in memory: a MailStore test double that keeps
// mailboxes in maps (the storage only: the machine itself is exercised through real bytes),
// and helpers to start a session, send bytes and log in.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/imap/imap_session.hpp"

namespace smtplab::protocol::imap::testing {

/// A mailbox store in memory, for one user ("ali", password "sesame").
class InMemoryStore : public MailStore {
 public:
  struct Stored {
    MessageSummary summary;
    std::string content;
  };
  struct Box {
    std::uint32_t uid_validity = 1234;
    std::uint32_t uid_next = 1;
    std::vector<Stored> messages;
  };
  std::map<std::string, Box> boxes{{"INBOX", {}}, {"Archives", {}}, {"Archives/2026", {}}};
  std::size_t expunge_calls = 0;

  /// Adds a message; returns its UID.
  std::uint32_t add(const std::string& box, std::string content, std::uint8_t flags = kRecent,
                    std::int64_t date = 1780000000) {
    Box& b = boxes[box];
    Stored m;
    m.summary.uid = b.uid_next++;
    m.summary.flags.system = flags;
    m.summary.internal_date = date;
    m.summary.internal_date_offset_minutes = 60;
    m.summary.size = content.size();
    m.content = std::move(content);
    b.messages.push_back(std::move(m));
    return b.messages.back().summary.uid;
  }
  Stored* find(const std::string& box, std::uint32_t uid) {
    auto it = boxes.find(box);
    if (it == boxes.end()) return nullptr;
    for (auto& m : it->second.messages) {
      if (m.summary.uid == uid) return &m;
    }
    return nullptr;
  }
  /// Removes a message as another session's EXPUNGE would.
  void remove(const std::string& box, std::uint32_t uid) {
    std::erase_if(boxes[box].messages, [&](const Stored& m) { return m.summary.uid == uid; });
  }

  std::optional<std::string> authenticate(std::string_view user,
                                          std::string_view password) override {
    if ((user == "ali" || user == "ali@gsimaroc.com") && password == "sesame") return "ali";
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
    MailboxSnapshot snapshot;
    snapshot.uid_validity = it->second.uid_validity;
    snapshot.uid_next = it->second.uid_next;
    for (const auto& m : it->second.messages) snapshot.messages.push_back(m.summary);
    return snapshot;
  }
  std::optional<std::string> content(const std::string&, const std::string& name,
                                     std::uint32_t uid) override {
    Stored* m = find(name, uid);
    if (!m) return std::nullopt;
    return m->content;
  }
  StoreResult set_flags(const std::string&, const std::string& name, std::uint32_t uid,
                        const MessageFlags& flags) override {
    Stored* m = find(name, uid);
    if (!m) return StoreResult::NoSuchMessage;
    m->summary.flags = flags;
    return StoreResult::Done;
  }
  StoreResult copy(const std::string&, const std::string& from, std::uint32_t uid,
                   const std::string& to) override {
    Stored* m = find(from, uid);
    if (!m) return StoreResult::NoSuchMessage;
    if (!boxes.count(to)) return StoreResult::NoSuchMailbox;
    const Stored copy = *m;
    add(to, copy.content, static_cast<std::uint8_t>(copy.summary.flags.system | kRecent),
        copy.summary.internal_date);
    return StoreResult::Done;
  }
  StoreResult expunge(const std::string&, const std::string& name,
                      const std::vector<std::uint32_t>& uids) override {
    ++expunge_calls;
    for (std::uint32_t uid : uids) remove(name, uid);
    return StoreResult::Done;
  }
  StoreResult append(const std::string&, const std::string& name, const MessageFlags& flags,
                     std::optional<std::int64_t> internal_date, int offset_minutes,
                     std::string_view content) override {
    if (!boxes.count(name)) return StoreResult::NoSuchMailbox;
    add(name, std::string(content), static_cast<std::uint8_t>(flags.system | kRecent),
        internal_date.value_or(1790000000));
    auto& added = boxes[name].messages.back().summary;
    added.flags.keywords = flags.keywords;
    added.internal_date_offset_minutes = offset_minutes;
    return StoreResult::Done;
  }
  StoreResult create_mailbox(const std::string&, const std::string& name) override {
    if (boxes.count(name)) return StoreResult::AlreadyExists;
    boxes[name];
    return StoreResult::Done;
  }
  StoreResult rename_mailbox(const std::string&, const std::string& from,
                             const std::string& to) override {
    if (!boxes.count(from)) return StoreResult::NoSuchMailbox;
    if (boxes.count(to)) return StoreResult::AlreadyExists;
    boxes[to] = std::move(boxes[from]);
    boxes.erase(from);
    return StoreResult::Done;
  }
  StoreResult delete_mailbox(const std::string&, const std::string& name) override {
    return boxes.erase(name) ? StoreResult::Done : StoreResult::NoSuchMailbox;
  }
};

/// A plain text message (CRLF line endings).
inline const std::string kPlainMessage =
    "Date: Wed, 17 Jul 1996 02:23:25 -0700\r\n"
    "From: Terry Gray <gray@cac.washington.edu>\r\n"
    "Subject: IMAP4rev1 WG mtg summary and minutes\r\n"
    "To: imap@cac.washington.edu\r\n"
    "Cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>\r\n"
    "Message-Id: <B27397-0100000@cac.washington.edu>\r\n"
    "\r\n"
    "Hello Joe, do you think we can meet at 3:30 tomorrow?\r\n";

/// A multipart message: a text part and a base64 attachment.
inline const std::string kMultipartMessage =
    "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\n"
    "To: benharraf@gsimaroc.com\r\n"
    "Subject: Rapport\r\n"
    "Date: Thu, 3 Dec 2026 10:00:00 +0100\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Voici le rapport.\r\n"
    "--b1\r\n"
    "Content-Type: application/pdf; name=\"r.pdf\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
    "\r\n"
    "JVBERi0xLjQK\r\n"
    "--b1--\r\n";

class ImapFixture : public ::testing::Test {
 protected:
  ImapConfig config;
  InMemoryStore store;
  std::vector<ProtocolEvent> events;
  std::unique_ptr<ImapSession> session;
  ServerOutput last;

  /// Creates the session and returns the greeting.
  std::string start(bool tls = false) {
    ConnectionInfo info{"127.0.0.2", 40000, "127.0.0.1", 143, tls};
    session = std::make_unique<ImapSession>(
        config, store, info, [this](const ProtocolEvent& e) { events.push_back(e); });
    last = session->start();
    return last.bytes;
  }
  /// Sends raw bytes, returns everything the server answered.
  std::string send(std::string_view bytes) {
    last = session->receive(bytes);
    return last.bytes;
  }
  /// Starts a session that allows cleartext login, and logs in as ali.
  void login() {
    config.login_over_cleartext = true;
    start();
    const std::string reply = send("L1 LOGIN ali sesame\r\n");
    ASSERT_NE(reply.find("L1 OK"), std::string::npos) << reply;
  }
  /// Logs in and selects INBOX.
  void select_inbox() {
    login();
    const std::string reply = send("S1 SELECT INBOX\r\n");
    ASSERT_NE(reply.find("S1 OK [READ-WRITE]"), std::string::npos) << reply;
  }
  /// The events of one kind, in order.
  std::vector<ProtocolEvent> of_kind(EventKind kind) const {
    std::vector<ProtocolEvent> out;
    std::copy_if(events.begin(), events.end(), std::back_inserter(out),
                 [&](const ProtocolEvent& e) { return e.kind == kind; });
    return out;
  }
};

/// The wire line of a catalogue response: tests name the response, not its text.
inline std::string line(ResponseId id, std::string_view tag, std::string_view code_argument = {},
                        std::string_view text_argument = {}) {
  return format_response(id, tag, code_argument, text_argument) + "\r\n";
}

/// True when `text` contains `part`.
inline bool has(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace smtplab::protocol::imap::testing
