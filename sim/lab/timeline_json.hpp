// The JSON form of a timeline event's typed payload: the "fields" object of its JSON line,
// with the keys and string values tools, graders and recorded timelines have always used
// (numbers, booleans and lists are written as the strings they were). Reading is strict:
// a missing or unexpected key is an error naming it, so what reads back writes out the same.
#pragma once

#include <map>
#include <string>

#include "sim/lab/timeline.hpp"

namespace smtplab::lab {

/// The "fields" object of a JSON line, key -> value.
using JsonFields = std::map<std::string, std::string>;

/// The fields of `event`'s payload (empty for std::monostate).
JsonFields payload_fields(const TimelineEvent& event);

/// The payload of an event of `kind` at `node` from its fields. Throws std::runtime_error
/// ("missing field ...", "unexpected field ...", "field ... is not a number") on bad input.
TimelinePayload payload_from_fields(TimelineKind kind, const std::string& node,
                                    const JsonFields& fields);

}  // namespace smtplab::lab
