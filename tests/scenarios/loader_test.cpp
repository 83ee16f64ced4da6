// The loader on well-formed files: every step and condition kind is read into the right
// struct with the right values, includes merge with overrides, and the small helpers
// (reply patterns, error text, lesson checkpoint ids) behave.
#include <gtest/gtest.h>

#include <filesystem>

#include "sim/lab/scenario_loader.hpp"

namespace {

namespace fs = std::filesystem;
using namespace smtplab::lab;

const fs::path kGoodDir = SMTPLAB_GOOD_SCENARIOS_DIR;

std::string all_errors(const std::vector<LoadError>& errors) {
  std::string text;
  for (const auto& e : errors) text += e.to_string() + "\n";
  return text;
}

class AllSteps : public ::testing::Test {
 protected:
  void SetUp() override {
    result_ = load_scenario(kGoodDir / "all-steps.yaml");
    ASSERT_TRUE(result_.ok()) << all_errors(result_.errors);
  }
  const ScenarioSpec& spec() const { return *result_.scenario; }
  template <typename T>
  const T& step(std::size_t index) const {
    return std::get<T>(spec().steps.at(index).step);
  }
  LoadResult result_;
};

TEST_F(AllSteps, ReadsTheHeader) {
  EXPECT_EQ(spec().id, "all-steps");
  EXPECT_EQ(spec().title.fr, "Toutes les étapes");
  EXPECT_EQ(spec().title.en, "Every step");
  EXPECT_EQ(spec().lesson, "02-first-session");
  EXPECT_EQ(spec().steps.size(), 18u);
}

TEST_F(AllSteps, IncludesTheTopologyAndAppliesOverrides) {
  const TopologySpec& t = spec().topology;
  EXPECT_EQ(t.name, "all-steps");
  EXPECT_DOUBLE_EQ(t.clock_speed, 3600.0);
  EXPECT_EQ(t.server_timeout, 90u);
  EXPECT_EQ(t.queue.retry_after, (std::vector<std::uint32_t>{60, 300, 3600}));
  EXPECT_EQ(t.queue.lifetime, 6u * 86400u);
  EXPECT_EQ(t.queue.delay_warning, 4u * 3600u);
  ASSERT_EQ(t.nodes.size(), 3u);
  const NodeSpec* mail = t.find_node("mail.gsimaroc.com");
  ASSERT_NE(mail, nullptr);
  EXPECT_EQ(mail->kind, NodeKind::Mx);     // "mta" is a synonym of mx
  EXPECT_EQ(mail->address, "127.0.1.20");  // kept from the include
  EXPECT_EQ(mail->banner, "mail.gsimaroc.com ESMTP Service ready");
  EXPECT_TRUE(mail->vrfy);  // overridden
  EXPECT_FALSE(mail->esmtp);
  EXPECT_EQ(mail->ports.at("smtp"), 2525);
  const NodeSpec* mx2 = t.find_node("mx2.gsimaroc.com");
  ASSERT_NE(mx2, nullptr);
  EXPECT_EQ(mx2->kind, NodeKind::Relay);
  EXPECT_EQ(mx2->relay.networks, std::vector<std::string>{"127.0.1.0/24"});
  EXPECT_EQ(mx2->routing.smarthost, "mail.gsimaroc.com");
  EXPECT_EQ(mx2->routing.port, 2525);
  EXPECT_EQ(mx2->rewrite.canonical.at("dupont"), "Henri.Dupont");
  EXPECT_EQ(mx2->mail_auth.dkim_selector, "lab2025");
  EXPECT_EQ(mx2->users.at("benharraf"), "s3cret");
  EXPECT_EQ(mx2->lists.at("equipe").size(), 2u);
  EXPECT_EQ(mx2->extensions, (std::vector<std::string>{"PIPELINING", "8BITMIME"}));
  EXPECT_EQ(mx2->quota_bytes, 1000u);
  EXPECT_EQ(mx2->max_message_size, 10240000u);
  EXPECT_FALSE(mx2->reject_unknown_at_rcpt);
  EXPECT_EQ(mx2->label.en, "Backup");
  const NodeSpec* mua = t.find_node("pc-benharraf");
  ASSERT_NE(mua, nullptr);
  EXPECT_EQ(mua->submit.server, "mail.gsimaroc.com");
  EXPECT_EQ(mua->submit.port, "smtp");
  EXPECT_FALSE(mua->submit.starttls);
  ASSERT_EQ(t.dns.size(), 2u);
  EXPECT_EQ(t.dns[0].name, "gsimaroc.com");
  ASSERT_EQ(t.dns[0].mx.size(), 2u);
  EXPECT_EQ(t.dns[0].mx[0].preference, 10);
  EXPECT_EQ(t.dns[0].mx[1].host, "mx2.gsimaroc.com");
  EXPECT_EQ(t.dns[0].txt, std::vector<std::string>{"v=spf1 -all"});
  EXPECT_EQ(t.dns[1].a, std::vector<std::string>{"127.0.1.22"});
}

TEST_F(AllSteps, ReadsSectionsSayAndConsole) {
  EXPECT_EQ(step<SectionStep>(0).kind, SectionKind::Intro);
  EXPECT_EQ(step<SayStep>(1).text.fr, "Bonjour");
  EXPECT_EQ(step<SectionStep>(2).kind, SectionKind::Demonstration);
  EXPECT_EQ(step<SectionStep>(2).title.en, "Demo");
  const auto& console = step<ConsoleStep>(3);
  EXPECT_EQ(console.to, "mail.gsimaroc.com");
  EXPECT_EQ(console.from, "pc-benharraf");
  EXPECT_EQ(console.port, "smtp");
  ASSERT_EQ(console.expect.size(), 2u);
  EXPECT_EQ(console.expect[1].pattern, "250");
  EXPECT_EQ(spec().steps[3].origin.line, 36);
  EXPECT_EQ(spec().steps[3].origin.column, 5);
}

TEST_F(AllSteps, ReadsASend) {
  const auto& send = step<SendStep>(4);
  EXPECT_EQ(send.mua, "pc-benharraf");
  EXPECT_EQ(send.to, std::vector<std::string>{"ali.belabbas@gsimaroc.com"});
  EXPECT_EQ(send.bcc, std::vector<std::string>{"x@y.z"});
  EXPECT_EQ(send.body, "line 1\nline 2\n");
  ASSERT_EQ(send.attachments.size(), 2u);
  EXPECT_EQ(send.attachments[0].content, "hello");
  EXPECT_EQ(send.attachments[1].file, "topologies/base.yaml");
  EXPECT_EQ(send.attachments[1].content_type, "text/plain");
  ASSERT_EQ(send.headers.size(), 2u);
  EXPECT_EQ(send.headers[0].first, "X-Lab");  // order kept
  ASSERT_TRUE(send.envelope.mail_from.has_value());
  EXPECT_EQ(*send.envelope.mail_from, "");  // null sender
  EXPECT_EQ(send.envelope.rcpt_params, "NOTIFY=SUCCESS");
  ASSERT_EQ(send.expect.size(), 1u);
  EXPECT_TRUE(send.expect[0].matches(250));
}

TEST_F(AllSteps, ReadsAClientDialogue) {
  const auto& client = step<ClientStep>(5);
  EXPECT_TRUE(client.quit);
  EXPECT_TRUE(client.expect_banner);
  ASSERT_EQ(client.lines.size(), 8u);
  EXPECT_EQ(client.lines[0].kind, ClientLineSpec::Kind::Send);
  EXPECT_TRUE(client.lines[0].expect.at(0).at(0).matches(221));
  const auto& batch = client.lines[1];
  EXPECT_EQ(batch.lines.size(), 2u);
  ASSERT_EQ(batch.expect.size(), 2u);
  EXPECT_TRUE(batch.expect[1][0].matches(553));
  EXPECT_FALSE(batch.expect[1][0].matches(503));
  EXPECT_EQ(client.lines[3].kind, ClientLineSpec::Kind::Data);
  EXPECT_EQ(client.lines[3].text, "Subject: x\n\n.hidden\n");
  EXPECT_EQ(client.lines[4].kind, ClientLineSpec::Kind::RawData);
  EXPECT_EQ(client.lines[6].kind, ClientLineSpec::Kind::StartTls);
  EXPECT_EQ(client.lines[7].kind, ClientLineSpec::Kind::Expect);
}

TEST_F(AllSteps, ReadsFaultsClockAndWait) {
  const auto& reply = step<FaultStep>(6);
  EXPECT_TRUE(reply.inject);
  EXPECT_EQ(reply.kind, FaultKind::ReplyToVerb);
  EXPECT_EQ(reply.code, 450);
  EXPECT_EQ(reply.times, 1u);
  EXPECT_EQ(step<FaultStep>(7).delay_ms, 200u);
  EXPECT_EQ(step<FaultStep>(8).dns_mode, DnsFaultMode::NxDomain);
  EXPECT_EQ(step<FaultStep>(9).mailbox, "ali.belabbas@gsimaroc.com");
  EXPECT_EQ(step<FaultStep>(10).after_bytes, 10u);
  EXPECT_FALSE(step<FaultStep>(11).inject);
  EXPECT_EQ(step<FaultStep>(11).kind, FaultKind::All);
  EXPECT_EQ(step<ClockStep>(12).advance, 7200u);
  EXPECT_EQ(step<ClockStep>(12).speed, 120.0);
  const auto& wait = step<WaitStep>(13);
  EXPECT_EQ(wait.event, EventKind::Delivered);
  EXPECT_EQ(wait.timeout, 300u);
  EXPECT_EQ(wait.where.subject, "TP");
  ASSERT_TRUE(wait.where.code.has_value());
}

TEST_F(AllSteps, ReadsQuizzes) {
  EXPECT_EQ(step<QuizStep>(14).kind, QuizStep::Kind::Single);
  EXPECT_EQ(step<QuizStep>(14).answers, std::vector<int>{2});
  EXPECT_EQ(step<QuizStep>(15).kind, QuizStep::Kind::Multiple);
  EXPECT_EQ(step<QuizStep>(15).answers, (std::vector<int>{1, 3}));
  EXPECT_EQ(step<QuizStep>(14).choices.size(), 3u);
  ASSERT_EQ(step<QuizStep>(14).feedback.size(), 3u);
  EXPECT_EQ(step<QuizStep>(14).feedback[1].fr, "fb");
  EXPECT_EQ(step<QuizStep>(15).explain.en, "e");
  EXPECT_EQ(step<QuizStep>(16).wrong.en, "w");
  EXPECT_EQ(step<QuizStep>(16).kind, QuizStep::Kind::Free);
  EXPECT_EQ(step<QuizStep>(16).accept.size(), 2u);
}

TEST_F(AllSteps, ReadsACheckpointWithEveryCondition) {
  const auto& cp = step<CheckpointStep>(17);
  EXPECT_EQ(cp.id, "2.1");
  ASSERT_EQ(cp.conditions.size(), 14u);
  const auto& delivered = std::get<DeliveredCondition>(cp.conditions[0].check);
  EXPECT_EQ(delivered.rcpt_count, 2);
  EXPECT_EQ(delivered.via, std::vector<std::string>{"mail.gsimaroc.com"});
  EXPECT_EQ(std::get<ReplyCondition>(cp.conditions[1].check).verb, "RCPT");
  const auto& dialogue = std::get<DialogueCondition>(cp.conditions[2].check);
  ASSERT_EQ(dialogue.sequence.size(), 2u);
  EXPECT_TRUE(dialogue.sequence[1].argument);
  EXPECT_EQ(std::get<DsnCondition>(cp.conditions[3].check).status, "5.1.1");
  EXPECT_EQ(std::get<MailboxCondition>(cp.conditions[4].check).count, 1);
  EXPECT_TRUE(cp.conditions[5].negate);
  EXPECT_EQ(std::get<MailboxCondition>(cp.conditions[5].check).at_least, 1);
  const auto& message = std::get<MessageCondition>(cp.conditions[6].check);
  EXPECT_TRUE(message.select.last);
  ASSERT_EQ(message.headers.size(), 4u);
  EXPECT_TRUE(message.headers[2].absent);
  ASSERT_TRUE(message.body.has_value());
  EXPECT_EQ(message.body->lines, (std::vector<std::string>{"alpha", ".", "omega"}));
  EXPECT_EQ(std::get<QueueCondition>(cp.conditions[7].check).state, "deferred");
  EXPECT_TRUE(std::get<SessionCondition>(cp.conditions[8].check).failed);
  EXPECT_EQ(std::get<AttemptsCondition>(cp.conditions[9].check).last, "delivered");
  EXPECT_EQ(std::get<DnsQueryCondition>(cp.conditions[10].check).empty, false);
  EXPECT_EQ(std::get<RewriteCondition>(cp.conditions[11].check).before, "dupont");
  EXPECT_EQ(std::get<AnswerCondition>(cp.conditions[12].check).accept,
            std::vector<std::string>{"MDA"});
  EXPECT_EQ(std::get<AnswerCondition>(cp.conditions[13].check).computed,
            ComputedAnswer::ClientAddress);
  ASSERT_EQ(cp.hints.size(), 1u);
  EXPECT_EQ(cp.hints[0].after, 2);
  ASSERT_EQ(cp.solution.size(), 5u);
  EXPECT_TRUE(std::holds_alternative<ClientStep>(cp.solution[0].action));
  EXPECT_TRUE(std::holds_alternative<WaitStep>(cp.solution[4].action));
  EXPECT_EQ(cp.answers, std::vector<std::string>{"MDA"});
}

TEST(ReplyPattern, MatchesDigitsAndWildcards) {
  EXPECT_TRUE(ReplyPattern{"5xx"}.matches(554));
  EXPECT_TRUE(ReplyPattern{"55x"}.matches(550));
  EXPECT_FALSE(ReplyPattern{"55x"}.matches(503));
  EXPECT_FALSE(ReplyPattern{"250"}.matches(2500));
  EXPECT_FALSE(ReplyPattern{"25"}.matches(250));
}

TEST(LoadError, PrintsFileLineColumnMessage) {
  EXPECT_EQ((LoadError{"a.yaml", 3, 7, "oops"}).to_string(), "a.yaml:3:7: oops");
}

TEST(LoadScenario, MissingFileIsAnError) {
  const auto result = load_scenario(kGoodDir / "no-such-file.yaml");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message, "cannot open file");
  EXPECT_FALSE(result.ok());
}

TEST(LoadTopology, ReadsASharedTopologyAlone) {
  const auto result = load_topology(kGoodDir / "topologies" / "base.yaml");
  ASSERT_TRUE(result.ok()) << all_errors(result.errors);
  EXPECT_EQ(result.topology->name, "base");
  EXPECT_EQ(result.topology->nodes.size(), 2u);
}

TEST(LessonCheckpoints, ReadsBothLanguages) {
  const fs::path lessons = SMTPLAB_LESSONS_DIR;
  const std::vector<std::string> expected{"2.1", "2.2", "2.3", "2.4"};
  EXPECT_EQ(lesson_checkpoint_ids(lessons / "en" / "02-first-session.md"), expected);
  EXPECT_EQ(lesson_checkpoint_ids(lessons / "fr" / "02-first-session.md"), expected);
}

}  // namespace
