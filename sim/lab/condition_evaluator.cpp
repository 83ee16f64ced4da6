// Checkpoint conditions against the lab state.
//
// [SECTIONS] text helpers · messages · deliveries · replies and dialogues · mailboxes and
// messages · DSN · queue, sessions, attempts · DNS and rewrites · dispatch
#include "sim/lab/condition_evaluator.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "sim/message/ascii.hpp"
#include "sim/message/encoded_word.hpp"
#include "sim/message/header.hpp"
#include "sim/message/mime.hpp"
#include "sim/message/trace.hpp"

namespace smtplab::lab {
namespace {

// ---------------------------------------------------------------------------------------
// [SECTION] text helpers

bool iequals(const std::string& a, const std::string& b) {
  return message::to_lower(a) == message::to_lower(b);
}

bool icontains(const std::string& haystack, const std::string& needle) {
  return message::to_lower(haystack).find(message::to_lower(needle)) != std::string::npos;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

bool is_ascii(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string quoted(const std::string& text) {
  return "\u00ab\u00a0" + text + "\u00a0\u00bb";
}

Verdict verdict(bool pass, std::string fr, std::string en) {
  return Verdict{pass, false, {std::move(fr), std::move(en)}};
}

/// " (objet « S »)" / " (subject "S")" when a subject filter is set.
std::string subject_fr(const std::string& subject) {
  return subject.empty() ? "" : " (objet " + quoted(subject) + ")";
}
std::string subject_en(const std::string& subject) {
  return subject.empty() ? "" : " (subject \"" + subject + "\")";
}

bool count_ok(int found, const std::optional<int>& count, const std::optional<int>& at_least) {
  if (count) return found == *count;
  if (at_least) return found >= *at_least;
  return found > 0;
}

std::string count_wanted_fr(const std::optional<int>& count, const std::optional<int>& at_least) {
  if (count) return "exactement " + std::to_string(*count);
  if (at_least) return "au moins " + std::to_string(*at_least);
  return "au moins 1";
}
std::string count_wanted_en(const std::optional<int>& count, const std::optional<int>& at_least) {
  if (count) return "exactly " + std::to_string(*count);
  if (at_least) return "at least " + std::to_string(*at_least);
  return "at least 1";
}

// ---------------------------------------------------------------------------------------
// [SECTION] messages

/// A stored message, parsed once.
struct ParsedMessage {
  const StoredMessage* stored = nullptr;
  message::MimePart root;
  std::string subject;
  /// Node ids from its Received fields, first hop first.
  std::vector<std::string> path(const LabState& state) const {
    std::vector<std::string> nodes;
    const auto received = root.headers().find_all("Received");
    for (auto it = received.rbegin(); it != received.rend(); ++it) {
      const auto info = message::parse_received(message::unfold((*it)->raw_value));
      const std::string node = state.node_of_host(info.by);
      nodes.push_back(node.empty() ? info.by : node);
    }
    return nodes;
  }
};

ParsedMessage parse(const StoredMessage& stored) {
  ParsedMessage m;
  m.stored = &stored;
  m.root = message::parse_message(stored.raw);
  m.subject = message::decoded_subject(m.root);
  return m;
}

/// The messages of a selector: the mailbox, those with the subject, or only the last.
std::vector<StoredMessage> select(const LabState& state, const MessageSelector& selector) {
  std::vector<StoredMessage> out;
  for (auto& stored : state.mailbox(selector.mailbox)) {
    if (!selector.subject.empty() && parse(stored).subject != selector.subject) continue;
    out.push_back(std::move(stored));
  }
  if (selector.last && out.size() > 1) out.erase(out.begin(), out.end() - 1);
  return out;
}

/// The transaction note (sender, RCPT count) of the message a node received with `subject`.
const TransactionPayload* transaction_before(const LabState& state, const std::string& node,
                                             std::uint64_t before, const std::string& subject) {
  const TransactionPayload* found = nullptr;
  for (const auto& e : state.events()) {
    if (e.seq >= before) break;
    const auto* transaction = e.details<TransactionPayload>();
    if (!transaction || e.node != node) continue;
    if (!subject.empty() && transaction->subject != subject) continue;
    found = transaction;
  }
  return found;
}

// ---------------------------------------------------------------------------------------
// [SECTION] deliveries

/// True when the transaction that brought a delivered message to its node (the last message
/// content that node received before the delivery) had a RCPT whose line contains `text`.
bool brought_by_rcpt(const LabState& state, const TimelineEvent& delivered,
                     const std::string& text) {
  const auto& events = state.events();
  const TimelineEvent* content = nullptr;
  for (const auto& e : events) {
    if (e.seq >= delivered.seq) break;
    if (e.kind == TimelineKind::MessageData && e.node == delivered.node) content = &e;
  }
  if (!content) return false;
  // The RCPT lines of that session's transaction: after its last MAIL, before the content.
  bool found = false;
  for (const auto& e : events) {
    if (e.seq >= content->seq) break;
    if (e.session != content->session || e.kind != TimelineKind::Command) continue;
    if (iequals(e.verb, "MAIL")) found = false;
    if (iequals(e.verb, "RCPT") && icontains(e.text, text)) found = true;
  }
  return found;
}

Verdict delivered(const DeliveredCondition& c, const LabState& state) {
  std::string near_fr, near_en;  // the closest miss, to say what differed
  for (const auto& e : state.events()) {
    const auto* delivery = e.details<DeliveredPayload>();
    if (!delivery || !iequals(delivery->mailbox, c.to)) continue;
    const auto stored = state.delivered_message(e);
    if (!stored) continue;
    const auto m = parse(*stored);
    if (!c.subject.empty() && m.subject != c.subject) continue;
    const std::string& from = delivery->from;
    if (c.mail_from && !iequals(from, *c.mail_from)) {
      near_fr = "l'expéditeur d'enveloppe était <" + from + ">, pas <" + *c.mail_from + ">";
      near_en = "the envelope sender was <" + from + ">, not <" + *c.mail_from + ">";
      continue;
    }
    if (c.rcpt_count) {
      const auto* tx = transaction_before(state, e.node, e.seq, m.subject);
      const int got = tx ? static_cast<int>(tx->rcpt_count) : 0;
      if (got != *c.rcpt_count) {
        near_fr = "la transaction qui l'a apporté avait " + std::to_string(got) +
                  " RCPT acceptés, pas " + std::to_string(*c.rcpt_count);
        near_en = "the transaction that carried it had " + std::to_string(got) +
                  " accepted RCPT, not " + std::to_string(*c.rcpt_count);
        continue;
      }
    }
    if (!c.rcpt_contains.empty() && !brought_by_rcpt(state, e, c.rcpt_contains)) {
      near_fr =
          "la transaction qui l'a apporté n'avait pas de RCPT contenant " + quoted(c.rcpt_contains);
      near_en =
          "the transaction that brought it had no RCPT containing \"" + c.rcpt_contains + "\"";
      continue;
    }
    const auto path = m.path(state);
    if (c.sessions && static_cast<int>(path.size()) != *c.sessions) {
      near_fr = "il a traversé " + std::to_string(path.size()) + " session(s) SMTP, pas " +
                std::to_string(*c.sessions);
      near_en = "it went through " + std::to_string(path.size()) + " SMTP session(s), not " +
                std::to_string(*c.sessions);
      continue;
    }
    if (!c.via.empty()) {
      std::size_t i = 0;
      for (const auto& hop : path) {
        if (i < c.via.size() && hop == c.via[i]) ++i;
      }
      if (i < c.via.size()) {
        near_fr = "il n'est pas passé par " + c.via[i];
        near_en = "it did not go through " + c.via[i];
        continue;
      }
    }
    return verdict(true,
                   "un message pour " + c.to + subject_fr(c.subject) + " a été remis par " + e.node,
                   "a message to " + c.to + subject_en(c.subject) + " was delivered by " + e.node);
  }
  if (!near_fr.empty()) {
    return verdict(
        false, "un message pour " + c.to + subject_fr(c.subject) + " a été remis, mais " + near_fr,
        "a message to " + c.to + subject_en(c.subject) + " was delivered, but " + near_en);
  }
  return verdict(false, "aucun message pour " + c.to + subject_fr(c.subject) + " n'a été remis",
                 "no message to " + c.to + subject_en(c.subject) + " was delivered");
}

// ---------------------------------------------------------------------------------------
// [SECTION] replies and dialogues

/// The message content after DATA answers as "DATA" (its reply is DATA's final one), and
/// as "." (the line that ends it), which names that final reply alone.
bool verb_is(const DialogueExchange& x, const std::string& verb) {
  if (x.content) return iequals(verb, "DATA") || verb == ".";
  return verb != "." && iequals(x.verb, verb);
}

/// "DATA" / "la fin de DATA" for the "." pseudo-verb in reasons.
std::string verb_fr(const std::string& verb) {
  return verb == "." ? "la fin de DATA (le « . »)" : verb;
}
std::string verb_en(const std::string& verb) {
  return verb == "." ? "the end of DATA (the \".\")" : verb;
}

Verdict reply(const ReplyCondition& c, const LabState& state) {
  for (const auto& s : state.sessions()) {
    if (!c.node.empty() && s.node != c.node) continue;
    if (!c.port.empty() && s.listener != c.port) continue;
    for (const auto& x : s.exchanges) {
      if (!c.verb.empty() && !verb_is(x, c.verb)) continue;
      if (x.code == 0 || !c.code.matches(x.code)) continue;
      if (!c.enhanced.empty() && x.enhanced != c.enhanced) continue;
      if (c.multiline && !x.multiline) continue;
      const std::string got = std::to_string(x.code) + (x.enhanced.empty() ? "" : " " + x.enhanced);
      return verdict(true,
                     "le client a reçu " + got + (c.verb.empty() ? "" : " à " + verb_fr(c.verb)) +
                         " (session " + std::to_string(s.id) + ")",
                     "the client received " + got +
                         (c.verb.empty() ? "" : " to " + verb_en(c.verb)) + " (session " +
                         std::to_string(s.id) + ")");
    }
  }
  const std::string where_fr = c.node.empty() ? "" : " de " + c.node;
  const std::string where_en = c.node.empty() ? "" : " from " + c.node;
  const std::string wanted = c.code.pattern + (c.enhanced.empty() ? "" : " " + c.enhanced);
  return verdict(false,
                 "aucune réponse " + wanted + (c.multiline ? " sur plusieurs lignes" : "") +
                     (c.verb.empty() ? "" : " à " + verb_fr(c.verb)) + where_fr + " n'a été reçue",
                 "no " + std::string(c.multiline ? "multiline " : "") + wanted + " reply" +
                     (c.verb.empty() ? "" : " to " + verb_en(c.verb)) + where_en + " was received");
}

bool exchange_matches(const DialogueExchange& x, const DialogueMatch& m, bool cleartext) {
  if (cleartext && x.tls_epoch != 0) return false;
  if (m.verb.empty()) {
    if (!x.banner) return false;
  } else if (!verb_is(x, m.verb)) {
    return false;
  }
  if (m.code && (x.code == 0 || !m.code->matches(x.code))) return false;
  if (m.argument) {
    const auto space = x.command.find(' ');
    if (space == std::string::npos || trim(x.command.substr(space)).empty()) return false;
  }
  if (!m.contains.empty() && !icontains(x.command, m.contains)) return false;
  if (m.same_segment && !x.same_read) return false;
  return true;
}

/// Index of the last exchange of `sequence` matched from `start` on, or -1.
long match_from(const SessionRecord& s, std::size_t start, const DialogueCondition& c) {
  std::size_t next = 0;
  for (std::size_t i = start; i < s.exchanges.size() && next < c.sequence.size(); ++i) {
    const auto& x = s.exchanges[i];
    if (exchange_matches(x, c.sequence[next], c.cleartext)) {
      if (++next == c.sequence.size()) return static_cast<long>(i);
      continue;
    }
    if (next > 0) {
      for (const auto& verb : c.absent_between) {
        if (verb_is(x, verb) && !x.content) return -1;
      }
    }
  }
  return -1;
}

std::string describe(const std::vector<DialogueMatch>& sequence) {
  std::string out;
  for (const auto& m : sequence) {
    out += out.empty() ? "" : ", ";
    out += m.verb.empty() ? "(banner)" : m.verb;
    if (!m.contains.empty()) out += " \"" + m.contains + "\"";
    if (m.code) out += " \u2192 " + m.code->pattern;
    if (m.same_segment) out += " (pipelined)";
  }
  return out;
}

Verdict dialogue(const DialogueCondition& c, const LabState& state) {
  for (const auto& s : state.sessions()) {
    if (!c.node.empty() && s.node != c.node) continue;
    for (std::size_t start = 0; start < s.exchanges.size(); ++start) {
      if (!exchange_matches(s.exchanges[start], c.sequence.front(), c.cleartext)) continue;
      if (match_from(s, start, c) >= 0) {
        return verdict(true,
                       "la session " + std::to_string(s.id) + " contient " + describe(c.sequence),
                       "session " + std::to_string(s.id) + " contains " + describe(c.sequence));
      }
    }
  }
  const std::string where = c.node.empty() ? "" : " (" + c.node + ")";
  return verdict(false,
                 "aucune session" + where + " ne contient, dans l'ordre : " + describe(c.sequence),
                 "no session" + where + " contains, in order: " + describe(c.sequence));
}

// ---------------------------------------------------------------------------------------
// [SECTION] mailboxes and messages

Verdict mailbox(const MailboxCondition& c, const LabState& state) {
  const int found = static_cast<int>(select(state, c.select).size());
  const bool ok = count_ok(found, c.count, c.at_least);
  return verdict(ok,
                 "la boîte " + c.select.mailbox + " contient " + std::to_string(found) +
                     " message(s)" + subject_fr(c.select.subject) +
                     (ok ? "" : ", attendu " + count_wanted_fr(c.count, c.at_least)),
                 "mailbox " + c.select.mailbox + " holds " + std::to_string(found) + " message(s)" +
                     subject_en(c.select.subject) +
                     (ok ? "" : ", expected " + count_wanted_en(c.count, c.at_least)));
}

/// Empty when the header check holds, else what is wrong (fr, en).
std::optional<LocalizedText> check_header(const ParsedMessage& m, const HeaderCheck& h) {
  const auto fields = m.root.headers().find_all(h.name);
  if (h.absent) {
    if (fields.empty()) return std::nullopt;
    return LocalizedText{"l'en-tête " + h.name + ": est présent",
                         "the " + h.name + ": field is present"};
  }
  if (h.not_contains) {
    for (const auto* f : fields) {
      if (icontains(f->value, *h.not_contains)) {
        return LocalizedText{
            h.name + ": contient " + quoted(*h.not_contains) + " (" + f->value + ")",
            h.name + ": contains \"" + *h.not_contains + "\" (" + f->value + ")"};
      }
    }
    if (!h.contains && !h.equals && !h.decoded && !h.ascii) return std::nullopt;
  }
  if (fields.empty())
    return LocalizedText{"pas d'en-tête " + h.name + ":", "no " + h.name + ": field"};
  for (const auto* f : fields) {
    if (h.contains && !icontains(f->value, *h.contains)) continue;
    if (h.equals && trim(f->value) != *h.equals) continue;
    if (h.decoded && message::decode_header_text(f->raw_value) != *h.decoded) continue;
    if (h.ascii && !is_ascii(f->raw_value)) continue;
    return std::nullopt;
  }
  std::string want_fr, want_en;
  if (h.contains)
    want_fr = "contenir " + quoted(*h.contains), want_en = "contain \"" + *h.contains + "\"";
  if (h.equals) want_fr = "valoir " + quoted(*h.equals), want_en = "equal \"" + *h.equals + "\"";
  if (h.decoded)
    want_fr = "se décoder en " + quoted(*h.decoded), want_en = "decode to \"" + *h.decoded + "\"";
  if (h.ascii) {
    want_fr += std::string(want_fr.empty() ? "" : " et ") + "être en ASCII (mots codés RFC 2047)";
    want_en += std::string(want_en.empty() ? "" : " and ") + "be ASCII (RFC 2047 encoded words)";
  }
  return LocalizedText{
      h.name + ": devrait " + want_fr + " ; il vaut " + quoted(fields.front()->value),
      h.name + ": should " + want_en + "; it is \"" + fields.front()->value + "\""};
}

std::vector<std::string> body_lines(const std::string& raw, std::size_t offset) {
  std::vector<std::string> lines;
  std::string body = offset < raw.size() ? raw.substr(offset) : "";
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string normalize_newlines(std::string text) {
  std::string out;
  for (char c : text) {
    if (c != '\r') out += c;
  }
  return trim(out);
}

std::optional<LocalizedText> check_body(const ParsedMessage& m, const BodyCheck& b,
                                        const GradingContext& context) {
  const auto lines = body_lines(m.stored->raw, m.root.header.body_offset);
  if (b.lines && lines != *b.lines) {
    std::string got;
    for (const auto& l : lines) got += (got.empty() ? "" : " | ") + l;
    return LocalizedText{"le corps n'a pas exactement les lignes attendues ; il contient : " + got,
                         "the body does not have exactly the expected lines; it holds: " + got};
  }
  if (b.line_count) {
    // An empty line typed before the final dot is not a line of text.
    std::size_t count = lines.size();
    while (count > 0 && trim(lines[count - 1]).empty()) --count;
    if (static_cast<int>(count) != *b.line_count) {
      return LocalizedText{"le corps compte " + std::to_string(count) + " ligne(s), pas " +
                               std::to_string(*b.line_count),
                           "the body has " + std::to_string(count) + " line(s), not " +
                               std::to_string(*b.line_count)};
    }
  }
  if (b.contains_line && std::find(lines.begin(), lines.end(), *b.contains_line) == lines.end()) {
    return LocalizedText{"aucune ligne du corps n'est " + quoted(*b.contains_line),
                         "no body line is \"" + *b.contains_line + "\""};
  }
  if (b.starts_with && (lines.empty() || lines.front() != *b.starts_with)) {
    const std::string first = lines.empty() ? "" : lines.front();
    return LocalizedText{
        "le corps commence par " + quoted(first) + ", pas par " + quoted(*b.starts_with),
        "the body starts with \"" + first + "\", not \"" + *b.starts_with + "\""};
  }
  if (b.ascii) {
    const std::string raw_body =
        m.stored->raw.substr(std::min(m.root.header.body_offset, m.stored->raw.size()));
    if (!is_ascii(raw_body)) {
      return LocalizedText{
          "le corps contient des octets non ASCII (il fallait un codage de transfert)",
          "the body holds non-ASCII octets (a transfer encoding was needed)"};
    }
  }
  if (b.decoded) {
    const auto* part = message::find_text_part(m.root);
    const std::string text = part ? normalize_newlines(message::text_content(*part)) : "";
    if (text != normalize_newlines(*b.decoded)) {
      return LocalizedText{"le texte décodé est " + quoted(text) + ", pas " + quoted(*b.decoded),
                           "the decoded text is \"" + text + "\", not \"" + *b.decoded + "\""};
    }
  }
  if (!b.mime_type.empty() && !iequals(m.root.content_type.mime_type(), b.mime_type)) {
    return LocalizedText{
        "le type MIME est " + m.root.content_type.mime_type() + ", pas " + b.mime_type,
        "the MIME type is " + m.root.content_type.mime_type() + ", not " + b.mime_type};
  }
  const auto leaves = message::leaf_parts(m.root);
  for (const auto& type : b.part_types) {
    const bool found = std::any_of(leaves.begin(), leaves.end(), [&](const message::MimePart* p) {
      return iequals(p->content_type.mime_type(), type);
    });
    if (!found) return LocalizedText{"aucune partie de type " + type, "no part of type " + type};
  }
  if (!b.attachment.empty()) {
    const message::MimePart* part = nullptr;
    for (const auto* p : leaves) {
      if (p->filename == b.attachment) part = p;
    }
    if (!part) {
      return LocalizedText{"aucune pièce jointe nommée " + b.attachment,
                           "no attachment named " + b.attachment};
    }
    if (!b.attachment_file.empty() &&
        part->body != read_whole(context.scenario_dir / b.attachment_file)) {
      return LocalizedText{
          "la pièce jointe " + b.attachment + " ne correspond pas au fichier " + b.attachment_file,
          "attachment " + b.attachment + " differs from the file " + b.attachment_file};
    }
  }
  return std::nullopt;
}

Verdict message_condition(const MessageCondition& c, const LabState& state,
                          const GradingContext& context) {
  const auto messages = select(state, c.select);
  if (messages.empty()) {
    return verdict(
        false,
        "la boîte " + c.select.mailbox + " ne contient aucun message" +
            subject_fr(c.select.subject),
        "mailbox " + c.select.mailbox + " holds no message" + subject_en(c.select.subject));
  }
  LocalizedText why;
  // The newest message is the one a student just sent: look at it first.
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    const auto m = parse(*it);
    std::optional<LocalizedText> problem;
    for (const auto& h : c.headers) {
      if (!problem) problem = check_header(m, h);
    }
    if (!problem && c.body) problem = check_body(m, *c.body, context);
    if (!problem && c.return_path) {
      const auto value = m.root.headers().get("Return-Path");
      const auto address = value ? message::parse_return_path(*value) : std::nullopt;
      if (!address || !iequals(*address, *c.return_path)) {
        const std::string got = address ? "<" + *address + ">" : "(none)";
        problem = LocalizedText{"Return-Path: vaut " + got + ", pas <" + *c.return_path + ">",
                                "Return-Path: is " + got + ", not <" + *c.return_path + ">"};
      }
    }
    if (!problem) {
      return verdict(true,
                     "le message " + quoted(m.subject) + " de " + c.select.mailbox + " convient",
                     "message \"" + m.subject + "\" in " + c.select.mailbox + " fits");
    }
    if (it == messages.rbegin()) why = *problem;
  }
  return verdict(false, "dans " + c.select.mailbox + subject_fr(c.select.subject) + " : " + why.fr,
                 "in " + c.select.mailbox + subject_en(c.select.subject) + ": " + why.en);
}

// ---------------------------------------------------------------------------------------
// [SECTION] DSN

/// "Key: value" fields of the delivery-status part, per recipient block (lower-cased keys).
std::vector<std::map<std::string, std::string>> status_blocks(const message::MimePart& root) {
  std::vector<std::map<std::string, std::string>> blocks;
  for (const auto* part : message::walk(root)) {
    if (part->content_type.mime_type() != "message/delivery-status") continue;
    std::map<std::string, std::string> block;
    std::istringstream in(part->body);
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (trim(line).empty()) {
        if (!block.empty()) blocks.push_back(std::move(block));
        block.clear();
        continue;
      }
      const auto colon = line.find(':');
      if (colon != std::string::npos)
        block[message::to_lower(trim(line.substr(0, colon)))] = trim(line.substr(colon + 1));
    }
    if (!block.empty()) blocks.push_back(std::move(block));
  }
  return blocks;
}

/// The original Subject in a DSN's returned header (text/rfc822-headers or message/rfc822).
std::string original_subject(const message::MimePart& root) {
  for (const auto* part : message::walk(root)) {
    const auto type = part->content_type.mime_type();
    if (type == "text/rfc822-headers") {
      const auto block = message::parse_header_block(part->body);
      const auto value = block.headers.find("Subject");
      return value ? message::decode_header_text(value->raw_value) : "";
    }
    if (type == "message/rfc822" && !part->children.empty())
      return message::decoded_subject(part->children.front());
  }
  return {};
}

Verdict dsn(const DsnCondition& c, const LabState& state) {
  int reports = 0;
  for (const auto& stored : state.mailbox(c.to)) {
    const auto m = parse(stored);
    if (m.root.content_type.mime_type() != "multipart/report") continue;
    ++reports;
    if (!c.subject.empty() && original_subject(m.root) != c.subject) continue;
    for (const auto& block : status_blocks(m.root)) {
      if (!block.count("action")) continue;
      const std::string recipient =
          block.count("final-recipient") ? block.at("final-recipient") : "";
      if (!c.about.empty() && !icontains(recipient, c.about)) continue;
      if (!c.action.empty() && !iequals(block.at("action"), c.action)) continue;
      if (!c.status.empty() &&
          (!block.count("status") || !block.at("status").starts_with(c.status)))
        continue;
      return verdict(true,
                     "un avis (Action: " + block.at("action") +
                         ", Status: " + (block.count("status") ? block.at("status") : "?") +
                         ") pour " + recipient + " est arrivé chez " + c.to,
                     "a notice (Action: " + block.at("action") +
                         ", Status: " + (block.count("status") ? block.at("status") : "?") +
                         ") about " + recipient + " reached " + c.to);
    }
  }
  std::string what_fr = "aucun avis de remise (DSN)",
              what_en = "no delivery status notification (DSN)";
  if (!c.action.empty()) what_fr += " « " + c.action + " »", what_en += " \"" + c.action + "\"";
  if (!c.about.empty()) what_fr += " concernant " + c.about, what_en += " about " + c.about;
  if (!c.status.empty())
    what_fr += " avec le statut " + c.status, what_en += " with status " + c.status;
  return verdict(false,
                 what_fr + subject_fr(c.subject) + " n'est arrivé chez " + c.to + " (" +
                     std::to_string(reports) + " avis reçus en tout)",
                 what_en + subject_en(c.subject) + " reached " + c.to + " (" +
                     std::to_string(reports) + " notices received in all)");
}

// ---------------------------------------------------------------------------------------
// [SECTION] queue, sessions, attempts

std::string subject_of_content(const std::string& content) {
  return message::decoded_subject(message::parse_message(content));
}

/// A scenario keyword for a delivery attempt's result or a queue entry's state, said in
/// French in French reasons ("résultat", "état": masculine); the keyword itself stays
/// English in the scenario files.
std::string keyword_fr(const std::string& keyword) {
  if (keyword == "delivered") return "remis";
  if (keyword == "deferred") return "différé";
  if (keyword == "failed") return "en échec";
  if (keyword == "active") return "actif";
  return keyword.empty() ? "-" : keyword;
}

Verdict queue(const QueueCondition& c, const LabState& state) {
  int found = 0;
  for (const auto& entry : state.queue(c.node)) {
    if (!c.subject.empty() && subject_of_content(entry.content) != c.subject) continue;
    if (c.state == "deferred" && entry.attempts == 0) continue;
    if (c.state == "active" && entry.attempts != 0) continue;
    if (c.min_attempts && static_cast<int>(entry.attempts) < *c.min_attempts) continue;
    ++found;
  }
  const bool ok = count_ok(found, c.count, std::nullopt);
  std::string which_fr = subject_fr(c.subject), which_en = subject_en(c.subject);
  if (!c.state.empty())
    which_fr += " en état " + keyword_fr(c.state), which_en += " in state " + c.state;
  if (c.min_attempts) {
    which_fr += " après au moins " + std::to_string(*c.min_attempts) + " tentative(s)";
    which_en += " after at least " + std::to_string(*c.min_attempts) + " attempt(s)";
  }
  return verdict(ok,
                 "la file de " + c.node + " contient " + std::to_string(found) + " message(s)" +
                     which_fr + (ok ? "" : ", attendu " + count_wanted_fr(c.count, std::nullopt)),
                 "the queue of " + c.node + " holds " + std::to_string(found) + " message(s)" +
                     which_en + (ok ? "" : ", expected " + count_wanted_en(c.count, std::nullopt)));
}

Verdict session(const SessionCondition& c, const LabState& state) {
  int found = 0;
  if (c.failed) {
    for (const auto& e : state.events()) {
      const auto* failed = e.details<ConnectFailedPayload>();
      if (!failed) continue;
      if (failed->to_node != c.to || (!c.from.empty() && e.node != c.from)) continue;
      ++found;
    }
  } else {
    for (const auto& s : state.sessions()) {
      if (s.node != c.to || (!c.from.empty() && s.peer != c.from)) continue;
      if (!c.subject.empty() &&
          std::find(s.subjects.begin(), s.subjects.end(), c.subject) == s.subjects.end())
        continue;
      ++found;
    }
  }
  const bool ok = count_ok(found, c.count, c.at_least);
  const std::string what_fr = c.failed ? " connexion(s) refusée(s) vers " : " session(s) vers ";
  const std::string what_en = c.failed ? " failed connection(s) to " : " session(s) to ";
  return verdict(
      ok,
      std::to_string(found) + what_fr + c.to + (c.from.empty() ? "" : " depuis " + c.from) +
          subject_fr(c.subject) + (ok ? "" : ", attendu " + count_wanted_fr(c.count, c.at_least)),
      std::to_string(found) + what_en + c.to + (c.from.empty() ? "" : " from " + c.from) +
          subject_en(c.subject) + (ok ? "" : ", expected " + count_wanted_en(c.count, c.at_least)));
}

Verdict attempts(const AttemptsCondition& c, const LabState& state) {
  // The queue entries that hold the message: a Queued event right after the transaction
  // that carried the subject, at the same node.
  struct Entry {
    std::string subject;
    std::vector<std::string> rcpts;
  };
  std::map<std::string, Entry> entries;  // node + " " + queue id -> what it holds
  for (const auto& e : state.events()) {
    const auto* queued = e.details<QueuedPayload>();
    if (!queued || queued->dsn) continue;
    const auto* tx = transaction_before(state, e.node, e.seq, "");
    if (tx) entries[e.node + " " + queued->queue_id] = {tx->subject, queued->rcpts};
  }
  const auto any_is_to = [&](const std::vector<std::string>& rcpts) {
    return std::any_of(rcpts.begin(), rcpts.end(),
                       [&](const std::string& rcpt) { return icontains(rcpt, c.to); });
  };
  int count = 0;
  std::string first;
  std::string last;
  for (const auto& e : state.events()) {
    const std::string id = queue_id_of(e.payload);
    if (id.empty()) continue;
    const auto entry = entries.find(e.node + " " + id);
    if (entry == entries.end() || entry->second.subject != c.subject) continue;
    if (const auto* relayed = e.details<RelayedPayload>()) {
      if (!c.to.empty() && !icontains(relayed->rcpt, c.to)) continue;
      last = "delivered";
    } else if (e.details<DeferredPayload>()) {
      // A deferral is about the whole entry: it counts for the recipients the entry holds.
      if (!c.to.empty() && !any_is_to(entry->second.rcpts)) continue;
      last = "deferred";
    } else if (const auto* bounced = e.details<BouncedPayload>()) {
      if (!c.to.empty() && !any_is_to(bounced->rcpts)) continue;
      // A delay warning or a receipt is a notice, not an attempt that failed.
      if (bounced->action != agents::DsnAction::Failed) continue;
      last = "failed";
    } else {
      continue;
    }
    if (count++ == 0) first = last;
  }
  bool ok = count_ok(count, c.count, c.at_least);
  if (!c.last.empty() && last != c.last) ok = false;
  if (!c.first.empty() && first != c.first) ok = false;
  const std::string last_text = last.empty() ? "-" : last;
  const std::string first_fr = c.first.empty() ? "" : ", premier résultat : " + keyword_fr(first);
  const std::string first_en =
      c.first.empty() ? "" : ", the first: " + (first.empty() ? "-" : first);
  return verdict(
      ok,
      std::to_string(count) + " tentative(s) pour " + quoted(c.subject) + first_fr +
          ", dernier résultat : " + keyword_fr(last) +
          (ok ? ""
              : " (attendu " + count_wanted_fr(c.count, c.at_least) +
                    (c.first.empty() ? "" : ", premier résultat " + keyword_fr(c.first)) +
                    (c.last.empty() ? "" : ", dernier résultat " + keyword_fr(c.last)) + ")"),
      std::to_string(count) + " attempt(s) for \"" + c.subject + "\"" + first_en +
          ", the last: " + last_text +
          (ok ? ""
              : " (expected " + count_wanted_en(c.count, c.at_least) +
                    (c.first.empty() ? "" : ", first " + c.first) +
                    (c.last.empty() ? "" : ", last " + c.last) + ")"));
}

// ---------------------------------------------------------------------------------------
// [SECTION] DNS and rewrites

Verdict dns_query(const DnsQueryCondition& c, const LabState& state) {
  for (const auto& e : state.events()) {
    const auto* query = e.details<DnsQueryPayload>();
    if (!query) continue;
    if (!iequals(trim(query->name), c.name) || !iequals(query->type, c.type)) continue;
    if (!c.from.empty() && e.peer != c.from) continue;
    const bool empty = query->answers.empty();
    if (c.empty && *c.empty != empty) continue;
    return verdict(true, "requête DNS " + c.type + " " + c.name + " : " + e.text,
                   "DNS query " + c.type + " " + c.name + ": " + e.text);
  }
  const std::string who_fr = c.from.empty() ? "" : " par " + c.from,
                    who_en = c.from.empty() ? "" : " by " + c.from;
  const std::string empty_fr = c.empty ? (*c.empty ? " (réponse vide)" : " (avec réponse)") : "";
  const std::string empty_en = c.empty ? (*c.empty ? " (empty answer)" : " (with an answer)") : "";
  return verdict(false, "aucune requête DNS " + c.type + " " + c.name + who_fr + empty_fr,
                 "no DNS " + c.type + " query for " + c.name + who_en + empty_en);
}

Verdict rewrite(const RewriteCondition& c, const LabState& state) {
  for (const auto& e : state.events()) {
    const auto* rewrite = e.details<RewritePayload>();
    if (!rewrite || !rewrite->after) continue;
    if (!c.node.empty() && e.node != c.node) continue;
    if (!iequals(*rewrite->after, c.after)) continue;
    if (!c.before.empty() && !iequals(rewrite->before, c.before)) continue;
    return verdict(true, "réécriture : " + e.text, "rewrite: " + e.text);
  }
  return verdict(false, "aucune réécriture n'a produit " + c.after,
                 "no rewrite produced " + c.after);
}

// ---------------------------------------------------------------------------------------
// [SECTION] answers

Verdict answer(const AnswerCondition& c, const LabState& state, const GradingContext& context,
               std::size_t index) {
  std::vector<std::string> accepted = c.accept;
  if (needs_frames(c.computed)) {
    if (!context.frame_answers) {
      Verdict v;
      v.unavailable = true;
      v.reason = {
          "réponse calculée à partir d'une capture : notée par smtplab check (capture "
          "de smtplab serve --capture) ou dans la fenêtre (capture en direct)",
          "an answer computed from a capture: graded by smtplab check (the capture of "
          "smtplab serve --capture) or in the window (live capture)"};
      return v;
    }
    const FrameAnswer frames = context.frame_answers(c, state);
    if (frames.values.empty()) {
      // Never a pass: without the frames there is nothing to compare the answer with.
      return verdict(
          false, "la réponse se calcule sur la capture, qui ne la donne pas : " + frames.missing.fr,
          "the answer is computed from the capture, which does not give it: " + frames.missing.en);
    }
    accepted = frames.values;
  } else if (c.computed != ComputedAnswer::None) {
    const auto computed = computed_answer(c, state);
    if (!computed)
      return verdict(false, "réponse impossible à calculer", "answer cannot be computed");
    if (computed->starts_with("(")) {
      // Nothing happened yet that the answer could be computed from.
      return verdict(
          false,
          "la réponse se calcule sur ce qui s'est passé, et rien ne s'est passé : " + *computed,
          "the answer is computed from what happened, and nothing did: " + *computed);
    }
    accepted = {*computed};
    if (context.frame_answers && frames_may_add(c.computed)) {
      // The same answer as read in the capture (one segment of a line sent in two).
      const FrameAnswer wire = context.frame_answers(c, state);
      accepted.insert(accepted.end(), wire.values.begin(), wire.values.end());
    }
  }
  if (index >= context.answers.size()) {
    return verdict(false, "pas de réponse à : " + c.ask.fr, "no answer to: " + c.ask.en);
  }
  const std::string& typed = context.answers[index];
  for (const auto& a : accepted) {
    if (answer_matches(typed, a)) {
      return verdict(true, "réponse juste : " + trim(typed), "right answer: " + trim(typed));
    }
  }
  return verdict(false, "réponse " + quoted(trim(typed)) + " incorrecte à : " + c.ask.fr,
                 "wrong answer \"" + trim(typed) + "\" to: " + c.ask.en);
}

}  // namespace

bool answer_matches(const std::string& typed, const std::string& accepted) {
  const auto canonical = [](const std::string& text) {
    std::string out;
    for (char c : message::to_lower(trim(text))) {
      if (c == ' ' && !out.empty() && out.back() == ',') continue;
      if (c == ',' && !out.empty() && out.back() == ' ') out.pop_back();
      out += c;
    }
    return out;
  };
  return canonical(typed) == canonical(accepted);
}

// ---------------------------------------------------------------------------------------
// [SECTION] dispatch

Verdict evaluate_condition(const ConditionSpec& condition, const LabState& state,
                           const GradingContext& context, std::size_t answer_index) {
  Verdict v = std::visit(
      [&](const auto& c) -> Verdict {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, DeliveredCondition>)
          return delivered(c, state);
        else if constexpr (std::is_same_v<T, ReplyCondition>)
          return reply(c, state);
        else if constexpr (std::is_same_v<T, DialogueCondition>)
          return dialogue(c, state);
        else if constexpr (std::is_same_v<T, DsnCondition>)
          return dsn(c, state);
        else if constexpr (std::is_same_v<T, MailboxCondition>)
          return mailbox(c, state);
        else if constexpr (std::is_same_v<T, MessageCondition>)
          return message_condition(c, state, context);
        else if constexpr (std::is_same_v<T, QueueCondition>)
          return queue(c, state);
        else if constexpr (std::is_same_v<T, SessionCondition>)
          return session(c, state);
        else if constexpr (std::is_same_v<T, AttemptsCondition>)
          return attempts(c, state);
        else if constexpr (std::is_same_v<T, DnsQueryCondition>)
          return dns_query(c, state);
        else if constexpr (std::is_same_v<T, RewriteCondition>)
          return rewrite(c, state);
        else
          return answer(c, state, context, answer_index);
      },
      condition.check);
  if (condition.negate && !v.unavailable) {
    v.pass = !v.pass;
    v.reason = {"(doit être faux) " + v.reason.fr, "(must not hold) " + v.reason.en};
  }
  return v;
}

CheckpointVerdict evaluate_checkpoint(const CheckpointStep& checkpoint, const LabState& lab,
                                      const GradingContext& context) {
  // A checkpoint grades what the student did, never what a demonstration left behind.
  const LabState state = lab.for_student();
  CheckpointVerdict out;
  std::size_t answers = 0;
  bool all = true, unavailable = false;
  std::string failed_fr, failed_en;
  for (const auto& condition : checkpoint.conditions) {
    const bool is_answer = std::holds_alternative<AnswerCondition>(condition.check);
    auto v = evaluate_condition(condition, state, context, is_answer ? answers++ : 0);
    if (v.unavailable) {
      unavailable = true;
    } else if (!v.pass) {
      all = false;
      failed_fr += (failed_fr.empty() ? "" : " ; ") + v.reason.fr;
      failed_en += (failed_en.empty() ? "" : "; ") + v.reason.en;
    }
    out.conditions.push_back(std::move(v));
  }
  out.overall.pass = all && !unavailable;
  out.overall.unavailable = all && unavailable;
  if (!all) {
    out.overall.reason = {failed_fr, failed_en};
  } else if (unavailable) {
    out.overall.reason = out.conditions.back().reason;
    for (const auto& v : out.conditions) {
      if (v.unavailable) out.overall.reason = v.reason;
    }
  } else {
    std::string fr, en;
    for (const auto& v : out.conditions) {
      fr += (fr.empty() ? "" : " ; ") + v.reason.fr;
      en += (en.empty() ? "" : "; ") + v.reason.en;
    }
    out.overall.reason = {fr, en};
  }
  return out;
}

}  // namespace smtplab::lab
