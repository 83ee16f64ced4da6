// A frame's details as the window shows them (see frame_details.hpp).
#include "gui/app/model/frame_details.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "gui/app/model/field_names.hpp"
#include "gui/app/model/smtp_fields.hpp"

namespace smtplab::app {
namespace {

/// The initial sequence number of the direction `from` -> `to` for the connection frame
/// `number` belongs to, as Wireshark counts (and capture::SegmentLog): its SYN's, else one
/// before the direction's first segment. The latest SYN before the frame wins: a later
/// connection may reuse the same addresses and ports.
std::optional<std::uint32_t> initial_seq(const CaptureModel& model, std::uint64_t number,
                                         const capture::Endpoint& from,
                                         const capture::Endpoint& to) {
  std::optional<std::uint32_t> first;
  for (std::uint64_t i = number; i-- > 0;) {
    const FrameRow& row = model.rows[i];
    if (!row.has_tcp || row.source != from || row.destination != to) continue;
    if (row.tcp_flags & capture::tcp_flag::kSyn) return row.seq;
    first = row.seq - 1;
  }
  return first;
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
    const auto seq_base = initial_seq(model, number, row.source, row.destination);
    const auto ack_base = initial_seq(model, number, row.destination, row.source);
    // Each relative number right after its raw one, in the header's order.
    auto after = raw_seq + 1;
    if (seq_base) {
      after = fields.insert(after, {"Sequence number (relative)",
                                    std::to_string(static_cast<std::uint32_t>(row.seq - *seq_base)),
                                    raw_seq->offset,
                                    raw_seq->length,
                                    {}}) +
              1;
    }
    const auto raw_ack = std::find_if(
        after, fields.end(), [](const auto& f) { return f.name == "Acknowledgment number (raw)"; });
    if (ack_base && raw_ack != fields.end() && (row.tcp_flags & capture::tcp_flag::kAck)) {
      fields.insert(raw_ack + 1, {"Acknowledgment number (relative)",
                                  std::to_string(static_cast<std::uint32_t>(row.ack - *ack_base)),
                                  raw_ack->offset,
                                  raw_ack->length,
                                  {}});
    }
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
