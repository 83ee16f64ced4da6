// Questions any reader asks of a payload whatever its kind (see timeline_payloads.hpp).
#include "sim/lab/timeline_payloads.hpp"

#include <type_traits>

namespace smtplab::lab {

std::string queue_id_of(const TimelinePayload& payload) {
  return std::visit(
      [](const auto& p) -> std::string {
        using Payload = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<Payload, QueuedPayload> ||
                      std::is_same_v<Payload, DeferredPayload> ||
                      std::is_same_v<Payload, RelayedPayload> ||
                      std::is_same_v<Payload, BouncedPayload> ||
                      std::is_same_v<Payload, QueueExpiredPayload>)
          return p.queue_id;
        else
          return {};
      },
      payload);
}

std::string student_part_of(const TimelinePayload& payload) {
  if (const auto* mark = std::get_if<PartMarkPayload>(&payload)) return mark->part;
  if (const auto* step = std::get_if<StepPayload>(&payload)) return step->student_part.value_or("");
  return {};
}

}  // namespace smtplab::lab
