// Evaluating a display filter on a frame (see frame_filter.hpp). Each field yields zero or
// more values in a frame (tcp.port: two, smtp.response.code: one per reply it carries);
// as in Wireshark 4, "==" and the orderings hold when ANY value passes, "!=" when EVERY
// value differs, and a test on a field the frame lacks is false.
#include "gui/app/model/frame_filter.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "capture/tcp_layer.hpp"
#include "gui/app/model/frame_fields.hpp"
#include "sim/message/ascii.hpp"

namespace smtplab::app {
namespace {

using dfilter::FieldId;
using dfilter::FieldType;
using dfilter::Node;
using dfilter::Op;

/// One value of a field, viewed (never copied) while the test looks at it.
struct ValueRef {
  std::uint64_t number = 0;
  const std::uint8_t* address = nullptr;  // 4 or 16 bytes
  std::string_view text;
};

class FrameView {
 public:
  FrameView(const CaptureModel& model, const FrameRow& row)
      : model_(model),
        row_(row),
        number_(static_cast<std::uint64_t>(&row - model.rows.data()) + 1) {}

  bool present(FieldId id) const {
    switch (id) {
      case FieldId::Frame:
        return true;
      case FieldId::Ip:
        return row_.has_ip && !row_.source.address.v6;
      case FieldId::Ipv6:
        return row_.has_ip && row_.source.address.v6;
      case FieldId::Tcp:
        return row_.has_tcp;
      case FieldId::Tls:
        return (row_.dissected & frame_mark::kTls) != 0;
      case FieldId::Smtp:
        return (row_.dissected & frame_mark::kSmtp) != 0;
      case FieldId::SmtpReq:
        return (row_.dissected & frame_mark::kSmtpRequest) != 0;
      case FieldId::SmtpResponse:
        return (row_.dissected & frame_mark::kSmtpResponse) != 0;
      default:
        return visit(id, [](const ValueRef&) { return true; });
    }
  }

  /// Calls `fn` on each value of the field until it returns true; returns whether it did.
  template <class Fn>
  bool visit(FieldId id, Fn&& fn) const {
    const bool v4 = row_.has_ip && !row_.source.address.v6;
    const bool v6 = row_.has_ip && row_.source.address.v6;
    const auto number = [&](std::uint64_t n) { return fn(ValueRef{n, nullptr, {}}); };
    const auto address = [&](const capture::Address& a) {
      return fn(ValueRef{0, a.bytes.data(), {}});
    };
    const auto flag = [&](std::uint16_t bit) {
      return row_.has_tcp && number((row_.tcp_flags & bit) != 0 ? 1 : 0);
    };
    switch (id) {
      case FieldId::FrameNumber:
        return number(number_);
      case FieldId::FrameLen:
        return number(row_.original_length);
      case FieldId::IpSrc:
        return v4 && address(row_.source.address);
      case FieldId::IpDst:
        return v4 && address(row_.destination.address);
      case FieldId::IpAddr:
        return v4 && (address(row_.source.address) || address(row_.destination.address));
      case FieldId::Ipv6Src:
        return v6 && address(row_.source.address);
      case FieldId::Ipv6Dst:
        return v6 && address(row_.destination.address);
      case FieldId::Ipv6Addr:
        return v6 && (address(row_.source.address) || address(row_.destination.address));
      case FieldId::TcpSrcport:
        return row_.has_tcp && number(row_.source.port);
      case FieldId::TcpDstport:
        return row_.has_tcp && number(row_.destination.port);
      case FieldId::TcpPort:
        return row_.has_tcp && (number(row_.source.port) || number(row_.destination.port));
      case FieldId::TcpStream:
        return row_.has_tcp && row_.tcp_stream >= 0 &&
               number(static_cast<std::uint64_t>(row_.tcp_stream));
      case FieldId::TcpLen:
        return row_.has_tcp && number(row_.payload_length);
      case FieldId::TcpFlagsSyn:
        return flag(capture::tcp_flag::kSyn);
      case FieldId::TcpFlagsAck:
        return flag(capture::tcp_flag::kAck);
      case FieldId::TcpFlagsFin:
        return flag(capture::tcp_flag::kFin);
      case FieldId::TcpFlagsReset:
        return flag(capture::tcp_flag::kRst);
      case FieldId::SmtpReqCommand:
      case FieldId::SmtpReqParameter:
      case FieldId::SmtpResponseCode:
      case FieldId::SmtpRspParameter:
        return visit_entries(id, fn);
      default:
        return false;
    }
  }

  const CaptureModel& model() const { return model_; }
  const FrameRow& row() const { return row_; }

 private:
  template <class Fn>
  bool visit_entries(FieldId id, Fn&& fn) const {
    using Kind = capture::DialogueEntry::Kind;
    for (const FrameEntry& at : entries_of_frame(model_, number_)) {
      const auto& session = model_.analysis.sessions[static_cast<std::size_t>(at.session)];
      const auto& entry = session.dialogue[static_cast<std::size_t>(at.entry)];
      if (entry.kind == Kind::Command) {
        if (id == FieldId::SmtpReqCommand && fn(ValueRef{0, nullptr, entry.verb})) return true;
        if (id == FieldId::SmtpReqParameter && !entry.argument.empty() &&
            fn(ValueRef{0, nullptr, entry.argument}))
          return true;
      } else if (entry.kind == Kind::Reply) {
        if (id == FieldId::SmtpResponseCode && entry.code != 0 &&
            fn(ValueRef{static_cast<std::uint64_t>(entry.code), nullptr, {}}))
          return true;
        if (id == FieldId::SmtpRspParameter) {
          for (std::size_t i = 0; i < entry.lines.size(); ++i) {
            const std::string line = entry.raw_line(i);
            if (fn(ValueRef{0, nullptr, line})) return true;
          }
        }
      }
    }
    return false;
  }

  const CaptureModel& model_;
  const FrameRow& row_;
  std::uint64_t number_;
};

template <class T>
bool ordered(Op op, const T& a, const T& b) {
  switch (op) {
    case Op::Eq:
    case Op::Ne:  // evaluated as "not any equal" by the caller
      return a == b;
    case Op::Lt:
      return a < b;
    case Op::Le:
      return a <= b;
    case Op::Gt:
      return a > b;
    case Op::Ge:
      return a >= b;
    default:
      return false;
  }
}

// An address against a value with a /prefix: equal when the first `prefix` bits agree.
bool address_test(Op op, const std::uint8_t* a, const dfilter::Value& v, std::size_t size) {
  if (op == Op::Eq || op == Op::Ne) {
    unsigned bits = v.prefix;
    for (std::size_t i = 0; i < size && bits > 0; ++i) {
      const unsigned take = std::min(bits, 8u);
      const auto mask = static_cast<std::uint8_t>(0xff << (8 - take));
      if ((a[i] & mask) != (v.bytes[i] & mask)) return false;
      bits -= take;
    }
    return true;
  }
  const int order = std::memcmp(a, v.bytes.data(), size);
  return ordered(op, order, 0);
}

bool wireshark_test(const FrameView& frame, const Node& node) {
  const dfilter::FieldInfo* info = nullptr;
  for (const auto& field : dfilter::wireshark_fields()) {
    if (field.id == node.field) info = &field;
  }
  if (!info) return false;
  if (node.op == Op::Exists || info->type == FieldType::Protocol) return frame.present(node.field);
  const Op op = node.op == Op::Ne ? Op::Eq : node.op;
  const auto passes = [&](const ValueRef& value) {
    switch (info->type) {
      case FieldType::Unsigned:
      case FieldType::Boolean:
        return ordered(op, value.number, node.value.number);
      case FieldType::Ipv4:
        return address_test(op, value.address, node.value, 4);
      case FieldType::Ipv6:
        return address_test(op, value.address, node.value, 16);
      case FieldType::String:
        if (op == Op::Contains) return value.text.find(node.value.text) != std::string_view::npos;
        return ordered(op, value.text, std::string_view(node.value.text));
      case FieldType::Protocol:
        return false;
    }
    return false;
  };
  if (node.op != Op::Ne) return frame.visit(node.field, passes);
  // "!=": the field is there and none of its values is equal.
  return frame.present(node.field) && !frame.visit(node.field, passes);
}

const capture::DialogueEntry* entry_of(const CaptureModel& model, const FrameRow& row) {
  if (row.session < 0 || row.entry < 0) return nullptr;
  const auto& session = model.analysis.sessions[static_cast<std::size_t>(row.session)];
  return &session.dialogue[static_cast<std::size_t>(row.entry)];
}

// The first filter's shortcuts, with their first meaning (prefixes, any case).
bool legacy_test(const FrameView& frame, const Node& node) {
  const FrameRow& row = frame.row();
  const std::string& value = node.value.text;
  const auto code_matches = [&] {
    const auto* entry = entry_of(frame.model(), row);
    return entry && entry->code != 0 && std::to_string(entry->code).starts_with(value);
  };
  const auto port_matches = [&] {
    return row.has_tcp && (std::to_string(row.source.port) == value ||
                           std::to_string(row.destination.port) == value);
  };
  switch (node.field) {
    case FieldId::LegacyAddress:
      return row.has_ip && (capture::to_string(row.source.address).starts_with(value) ||
                            capture::to_string(row.destination.address).starts_with(value));
    case FieldId::LegacyPort:
      return port_matches();
    case FieldId::LegacyProtocol:
      if (value == "ip") return row.has_ip;
      if (value == "tcp") return row.has_tcp;
      if (value == "smtp") return row.protocol == FrameProtocol::Smtp;
      return value == "tls" && row.protocol == FrameProtocol::Tls;
    case FieldId::LegacyVerb: {
      const auto* entry = entry_of(frame.model(), row);
      return entry && !entry->verb.empty() &&
             message::to_lower(entry->verb) == message::to_lower(value);
    }
    case FieldId::LegacyCode:
      return code_matches();
    case FieldId::LegacyNumber:
      return port_matches() || code_matches();
    default:
      return false;
  }
}

bool evaluate(const FrameView& frame, const dfilter::Expression& expression, int index) {
  const Node& node = expression.nodes[static_cast<std::size_t>(index)];
  switch (node.kind) {
    case Node::Kind::And:
      return std::all_of(node.operands.begin(), node.operands.end(),
                         [&](int operand) { return evaluate(frame, expression, operand); });
    case Node::Kind::Or:
      return std::any_of(node.operands.begin(), node.operands.end(),
                         [&](int operand) { return evaluate(frame, expression, operand); });
    case Node::Kind::Not:
      return !evaluate(frame, expression, node.operands.front());
    case Node::Kind::Test:
      return node.field >= FieldId::LegacyAddress ? legacy_test(frame, node)
                                                  : wireshark_test(frame, node);
  }
  return false;
}

}  // namespace

std::optional<FrameFilter> FrameFilter::parse(std::string_view text, dfilter::ParseError& error) {
  auto expression = dfilter::parse(text, error);
  if (!expression) return std::nullopt;
  FrameFilter filter;
  filter.expression_ = std::move(*expression);
  return filter;
}

std::optional<FrameFilter> FrameFilter::parse(std::string_view text, std::string& error) {
  dfilter::ParseError detail;
  auto filter = parse(text, detail);
  if (!filter) error = detail.text();
  return filter;
}

bool FrameFilter::matches(const CaptureModel& model, const FrameRow& row) const {
  if (empty()) return true;
  return evaluate(FrameView(model, row), expression_, expression_.root);
}

std::vector<std::uint32_t> filter_frames(const CaptureModel& model, const FrameFilter& filter) {
  std::vector<std::uint32_t> out;
  out.reserve(filter.empty() ? model.rows.size() : model.rows.size() / 4);
  for (std::size_t i = 0; i < model.rows.size(); ++i) {
    if (filter.matches(model, model.rows[i])) out.push_back(static_cast<std::uint32_t>(i));
  }
  return out;
}

}  // namespace smtplab::app
