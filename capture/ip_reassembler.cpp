// Fragment bookkeeping and the rebuilt raw IP packet.
#include "capture/ip_reassembler.hpp"

#include <algorithm>

namespace smtplab::capture {
namespace {

// The largest datagram IPv4 or IPv6 (without jumbograms) can describe.
constexpr std::size_t kMaxDatagram = 65535;

// The values naming a datagram in a note: version, source, destination, identification.
std::vector<std::string> datagram_args(const IpHeader& ip) {
  return {ip.version == 4 ? "IPv4" : "IPv6", to_string(ip.source), to_string(ip.destination),
          std::to_string(ip.fragment_id)};
}

}  // namespace

void IpReassembler::expire(std::uint64_t now, std::vector<Note>& notes) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->second.first_frame + kTimeoutFrames < now) {
      notes.push_back(make_note(NoteId::IpFragmentsExpired, it->second.first_frame,
                                {std::to_string(kTimeoutFrames)}));
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<ReassembledDatagram> IpReassembler::add(const Frame& frame, const IpHeader& ip,
                                                      std::vector<Note>& notes) {
  if (frame.number % 4096 == 0) expire(frame.number, notes);
  if (ip.fragment_offset + ip.fragment_length > kMaxDatagram ||
      ip.fragment_data + ip.fragment_length > frame.data.size()) {
    notes.push_back(make_note(NoteId::IpFragmentOutOfBounds, frame.number, datagram_args(ip)));
    return std::nullopt;
  }
  const Key key{ip.version == 6, ip.source, ip.destination, ip.fragment_protocol, ip.fragment_id};
  auto found = pending_.find(key);
  if (found == pending_.end()) {
    if (pending_.size() >= kMaxPending) {
      auto oldest = std::min_element(pending_.begin(), pending_.end(), [](auto& a, auto& b) {
        return a.second.first_frame < b.second.first_frame;
      });
      notes.push_back(make_note(NoteId::IpTooManyPendingDatagrams, oldest->second.first_frame));
      pending_.erase(oldest);
    }
    found = pending_.emplace(key, Pending{}).first;
    found->second.first_frame = frame.number;
  }
  Pending& pending = found->second;
  ++pending.fragments;
  if (!ip.more_fragments) {
    const std::size_t end = ip.fragment_offset + ip.fragment_length;
    if (pending.have_last && pending.total != end) {
      notes.push_back(make_note(NoteId::IpLastFragmentsDisagree, frame.number, datagram_args(ip)));
    }
    if (!pending.have_last) pending.total = end;
    pending.have_last = true;
  }
  // Keep only the bytes no earlier fragment covered (first copy wins, as in TCP).
  const std::uint8_t* data = frame.data.data() + ip.fragment_data;
  std::size_t at = ip.fragment_offset;
  const std::size_t end = ip.fragment_offset + ip.fragment_length;
  // One note per datagram: the bytes a fragment repeats differ from the copy kept.
  const auto note_if_different = [&](bool same) {
    if (same || pending.overlap_noted) return;
    pending.overlap_noted = true;
    notes.push_back(make_note(NoteId::IpFragmentsOverlapDiffer, frame.number, datagram_args(ip)));
  };
  auto next = pending.pieces.lower_bound(at);
  if (next != pending.pieces.begin()) {
    auto previous = std::prev(next);
    const std::size_t previous_end = previous->first + previous->second.size();
    if (previous_end > at) {
      const std::size_t overlap = std::min(previous_end, end) - at;
      note_if_different(
          std::equal(data, data + overlap, previous->second.begin() + (at - previous->first)));
      at = previous_end;
    }
  }
  while (at < end) {
    next = pending.pieces.lower_bound(at);
    const std::size_t stop = next == pending.pieces.end() ? end : std::min(end, next->first);
    if (stop > at) {
      pending.pieces.emplace(at, std::vector<std::uint8_t>(data + (at - ip.fragment_offset),
                                                           data + (stop - ip.fragment_offset)));
    }
    if (next == pending.pieces.end() || next->first >= end) break;
    const std::size_t covered_end = std::min(end, next->first + next->second.size());
    note_if_different(std::equal(data + (next->first - ip.fragment_offset),
                                 data + (covered_end - ip.fragment_offset), next->second.begin()));
    at = covered_end;
  }
  if (!complete(pending)) return std::nullopt;
  ReassembledDatagram out;
  out.packet = build(key, pending);
  out.fragments = pending.fragments;
  out.first_frame = pending.first_frame;
  pending_.erase(found);
  return out;
}

bool IpReassembler::complete(const Pending& pending) {
  if (!pending.have_last) return false;
  std::size_t at = 0;
  for (const auto& [offset, bytes] : pending.pieces) {
    if (offset > at) return false;
    at = std::max(at, offset + bytes.size());
  }
  return at >= pending.total;
}

std::vector<std::uint8_t> IpReassembler::build(const Key& key, const Pending& pending) {
  const auto& [v6, source, destination, protocol, id] = key;
  (void)id;
  std::vector<std::uint8_t> packet(v6 ? 40 : 20, 0);
  const std::size_t length = pending.total;
  if (v6) {
    packet[0] = 0x60;
    packet[4] = static_cast<std::uint8_t>(length >> 8);
    packet[5] = static_cast<std::uint8_t>(length);
    packet[6] = protocol;
    packet[7] = 64;
    std::copy_n(source.bytes.begin(), 16, packet.begin() + 8);
    std::copy_n(destination.bytes.begin(), 16, packet.begin() + 24);
  } else {
    // A total length above 65535 cannot be written: 0 tells the decoder to trust the size.
    const std::size_t total = length + 20 <= 65535 ? length + 20 : 0;
    packet[0] = 0x45;
    packet[2] = static_cast<std::uint8_t>(total >> 8);
    packet[3] = static_cast<std::uint8_t>(total);
    packet[8] = 64;
    packet[9] = protocol;
    std::copy_n(source.bytes.begin(), 4, packet.begin() + 12);
    std::copy_n(destination.bytes.begin(), 4, packet.begin() + 16);
  }
  const std::size_t header = packet.size();
  packet.resize(header + length);
  for (const auto& [offset, bytes] : pending.pieces) {
    if (offset >= length) continue;
    std::copy_n(bytes.begin(), std::min(bytes.size(), length - offset),
                packet.begin() + static_cast<std::ptrdiff_t>(header + offset));
  }
  return packet;
}

void IpReassembler::finish(std::vector<Note>& notes) {
  for (const auto& [key, pending] : pending_) {
    notes.push_back(make_note(NoteId::IpDatagramNeverCompleted, pending.first_frame,
                              {std::to_string(pending.fragments)}));
  }
  pending_.clear();
}

}  // namespace smtplab::capture
