// Sessions rebuilt from the timeline: which commands arrived in the same server read (the
// `same_segment` checks of chapter 6's pipelining), and the read number in JSON lines.
#include "sim/lab/session_dialogue.hpp"

#include <gtest/gtest.h>

namespace smtplab::lab {
namespace {

TimelineEvent command(const std::string& verb, std::uint64_t batch) {
  TimelineEvent e;
  e.kind = TimelineKind::Command;
  e.session = 1;
  e.node = "mail.gsimaroc.com";
  e.direction = 'C';
  e.verb = verb;
  e.text = verb;
  e.batch = batch;
  return e;
}

TimelineEvent reply(int code) {
  TimelineEvent e;
  e.kind = TimelineKind::Reply;
  e.session = 1;
  e.direction = 'S';
  e.code = code;
  return e;
}

TEST(SessionDialogue, CommandsOfOneReadAreMarkedSameRead) {
  // EHLO alone, then MAIL RCPT DATA in one read; the server answers each in turn.
  const std::vector<TimelineEvent> events = {
      reply(220),         command("EHLO", 1), reply(250),         command("MAIL", 2), reply(250),
      command("RCPT", 2), reply(250),         command("DATA", 2), reply(354)};
  const auto sessions = rebuild_sessions(events);
  ASSERT_EQ(sessions.size(), 1u);
  const auto& x = sessions[0].exchanges;
  ASSERT_EQ(x.size(), 5u);
  EXPECT_FALSE(x[1].same_read);  // EHLO
  EXPECT_FALSE(x[2].same_read);  // MAIL starts the batch
  EXPECT_TRUE(x[3].same_read);
  EXPECT_TRUE(x[4].same_read);
  EXPECT_FALSE(x[3].pipelined);  // each reply came before the next command was handled
}

TEST(SessionDialogue, UnknownReadNumbersNeverMatch) {
  const std::vector<TimelineEvent> events = {command("MAIL", 0), reply(250), command("RCPT", 0),
                                             reply(250)};
  const auto sessions = rebuild_sessions(events);
  ASSERT_EQ(sessions.size(), 1u);
  EXPECT_FALSE(sessions[0].exchanges[1].same_read);
}

TEST(SessionDialogue, ReadNumberSurvivesJsonLines) {
  Timeline t;
  t.append(command("RCPT", 7));
  const auto back = Timeline::parse_jsonl(t.to_jsonl());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].batch, 7u);
}

}  // namespace
}  // namespace smtplab::lab
