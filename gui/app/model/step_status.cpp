// Step failures (see step_status.hpp).
#include "gui/app/model/step_status.hpp"

#include <string>

#include "gui/app/model/queue_problem_text.hpp"

namespace smtplab::app {
namespace {

/// "node : text" in French typography, "node: text" in English.
lab::LocalizedText at(const std::string& node, const std::string& fr, const std::string& en) {
  return {node + " : " + fr, node + ": " + en};
}

/// A client's broken or refused connection, said from the kind the runtime recorded.
lab::LocalizedText connection_failure(const lab::TimelineEvent& event, const std::string& kind,
                                      const std::string& reason) {
  const std::string peer = event.peer.empty() ? std::string("?") : event.peer;
  if (kind == "refused")
    return at(event.node, peer + " refuse la connexion (rien n'écoute sur ce port)",
              peer + " refused the connection (nothing listens on that port)");
  if (kind == "timed_out")
    return at(event.node, peer + " ne répond pas à temps (délai dépassé)",
              peer + " did not answer in time (timeout)");
  if (kind == "closed_by_peer")
    return at(event.node, peer + " a fermé la connexion", peer + " closed the connection");
  if (kind == "tls_failed")
    return at(event.node, "la négociation TLS avec " + peer + " a échoué",
              "the TLS handshake with " + peer + " failed");
  if (kind == "bind_failed" || kind == "bad_address")
    return at(event.node, "adresse source ou destination inutilisable pour " + peer,
              "unusable source or destination address for " + peer);
  if (kind == "lab_stopped")
    return at(event.node, "le labo s'est arrêté pendant la session avec " + peer,
              "the lab stopped during the session with " + peer);
  return at(event.node, "connexion avec " + peer + " interrompue (" + reason + ")",
            "connection with " + peer + " broken (" + reason + ")");
}

}  // namespace

std::optional<lab::LocalizedText> step_failure(const lab::TimelineEvent& event) {
  switch (event.kind) {
    case lab::TimelineKind::Note:
      // The runtime marks a client's refused, timed-out or cut session (lab_runtime.cpp),
      // and a queue runner's connection that could not be made.
      if (const auto* failure = event.details<lab::ClientFailurePayload>())
        return connection_failure(event, failure->failure_kind, failure->reason);
      if (const auto* failed = event.details<lab::ConnectFailedPayload>()) {
        // A mail exchanger that could not be reached (the runner tries the next one).
        const std::string peer = failed->to_node.empty() ? event.peer : failed->to_node;
        return at(event.node, "impossible de joindre " + peer + " (" + failed->address + ")",
                  "could not reach " + peer + " (" + failed->address + ")");
      }
      return std::nullopt;
    case lab::TimelineKind::Reply: {
      // A peer refused: every 4xx and 5xx, the server's 421 on its own timeout included.
      // The reply's text is what went over the wire: shown as it is, in either language.
      if (event.code < 400) return std::nullopt;
      const std::string line =
          std::to_string(event.code) + " " + event.text.substr(0, event.text.find('\n'));
      return at(event.node, line, line);
    }
    case lab::TimelineKind::SessionClosed:
      // The server's side of a connection that broke (its normal ends say "closed by
      // server", "closing" or "peer closed the connection").
      if (event.text.starts_with("read failed"))
        return at(event.node, "la connexion a été coupée pendant une lecture",
                  "the connection broke during a read");
      if (event.text.starts_with("write failed"))
        return at(event.node, "la connexion a été coupée pendant une écriture",
                  "the connection broke during a write");
      if (event.text.starts_with("TLS handshake failed"))
        return at(event.node, "la négociation TLS a échoué", "the TLS handshake failed");
      return std::nullopt;
    case lab::TimelineKind::Deferred: {
      const auto* deferred = event.details<lab::DeferredPayload>();
      if (!deferred) return std::nullopt;
      const std::string& id = deferred->queue_id;
      const std::string& reason = deferred->reason;
      // The reason as data (recorded since the queue kept its kinds): said in French too.
      const std::string reason_fr =
          deferred->problem ? describe_problem(*deferred->problem, Language::Fr) : reason;
      const std::string retry = std::to_string(deferred->retry_in);
      return at(event.node,
                "message " + id + " différé" + (reason_fr.empty() ? "" : " (" + reason_fr + ")") +
                    " ; nouvel essai dans " + retry + " s",
                "message " + id + " deferred" + (reason.empty() ? "" : " (" + reason + ")") +
                    "; next try in " + retry + " s");
    }
    case lab::TimelineKind::Bounced: {
      const auto* bounced = event.details<lab::BouncedPayload>();
      if (!bounced) return std::nullopt;
      std::string rcpt;
      for (const auto& address : bounced->rcpts) rcpt += (rcpt.empty() ? "" : ",") + address;
      const std::string& to = bounced->to;
      if (bounced->action == agents::DsnAction::Delayed)
        return at(event.node, "avis de retard (DSN) envoyé à " + to + " pour " + rcpt,
                  "delay notice (DSN) sent to " + to + " for " + rcpt);
      if (bounced->action != agents::DsnAction::Failed) return std::nullopt;  // a success notice
      const std::string& reason = bounced->reason;
      return at(event.node,
                "avis de non-remise (DSN) envoyé à " + to + " pour " + rcpt +
                    (reason.empty() ? "" : " (" + reason + ")"),
                "non-delivery notice (DSN) sent to " + to + " for " + rcpt +
                    (reason.empty() ? "" : " (" + reason + ")"));
    }
    default:
      return std::nullopt;
  }
}

}  // namespace smtplab::app
