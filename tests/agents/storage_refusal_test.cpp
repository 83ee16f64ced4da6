// One answer to "no room left": a full file system is the mail system's (452 4.3.1), any
// other failed write a local error (451 4.3.0); a full mailbox (452 4.2.2) is the MTA's
// quota check, not a failed write.
#include "sim/agents/storage_refusal.hpp"

#include <gtest/gtest.h>

#include <cerrno>

namespace smtplab::agents {
namespace {

TEST(StorageRefusal, FullDiskIsMailSystemFull) {
  for (int e : {ENOSPC, EDQUOT}) {
    const auto error = storage_refusal(std::error_code(e, std::generic_category()), "x", "why");
    EXPECT_EQ(error.code, 452);
    EXPECT_EQ(error.enhanced, "4.3.1");
    EXPECT_EQ(error.text, "Insufficient system storage");
    EXPECT_EQ(error.reason, "why");
    EXPECT_TRUE(error.transient());
  }
}

TEST(StorageRefusal, OtherFailuresAreLocalErrors) {
  const auto error =
      storage_refusal(std::error_code(EACCES, std::generic_category()), "queue unavailable", "");
  EXPECT_EQ(error.code, 451);
  EXPECT_EQ(error.enhanced, "4.3.0");
  EXPECT_EQ(error.text, "Local error in processing: queue unavailable");
}

TEST(SmtpErrorFrom, TakesCodeEnhancedCodeAndTextFromTheCatalogue) {
  const auto error = protocol::SmtpError::from(protocol::ReplyId::MailboxFull, "ali@gsimaroc.com",
                                               "quota exceeded");
  EXPECT_EQ(error.code, 452);
  EXPECT_EQ(error.enhanced, "4.2.2");
  EXPECT_EQ(error.text, "ali@gsimaroc.com: Mailbox full");
  EXPECT_EQ(error.reason, "quota exceeded");
}

}  // namespace
}  // namespace smtplab::agents
