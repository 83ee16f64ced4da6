// A frame's details as the window shows them (see frame_details.hpp).
#include "gui/app/frame_details.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "gui/app/field_names.hpp"
#include "gui/app/smtp_fields.hpp"

namespace smtplab::app {
namespace {

/// The initial sequence number of the direction `from` -> `to`, as Wireshark counts: the
/// SYN's, else one before the first segment's (so the first data octet is 1 either way).
std::optional<std::uint32_t> initial_seq(const CaptureModel& model, const capture::Endpoint& from,
                                         const capture::Endpoint& to) {
  for (const FrameRow& row : model.rows) {
    if (!row.has_tcp || row.source != from || row.destination != to) continue;
    return (row.tcp_flags & capture::tcp_flag::kSyn) ? row.seq : row.seq - 1;
  }
  return std::nullopt;
}

/// Adds Seq and Ack relative to each side's first number after the raw ones, as the
/// frame listing of `smtplab analyze --frames` and Wireshark show them: the numbers the
/// lessons ask about.
void add_relative_numbers(const CaptureModel& model, std::uint64_t number,
                          capture::FieldNode& root) {
  if (number == 0 || number > model.rows.size()) return;
  const FrameRow& row = model.rows[number - 1];
  if (!row.has_tcp) return;
  for (capture::FieldNode& layer : root.children) {
    auto& fields = layer.children;
    const auto raw_seq = std::find_if(fields.begin(), fields.end(), [](const auto& f) {
      return f.name == "Sequence number (raw)";
    });
    if (raw_seq == fields.end()) continue;
    const auto seq_base = initial_seq(model, row.source, row.destination);
    const auto ack_base = initial_seq(model, row.destination, row.source);
    std::vector<capture::FieldNode> relative;
    if (seq_base) {
      relative.push_back({"Sequence number (relative)",
                          std::to_string(static_cast<std::uint32_t>(row.seq - *seq_base)),
                          raw_seq->offset,
                          raw_seq->length,
                          {}});
    }
    if (ack_base && (row.tcp_flags & capture::tcp_flag::kAck)) {
      relative.push_back({"Acknowledgment number (relative)",
                          std::to_string(static_cast<std::uint32_t>(row.ack - *ack_base)),
                          raw_seq->offset + 4,
                          raw_seq->length,
                          {}});
    }
    fields.insert(raw_seq + 1, relative.begin(), relative.end());
    return;
  }
}

}  // namespace

capture::FieldNode frame_details(const CaptureModel& model, std::uint64_t number,
                                 Language language) {
  capture::FieldNode described = model.describe(number);
  add_relative_numbers(model, number, described);
  capture::FieldNode root = localized_field_tree(described, language);
  capture::FieldNode smtp = smtp_fields(model, number, language);
  if (smtp.children.empty()) return root;
  // Last, as Wireshark puts the application layer after TCP.
  root.children.push_back(std::move(smtp));
  return root;
}

}  // namespace smtplab::app
