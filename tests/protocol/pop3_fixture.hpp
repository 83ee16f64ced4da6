// Test fixture driving a Pop3ServerSession in memory: an in-memory maildrop that records
// what QUIT committed, a delegate that knows one user, and helpers to send lines and read
// the responses back.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sim/protocol/pop3/pop3_server_session.hpp"

namespace smtplab::protocol::pop3::testing {

/// What the fixture's maildrop holds and what the session did to it.
struct MemoryStore {
  std::vector<std::string> contents;
  std::vector<std::string> unique_ids;
  std::vector<std::size_t> committed_deleted;
  std::vector<std::size_t> committed_retrieved;
  bool commits = false;
  bool locked = false;
  std::string commit_failure;  // returned by commit() when set
};

class MemoryMaildrop : public Pop3Maildrop {
 public:
  explicit MemoryMaildrop(MemoryStore& store) : store_(store) { store_.locked = true; }
  ~MemoryMaildrop() override { store_.locked = false; }
  std::vector<Pop3MessageInfo> messages() override {
    std::vector<Pop3MessageInfo> out;
    for (std::size_t i = 0; i < store_.contents.size(); ++i)
      out.push_back({store_.contents[i].size(), store_.unique_ids[i]});
    return out;
  }
  std::optional<std::string> content(std::size_t index) override {
    if (store_.contents[index] == "UNREADABLE") return std::nullopt;
    return store_.contents[index];
  }
  std::string commit(const std::vector<std::size_t>& deleted,
                     const std::vector<std::size_t>& retrieved) override {
    store_.commits = true;
    store_.committed_deleted = deleted;
    store_.committed_retrieved = retrieved;
    return store_.commit_failure;
  }

 private:
  MemoryStore& store_;
};

class MemoryDelegate : public Pop3ServerDelegate {
 public:
  MemoryStore store;
  std::vector<std::pair<std::string, std::string>> logins;  // what login() was asked
  Pop3Login login(std::string_view user, std::string_view password) override {
    logins.emplace_back(std::string(user), std::string(password));
    Pop3Login out;
    if (user != "ali" || password != "sesame pass") return out;
    if (store.locked) {
      out.refusal = Pop3LoginRefusal::InUse;
      return out;
    }
    out.maildrop = std::make_unique<MemoryMaildrop>(store);
    return out;
  }
};

class Pop3Fixture : public ::testing::Test {
 protected:
  Pop3ServerConfig config;
  MemoryDelegate delegate;
  std::vector<ProtocolEvent> events;
  std::unique_ptr<Pop3ServerSession> session;
  ServerOutput last;

  void SetUp() override {
    config.hostname = "pop.gsimaroc.com";
    config.cleartext_login = true;
    delegate.store.contents = {"Subject: one\r\n\r\nhello\r\n",
                               "Subject: two\r\n\r\n.dot line\r\nsecond\r\nthird\r\n"};
    delegate.store.unique_ids = {"1.100", "2.100"};
  }

  /// Starts a session (over TLS when `tls`) and returns the greeting.
  std::string start(bool tls = false) {
    session = std::make_unique<Pop3ServerSession>(
        config, delegate, ConnectionInfo{"127.0.0.2", 40000, "127.0.0.1", 110, tls},
        [this](const ProtocolEvent& e) { events.push_back(e); });
    last = session->start();
    return last.bytes;
  }
  /// Sends raw bytes; returns what the server answered.
  std::string send(std::string_view bytes) {
    last = session->receive(bytes);
    return last.bytes;
  }
  /// Sends one command line (CRLF added).
  std::string line(std::string_view text) { return send(std::string(text) + "\r\n"); }
  /// Logs in as ali with USER/PASS.
  void login() {
    ASSERT_EQ(line("USER ali").substr(0, 3), "+OK");
    ASSERT_EQ(line("PASS sesame pass").substr(0, 3), "+OK");
    ASSERT_EQ(session->state(), Pop3State::Transaction);
  }
  /// The status line a catalogue row gives, with CRLF.
  static std::string expected(Pop3ResponseId id, std::string_view argument = {}) {
    return pop3_response_line(id, argument) + "\r\n";
  }
  std::vector<const ProtocolEvent*> of_kind(EventKind kind) const {
    std::vector<const ProtocolEvent*> out;
    for (const auto& e : events)
      if (e.kind == kind) out.push_back(&e);
    return out;
  }
};

}  // namespace smtplab::protocol::pop3::testing
