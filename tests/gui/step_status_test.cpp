// Which timeline events mean that a step of the live lab failed (the status line and the
// dialogue say so): refusals, the runtime's notes on broken or refused connections, broken
// server sides, deferrals and bounces; and none of the normal ends of a session.
#include <gtest/gtest.h>

#include "gui/app/model/step_status.hpp"

namespace smtplab::app {
namespace {

lab::TimelineEvent event(lab::TimelineKind kind, std::string text) {
  lab::TimelineEvent e;
  e.kind = kind;
  e.node = "mx.menara.ma";
  e.text = std::move(text);
  return e;
}

std::string en(const std::optional<lab::LocalizedText>& text) {
  return text ? text->en : "(none)";
}
std::string fr(const std::optional<lab::LocalizedText>& text) {
  return text ? text->fr : "(none)";
}

TEST(StepStatus, RefusalsAreFailures) {
  auto reply = event(lab::TimelineKind::Reply, "Injected fault\nsecond line");
  reply.code = 550;
  EXPECT_EQ(en(step_failure(reply)), "mx.menara.ma: 550 Injected fault");
  EXPECT_EQ(fr(step_failure(reply)), "mx.menara.ma : 550 Injected fault");
  reply.code = 421;  // the server's own command timeout
  EXPECT_TRUE(step_failure(reply));
  reply.code = 250;
  EXPECT_FALSE(step_failure(reply));
  reply.code = 354;
  EXPECT_FALSE(step_failure(reply));
}

TEST(StepStatus, TheRuntimesFailureNotesAreFailuresSaidInBothLanguages) {
  auto note = event(lab::TimelineKind::Note, "relay: timeout waiting for the server");
  note.peer = "mx.menara.ma";
  note.node = "relay.gsimaroc.com";
  EXPECT_FALSE(step_failure(note));  // a plain note (a transaction, a notice) is not one
  note.fields = {{"failure", "session"},
                 {"reason", "timeout waiting for the server"},
                 {"failure_kind", "timed_out"}};
  EXPECT_EQ(en(step_failure(note)),
            "relay.gsimaroc.com: mx.menara.ma did not answer in time (timeout)");
  EXPECT_EQ(fr(step_failure(note)),
            "relay.gsimaroc.com : mx.menara.ma ne répond pas à temps (délai dépassé)");
  note.fields["failure_kind"] = "refused";
  EXPECT_EQ(fr(step_failure(note)),
            "relay.gsimaroc.com : mx.menara.ma refuse la connexion (rien n'écoute sur ce port)");
}

TEST(StepStatus, BrokenConnectionsAreFailuresNormalEndsAreNot) {
  for (const char* normal : {"closed by server", "closing", "peer closed the connection"})
    EXPECT_FALSE(step_failure(event(lab::TimelineKind::SessionClosed, normal))) << normal;
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "read failed: reset")));
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "TLS handshake failed: x")));
}

TEST(StepStatus, DeferralsAndBouncesAreFailures) {
  auto deferred = event(lab::TimelineKind::Deferred, "deferred Q1 (451 try again later)");
  deferred.fields = {
      {"queue_id", "Q1"}, {"reason", "mx: 451 try again later"}, {"retry_in", "600"}};
  EXPECT_EQ(
      fr(step_failure(deferred)),
      "mx.menara.ma : message Q1 différé (mx: 451 try again later) ; nouvel essai dans 600 s");
  // Recorded with its kind, the reason is said in French too.
  auto unreachable = event(lab::TimelineKind::Deferred, "deferred Q2");
  unreachable.fields = {{"queue_id", "Q2"},
                        {"reason", "no mail exchanger of menara.ma answered"},
                        {"problem", "no_exchanger_answered"},
                        {"problem_subject", "menara.ma"},
                        {"retry_in", "60"}};
  EXPECT_EQ(fr(step_failure(unreachable)),
            "mx.menara.ma : message Q2 diff\u00e9r\u00e9 (aucun serveur MX de menara.ma "
            "n\u2019a r\u00e9pondu) ; nouvel essai dans 60 s");
  EXPECT_EQ(en(step_failure(unreachable)),
            "mx.menara.ma: message Q2 deferred (no mail exchanger of menara.ma answered); next "
            "try in 60 s");
  auto bounce = event(lab::TimelineKind::Bounced, "bounce to a@x for b@y");
  bounce.fields = {{"action", "failed"}, {"to", "a@x"}, {"rcpt", "b@y"}, {"reason", "550 no"}};
  EXPECT_EQ(en(step_failure(bounce)),
            "mx.menara.ma: non-delivery notice (DSN) sent to a@x for b@y (550 no)");
  EXPECT_FALSE(step_failure(event(lab::TimelineKind::Delivered, "into benharraf")));
}

TEST(StepStatus, ASuccessNoticeIsNotAFailure) {
  // NOTIFY=SUCCESS: the DSN that says "delivered" or "relayed" reports no trouble.
  for (const char* action : {"delivered", "relayed", "expanded"}) {
    auto notice = event(lab::TimelineKind::Bounced, "delivered notice to a@x for b@y");
    notice.fields = {{"action", action}, {"to", "a@x"}, {"rcpt", "b@y"}};
    EXPECT_FALSE(step_failure(notice)) << action;
  }
  auto delayed = event(lab::TimelineKind::Bounced, "delayed notice to a@x for b@y");
  delayed.fields = {{"action", "delayed"}, {"to", "a@x"}, {"rcpt", "b@y"}};
  EXPECT_EQ(fr(step_failure(delayed)), "mx.menara.ma : avis de retard (DSN) envoyé à a@x pour b@y");
}

}  // namespace
}  // namespace smtplab::app
