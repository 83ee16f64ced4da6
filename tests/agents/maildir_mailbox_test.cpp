// Maildir access for readers, on real temporary directories: UIDs that survive a restart,
// the atomic UID file, flags in file names, new/ -> cur/, deletion; and the POP3 delegate
// over it, driven through the real POP3 machine.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "sim/agents/maildir.hpp"
#include "sim/agents/maildir_mailbox.hpp"
#include "sim/agents/maildir_pop3_delegate.hpp"
#include "sim/protocol/pop3/pop3_server_session.hpp"

namespace smtplab::agents {
namespace {

namespace fs = std::filesystem;

class MaildirMailboxTest : public ::testing::Test {
 protected:
  fs::path root;
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("smtplab-maildir-mailbox-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path deliver(const std::string& address, const std::string& content) {
    MaildirStore store(root);
    std::error_code error;
    const fs::path path = store.deliver(address, content, error);
    EXPECT_FALSE(error) << error.message();
    return path;
  }
  fs::path box(const std::string& address) { return MaildirStore(root).mailbox_path(address); }
};

TEST_F(MaildirMailboxTest, AMissingMaildirIsAnEmptyMailbox) {
  MaildirMailbox mailbox(box("nobody@gsimaroc.com"));
  std::error_code error;
  ASSERT_TRUE(mailbox.refresh(error));
  EXPECT_TRUE(mailbox.messages().empty());
  EXPECT_FALSE(fs::exists(box("nobody@gsimaroc.com")));  // a reader creates nothing
}

TEST_F(MaildirMailboxTest, UidsAreGivenInDeliveryOrderAndSurviveARestart) {
  deliver("ali@gsimaroc.com", "Subject: 1\r\n\r\none\r\n");
  deliver("ali@gsimaroc.com", "Subject: 2\r\n\r\ntwo\r\n");
  std::uint32_t validity = 0;
  {
    MaildirMailbox mailbox(box("ali@gsimaroc.com"));
    std::error_code error;
    ASSERT_TRUE(mailbox.refresh(error)) << error.message();
    ASSERT_EQ(mailbox.messages().size(), 2u);
    EXPECT_EQ(mailbox.messages()[0].uid, 1u);
    EXPECT_EQ(mailbox.messages()[1].uid, 2u);
    EXPECT_EQ(mailbox.read(1), "Subject: 1\r\n\r\none\r\n");
    EXPECT_EQ(mailbox.messages()[0].size, 19u);
    EXPECT_TRUE(mailbox.messages()[0].in_new);
    EXPECT_EQ(mailbox.next_uid(), 3u);
    validity = mailbox.uid_validity();
    EXPECT_NE(validity, 0u);
  }
  EXPECT_TRUE(fs::exists(box("ali@gsimaroc.com") / MaildirMailbox::kUidListName));
  // A new object reads the UID file: the same UIDs, the same UIDVALIDITY.
  deliver("ali@gsimaroc.com", "Subject: 3\r\n\r\nthree\r\n");
  MaildirMailbox again(box("ali@gsimaroc.com"));
  std::error_code error;
  ASSERT_TRUE(again.refresh(error));
  ASSERT_EQ(again.messages().size(), 3u);
  EXPECT_EQ(again.uid_validity(), validity);
  EXPECT_EQ(again.read(1), "Subject: 1\r\n\r\none\r\n");
  EXPECT_EQ(again.read(3), "Subject: 3\r\n\r\nthree\r\n");
  // No temporary file is left beside the UID file.
  for (const auto& entry : fs::directory_iterator(box("ali@gsimaroc.com")))
    EXPECT_EQ(entry.path().filename().string().find(".tmp."), std::string::npos);
}

TEST_F(MaildirMailboxTest, FlagsGoIntoTheFileNameInCur) {
  const fs::path delivered = deliver("ali@gsimaroc.com", "Subject: x\r\n\r\nx\r\n");
  MaildirMailbox mailbox(box("ali@gsimaroc.com"));
  std::error_code error;
  ASSERT_TRUE(mailbox.refresh(error));
  ASSERT_TRUE(mailbox.mark_seen(1, error)) << error.message();
  const fs::path seen = box("ali@gsimaroc.com") / "cur" / (delivered.filename().string() + ":2,S");
  EXPECT_TRUE(fs::exists(seen));
  EXPECT_FALSE(fs::exists(delivered));
  ASSERT_TRUE(mailbox.set_flags(1, "SFRF", error));
  EXPECT_TRUE(
      fs::exists(box("ali@gsimaroc.com") / "cur" / (delivered.filename().string() + ":2,FRS")));
  // Flags and UID are read back from disk by a fresh scan.
  MaildirMailbox again(box("ali@gsimaroc.com"));
  ASSERT_TRUE(again.refresh(error));
  ASSERT_EQ(again.messages().size(), 1u);
  EXPECT_EQ(again.messages()[0].uid, 1u);
  EXPECT_EQ(again.messages()[0].flags, "FRS");
  EXPECT_FALSE(again.messages()[0].in_new);
  EXPECT_EQ(again.read(1), "Subject: x\r\n\r\nx\r\n");
  EXPECT_EQ(maildir_unique("123.M4P5Q6.host:2,RS"), "123.M4P5Q6.host");
  EXPECT_EQ(maildir_flags("123.M4P5Q6.host:2,RS"), "RS");
  EXPECT_EQ(maildir_flags("123.M4P5Q6.host"), "");
}

TEST_F(MaildirMailboxTest, RemovedMessagesLoseTheirUidForEver) {
  deliver("ali@gsimaroc.com", "a\r\n");
  deliver("ali@gsimaroc.com", "b\r\n");
  MaildirMailbox mailbox(box("ali@gsimaroc.com"));
  std::error_code error;
  ASSERT_TRUE(mailbox.refresh(error));
  ASSERT_TRUE(mailbox.remove(2, error)) << error.message();
  EXPECT_EQ(MaildirStore(root).count("ali@gsimaroc.com"), 1u);
  deliver("ali@gsimaroc.com", "c\r\n");
  MaildirMailbox again(box("ali@gsimaroc.com"));
  ASSERT_TRUE(again.refresh(error));
  ASSERT_EQ(again.messages().size(), 2u);
  EXPECT_EQ(again.messages()[0].uid, 1u);
  EXPECT_EQ(again.messages()[1].uid, 3u);  // 2 is never given again
  EXPECT_EQ(again.read(3), "c\r\n");
  EXPECT_EQ(again.find(2), nullptr);
}

TEST_F(MaildirMailboxTest, ACorruptUidFileStartsANewUidValidity) {
  deliver("ali@gsimaroc.com", "a\r\n");
  const fs::path folder = box("ali@gsimaroc.com");
  { std::ofstream(folder / MaildirMailbox::kUidListName) << "smtplab-uidlist 1 7 5\n9 x\n"; }
  MaildirMailbox mailbox(folder);
  std::error_code error;
  ASSERT_TRUE(mailbox.refresh(error));
  EXPECT_NE(mailbox.uid_validity(), 7u);  // a UID over next is not a list to trust
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].uid, 1u);
}

// -- the POP3 delegate --------------------------------------------------------------------

class MaildirPop3Test : public MaildirMailboxTest {
 protected:
  MaildirPop3Config config() {
    MaildirPop3Config c;
    c.maildir_root = root;
    c.default_domain = "gsimaroc.com";
    c.users = {{"ali", "sesame"}, {"benharraf@gsimaroc.com", "secret"}};
    return c;
  }
  // Runs a POP3 dialogue through the real machine; returns everything the server sent.
  std::string dialogue(MaildirPop3Delegate& delegate, const std::string& lines) {
    protocol::pop3::Pop3ServerConfig pop3;
    pop3.cleartext_login = true;
    protocol::pop3::Pop3ServerSession session(pop3, delegate, protocol::ConnectionInfo{});
    std::string out = session.start().bytes;
    out += session.receive(lines).bytes;
    return out;
  }
};

TEST_F(MaildirPop3Test, LoginByLocalPartOrAddress) {
  MaildirPop3Delegate delegate(config());
  EXPECT_EQ(delegate.address_of("ali"), "ali@gsimaroc.com");
  EXPECT_TRUE(delegate.login("ali", "sesame").maildrop);
  EXPECT_TRUE(delegate.login("ali@gsimaroc.com", "sesame").maildrop);
  EXPECT_TRUE(delegate.login("benharraf", "secret").maildrop);
  EXPECT_FALSE(delegate.login("ali", "wrong").maildrop);
  EXPECT_FALSE(delegate.login("ali@other.example", "sesame").maildrop);
  EXPECT_FALSE(delegate.login("mallory", "sesame").maildrop);
}

TEST_F(MaildirPop3Test, OneSessionAtATimePerMaildrop) {
  MaildirPop3Delegate delegate(config());
  auto first = delegate.login("ali", "sesame");
  ASSERT_TRUE(first.maildrop);
  const auto second = delegate.login("ali@gsimaroc.com", "sesame");
  EXPECT_FALSE(second.maildrop);
  EXPECT_EQ(second.refusal, protocol::pop3::Pop3LoginRefusal::InUse);
  EXPECT_TRUE(delegate.login("benharraf", "secret").maildrop);  // another box is free
  first.maildrop.reset();
  EXPECT_TRUE(delegate.login("ali", "sesame").maildrop);
}

TEST_F(MaildirPop3Test, RetrDeleQuitOverTheMachineChangeTheMaildir) {
  const fs::path one = deliver("ali@gsimaroc.com", "Subject: 1\r\n\r\n.dot\r\n");
  const fs::path two = deliver("ali@gsimaroc.com", "Subject: 2\r\n\r\ntwo\r\n");
  MaildirPop3Delegate delegate(config());
  const std::string out =
      dialogue(delegate, "USER ali\r\nPASS sesame\r\nUIDL\r\nRETR 1\r\nDELE 2\r\nQUIT\r\n");
  MaildirMailbox mailbox(box("ali@gsimaroc.com"));
  std::error_code error;
  ASSERT_TRUE(mailbox.refresh(error));
  const std::string validity = std::to_string(mailbox.uid_validity());
  EXPECT_NE(out.find("+OK unique-id listing follows\r\n1 " + validity + ".1\r\n2 " + validity +
                     ".2\r\n.\r\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("+OK 20 octets follow\r\nSubject: 1\r\n\r\n..dot\r\n.\r\n"), std::string::npos)
      << out;
  EXPECT_NE(out.find("(1 message left)"), std::string::npos) << out;
  // Message 2 is gone from disk; message 1 was seen: cur/ with S.
  EXPECT_FALSE(fs::exists(two));
  ASSERT_EQ(mailbox.messages().size(), 1u);
  EXPECT_EQ(mailbox.messages()[0].uid, 1u);
  EXPECT_EQ(mailbox.messages()[0].flags, "S");
  EXPECT_EQ(mailbox.messages()[0].path,
            box("ali@gsimaroc.com") / "cur" / (one.filename().string() + ":2,S"));
  // A second session (a restart of the server) sees the same UID for what is left.
  MaildirPop3Delegate restarted(config());
  const std::string later = dialogue(restarted, "USER ali\r\nPASS sesame\r\nUIDL\r\nQUIT\r\n");
  EXPECT_NE(later.find("\r\n1 " + validity + ".1\r\n.\r\n"), std::string::npos) << later;
}

TEST_F(MaildirPop3Test, AQuitWithoutLoginOrAnAbortedSessionDeletesNothing) {
  deliver("ali@gsimaroc.com", "a\r\n");
  MaildirPop3Delegate delegate(config());
  {
    protocol::pop3::Pop3ServerConfig pop3;
    pop3.cleartext_login = true;
    protocol::pop3::Pop3ServerSession session(pop3, delegate, protocol::ConnectionInfo{});
    session.start();
    session.receive("USER ali\r\nPASS sesame\r\nDELE 1\r\n");
    session.idle_timeout();  // the autologout timer: no UPDATE state
  }
  EXPECT_EQ(MaildirStore(root).count("ali@gsimaroc.com"), 1u);
  EXPECT_TRUE(delegate.login("ali", "sesame").maildrop);  // and the lock was released
}

}  // namespace
}  // namespace smtplab::agents
