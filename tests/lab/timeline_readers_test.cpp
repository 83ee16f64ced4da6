// Readers of the typed timeline where the untyped one had a key read under one kind but
// only ever written under another: each case is a mismatch the payload types exposed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/lab/condition_evaluator.hpp"
#include "sim/lab/lab_state.hpp"
#include "sim/lab/timeline.hpp"

namespace smtplab::lab {
namespace {

TimelineEvent event(std::uint64_t seq, TimelineKind kind, TimelinePayload payload) {
  TimelineEvent e;
  e.seq = seq;
  e.kind = kind;
  e.node = "relay";
  e.payload = std::move(payload);
  return e;
}

/// A recorded lab holding `events` (written to JSON lines and read back, as `smtplab check`
/// reads a run).
LabState recorded(const std::vector<TimelineEvent>& events) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("smtplab-readers-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  Timeline timeline;
  timeline.assign(events);
  std::ofstream(dir / "timeline.jsonl", std::ios::binary) << timeline.to_jsonl();
  auto state = LabState::from_directory(dir, TopologySpec{});
  std::filesystem::remove_all(dir);
  return state;
}

Verdict attempts(const std::vector<TimelineEvent>& events, const std::string& to) {
  AttemptsCondition condition;
  condition.subject = "Bonjour";
  condition.to = to;
  condition.at_least = 1;
  ConditionSpec spec;
  spec.check = condition;
  return evaluate_condition(spec, recorded(events), GradingContext{});
}

// "attempts" with a recipient read the key "rcpt" of every attempt; Deferred events never
// had one, so a deferral counted for any recipient, even one its entry did not hold. A
// deferral now counts for the recipients its entry holds (from its Queued event).
TEST(TimelineReaders, ADeferralCountsForTheRecipientsOfItsEntryOnly) {
  const std::vector<TimelineEvent> events = {
      event(1, TimelineKind::Note, TransactionPayload{"Bonjour", "a@x", {"b@y"}, 1}),
      event(2, TimelineKind::Queued, QueuedPayload{"Q1", "a@x", {"b@y"}, "S1", false}),
      event(3, TimelineKind::Deferred,
            DeferredPayload{"Q1", 600, 600, "mx: 451 later", std::nullopt, 1}),
  };
  EXPECT_TRUE(attempts(events, "b@y").pass) << attempts(events, "b@y").reason.en;
  EXPECT_TRUE(attempts(events, "").pass);
  EXPECT_FALSE(attempts(events, "someone.else@z").pass)
      << attempts(events, "someone.else@z").reason.en;
}

// A `wait: deferred` with `mailbox:` matched the event's keys mailbox, rcpt, rcpts and to;
// a Deferred event has none of them, so such a wait never ended. The deferral is about the
// recipients of its entry.
TEST(TimelineReaders, ADeferralIsAboutTheRecipientsOfItsEntry) {
  const std::vector<TimelineEvent> events = {
      event(1, TimelineKind::Queued, QueuedPayload{"Q1", "a@x", {"B@y", "c@z"}, "S1", false}),
      event(2, TimelineKind::Deferred, DeferredPayload{"Q1", 600, 600, "", std::nullopt, 1}),
      event(3, TimelineKind::Bounced,
            BouncedPayload{{"b@y"}, "a@x", "550", "Q1", agents::DsnAction::Failed}),
  };
  const LabState state = recorded(events);
  EXPECT_EQ(state.addresses_of(events[1]), ",b@y,c@z");
  EXPECT_EQ(state.addresses_of(events[0]), ",b@y,c@z");
  EXPECT_EQ(state.addresses_of(events[2]), ",b@y,a@x");
}

}  // namespace
}  // namespace smtplab::lab
