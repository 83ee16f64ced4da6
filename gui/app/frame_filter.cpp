// The display filter (see frame_filter.hpp).
#include "gui/app/frame_filter.hpp"
#include "sim/message/ascii.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace smtplab::app {
namespace {

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

std::optional<FrameFilter::Field> field_named(const std::string& key) {
  if (key == "addr" || key == "ip.addr" || key == "host") return FrameFilter::Field::Address;
  if (key == "port" || key == "tcp.port") return FrameFilter::Field::Port;
  if (key == "proto" || key == "protocol") return FrameFilter::Field::Protocol;
  if (key == "verb" || key == "smtp.req.command" || key == "cmd") return FrameFilter::Field::Verb;
  if (key == "code" || key == "smtp.response.code") return FrameFilter::Field::Code;
  return std::nullopt;
}

bool is_protocol(const std::string& word) {
  return word == "tcp" || word == "smtp" || word == "tls" || word == "ip";
}

const capture::DialogueEntry* entry_of(const CaptureModel& model, const FrameRow& row) {
  if (row.session < 0 || row.entry < 0) return nullptr;
  const auto& session = model.analysis.sessions[static_cast<std::size_t>(row.session)];
  return &session.dialogue[static_cast<std::size_t>(row.entry)];
}

bool protocol_matches(const FrameRow& row, const std::string& value) {
  if (value == "ip") return row.has_ip;
  if (value == "tcp") return row.has_tcp;
  if (value == "smtp") return row.protocol == FrameProtocol::Smtp;
  if (value == "tls") return row.protocol == FrameProtocol::Tls;
  return false;
}

}  // namespace

std::optional<FrameFilter> FrameFilter::parse(std::string_view text, std::string& error) {
  FrameFilter filter;
  std::istringstream words{std::string(text)};
  std::string word;
  while (words >> word) {
    if (word == "&&" || message::to_lower(word) == "and") continue;
    Term term;
    const auto eq = word.find('=');
    if (eq != std::string::npos) {
      const std::string key = message::to_lower(word.substr(0, eq));
      std::size_t value_at = eq + 1;
      if (value_at < word.size() && word[value_at] == '=') ++value_at;
      const auto field = field_named(key);
      if (!field) {
        error = "'" + key + "'?";
        return std::nullopt;
      }
      term.field = *field;
      term.value = word.substr(value_at);
    } else {
      const std::string w = message::to_lower(word);
      if (is_protocol(w)) {
        term.field = Field::Protocol;
      } else if (all_digits(w)) {
        term.field = Field::Any;
      } else if (w.find('.') != std::string::npos || w.find(':') != std::string::npos) {
        term.field = Field::Address;
      } else {
        term.field = Field::Verb;
      }
      term.value = word;
    }
    if (term.value.empty()) {
      error = "'" + word + "'?";
      return std::nullopt;
    }
    if (term.field == Field::Protocol) term.value = message::to_lower(term.value);
    if (term.field == Field::Protocol && !is_protocol(term.value)) {
      error = "'" + term.value + "'? (tcp, smtp, tls, ip)";
      return std::nullopt;
    }
    if ((term.field == Field::Port || term.field == Field::Code) && !all_digits(term.value)) {
      error = "'" + term.value + "'?";
      return std::nullopt;
    }
    filter.terms_.push_back(std::move(term));
  }
  return filter;
}

bool FrameFilter::matches(const CaptureModel& model, const FrameRow& row) const {
  for (const Term& term : terms_) {
    bool ok = false;
    const capture::DialogueEntry* entry = nullptr;
    const auto code_matches = [&] {
      entry = entry_of(model, row);
      return entry && entry->code != 0 && std::to_string(entry->code).starts_with(term.value);
    };
    const auto port_matches = [&] {
      const auto port = std::to_string(row.source.port);
      const auto dport = std::to_string(row.destination.port);
      return row.has_tcp && (port == term.value || dport == term.value);
    };
    switch (term.field) {
      case Field::Address:
        ok = row.has_ip && (capture::to_string(row.source.address).starts_with(term.value) ||
                            capture::to_string(row.destination.address).starts_with(term.value));
        break;
      case Field::Port:
        ok = port_matches();
        break;
      case Field::Protocol:
        ok = protocol_matches(row, term.value);
        break;
      case Field::Verb:
        entry = entry_of(model, row);
        ok = entry && !entry->verb.empty() &&
             message::to_lower(entry->verb) == message::to_lower(term.value);
        break;
      case Field::Code:
        ok = code_matches();
        break;
      case Field::Any:
        ok = port_matches() || code_matches();
        break;
    }
    if (!ok) return false;
  }
  return true;
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
