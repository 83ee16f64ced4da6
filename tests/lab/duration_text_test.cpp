// Durations as people write them: the one reader behind scenario files, `smtplab clock`
// and the window's clock.
#include <gtest/gtest.h>

#include "sim/lab/duration_text.hpp"

namespace smtplab::lab {
namespace {

TEST(DurationText, ReadsTheUnitsTheLessonsUse) {
  EXPECT_EQ(parse_duration("90"), 90.0);
  EXPECT_EQ(parse_duration("90s"), 90.0);
  EXPECT_EQ(parse_duration("2m"), 120.0);
  EXPECT_EQ(parse_duration("1h"), 3600.0);
  EXPECT_EQ(parse_duration("6d"), 6 * 86400.0);
  EXPECT_EQ(parse_duration("1.5h"), 5400.0);
  EXPECT_EQ(parse_duration("0"), 0.0);
}

TEST(DurationText, RefusesWhatIsNoDuration) {
  for (const char* text : {"", "h", "-1h", "1w", "1 h", "1hh", "+5m", "1e3", "one hour"})
    EXPECT_FALSE(parse_duration(text).has_value()) << text;
}

}  // namespace
}  // namespace smtplab::lab
