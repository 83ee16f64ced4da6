// The SMTP layer of the frame details tree (see smtp_fields.hpp).
#include "gui/app/model/smtp_fields.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "gui/app/model/explanations.hpp"

namespace smtplab::app {
namespace {

const char* say(Language language, const char* fr, const char* en) {
  return language == Language::Fr ? fr : en;
}

/// A line as the tree shows it: control characters escaped, cut at 200 characters.
std::string printable(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (out.size() >= 200) return out + "…";
    if (c == '\r' || c == '\n') continue;
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string meaning(const Explanation& explanation) {
  if (explanation.text == nullptr) return {};
  std::string out = explanation.text;
  if (explanation.rfc != nullptr) out += std::string(" (RFC ") + explanation.rfc + ")";
  return out;
}

}  // namespace

capture::FieldNode smtp_fields(const CaptureModel& model, std::uint64_t number, Language language) {
  capture::FieldNode root{std::string(kSmtpLayerName), {}, 0, 0, {}};
  bool first = true;
  for (std::size_t index : model.events_for_frame(number)) {
    const lab::TimelineEvent& event = model.timeline[index];
    // The bytes of this line that this frame carries (a line may span frames).
    std::size_t begin = 0;
    std::size_t end = 0;
    const auto ranges = model.ranges_for_event(event);
    // Verb and parameter have bytes of their own only where the line starts.
    const bool starts_here = !ranges.empty() && ranges.front().frame == number;
    for (const ByteRange& range : ranges) {
      if (range.frame != number) continue;
      begin = end == 0 ? range.begin : std::min(begin, range.begin);
      end = std::max(end, range.end);
    }
    if (end == 0) continue;
    if (first) {
      root.offset = begin;
      first = false;
    }
    root.offset = std::min(root.offset, begin);
    root.length = std::max(root.offset + root.length, end) - root.offset;
    const std::size_t length = end - begin;
    switch (event.kind) {
      case lab::TimelineKind::Command: {
        auto& line =
            root.add(say(language, "Commande", "Command"), printable(event.text), begin, length);
        const std::size_t verb_length = starts_here ? std::min(length, event.verb.size()) : length;
        line.add(say(language, "Verbe", "Verb"), event.verb, begin, verb_length);
        const std::string& text = event.text;
        if (text.size() > event.verb.size() + 1) {
          const std::size_t at = starts_here ? std::min(length, event.verb.size() + 1) : 0;
          line.add(say(language, "Paramètre", "Parameter"),
                   printable(text.substr(event.verb.size() + 1)), begin + at, length - at);
        }
        const std::string why = meaning(explain_command(language, event.verb));
        if (!why.empty())
          line.add(say(language, "Ce qu'elle fait", "What it does"), why, begin, length);
        break;
      }
      case lab::TimelineKind::Reply: {
        // One "Response" per reply, its lines below as Wireshark's "Response parameter"s.
        std::vector<std::string> lines;
        for (std::size_t at = 0; at <= event.text.size();) {
          const std::size_t nl = std::min(event.text.find('\n', at), event.text.size());
          lines.push_back(event.text.substr(at, nl - at));
          at = nl + 1;
        }
        std::string head = std::to_string(event.code) + " " + printable(lines.front());
        if (lines.size() > 1) {
          head += " (+" + std::to_string(lines.size() - 1) + say(language, " lignes)", " lines)");
        }
        auto& line = root.add(say(language, "Réponse", "Response"), head, begin, length);
        line.add(say(language, "Code de réponse", "Response code"), std::to_string(event.code),
                 begin, starts_here ? std::min<std::size_t>(length, 3) : length);
        if (!event.enhanced.empty()) {
          line.add(say(language, "Code étendu (RFC 3463)", "Enhanced status code (RFC 3463)"),
                   event.enhanced, begin, length);
        }
        const std::string why = meaning(explain_reply(language, event.code));
        if (!why.empty())
          line.add(say(language, "Ce qu'elle dit", "What it says"), why, begin, length);
        if (lines.size() > 1) {
          // Each wire line is "250-" or "250 ", the text, CRLF: its own bytes when the
          // whole reply is in this frame.
          const bool whole = starts_here && length == event.length;
          std::size_t at = begin;
          for (const std::string& text : lines) {
            const std::size_t wire = whole ? std::min(text.size() + 6, end - at) : length;
            line.add(say(language, "Paramètre de réponse", "Response parameter"), printable(text),
                     whole ? at : begin, wire);
            if (whole) at += wire;
          }
        }
        break;
      }
      case lab::TimelineKind::MessageData: {
        const std::string size =
            std::to_string(event.length) + say(language, " octets en tout", " octets in all");
        root.add(say(language, "Contenu du message (DATA)", "Message content (DATA)"), size, begin,
                 length);
        break;
      }
      default:
        break;
    }
  }
  return root;
}

}  // namespace smtplab::app
