// The typed timeline's JSON form: every payload goes to JSON and back unchanged, and JSON
// lines recorded by the program before the payloads were typed (data/recorded_timeline.jsonl,
// `smtplab run` of the built-in topology and of chapters 1-3, 8-12 and 14) read back and
// write out byte for byte. Bad lines say which line and what is wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/lab/timeline.hpp"
#include "sim/lab/timeline_json.hpp"

namespace smtplab::lab {
namespace {

TimelineEvent event(TimelineKind kind, TimelinePayload payload) {
  TimelineEvent e;
  e.seq = 7;
  e.time = 1.5;
  e.sim_time = 61.25;
  e.kind = kind;
  e.node = "mx.menara.ma";
  e.text = "what happened";
  e.payload = std::move(payload);
  return e;
}

/// One event of every payload type, with every optional part set in one of them.
std::vector<TimelineEvent> one_of_each() {
  std::vector<TimelineEvent> out;
  out.push_back(event(TimelineKind::Note, std::monostate{}));
  out.push_back(event(TimelineKind::DnsQuery,
                      DnsQueryPayload{"menara.ma", "MX", "NOERROR", {"10 mx.menara.ma", "20 b"}}));
  out.push_back(event(TimelineKind::DnsQuery, DnsQueryPayload{"nx.ma", "A", "NXDOMAIN", {}}));
  out.push_back(event(TimelineKind::SessionOpened, SessionOpenedPayload{"submission"}));
  out.push_back(event(TimelineKind::Queued,
                      QueuedPayload{"Q1", "a@x", {"b@y", "c@z"}, std::string("4F2A"), false}));
  out.push_back(event(TimelineKind::Queued, QueuedPayload{"Q2", "", {"a@x"}, std::nullopt, true}));
  out.push_back(event(
      TimelineKind::Deferred,
      DeferredPayload{
          "Q1", 1234.5, 600, "mx: 451 try later",
          agents::DeliveryProblem{agents::DeliveryProblem::Kind::PeerReply, "mx", "451 try later"},
          2}));
  out.push_back(event(TimelineKind::Deferred,
                      DeferredPayload{"Q3", 60.25, 60, "", std::nullopt, 1}));  // an older line
  out.push_back(
      event(TimelineKind::Relayed, RelayedPayload{"Q1", "b@y", "mx.menara.ma", "250 2.0.0 ok"}));
  out.push_back(
      event(TimelineKind::Delivered, DeliveredPayload{"b@y", "/lab/mail/mx/b/new/1.mx", "a@x"}));
  out.push_back(event(
      TimelineKind::Bounced,
      BouncedPayload{{"b@y", "c@z"}, "a@x", "550 5.1.1 unknown", "Q1", agents::DsnAction::Failed}));
  out.push_back(event(TimelineKind::Bounced,
                      BouncedPayload{{"b@y"}, "a@x", "", "", agents::DsnAction::Delayed}));
  PolicyPayload every_detail{"dmarc",        "fail", "127.0.1.10", "b@y",
                             "gsimaroc.com", "-all", "reject",     "ali"};
  out.push_back(event(TimelineKind::Policy, every_detail));
  out.push_back(event(TimelineKind::Policy,
                      PolicyPayload{"srs", "reverse", std::nullopt, std::nullopt, std::nullopt,
                                    std::nullopt, std::nullopt, std::nullopt}));
  out.push_back(event(TimelineKind::Rewrite, RewritePayload{"masquerade", "a@m.x", "a@x"}));
  out.push_back(event(TimelineKind::Rewrite, RewritePayload{"alias", "profs@x", std::nullopt}));
  out.push_back(event(TimelineKind::Note, QueueExpiredPayload{"Q9"}));
  out.push_back(event(TimelineKind::Note, AgentNotePayload{}));
  out.push_back(event(TimelineKind::Note, TransactionPayload{"Bonjour", "a@x", {"b@y", "c@z"}, 2}));
  out.push_back(event(TimelineKind::Note, ClientFailurePayload{true, "timeout", "timed_out"}));
  out.push_back(event(TimelineKind::Note, ClientFailurePayload{false, "refused", "refused"}));
  out.push_back(event(TimelineKind::Note,
                      ConnectFailedPayload{"127.0.2.20", "mx.menara.ma", "cannot connect to mx"}));
  out.push_back(event(TimelineKind::Note, SessionOriginPayload{true, 4, "console"}));
  FaultPayload reply;
  reply.target = "mx.menara.ma";
  reply.fault = FaultKind::ReplyToVerb;
  reply.verb = "RCPT";
  reply.code = 451;
  out.push_back(event(TimelineKind::Fault, reply));
  FaultPayload delay;
  delay.target = "mx.menara.ma";
  delay.fault = FaultKind::DelayReplies;
  delay.delay_ms = 1500;
  out.push_back(event(TimelineKind::Fault, delay));
  FaultPayload drop;
  drop.target = "mx.menara.ma";
  drop.fault = FaultKind::DropData;
  drop.after_bytes = 4096;
  out.push_back(event(TimelineKind::Fault, drop));
  FaultPayload cleared;
  cleared.inject = false;
  cleared.target = "mx.menara.ma";
  cleared.fault = FaultKind::ReplyToVerb;
  cleared.verb = "";  // every verb
  out.push_back(event(TimelineKind::Fault, cleared));
  FaultPayload nothing;  // applied to nothing: no kind
  nothing.target = "nowhere";
  out.push_back(event(TimelineKind::Fault, nothing));
  StepPayload step;
  step.step = "quiz";
  step.index = 12;
  step.result = "passed";
  step.line = 88;
  step.text = {"quiz q1 : juste", "quiz q1: right"};
  step.id = "q1";
  step.quiz = QuizScore{2, false, true};
  step.hints = {{"indice 1", "hint 1"}, {"indice 2", "hint 2"}};
  out.push_back(event(TimelineKind::Step, step));
  StepPayload section;
  section.step = "section";
  section.result = "done";
  section.text = {"== Lab", "== Lab"};
  section.student_part = "begin";
  out.push_back(event(TimelineKind::Step, section));
  out.push_back(event(TimelineKind::Step, PartMarkPayload{"demo"}));
  CaptureRefPayload line;
  line.frame = 14;
  line.first_frame = 13;
  line.entry = 5;
  line.auth = true;
  line.data_bytes = 2048;
  out.push_back(event(TimelineKind::Command, line));
  CaptureRefPayload implicit;
  implicit.frame = 4;
  implicit.implicit_tls = true;
  out.push_back(event(TimelineKind::TlsStarted, implicit));
  return out;
}

TEST(TimelineJson, EveryPayloadGoesToJsonAndBackUnchanged) {
  for (const auto& original : one_of_each()) {
    const std::string json = timeline_event_to_json(original);
    const auto back = Timeline::parse_jsonl(json + "\n");
    ASSERT_EQ(back.size(), 1u) << json;
    EXPECT_EQ(back[0].kind, original.kind) << json;
    EXPECT_TRUE(back[0].payload == original.payload) << json;
    EXPECT_EQ(timeline_event_to_json(back[0]), json);
  }
}

TEST(TimelineJson, KeysAndValuesAreTheOnesToolsRead) {
  const auto events = one_of_each();
  // Numbers, lists and booleans are written as the strings they always were.
  const auto deferred = payload_fields(events[6]);
  EXPECT_EQ(deferred.at("next_retry"), "1234.500000");
  EXPECT_EQ(deferred.at("retry_in"), "600");
  EXPECT_EQ(deferred.at("problem"), "peer_reply");
  EXPECT_EQ(deferred.at("attempts"), "2");
  EXPECT_EQ(deferred.at("node"), "mx.menara.ma");  // an agent's event names its node
  EXPECT_EQ(payload_fields(events[1]).at("answers"), "10 mx.menara.ma, 20 b");
  EXPECT_EQ(payload_fields(events[4]).at("rcpts"), "b@y,c@z");
  EXPECT_EQ(payload_fields(events[5]).at("dsn"), "yes");
  EXPECT_EQ(payload_fields(events[5]).count("smtp_id"), 0u);
  EXPECT_EQ(payload_fields(events[10]).at("rcpt"), "b@y,c@z");
  EXPECT_EQ(payload_fields(events[10]).at("action"), "failed");
  EXPECT_EQ(payload_fields(events[18]).at("transaction"), "data");
  EXPECT_EQ(payload_fields(events[18]).at("rcpt_count"), "2");
  EXPECT_EQ(payload_fields(events[20]).at("failure"), "connect");
  EXPECT_EQ(payload_fields(events[21]).at("failure"), "connect");
  EXPECT_EQ(payload_fields(events[22]).at("origin"), "student");
  EXPECT_EQ(payload_fields(events[23]).at("fault"), "reply");
  EXPECT_EQ(payload_fields(events[23]).at("code"), "451");
  EXPECT_EQ(payload_fields(events[26]).at("action"), "clear");
  const auto quiz = payload_fields(events[28]);
  EXPECT_EQ(quiz.at("first_try"), "wrong");
  EXPECT_EQ(quiz.at("solved"), "true");
  EXPECT_EQ(quiz.at("hint2_en"), "hint 2");
  EXPECT_EQ(payload_fields(events[31]).at("auth"), "true");
  EXPECT_EQ(payload_fields(events[32]).at("implicit"), "true");
  EXPECT_TRUE(payload_fields(events[0]).empty());
}

TEST(TimelineJson, RecordedTimelineReadsBackAndWritesOutTheSameBytes) {
  std::ifstream in(SMTPLAB_TIMELINE_FIXTURE, std::ios::binary);
  ASSERT_TRUE(in) << SMTPLAB_TIMELINE_FIXTURE;
  std::stringstream text;
  text << in.rdbuf();
  const std::string recorded = text.str();
  const auto events = Timeline::parse_jsonl(recorded);
  ASSERT_GE(events.size(), 90u);
  std::string written;
  for (const auto& e : events) written += timeline_event_to_json(e) + "\n";
  EXPECT_EQ(written, recorded);
  // And the payloads are typed: a checkpoint reads numbers as numbers.
  bool transaction = false;
  for (const auto& e : events) {
    if (const auto* t = e.details<TransactionPayload>()) {
      transaction = true;
      EXPECT_EQ(t->rcpt_count, t->rcpts.size());
    }
  }
  EXPECT_TRUE(transaction);
}

std::string error_of(const std::string& jsonl) {
  try {
    Timeline::parse_jsonl(jsonl);
  } catch (const std::runtime_error& error) {
    return error.what();
  }
  return "no error";
}

TEST(TimelineJson, BadFieldsSayWhichLineAndWhat) {
  const std::string ok = R"({"seq":1,"kind":"note","node":"n","text":""})"
                         "\n";
  EXPECT_EQ(error_of(ok + R"({"seq":2,"kind":"relayed","node":"n","text":"",)"
                          R"("fields":{"queue_id":"Q","rcpt":"b","to_node":"mx","reply":"250",)"
                          R"("node":"n","rcpt_misspelt":"x"}})"),
            "line 2: unexpected field \"rcpt_misspelt\" in a relayed event");
  EXPECT_EQ(error_of(ok + R"({"seq":2,"kind":"delivered","node":"n","text":"",)"
                          R"("fields":{"mailbox":"b","node":"n"}})"),
            "line 2: missing field \"file\"");
  EXPECT_EQ(error_of(R"({"seq":1,"kind":"note","node":"n","text":"","fields":{"transaction":)"
                     R"("data","subject":"s","mail_from":"a","rcpts":"b","rcpt_count":"two"}})"),
            "line 1: field \"rcpt_count\" is not a number: \"two\"");
  EXPECT_EQ(error_of(R"({"seq":1,"kind":"fault","node":"n","text":"",)"
                     R"("fields":{"action":"inject","target":"n","fault":"gremlins"}})"),
            "line 1: unknown fault \"gremlins\"");
  EXPECT_EQ(error_of(R"({"seq":1,"kind":"command","node":"n","text":"","fields":{"x":"1"}})"),
            "line 1: unexpected field \"x\" in a command event");
}

}  // namespace
}  // namespace smtplab::lab
