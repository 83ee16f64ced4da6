// Which timeline events mean that a step of the live lab failed (the status line and the
// dialogue say so): refusals, the runtime's notes on broken or refused connections, broken
// server sides, deferrals and bounces; and none of the normal ends of a session.
#include <gtest/gtest.h>

#include "gui/app/step_status.hpp"

namespace smtplab::app {
namespace {

lab::TimelineEvent event(lab::TimelineKind kind, std::string text) {
  lab::TimelineEvent e;
  e.kind = kind;
  e.node = "mx.menara.ma";
  e.text = std::move(text);
  return e;
}

TEST(StepStatus, RefusalsAreFailures) {
  auto reply = event(lab::TimelineKind::Reply, "Injected fault\nsecond line");
  reply.code = 550;
  EXPECT_EQ(step_failure(reply), "mx.menara.ma: 550 Injected fault");
  reply.code = 421;  // the server's own command timeout
  EXPECT_TRUE(step_failure(reply));
  reply.code = 250;
  EXPECT_FALSE(step_failure(reply));
  reply.code = 354;
  EXPECT_FALSE(step_failure(reply));
}

TEST(StepStatus, TheRuntimesFailureNotesAreFailures) {
  auto note = event(lab::TimelineKind::Note, "relay: timeout waiting for the server");
  EXPECT_FALSE(step_failure(note));  // a plain note (a transaction, a notice) is not one
  note.fields = {{"failure", "session"}, {"reason", "timeout waiting for the server"}};
  EXPECT_EQ(step_failure(note), "relay: timeout waiting for the server");
}

TEST(StepStatus, BrokenConnectionsAreFailuresNormalEndsAreNot) {
  for (const char* normal : {"closed by server", "closing", "peer closed the connection"})
    EXPECT_FALSE(step_failure(event(lab::TimelineKind::SessionClosed, normal))) << normal;
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "read failed: reset")));
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "TLS handshake failed: x")));
}

TEST(StepStatus, DeferralsAndBouncesAreFailures) {
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::Deferred, "451 try again later")));
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::Bounced, "550 no such user")));
  EXPECT_FALSE(step_failure(event(lab::TimelineKind::Delivered, "into benharraf")));
}

}  // namespace
}  // namespace smtplab::app
