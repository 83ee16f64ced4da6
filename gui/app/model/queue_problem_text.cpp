// Why a queued message waits, in French or English (see queue_problem_text.hpp).
#include "gui/app/model/queue_problem_text.hpp"

namespace smtplab::app {

std::string describe_problem(const agents::DeliveryProblem& problem, Language language) {
  using Kind = agents::DeliveryProblem::Kind;
  if (language == Language::En) return agents::english_text(problem);
  switch (problem.kind) {
    case Kind::None:
      return "";
    case Kind::PeerReply:
      return problem.subject + "\u00a0: " + problem.detail;
    case Kind::DnsLookup:
      return "recherche des MX de " + problem.subject + "\u00a0: " + problem.detail;
    case Kind::SmarthostLookup:
      return "adresse du relais impos\u00e9 " + problem.subject + "\u00a0: " + problem.detail;
    case Kind::NoExchangerAddress:
      return "aucun serveur MX de " + problem.subject + " n\u2019a d\u2019adresse";
    case Kind::NoExchangerAnswered:
      return "aucun serveur MX de " + problem.subject + " n\u2019a r\u00e9pondu";
    case Kind::Other:
      return problem.detail;
  }
  return problem.detail;
}

}  // namespace smtplab::app
