// Typed events emitted by the protocol machines for the lab's timeline: commands, replies,
// state changes, messages, TLS switches and notes, each with its byte range in the stream
// that carried it (so frames can be tied to dialogue lines exactly).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "sim/protocol/command.hpp"
#include "sim/protocol/session_state.hpp"

namespace smtplab::protocol {

/// What an event records.
enum class EventKind {
  Command,      ///< a command line (or AUTH continuation line) from the client
  Reply,        ///< a complete reply from the server
  StateChange,  ///< from -> to
  Message,      ///< message content received (DATA or the BDAT chunks), offset = first octet
  TlsStarted,   ///< the transport switched to TLS; stream offsets restart at 0
  Discarded,    ///< bytes dropped on purpose (pipelined after STARTTLS, over-long line)
  Note,         ///< something worth explaining (policy decision, tolerated deviation)
};

/// Which way the bytes of an event travelled.
enum class Direction { ClientToServer, ServerToClient, None };

struct ProtocolEvent {
  EventKind kind = EventKind::Note;
  Direction direction = Direction::None;
  std::uint64_t offset = 0;      ///< first octet in that direction's stream (0 = first byte)
  std::uint64_t length = 0;      ///< octets on the wire, line endings included
  unsigned tls_epoch = 0;        ///< 0 in cleartext, 1 inside TLS (offsets restart)
  std::uint64_t read_batch = 0;  ///< Command/Message: which transport read (1, 2...) completed
                                 ///< it; equal numbers = one pipelined batch (RFC 2920 §3.1)
  Verb verb = Verb::Unknown;     ///< for Command (Unknown for POP3: `text` has the line)
  int code = 0;                  ///< for Reply (0 for POP3: `text` starts "+OK"/"-ERR")
  std::string enhanced;          ///< for Reply
  std::string text;              ///< command line (secrets masked unless revealed), reply text
                                 ///< (lines joined by '\n'), or the note
  SessionState from = SessionState::Connected;  ///< for StateChange
  SessionState to = SessionState::Connected;    ///< for StateChange
};

/// Receives events as they happen. May be empty.
using EventSink = std::function<void(const ProtocolEvent&)>;

}  // namespace smtplab::protocol
