// The timeline: ordering, snapshots, JSON lines and their errors.
#include "sim/lab/timeline.hpp"

#include <gtest/gtest.h>

namespace smtplab::lab {
namespace {

TEST(Timeline, AppendNumbersEventsAndSinceFilters) {
  Timeline t;
  TimelineEvent e;
  e.kind = TimelineKind::Command;
  e.text = "EHLO a";
  EXPECT_EQ(t.append(e), 1u);
  e.kind = TimelineKind::Reply;
  e.code = 250;
  EXPECT_EQ(t.append(e), 2u);
  EXPECT_EQ(t.size(), 2u);
  const auto later = t.since(1);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].code, 250);
  EXPECT_TRUE(t.since(2).empty());
}

TEST(Timeline, TrySinceCopiesTheSameEventsWhenTheTimelineIsFree) {
  Timeline t;
  TimelineEvent e;
  e.kind = TimelineKind::Command;
  for (int i = 0; i < 3; ++i) t.append(e);
  std::vector<TimelineEvent> out;
  ASSERT_TRUE(t.try_since(1, out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].seq, 2u);
  EXPECT_EQ(out[1].seq, 3u);
  out.clear();
  ASSERT_TRUE(t.try_since(3, out));
  EXPECT_TRUE(out.empty());
}

TEST(Timeline, JsonLinesRoundTrip) {
  Timeline t;
  TimelineEvent e;
  e.kind = TimelineKind::Delivered;
  e.node = "mx.menara.ma";
  e.session = 3;
  e.direction = 'C';
  e.offset = 120;
  e.length = 30;
  e.text = "délivré à benharraf";
  e.payload = DeliveredPayload{"benharraf@menara.ma", "", ""};
  t.append(e);
  const auto back = Timeline::parse_jsonl(t.to_jsonl());
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].kind, TimelineKind::Delivered);
  EXPECT_EQ(back[0].text, "délivré à benharraf");
  EXPECT_EQ(back[0].offset, 120u);
  EXPECT_EQ(back[0].direction, 'C');
  ASSERT_TRUE(back[0].details<DeliveredPayload>());
  EXPECT_EQ(back[0].details<DeliveredPayload>()->mailbox, "benharraf@menara.ma");
}

TEST(Timeline, BadJsonLinesSayWhichLine) {
  try {
    Timeline::parse_jsonl("{\"seq\":1,\"kind\":\"note\"}\n{\"seq\":2,\"kind\":\"nonsense\"}\n");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
  }
  EXPECT_THROW(Timeline::parse_jsonl("not json\n"), std::runtime_error);
}

TEST(Timeline, KindNamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(TimelineKind::Step); ++k) {
    const auto kind = static_cast<TimelineKind>(k);
    EXPECT_EQ(timeline_kind_from_name(timeline_kind_name(kind)), kind);
  }
}

}  // namespace
}  // namespace smtplab::lab
