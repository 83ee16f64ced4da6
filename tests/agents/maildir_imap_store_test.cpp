// The IMAP store over Maildirs, on real temporary directories: flags <-> file names,
// \Recent (new/ -> cur/ for the first session), UIDs surviving a restart, COPY, EXPUNGE and
// APPEND on disk, Maildir++ folders, a delivery showing up with the next UID; and the real
// IMAP machine over it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "sim/agents/maildir.hpp"
#include "sim/agents/maildir_imap_store.hpp"
#include "sim/protocol/imap/imap_session.hpp"

namespace smtplab::agents {
namespace {

namespace fs = std::filesystem;
namespace imap = protocol::imap;

constexpr const char* kAli = "ali@gsimaroc.com";

class MaildirImapStoreTest : public ::testing::Test {
 protected:
  fs::path root;
  MaildirAccounts accounts;

  void SetUp() override {
    root = fs::temp_directory_path() /
           ("smtplab-maildir-imap-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
    fs::create_directories(root);
    accounts = MaildirAccounts{root, "gsimaroc.com", {{"ali", "sesame"}}};
  }
  void TearDown() override { fs::remove_all(root); }

  fs::path deliver(const std::string& content) {
    std::error_code error;
    const fs::path path = MaildirStore(root).deliver(kAli, content, error);
    EXPECT_FALSE(error) << error.message();
    return path;
  }
  fs::path inbox() const { return MaildirStore(root).mailbox_path(kAli); }
  /// The file names in a Maildir subdirectory.
  std::set<std::string> files(const fs::path& dir) const {
    std::set<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) out.insert(e.path().filename().string());
    return out;
  }
};

TEST_F(MaildirImapStoreTest, FlagLettersFollowTheMaildirConvention) {
  MaildirKeywords keywords(inbox());
  imap::MessageFlags flags;
  flags.system = imap::kSeen | imap::kAnswered | imap::kFlagged | imap::kDeleted | imap::kDraft;
  EXPECT_EQ(maildir_letters(flags, keywords), "DFRST");
  EXPECT_EQ(imap_flags("DFRST", keywords).system, flags.system);
  // Letters IMAP does not name (P: passed) are kept through a change.
  EXPECT_EQ(maildir_letters(imap::MessageFlags{imap::kSeen, {}}, keywords, "PS"), "PS");
  EXPECT_EQ(imap_flags("P", keywords).system, 0);
}

TEST_F(MaildirImapStoreTest, KeywordsAreLettersOfTheDovecotKeywordsFile) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore store(accounts);
  store.mailbox(kAli, "INBOX");
  EXPECT_EQ(store.set_flags(kAli, "INBOX", 1, {imap::kSeen, {"$Forwarded", "Work"}}),
            imap::StoreResult::Done);
  EXPECT_TRUE(files(inbox() / "cur").begin()->ends_with(":2,Sab"));
  std::ifstream file(inbox() / "dovecot-keywords");
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "0 $Forwarded\n1 Work\n");
  const auto snapshot = MaildirImapStore(accounts).mailbox(kAli, "INBOX");
  EXPECT_EQ(snapshot->messages[0].flags.keywords, (std::vector<std::string>{"$Forwarded", "Work"}));
  // Removing one keeps the other's letter.
  store.set_flags(kAli, "INBOX", 1, {imap::kSeen, {"Work"}});
  EXPECT_TRUE(files(inbox() / "cur").begin()->ends_with(":2,Sb"));
}

TEST_F(MaildirImapStoreTest, LoginIsTheAddressOrTheLocalPart) {
  MaildirImapStore store(accounts);
  EXPECT_EQ(store.authenticate("ali", "sesame"), kAli);
  EXPECT_EQ(store.authenticate(kAli, "sesame"), kAli);
  EXPECT_EQ(store.authenticate("ali", "wrong"), std::nullopt);
}

TEST_F(MaildirImapStoreTest, RecentIsForTheFirstSessionAndMovesTheFileToCur) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore first(accounts);
  const auto snapshot = first.mailbox(kAli, "INBOX");
  ASSERT_TRUE(snapshot);
  ASSERT_EQ(snapshot->messages.size(), 1u);
  EXPECT_TRUE(snapshot->messages[0].flags.system & imap::kRecent);
  EXPECT_TRUE(files(inbox() / "new").empty());
  ASSERT_EQ(files(inbox() / "cur").size(), 1u);
  EXPECT_TRUE(files(inbox() / "cur").begin()->ends_with(":2,"));
  // Still \Recent for the session that saw it first, not for another one.
  EXPECT_TRUE(first.mailbox(kAli, "INBOX")->messages[0].flags.system & imap::kRecent);
  MaildirImapStore second(accounts);
  EXPECT_FALSE(second.mailbox(kAli, "INBOX")->messages[0].flags.system & imap::kRecent);
}

TEST_F(MaildirImapStoreTest, FlagsAreWrittenInTheFileName) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore store(accounts);
  const auto snapshot = store.mailbox(kAli, "INBOX");
  const std::uint32_t uid = snapshot->messages[0].uid;
  EXPECT_EQ(store.set_flags(kAli, "INBOX", uid, {imap::kSeen | imap::kDeleted, {}}),
            imap::StoreResult::Done);
  ASSERT_EQ(files(inbox() / "cur").size(), 1u);
  EXPECT_TRUE(files(inbox() / "cur").begin()->ends_with(":2,ST"));
  const auto again = MaildirImapStore(accounts).mailbox(kAli, "INBOX");
  EXPECT_EQ(again->messages[0].flags.system, imap::kSeen | imap::kDeleted);
}

TEST_F(MaildirImapStoreTest, UidsAndUidValiditySurviveARestart) {
  deliver("Subject: 1\r\n\r\none\r\n");
  deliver("Subject: 2\r\n\r\ntwo\r\n");
  const auto before = MaildirImapStore(accounts).mailbox(kAli, "INBOX");
  ASSERT_EQ(before->messages.size(), 2u);
  // A new store is a restarted server: same UIDVALIDITY, same UIDs, same contents.
  MaildirImapStore restarted(accounts);
  const auto after = restarted.mailbox(kAli, "INBOX");
  EXPECT_EQ(after->uid_validity, before->uid_validity);
  EXPECT_EQ(after->uid_next, 3u);
  EXPECT_EQ(after->messages[0].uid, 1u);
  EXPECT_EQ(after->messages[1].uid, 2u);
  EXPECT_EQ(restarted.content(kAli, "INBOX", 2), "Subject: 2\r\n\r\ntwo\r\n");
}

TEST_F(MaildirImapStoreTest, ADeliveryShowsUpWithTheNextUid) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore store(accounts);
  ASSERT_EQ(store.mailbox(kAli, "INBOX")->messages.size(), 1u);
  const fs::path delivered = deliver("Subject: 2\r\n\r\ntwo\r\n");
  const auto snapshot = store.mailbox(kAli, "INBOX");
  ASSERT_EQ(snapshot->messages.size(), 2u);
  EXPECT_EQ(snapshot->messages[1].uid, 2u);
  EXPECT_EQ(snapshot->uid_next, 3u);
  EXPECT_TRUE(snapshot->messages[1].flags.system & imap::kRecent);
  EXPECT_EQ(snapshot->messages[1].size,
            fs::file_size(inbox() / "cur" / (delivered.filename().string() + ":2,")));
}

TEST_F(MaildirImapStoreTest, ExpungeRemovesTheFileAndTheUidIsNeverGivenAgain) {
  deliver("Subject: 1\r\n\r\none\r\n");
  deliver("Subject: 2\r\n\r\ntwo\r\n");
  MaildirImapStore store(accounts);
  store.mailbox(kAli, "INBOX");
  EXPECT_EQ(store.expunge(kAli, "INBOX", {1}), imap::StoreResult::Done);
  EXPECT_EQ(files(inbox() / "cur").size(), 1u);
  deliver("Subject: 3\r\n\r\nthree\r\n");
  const auto snapshot = MaildirImapStore(accounts).mailbox(kAli, "INBOX");
  ASSERT_EQ(snapshot->messages.size(), 2u);
  EXPECT_EQ(snapshot->messages[0].uid, 2u);
  EXPECT_EQ(snapshot->messages[1].uid, 3u);
}

TEST_F(MaildirImapStoreTest, CopyAndAppendWriteFilesThroughTmpIntoCur) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore store(accounts);
  store.mailbox(kAli, "INBOX");
  store.set_flags(kAli, "INBOX", 1, {imap::kFlagged, {}});
  EXPECT_EQ(store.copy(kAli, "INBOX", 1, "Archives"), imap::StoreResult::NoSuchMailbox);
  EXPECT_EQ(store.create_mailbox(kAli, "Archives"), imap::StoreResult::Done);
  EXPECT_EQ(store.create_mailbox(kAli, "Archives"), imap::StoreResult::AlreadyExists);
  EXPECT_EQ(store.create_mailbox(kAli, "a.b"), imap::StoreResult::Refused);
  EXPECT_TRUE(fs::exists(inbox() / ".Archives" / "maildirfolder"));
  EXPECT_EQ(store.copy(kAli, "INBOX", 1, "Archives"), imap::StoreResult::Done);
  const auto copied = files(inbox() / ".Archives" / "cur");
  ASSERT_EQ(copied.size(), 1u);
  EXPECT_TRUE(copied.begin()->ends_with(":2,F"));  // flags kept
  EXPECT_TRUE(files(inbox() / ".Archives" / "tmp").empty());
  const auto archives = store.mailbox(kAli, "Archives");
  ASSERT_EQ(archives->messages.size(), 1u);
  EXPECT_EQ(archives->messages[0].flags.system, imap::kFlagged | imap::kRecent);
  EXPECT_EQ(store.content(kAli, "Archives", 1), "Subject: 1\r\n\r\none\r\n");

  EXPECT_EQ(
      store.append(kAli, "INBOX", {imap::kSeen, {}}, 1700000000, 0, "Subject: A\r\n\r\na\r\n"),
      imap::StoreResult::Done);
  const auto snapshot = store.mailbox(kAli, "INBOX");
  ASSERT_EQ(snapshot->messages.size(), 2u);
  EXPECT_EQ(snapshot->messages[1].uid, 2u);
  EXPECT_EQ(snapshot->messages[1].internal_date, 1700000000);
  EXPECT_EQ(snapshot->messages[1].flags.system, imap::kSeen | imap::kRecent);
  EXPECT_TRUE(files(inbox() / "tmp").empty());

  const auto names = store.list_mailboxes(kAli);
  ASSERT_EQ(names.size(), 2u);
  EXPECT_EQ(names[0].name, "INBOX");
  EXPECT_EQ(names[1].name, "Archives");
  EXPECT_EQ(store.delete_mailbox(kAli, "Archives"), imap::StoreResult::Done);
  EXPECT_FALSE(fs::exists(inbox() / ".Archives"));
}

TEST_F(MaildirImapStoreTest, TheImapMachineSeesADeliveryDuringIdle) {
  deliver("Subject: 1\r\n\r\none\r\n");
  MaildirImapStore store(accounts);
  imap::ImapConfig config;
  config.login_over_cleartext = true;
  imap::ImapSession session(config, store, {"127.0.0.2", 40000, "127.0.0.1", 143, false});
  session.start();
  EXPECT_NE(session.receive("a LOGIN ali sesame\r\n").bytes.find("a OK"), std::string::npos);
  const std::string selected = session.receive("b SELECT INBOX\r\n").bytes;
  EXPECT_NE(selected.find("* 1 EXISTS"), std::string::npos) << selected;
  EXPECT_NE(selected.find("* 1 RECENT"), std::string::npos) << selected;
  session.receive("c IDLE\r\n");
  EXPECT_GT(session.poll_interval().count(), 0);
  EXPECT_EQ(session.poll().bytes, "");
  deliver("Subject: 2\r\n\r\ntwo\r\n");
  EXPECT_NE(session.poll().bytes.find("* 2 EXISTS"), std::string::npos);
  EXPECT_NE(session.receive("DONE\r\n").bytes.find("c OK"), std::string::npos);
  EXPECT_EQ(session.poll_interval().count(), 0);  // polled only during IDLE
}

}  // namespace
}  // namespace smtplab::agents
