// Why a queued message waits, as the mail panel says it, and as the spool keeps it.
#include <gtest/gtest.h>

#include <filesystem>

#include "gui/app/model/queue_problem_text.hpp"
#include "sim/agents/mail_queue.hpp"

namespace smtplab::app {
namespace {

using Kind = agents::DeliveryProblem::Kind;

TEST(QueueProblemText, FrenchAndEnglish) {
  const agents::DeliveryProblem unreachable{Kind::NoExchangerAnswered, "menara.ma", ""};
  EXPECT_EQ(describe_problem(unreachable, Language::En), "no mail exchanger of menara.ma answered");
  EXPECT_EQ(describe_problem(unreachable, Language::Fr),
            "aucun serveur MX de menara.ma n\u2019a r\u00e9pondu");
  // A peer's reply is quoted as it came, in both languages.
  const agents::DeliveryProblem reply{Kind::PeerReply, "mx.menara.ma", "451 4.3.0 try later"};
  EXPECT_EQ(describe_problem(reply, Language::En), "mx.menara.ma: 451 4.3.0 try later");
  EXPECT_EQ(describe_problem(reply, Language::Fr), "mx.menara.ma\u00a0: 451 4.3.0 try later");
  for (const auto kind : {Kind::DnsLookup, Kind::SmarthostLookup, Kind::NoExchangerAddress}) {
    const agents::DeliveryProblem problem{kind, "gsimaroc.com", "SERVFAIL"};
    EXPECT_NE(describe_problem(problem, Language::Fr), describe_problem(problem, Language::En));
  }
}

TEST(QueueProblemText, TheSpoolKeepsTheKindAndTheEnglishSentence) {
  const auto dir = std::filesystem::temp_directory_path() / "smtplab-queue-problem-test";
  std::filesystem::remove_all(dir);
  std::string id;
  {
    agents::MailQueue queue(dir);
    agents::QueueEntry entry;
    entry.reverse_path = "benharraf@gsimaroc.com";
    entry.recipients.push_back({"karim@menara.ma", agents::RecipientState::Pending, "", ""});
    entry.content = "Subject: x\r\n\r\nbody\r\n";
    entry.problem = {Kind::NoExchangerAnswered, "menara.ma", ""};
    id = queue.enqueue(entry);
  }
  const auto entries = agents::MailQueue(dir).entries();
  ASSERT_EQ(entries.size(), 1u);
  const auto& entry = entries.front();
  EXPECT_EQ(entry.id, id);
  EXPECT_EQ(entry.problem.kind, Kind::NoExchangerAnswered);
  EXPECT_EQ(entry.problem.subject, "menara.ma");
  EXPECT_EQ(agents::english_text(entry.problem), "no mail exchanger of menara.ma answered");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace smtplab::app
