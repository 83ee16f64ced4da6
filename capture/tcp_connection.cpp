// Connection tracking, TCP analysis notes and dissector selection.
#include "capture/tcp_connection.hpp"

namespace smtplab::capture {
namespace {

int index(Side side) {
  return static_cast<int>(side);
}
Side other(Side side) {
  return side == Side::Client ? Side::Server : Side::Client;
}

}  // namespace

TcpConnection::TcpConnection(Endpoint client, Endpoint server, const Frame& first,
                             const DissectorRegistry& registry)
    : registry_(registry) {
  context_.client = client;
  context_.server = server;
  context_.first_frame = first.number;
  context_.first_ts_sec = first.ts_sec;
  context_.first_ts_nsec = first.ts_nsec;
  context_.frames[0] = &halves_[0].frames();
  context_.frames[1] = &halves_[1].frames();
  if (const DissectorEntry* entry = registry_.by_port(server.port)) choose(entry);
}

bool TcpConnection::closed() const {
  return reset_ || (fin_[0] && fin_[1]);
}

void TcpConnection::note(NoteId id, std::uint64_t frame, std::vector<std::string> args) {
  notes_.push_back(make_note(id, frame, std::move(args)));
}

void TcpConnection::choose(const DissectorEntry* entry) {
  if (!entry) {
    choice_ = Choice::None;
    undecided_.clear();
    return;
  }
  choice_ = Choice::Chosen;
  protocol_ = entry->name;
  dissector_ = entry->create(context_);
}

void TcpConnection::add_segment(Side side, const TcpHeader& tcp, std::string_view payload,
                                const Frame& frame) {
  last_frame_ = frame.number;
  TcpReassembler& half = halves_[index(side)];
  if (tcp.has(tcp_flag::kSyn)) {
    if (!half.has_base()) half.set_base(tcp.seq + 1);
    if (side == Side::Client && !tcp.has(tcp_flag::kAck) && !syn_seen_) {
      syn_seen_ = true;
      client_isn_ = tcp.seq;
    }
  }
  std::vector<StreamChunk>& chunks = segment_chunks_;
  chunks.clear();
  SegmentVerdict verdict;
  if (choice_ != Choice::None) {
    const std::uint32_t data_seq = tcp.seq + (tcp.has(tcp_flag::kSyn) ? 1u : 0u);
    verdict = half.add(data_seq, payload, frame.number, chunks);
  } else if (!half.has_base()) {
    half.set_base(tcp.seq);
  }
  analyse(side, tcp, payload.size(), verdict, frame.number);
  if (tcp.has(tcp_flag::kFin)) {
    const std::uint32_t data_seq = tcp.seq + (tcp.has(tcp_flag::kSyn) ? 1u : 0u);
    half.fin(data_seq + static_cast<std::uint32_t>(payload.size()));
    fin_[index(side)] = true;
  }
  if (tcp.has(tcp_flag::kRst)) {
    if (!reset_) note(NoteId::TcpConnectionReset, frame.number);
    reset_ = true;
  }
  if (choice_ == Choice::None) return;
  const bool acks = tcp.has(tcp_flag::kAck);
  if (held_) {
    if (side == held_side_) {
      // More from the side whose bytes wait: they wait behind the first ones.
      for (auto& chunk : chunks) {
        chunk.own();
        held_->chunks.push_back(std::move(chunk));
      }
      chunks.clear();
      if (acks && halves_[index(other(side))].offset_of(tcp.ack) >
                      halves_[index(other(side))].offset_of(held_->ack)) {
        held_->ack = tcp.ack;
      }
    } else {
      dispatch(side, chunks, frame.number);  // the awaited side's bytes, in their order
    }
    ++held_->segments;
    const TcpReassembler& awaited = halves_[index(other(held_side_))];
    const bool arrived =
        awaited.offset_of(held_->ack) <= static_cast<std::int64_t>(awaited.next_offset());
    if (arrived || held_->segments > kMaxHeldSegments) release_held(frame.number);
    if (side != held_side_ && acks) acknowledge(side, tcp.ack, frame.number);
    return;
  }
  if (acks && halves_[index(other(side))].acknowledges_unseen(tcp.ack)) {
    // The other side's bytes this ACK covers are not in the capture yet: most often they
    // are only captured later (reordering), not lost. The bytes of this segment come after
    // them in the conversation, so they wait; release_held() gives up after a few segments.
    held_ = HeldSegments{};
    held_->ack = tcp.ack;
    for (auto& chunk : chunks) {
      chunk.own();
      held_->chunks.push_back(std::move(chunk));
    }
    chunks.clear();
    held_side_ = side;
    return;
  }
  dispatch(side, chunks, frame.number);
  if (acks) acknowledge(side, tcp.ack, frame.number);
}

void TcpConnection::acknowledge(Side side, std::uint32_t ack, std::uint64_t frame) {
  std::vector<StreamChunk>& acked = acked_chunks_;
  acked.clear();
  halves_[index(other(side))].acknowledged(ack, acked);
  dispatch(other(side), acked, frame);
}

void TcpConnection::release_held(std::uint64_t frame) {
  HeldSegments held = std::move(*held_);
  held_.reset();
  // What the ACK covered and never came is missing (a gap), and it came first.
  acknowledge(held_side_, held.ack, frame);
  dispatch(held_side_, held.chunks, frame);
}

void TcpConnection::analyse(Side side, const TcpHeader& tcp, std::size_t payload_length,
                            const SegmentVerdict& verdict, std::uint64_t frame) {
  const int i = index(side);
  if (verdict.keep_alive) {
    note(NoteId::TcpKeepAlive, frame);
  } else if (verdict.retransmission) {
    if (verdict.new_bytes) {
      note(NoteId::TcpRetransmissionOverlap, frame, {std::to_string(verdict.new_bytes)});
    } else {
      note(NoteId::TcpRetransmission, frame);
    }
  } else if (verdict.out_of_order) {
    note(NoteId::TcpOutOfOrder, frame);
  }
  if (verdict.previous_lost) {
    note(NoteId::TcpPreviousSegmentLost, frame);
  }
  const bool control =
      tcp.has(tcp_flag::kSyn) || tcp.has(tcp_flag::kFin) || tcp.has(tcp_flag::kRst);
  if (tcp.window == 0 && !tcp.has(tcp_flag::kRst)) {
    note(NoteId::TcpZeroWindow, frame);
  }
  if (payload_length == 0 && !control && tcp.has(tcp_flag::kAck)) {
    const TcpReassembler& peer = halves_[index(other(side))];
    const bool outstanding =
        peer.has_base() && peer.offset_of(tcp.ack) < static_cast<std::int64_t>(peer.highest_end());
    if (have_last_ack_[i] && last_ack_[i] == tcp.ack && last_window_[i] == tcp.window &&
        outstanding) {
      note(NoteId::TcpDuplicateAck, frame);
    }
    have_last_ack_[i] = true;
    last_ack_[i] = tcp.ack;
    last_window_[i] = tcp.window;
  } else if (payload_length > 0) {
    have_last_ack_[i] = false;
  }
}

void TcpConnection::dispatch(Side side, std::vector<StreamChunk>& chunks, std::uint64_t frame) {
  for (auto& chunk : chunks) {
    if (chunk.gap) {
      note(side == Side::Client ? NoteId::ClientStreamGap : NoteId::ServerStreamGap, frame,
           {std::to_string(chunk.length), std::to_string(chunk.offset)});
    }
    if (choice_ == Choice::Chosen) {
      if (chunk.gap) {
        dissector_->on_gap(side, chunk.offset, chunk.length, frame);
      } else {
        dissector_->on_bytes(side, chunk.offset, chunk.bytes);
      }
      continue;
    }
    if (choice_ == Choice::None) return;
    undecided_bytes_ += chunk.bytes.size();
    chunk.own();  // kept beyond this segment
    undecided_.emplace_back(side, std::move(chunk));
    const StreamChunk& first = undecided_.back().second;
    if (side == Side::Server && !first.gap) {
      // The server's first bytes decide (SMTP's 220 greeting, for instance).
      std::string server_bytes;
      for (const auto& [s, c] : undecided_) {
        if (s == Side::Server && !c.gap) server_bytes += c.bytes;
      }
      choose(registry_.by_content(Side::Server, server_bytes));
      if (choice_ == Choice::Chosen) {
        auto replay = std::move(undecided_);
        undecided_.clear();
        for (auto& [s, c] : replay) {
          if (c.gap) {
            dissector_->on_gap(s, c.offset, c.length, frame);
          } else {
            dissector_->on_bytes(s, c.offset, c.bytes);
          }
        }
      }
    } else if (undecided_bytes_ > kMaxUndecided) {
      choose(nullptr);
    }
  }
  chunks.clear();
}

void TcpConnection::finish() {
  if (finished_) return;
  finished_ = true;
  if (held_) release_held(last_frame_);
  for (Side side : {Side::Client, Side::Server}) {
    std::vector<StreamChunk> chunks;
    if (choice_ != Choice::None) halves_[index(side)].flush(chunks);
    dispatch(side, chunks, last_frame_);
  }
  if (dissector_) dissector_->on_end(last_frame_);
}

void ConnectionTracker::retire_idle(std::uint64_t now) {
  while (!closing_.empty() && closing_.top().since + kRetireAfterFrames <= now) {
    const Closing entry = closing_.top();
    closing_.pop();
    auto& connection = connections_[entry.index];
    if (!connection) continue;
    if (connection->last_frame() + kRetireAfterFrames > now) {
      // Frames arrived after it closed (retransmissions): wait again from the last one.
      closing_.push(Closing{entry.index, connection->last_frame()});
      continue;
    }
    connection->finish();
    if (on_retire_) on_retire_(*connection);
    connection.reset();
  }
}

TcpConnection* ConnectionTracker::add(const Frame& frame, const DecodedPacket& packet) {
  if (!packet.ip || !packet.tcp) return nullptr;
  retire_idle(frame.number);
  const TcpHeader& tcp = *packet.tcp;
  const Endpoint source{packet.ip->source, tcp.source_port};
  const Endpoint destination{packet.ip->destination, tcp.destination_port};
  const FourTuple key = four_tuple(source, destination);
  const bool syn_only = tcp.has(tcp_flag::kSyn) && !tcp.has(tcp_flag::kAck);
  const std::size_t* found = live_.find(key);
  if (found && !connections_[*found]) {
    // A retired connection: a new SYN reuses the 4-tuple, anything else is a late straggler.
    if (!syn_only) return nullptr;
    live_.erase(key);
    found = nullptr;
  }
  if (found && syn_only) {
    // A new SYN on a closed 4-tuple starts a new connection (port reuse).
    TcpConnection& old = *connections_[*found];
    if (old.closed() && !old.started_by(tcp.seq)) {
      old.finish();
      live_.erase(key);
      found = nullptr;
    }
  }
  std::size_t number = found ? *found : 0;
  if (!found) {
    // Orientation: the SYN's sender is the client; without a SYN, the side talking to a
    // registered server port; else whoever spoke first.
    Endpoint client = source;
    Endpoint server = destination;
    if (tcp.has(tcp_flag::kSyn) && tcp.has(tcp_flag::kAck)) {
      std::swap(client, server);
    } else if (!tcp.has(tcp_flag::kSyn) && !registry_.knows_port(destination.port) &&
               registry_.knows_port(source.port)) {
      std::swap(client, server);
    }
    connections_.push_back(std::make_unique<TcpConnection>(client, server, frame, registry_));
    number = connections_.size() - 1;
    live_.insert(key, number);
  }
  TcpConnection& connection = *connections_[number];
  const bool was_closed = connection.closed();
  const auto payload = frame.data.subspan(packet.payload_offset, packet.payload_length);
  connection.add_segment(
      connection.side_of(source), tcp,
      std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()), frame);
  if (!was_closed && connection.closed()) closing_.push(Closing{number, frame.number});
  return &connection;
}

std::uint64_t ConnectionTracker::oldest_open_frame() {
  while (oldest_ < connections_.size() && !connections_[oldest_]) ++oldest_;
  return oldest_ < connections_.size() ? connections_[oldest_]->context().first_frame : UINT64_MAX;
}

void ConnectionTracker::finish() {
  for (auto& connection : connections_) {
    if (connection) connection->finish();
  }
}

}  // namespace smtplab::capture
