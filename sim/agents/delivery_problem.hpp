// Why a queued message is still waiting, kept as data: the queue view says it in the
// window's language, the spool and the timeline keep the English sentence they always had.
#pragma once

#include <string>
#include <string_view>

namespace smtplab::agents {

struct DeliveryProblem {
  enum class Kind {
    None,                 ///< no attempt failed yet
    PeerReply,            ///< the next hop answered a temporary error (subject: hop, detail: reply)
    DnsLookup,            ///< the domain's MX lookup failed (subject: domain, detail: status)
    SmarthostLookup,      ///< the smarthost's address lookup failed (subject: host, detail: status)
    NoExchangerAddress,   ///< no mail exchanger of the domain has an address (subject: domain)
    NoExchangerAnswered,  ///< every mail exchanger of the domain was unreachable (subject: domain)
    Other,                ///< a sentence from elsewhere, kept as it is (detail)
  };
  Kind kind = Kind::None;
  std::string subject;
  std::string detail;

  bool operator==(const DeliveryProblem&) const = default;
};

/// The problem in English, as the spool file, the timeline and the logs say it.
std::string english_text(const DeliveryProblem& problem);

/// The stable name of a kind ("peer_reply", "no_exchanger_answered"...), for JSON.
std::string_view kind_name(DeliveryProblem::Kind kind);
DeliveryProblem::Kind kind_from_name(std::string_view name);

}  // namespace smtplab::agents
