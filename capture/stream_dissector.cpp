// Dissector registry look-ups.
#include "capture/stream_dissector.hpp"

#include <algorithm>

namespace smtplab::capture {

const DissectorEntry* DissectorRegistry::by_port(std::uint16_t port) const {
  for (const auto& entry : entries_) {
    if (std::find(entry.ports.begin(), entry.ports.end(), port) != entry.ports.end()) {
      return &entry;
    }
  }
  return nullptr;
}

const DissectorEntry* DissectorRegistry::by_content(Side side, std::string_view first_bytes) const {
  for (const auto& entry : entries_) {
    if (entry.probe && entry.probe(side, first_bytes)) return &entry;
  }
  return nullptr;
}

}  // namespace smtplab::capture
