#include <gtest/gtest.h>
#include "sim/message/mime.hpp"
TEST(Smoke, Parses) { EXPECT_EQ(smtplab::message::parse_message("Subject: x\r\n\r\nhi").body, "hi"); }
