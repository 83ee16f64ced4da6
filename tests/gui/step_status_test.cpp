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
  note.payload = lab::ClientFailurePayload{true, "timeout waiting for the server", "timed_out"};
  EXPECT_EQ(en(step_failure(note)),
            "relay.gsimaroc.com: mx.menara.ma did not answer in time (timeout)");
  EXPECT_EQ(fr(step_failure(note)),
            "relay.gsimaroc.com : mx.menara.ma ne répond pas à temps (délai dépassé)");
  std::get<lab::ClientFailurePayload>(note.payload).failure_kind = "refused";
  EXPECT_EQ(fr(step_failure(note)),
            "relay.gsimaroc.com : mx.menara.ma refuse la connexion (rien n'écoute sur ce port)");
}

// The queue runner's note that it could not reach a mail exchanger was read for a
// "failure_kind" it never had, and said "connection ... broken". It says the MX was not
// reached.
TEST(StepStatus, AnExchangerThatCouldNotBeReachedIsSaidSo) {
  auto note = event(lab::TimelineKind::Note, "cannot connect to mx (127.0.2.20)");
  note.node = "relay.gsimaroc.com";
  note.payload = lab::ConnectFailedPayload{"127.0.2.20", "mx.menara.ma", "cannot connect to mx"};
  EXPECT_EQ(en(step_failure(note)),
            "relay.gsimaroc.com: could not reach mx.menara.ma (127.0.2.20)");
  EXPECT_EQ(fr(step_failure(note)),
            "relay.gsimaroc.com : impossible de joindre mx.menara.ma (127.0.2.20)");
}

TEST(StepStatus, BrokenConnectionsAreFailuresNormalEndsAreNot) {
  for (const char* normal : {"closed by server", "closing", "peer closed the connection"})
    EXPECT_FALSE(step_failure(event(lab::TimelineKind::SessionClosed, normal))) << normal;
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "read failed: reset")));
  EXPECT_TRUE(step_failure(event(lab::TimelineKind::SessionClosed, "TLS handshake failed: x")));
}

TEST(StepStatus, DeferralsAndBouncesAreFailures) {
  auto deferred = event(lab::TimelineKind::Deferred, "deferred Q1 (451 try again later)");
  lab::DeferredPayload q1;
  q1.queue_id = "Q1";
  q1.reason = "mx: 451 try again later";
  q1.retry_in = 600;
  deferred.payload = q1;
  EXPECT_EQ(
      fr(step_failure(deferred)),
      "mx.menara.ma : message Q1 différé (mx: 451 try again later) ; nouvel essai dans 600 s");
  // Recorded with its kind, the reason is said in French too.
  auto unreachable = event(lab::TimelineKind::Deferred, "deferred Q2");
  lab::DeferredPayload q2;
  q2.queue_id = "Q2";
  q2.reason = "no mail exchanger of menara.ma answered";
  q2.problem =
      agents::DeliveryProblem{agents::DeliveryProblem::Kind::NoExchangerAnswered, "menara.ma", ""};
  q2.retry_in = 60;
  unreachable.payload = q2;
  EXPECT_EQ(fr(step_failure(unreachable)),
            "mx.menara.ma : message Q2 diff\u00e9r\u00e9 (aucun serveur MX de menara.ma "
            "n\u2019a r\u00e9pondu) ; nouvel essai dans 60 s");
  EXPECT_EQ(en(step_failure(unreachable)),
            "mx.menara.ma: message Q2 deferred (no mail exchanger of menara.ma answered); next "
            "try in 60 s");
  auto bounce = event(lab::TimelineKind::Bounced, "bounce to a@x for b@y");
  bounce.payload = lab::BouncedPayload{{"b@y"}, "a@x", "550 no", "", agents::DsnAction::Failed};
  EXPECT_EQ(en(step_failure(bounce)),
            "mx.menara.ma: non-delivery notice (DSN) sent to a@x for b@y (550 no)");
  EXPECT_FALSE(step_failure(event(lab::TimelineKind::Delivered, "into benharraf")));
}

TEST(StepStatus, ASuccessNoticeIsNotAFailure) {
  // NOTIFY=SUCCESS: the DSN that says "delivered" or "relayed" reports no trouble.
  for (const auto action : {agents::DsnAction::Delivered, agents::DsnAction::Relayed}) {
    auto notice = event(lab::TimelineKind::Bounced, "delivered notice to a@x for b@y");
    notice.payload = lab::BouncedPayload{{"b@y"}, "a@x", "", "", action};
    EXPECT_FALSE(step_failure(notice)) << agents::dsn_action_name(action);
  }
  auto delayed = event(lab::TimelineKind::Bounced, "delayed notice to a@x for b@y");
  delayed.payload = lab::BouncedPayload{{"b@y"}, "a@x", "", "", agents::DsnAction::Delayed};
  EXPECT_EQ(fr(step_failure(delayed)), "mx.menara.ma : avis de retard (DSN) envoyé à a@x pour b@y");
}

}  // namespace
}  // namespace smtplab::app
