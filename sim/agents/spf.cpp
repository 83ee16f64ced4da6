// SPF evaluation (RFC 7208 §4-§7) and the Received-SPF field (§9.1).
//
// [SECTION] index: names and results / macros / record parsing / evaluation /
// Received-SPF.
#include "sim/agents/spf.hpp"

#include <algorithm>

#include "sim/agents/ip_range.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/header.hpp"

namespace smtplab::agents {

// [SECTION] names and results ------------------------------------------------------------

const char* to_string(SpfResult result) {
  switch (result) {
    case SpfResult::None:
      return "none";
    case SpfResult::Neutral:
      return "neutral";
    case SpfResult::Pass:
      return "pass";
    case SpfResult::Fail:
      return "fail";
    case SpfResult::SoftFail:
      return "softfail";
    case SpfResult::TempError:
      return "temperror";
    case SpfResult::PermError:
      return "permerror";
  }
  return "?";
}

namespace {

constexpr int kMaxDnsLookups = 10;  // RFC 7208 §4.6.4
constexpr int kMaxVoidLookups = 2;  // RFC 7208 §4.6.4 ("SHOULD be 2")
constexpr int kMaxMxOrPtrNames = 10;

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}

std::string local_part_of(std::string_view sender) {
  const std::size_t at = sender.rfind('@');
  if (at == std::string_view::npos || at == 0) return "postmaster";
  return std::string(sender.substr(0, at));
}

std::string domain_of(std::string_view sender) {
  const std::size_t at = sender.rfind('@');
  return std::string(at == std::string_view::npos ? sender : sender.substr(at + 1));
}

// RFC 7208 §4.3: a usable domain has at least two labels, none empty (a final dot
// aside) and none longer than 63 octets.
bool is_checkable_domain(std::string_view domain) {
  if (domain.empty() || domain.size() > 253) return false;
  if (domain.back() == '.') domain.remove_suffix(1);
  if (domain.find('.') == std::string_view::npos) return false;
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t end = domain.find('.', start);
    if (end == std::string_view::npos) end = domain.size();
    const std::size_t length = end - start;
    if (length == 0 || length > 63) return false;
    start = end + 1;
  }
  return true;
}

// [SECTION] macros (RFC 7208 §7) ---------------------------------------------------------

bool is_macro_delimiter(char c) {
  return c == '.' || c == '-' || c == '+' || c == ',' || c == '/' || c == '_' || c == '=';
}

// RFC 3986 unreserved characters stay, everything else is %XX (uppercase macro letters).
std::string url_escape(std::string_view value) {
  static const char* const hex = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    if (is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0xf];
    }
  }
  return out;
}

// Splits on the delimiters, optionally reverses, keeps the rightmost `keep` parts and
// joins them with dots (§7.3).
std::string transform(std::string_view value, std::string_view delimiters, bool reverse,
                      std::size_t keep) {
  std::vector<std::string> parts;
  std::string current;
  const std::string_view delims = delimiters.empty() ? std::string_view(".") : delimiters;
  for (char c : value) {
    if (delims.find(c) != std::string_view::npos) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  if (reverse) std::reverse(parts.begin(), parts.end());
  if (keep != 0 && keep < parts.size()) {
    parts.erase(parts.begin(), parts.end() - static_cast<std::ptrdiff_t>(keep));
  }
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += '.';
    out += parts[i];
  }
  return out;
}

}  // namespace

std::optional<std::string> expand_spf_macros(std::string_view text, const SpfMacroContext& ctx,
                                             std::string& error) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '%') {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x21 || u > 0x7e) {
        error = "character outside macro-literal in \"" + std::string(text) + "\"";
        return std::nullopt;
      }
      out += c;
      continue;
    }
    if (i + 1 >= text.size()) {
      error = "lone '%' at the end of \"" + std::string(text) + "\"";
      return std::nullopt;
    }
    const char next = text[++i];
    if (next == '%') {
      out += '%';
      continue;
    }
    if (next == '_') {
      out += ' ';
      continue;
    }
    if (next == '-') {
      out += "%20";
      continue;
    }
    if (next != '{') {
      error = "'%' must be followed by '{', '%', '_' or '-' in \"" + std::string(text) + "\"";
      return std::nullopt;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string_view::npos || close == i + 1) {
      error = "unterminated or empty macro in \"" + std::string(text) + "\"";
      return std::nullopt;
    }
    const std::string_view body = text.substr(i + 1, close - i - 1);
    i = close;
    const char letter = body[0];
    const char lower = message::ascii_lower(letter);
    std::string value;
    switch (lower) {
      case 's':
        value = ctx.sender;
        break;
      case 'l':
        value = local_part_of(ctx.sender);
        break;
      case 'o':
        value = domain_of(ctx.sender);
        break;
      case 'd':
        value = ctx.domain;
        break;
      case 'h':
        value = ctx.helo;
        break;
      case 'p':
        value = "unknown";
        break;
      case 'i':
      case 'v': {
        const auto address = IpAddress::parse(ctx.ip);
        if (lower == 'v') {
          value = (address && !address->unmapped().is_v4()) ? "ip6" : "in-addr";
        } else {
          value = address ? address->unmapped().spf_macro_form() : ctx.ip;
        }
        break;
      }
      case 'c':
      case 'r':
      case 't':
        error = std::string("macro %{") + letter + "} is only allowed in exp= (RFC 7208 §7.2)";
        return std::nullopt;
      default:
        error = std::string("unknown macro letter '") + letter + "'";
        return std::nullopt;
    }
    // Transformers: digits, then an optional 'r', then delimiters.
    std::size_t k = 1;
    std::size_t keep = 0;
    const std::size_t digits_start = k;
    while (k < body.size() && is_digit(body[k])) {
      if (k - digits_start >= 3) {
        error = "macro transformer too long";
        return std::nullopt;
      }
      keep = keep * 10 + static_cast<std::size_t>(body[k] - '0');
      ++k;
    }
    if (k > digits_start && keep == 0) {
      error = "macro digit transformer must be nonzero (RFC 7208 §7.3)";
      return std::nullopt;
    }
    bool reverse = false;
    if (k < body.size() && message::ascii_lower(body[k]) == 'r') {
      reverse = true;
      ++k;
    }
    const std::string_view delimiters = body.substr(k);
    for (char d : delimiters) {
      if (!is_macro_delimiter(d)) {
        error = std::string("bad macro delimiter '") + d + "'";
        return std::nullopt;
      }
    }
    std::string expanded = transform(value, delimiters, reverse, keep);
    if (letter != lower) expanded = url_escape(expanded);
    out += expanded;
  }
  return out;
}

namespace {

// [SECTION] record parsing (RFC 7208 §4.5, §4.6, §5, §6) ---------------------------------

enum class Mechanism { All, Include, A, Mx, Ptr, Ip4, Ip6, Exists };

struct Term {
  char qualifier = '+';
  Mechanism mechanism = Mechanism::All;
  std::string text;         // as written, for the "why"
  std::string domain_spec;  // expanded; empty = the current domain
  std::optional<IpRange> network;
  int cidr4 = 32;
  int cidr6 = 128;
};

struct Record {
  std::vector<Term> terms;
  std::optional<std::string> redirect;  // expanded target
  bool has_all = false;
};

// A domain-spec written without macros must end in "." toplabel (RFC 7208 §7.1):
// "include:localhost" is a syntax error, not a lookup.
bool valid_domain_end(std::string_view spec) {
  if (!spec.empty() && spec.back() == '}') return true;
  if (!spec.empty() && spec.back() == '.') spec.remove_suffix(1);
  const std::size_t dot = spec.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  const std::string_view top = spec.substr(dot + 1);
  if (top.empty() || top.front() == '-' || top.back() == '-') return false;
  bool has_alpha = false;
  for (char c : top) {
    if (!is_alnum(c) && c != '-') return false;
    if (is_alpha(c)) has_alpha = true;
  }
  return has_alpha || top.find('-') != std::string_view::npos;
}

// Expands a domain-spec and applies §7.3's rule for long results (drop left labels until
// the name fits in 253 octets).
std::optional<std::string> expand_domain_spec(std::string_view spec, const SpfMacroContext& ctx,
                                              std::string& error) {
  if (!valid_domain_end(spec)) {
    error = "\"" + std::string(spec) + "\" is not a valid domain-spec";
    return std::nullopt;
  }
  auto expanded = expand_spf_macros(spec, ctx, error);
  if (!expanded) return std::nullopt;
  while (expanded->size() > 253) {
    const std::size_t dot = expanded->find('.');
    if (dot == std::string::npos) break;
    expanded->erase(0, dot + 1);
  }
  return expanded;
}

// Splits a trailing dual-cidr-length ("/24", "//64", "/24//64") off an a/mx argument.
bool split_dual_cidr(std::string& arg, Term& term, std::string& error) {
  auto take_suffix = [&](std::string_view marker, int max, int& out) -> bool {
    const std::size_t at = arg.rfind(marker);
    if (at == std::string::npos) return true;
    const std::string_view digits = std::string_view(arg).substr(at + marker.size());
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return true;  // not a cidr suffix (a '/' inside a macro)
    }
    if (marker == "/" && at > 0 && arg[at - 1] == '/') return true;  // part of "//"
    const auto length = parse_prefix_length(digits, max);
    if (!length) {
      error = "bad CIDR length \"" + std::string(digits) + "\"";
      return false;
    }
    out = *length;
    arg.erase(at);
    return true;
  };
  return take_suffix("//", 128, term.cidr6) && take_suffix("/", 32, term.cidr4);
}

bool is_modifier_name(std::string_view name) {
  if (name.empty() || !is_alpha(name[0])) return false;
  for (char c : name) {
    if (!is_alnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::optional<Record> parse_record(std::string_view text, const SpfMacroContext& ctx,
                                   std::string& error) {
  Record record;
  bool has_exp = false;
  std::size_t pos = 6;  // after "v=spf1"
  while (pos < text.size()) {
    if (text[pos] == ' ') {
      ++pos;
      continue;
    }
    std::size_t end = text.find(' ', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view raw = text.substr(pos, end - pos);
    pos = end;

    const std::size_t sep = raw.find_first_of(":/=");
    if (sep != std::string_view::npos && raw[sep] == '=') {
      // A modifier (RFC 7208 §6): redirect= and exp= at most once, others ignored.
      const std::string name = message::to_lower(raw.substr(0, sep));
      const std::string_view value = raw.substr(sep + 1);
      if (!is_modifier_name(name)) {
        error = "bad modifier \"" + std::string(raw) + "\"";
        return std::nullopt;
      }
      if (name == "redirect") {
        if (record.redirect) {
          error = "more than one redirect= modifier";
          return std::nullopt;
        }
        auto target = expand_domain_spec(value, ctx, error);
        if (!target) return std::nullopt;
        record.redirect = *target;
      } else if (name == "exp") {
        if (has_exp) {
          error = "more than one exp= modifier";
          return std::nullopt;
        }
        has_exp = true;  // the lab does not fetch explanations: exp= is ignored
      }
      continue;
    }

    Term term;
    term.text = std::string(raw);
    std::string_view body = raw;
    if (!body.empty() && (body[0] == '+' || body[0] == '-' || body[0] == '~' || body[0] == '?')) {
      term.qualifier = body[0];
      body.remove_prefix(1);
    }
    const std::size_t name_end = body.find_first_of(":/");
    const std::string name = message::to_lower(body.substr(0, name_end));
    const bool has_colon = name_end != std::string_view::npos && body[name_end] == ':';
    std::string arg = name_end == std::string_view::npos
                          ? std::string()
                          : std::string(body.substr(has_colon ? name_end + 1 : name_end));
    if (name == "all") {
      if (name_end != std::string_view::npos) {
        error = "\"all\" takes no argument: \"" + std::string(raw) + "\"";
        return std::nullopt;
      }
      term.mechanism = Mechanism::All;
      record.has_all = true;
    } else if (name == "ip4" || name == "ip6") {
      term.mechanism = name == "ip4" ? Mechanism::Ip4 : Mechanism::Ip6;
      auto network = has_colon ? IpRange::parse(arg) : std::nullopt;
      const bool family_ok =
          network && (network->base.is_v4() == (term.mechanism == Mechanism::Ip4));
      if (!family_ok) {
        error = "bad " + name + " network \"" + arg + "\"";
        return std::nullopt;
      }
      term.network = network;
    } else if (name == "a" || name == "mx") {
      term.mechanism = name == "a" ? Mechanism::A : Mechanism::Mx;
      if (!has_colon && !arg.empty() && arg[0] != '/') {
        error = "bad mechanism \"" + std::string(raw) + "\"";
        return std::nullopt;
      }
      if (!split_dual_cidr(arg, term, error)) return std::nullopt;
      if (has_colon) {
        auto target = expand_domain_spec(arg, ctx, error);
        if (!target) return std::nullopt;
        term.domain_spec = *target;
      } else if (!arg.empty()) {
        error = "bad mechanism \"" + std::string(raw) + "\"";
        return std::nullopt;
      }
    } else if (name == "include" || name == "exists" || name == "ptr") {
      term.mechanism = name == "include"  ? Mechanism::Include
                       : name == "exists" ? Mechanism::Exists
                                          : Mechanism::Ptr;
      const bool needs_target = term.mechanism != Mechanism::Ptr;
      if ((needs_target && !has_colon) || (name_end != std::string_view::npos && !has_colon)) {
        error = "\"" + name + "\" needs \":domain\": \"" + std::string(raw) + "\"";
        return std::nullopt;
      }
      if (has_colon) {
        auto target = expand_domain_spec(arg, ctx, error);
        if (!target) return std::nullopt;
        term.domain_spec = *target;
      }
    } else {
      error = "unknown mechanism \"" + std::string(raw) + "\"";
      return std::nullopt;
    }
    record.terms.push_back(std::move(term));
  }
  return record;
}

SpfResult result_of(char qualifier) {
  switch (qualifier) {
    case '-':
      return SpfResult::Fail;
    case '~':
      return SpfResult::SoftFail;
    case '?':
      return SpfResult::Neutral;
    default:
      return SpfResult::Pass;
  }
}

// [SECTION] evaluation (RFC 7208 §4.6, §5) -----------------------------------------------

// The result of one check_host() level.
struct Verdict {
  SpfResult result = SpfResult::None;
  std::string decided_by;
  std::string decided_in;
  std::string problem;
};

enum class Match { No, Yes, TempError, PermError };

class Evaluation {
 public:
  Evaluation(const Resolver& dns, IpAddress ip, std::string ip_text, std::string sender,
             std::string helo)
      : dns_(dns),
        ip_(ip),
        ip_text_(std::move(ip_text)),
        sender_(std::move(sender)),
        helo_(std::move(helo)) {}

  Verdict check_host(const std::string& domain);

  int lookups = 0;
  int voids = 0;
  std::vector<std::string> trace;

 private:
  // Counts a term that queries DNS; false (and `problem_`) past the limit.
  bool count_lookup(const std::string& domain, const std::string& term) {
    ++lookups;
    if (lookups > kMaxDnsLookups) {
      problem_ = "more than " + std::to_string(kMaxDnsLookups) + " DNS lookups (at \"" + term +
                 "\" in " + domain + ", RFC 7208 §4.6.4)";
      return false;
    }
    return true;
  }
  // Counts a query that found nothing; false past the void limit.
  bool count_void(DnsStatus status, const std::string& name) {
    if (status != DnsStatus::NoData && status != DnsStatus::NxDomain) return true;
    ++voids;
    if (voids > kMaxVoidLookups) {
      problem_ = "more than " + std::to_string(kMaxVoidLookups) + " void lookups (last: " + name +
                 ", RFC 7208 §4.6.4)";
      return false;
    }
    return true;
  }
  Match address_match(const std::string& name, int cidr4, int cidr6, bool count_voids);
  Match evaluate(const Term& term, const std::string& domain, std::string& detail);

  const Resolver& dns_;
  IpAddress ip_;
  std::string ip_text_;
  std::string sender_;
  std::string helo_;
  std::string problem_;
};

Match Evaluation::address_match(const std::string& name, int cidr4, int cidr6, bool count_voids) {
  const DnsAnswer answer = ip_.is_v4() ? dns_.a(name) : dns_.aaaa(name);
  if (dns_temporary(answer.status)) {
    problem_ = std::string("DNS failure (") + to_string(answer.status) + ") for " + name;
    return Match::TempError;
  }
  if (count_voids && !count_void(answer.status, name)) return Match::PermError;
  for (const auto& text : answer.records) {
    const auto address = IpAddress::parse(text);
    if (address && same_prefix(*address, ip_, ip_.is_v4() ? cidr4 : cidr6)) return Match::Yes;
  }
  return Match::No;
}

Match Evaluation::evaluate(const Term& term, const std::string& domain, std::string& detail) {
  const std::string target = term.domain_spec.empty() ? domain : term.domain_spec;
  switch (term.mechanism) {
    case Mechanism::All:
      return Match::Yes;
    case Mechanism::Ip4:
    case Mechanism::Ip6:
      return term.network->contains(ip_) ? Match::Yes : Match::No;
    case Mechanism::A:
      if (!count_lookup(domain, term.text)) return Match::PermError;
      return address_match(target, term.cidr4, term.cidr6, true);
    case Mechanism::Mx: {
      if (!count_lookup(domain, term.text)) return Match::PermError;
      const MxAnswer mx = dns_.mx(target);
      if (dns_temporary(mx.status)) {
        problem_ = std::string("DNS failure (") + to_string(mx.status) + ") for MX " + target;
        return Match::TempError;
      }
      if (!count_void(mx.status, target)) return Match::PermError;
      if (mx.records.size() > static_cast<std::size_t>(kMaxMxOrPtrNames)) {
        problem_ = target + " has more than 10 MX records (RFC 7208 §4.6.4)";
        return Match::PermError;
      }
      for (const auto& exchanger : mx.records) {
        const Match m = address_match(exchanger.host, term.cidr4, term.cidr6, false);
        if (m == Match::Yes) detail = "via MX " + exchanger.host;
        if (m != Match::No) return m;
      }
      return Match::No;
    }
    case Mechanism::Ptr: {
      if (!count_lookup(domain, term.text)) return Match::PermError;
      // RFC 7208 §5.5: a PTR error means no match; each name must resolve back to the
      // client address ("validated") and be the target or below it.
      const DnsAnswer names = dns_.ptr(ip_text_);
      if (!count_void(names.status, ip_.reverse_name())) return Match::PermError;
      std::size_t checked = 0;
      for (const auto& name : names.records) {
        if (++checked > static_cast<std::size_t>(kMaxMxOrPtrNames)) break;
        const std::string lower = normalize_dns_name(name);
        const bool in_target = lower == target || lower.ends_with("." + target);
        if (!in_target) continue;
        if (address_match(lower, 32, 128, false) == Match::Yes) {
          detail = "validated PTR name " + lower;
          return Match::Yes;
        }
      }
      return Match::No;
    }
    case Mechanism::Exists: {
      if (!count_lookup(domain, term.text)) return Match::PermError;
      // Always an A query, whatever the client's family (RFC 7208 §5.7).
      const DnsAnswer answer = dns_.a(target);
      if (dns_temporary(answer.status)) {
        problem_ = std::string("DNS failure (") + to_string(answer.status) + ") for " + target;
        return Match::TempError;
      }
      if (!count_void(answer.status, target)) return Match::PermError;
      return answer.ok() ? Match::Yes : Match::No;
    }
    case Mechanism::Include: {
      if (!count_lookup(domain, term.text)) return Match::PermError;
      trace.push_back(domain + ": " + term.text + " -> evaluating " + target);
      const Verdict inner = check_host(target);
      // RFC 7208 §5.2: pass matches; fail, softfail, neutral do not; errors propagate;
      // none (no record there) is a permerror of the including record.
      switch (inner.result) {
        case SpfResult::Pass:
          detail = inner.decided_by + " in " + inner.decided_in;
          return Match::Yes;
        case SpfResult::Fail:
        case SpfResult::SoftFail:
        case SpfResult::Neutral:
          return Match::No;
        case SpfResult::TempError:
          problem_ = inner.problem;
          return Match::TempError;
        case SpfResult::PermError:
          problem_ = inner.problem;
          return Match::PermError;
        case SpfResult::None:
          problem_ = "include:" + target + " has no SPF record (RFC 7208 §5.2)";
          return Match::PermError;
      }
      return Match::PermError;
    }
  }
  return Match::No;
}

Verdict Evaluation::check_host(const std::string& domain_in) {
  const std::string domain = normalize_dns_name(domain_in);
  Verdict verdict;
  verdict.decided_in = domain;
  // RFC 7208 §4.3: no usable domain, no assertion.
  if (!is_checkable_domain(domain)) {
    trace.push_back("\"" + domain + "\" is not a multi-label domain name: none");
    verdict.result = SpfResult::None;
    return verdict;
  }
  // §4.4: the TXT lookup.
  const DnsAnswer txt = dns_.txt(domain);
  if (dns_temporary(txt.status)) {
    verdict.result = SpfResult::TempError;
    verdict.problem = std::string("DNS failure (") + to_string(txt.status) + ") for TXT " + domain;
    trace.push_back(domain + ": " + verdict.problem);
    return verdict;
  }
  // §4.5: exactly one "v=spf1" record, the version followed by a space or nothing.
  std::vector<std::string> records;
  for (const auto& text : txt.records) {
    if (text.size() >= 6 && message::iequals(std::string_view(text).substr(0, 6), "v=spf1") &&
        (text.size() == 6 || text[6] == ' ')) {
      records.push_back(text);
    }
  }
  if (records.empty()) {
    verdict.result = SpfResult::None;
    trace.push_back(domain + ": no SPF record (" + to_string(txt.status) + ")");
    return verdict;
  }
  if (records.size() > 1) {
    verdict.result = SpfResult::PermError;
    verdict.problem = domain + " publishes more than one SPF record (RFC 7208 §4.5)";
    trace.push_back(domain + ": " + verdict.problem);
    return verdict;
  }
  trace.push_back(domain + ": \"" + records[0] + "\"");

  // §4.6: a syntax error anywhere is a permerror before anything is evaluated.
  const SpfMacroContext ctx{sender_, domain, ip_text_, helo_};
  std::string error;
  const auto record = parse_record(records[0], ctx, error);
  if (!record) {
    verdict.result = SpfResult::PermError;
    verdict.problem = "syntax error in the SPF record of " + domain + ": " + error;
    trace.push_back(domain + ": " + verdict.problem);
    return verdict;
  }

  for (const auto& term : record->terms) {
    std::string detail;
    problem_.clear();
    const Match match = evaluate(term, domain, detail);
    if (match == Match::TempError || match == Match::PermError) {
      verdict.result = match == Match::TempError ? SpfResult::TempError : SpfResult::PermError;
      verdict.problem = problem_;
      verdict.decided_by = term.text;
      trace.push_back(domain + ": " + term.text + " -> " + to_string(verdict.result) + " (" +
                      problem_ + ")");
      return verdict;
    }
    if (match == Match::Yes) {
      verdict.result = result_of(term.qualifier);
      verdict.decided_by = term.text + (detail.empty() ? "" : " (" + detail + ")");
      trace.push_back(domain + ": " + verdict.decided_by + " matched -> " +
                      to_string(verdict.result));
      return verdict;
    }
    trace.push_back(domain + ": " + term.text + " did not match");
  }

  // §6.1: redirect= applies only when nothing matched and there is no "all".
  if (record->redirect && !record->has_all) {
    const std::string term = "redirect=" + *record->redirect;
    if (!count_lookup(domain, term)) {
      verdict.result = SpfResult::PermError;
      verdict.problem = problem_;
      trace.push_back(domain + ": " + term + " -> permerror (" + problem_ + ")");
      return verdict;
    }
    trace.push_back(domain + ": nothing matched, " + term);
    Verdict target = check_host(*record->redirect);
    if (target.result == SpfResult::None) {
      target.result = SpfResult::PermError;
      target.problem = "redirect target " + *record->redirect + " has no SPF record";
      trace.push_back(domain + ": " + target.problem + " -> permerror");
    }
    return target;
  }
  // §4.7: nothing matched, no redirect.
  verdict.result = SpfResult::Neutral;
  trace.push_back(domain + ": no mechanism matched -> neutral (RFC 7208 §4.7)");
  return verdict;
}

std::string explain(const SpfOutcome& outcome, const std::string& ip) {
  const std::string where = outcome.decided_in.empty() ? outcome.domain : outcome.decided_in;
  switch (outcome.result) {
    case SpfResult::None:
      return outcome.domain + " publishes no SPF record: no assertion about " + ip;
    case SpfResult::TempError:
      return "temporary DNS error while checking " + outcome.domain + ": " + outcome.problem;
    case SpfResult::PermError:
      return "the SPF policy of " + outcome.domain + " is unusable: " + outcome.problem;
    default:
      break;
  }
  if (outcome.decided_by.empty()) {
    return "no mechanism in the SPF record of " + where + " matched " + ip +
           " and there is no redirect: " + to_string(outcome.result);
  }
  return "\"" + outcome.decided_by + "\" in the SPF record of " + where + " matched " + ip + ": " +
         to_string(outcome.result);
}

}  // namespace

SpfOutcome SpfChecker::check_host(std::string_view ip, std::string_view domain,
                                  std::string_view sender, std::string_view helo) const {
  SpfOutcome outcome;
  outcome.domain = normalize_dns_name(domain);
  const std::string ip_text(message::trim(ip));
  const auto address = IpAddress::parse(ip_text);
  if (!address) {
    outcome.result = SpfResult::PermError;
    outcome.problem = "client address \"" + ip_text + "\" is not an IP address";
    outcome.explanation = outcome.problem;
    return outcome;
  }
  // RFC 7208 §5: an IPv4-mapped IPv6 client is checked as IPv4.
  const IpAddress client = address->unmapped();
  Evaluation evaluation(resolver_, client, client.to_string(), std::string(sender),
                        helo.empty() ? domain_of(sender) : std::string(helo));
  const Verdict verdict = evaluation.check_host(outcome.domain);
  outcome.result = verdict.result;
  outcome.decided_by = verdict.decided_by;
  outcome.decided_in = verdict.decided_in;
  outcome.problem = verdict.problem;
  outcome.dns_lookups = evaluation.lookups;
  outcome.void_lookups = evaluation.voids;
  outcome.trace = std::move(evaluation.trace);
  outcome.explanation = explain(outcome, client.to_string());
  return outcome;
}

std::string spf_identity_domain(const SpfRequest& request) {
  const std::size_t at = request.mail_from.rfind('@');
  if (request.mail_from.empty() || at == std::string::npos) return normalize_dns_name(request.helo);
  return normalize_dns_name(std::string_view(request.mail_from).substr(at + 1));
}

SpfOutcome SpfChecker::check_mail_from(const SpfRequest& request) const {
  const std::string domain = spf_identity_domain(request);
  // RFC 7208 §2.4: the null reverse-path is checked as postmaster@<helo>.
  const bool null_path =
      request.mail_from.empty() || request.mail_from.find('@') == std::string::npos;
  const std::string sender = null_path ? "postmaster@" + domain : request.mail_from;
  return check_host(request.client_ip, domain, sender, request.helo);
}

// [SECTION] Received-SPF (RFC 7208 §9.1) -------------------------------------------------

namespace {

// A comment may not hold unbalanced parentheses: escape them (RFC 5322 quoted-pair).
std::string comment_text(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out;
}

// A key=value value: dot-atom when it is one, else a quoted-string.
std::string kv_value(std::string_view value) {
  bool atom = !value.empty() && value.front() != '.' && value.back() != '.';
  for (char c : value) {
    const bool atext =
        is_alnum(c) || std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) != std::string_view::npos;
    if (!atext) atom = false;
  }
  if (atom) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\r' || c == '\n') c = ' ';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string received_spf_field(const SpfOutcome& outcome, const SpfRequest& request) {
  const std::string who =
      request.mail_from.empty() ? "postmaster@" + outcome.domain : request.mail_from;
  const std::string receiver = request.receiver.empty() ? "localhost" : request.receiver;
  std::string comment = receiver + ": ";
  switch (outcome.result) {
    case SpfResult::Pass:
      comment += "domain of " + who + " designates " + request.client_ip + " as permitted sender";
      break;
    case SpfResult::Fail:
      comment +=
          "domain of " + who + " does not designate " + request.client_ip + " as permitted sender";
      break;
    case SpfResult::SoftFail:
      comment += "domain of transitioning " + who + " does not designate " + request.client_ip +
                 " as permitted sender";
      break;
    case SpfResult::Neutral:
      comment += request.client_ip + " is neither permitted nor denied by domain of " + who;
      break;
    case SpfResult::None:
      comment += "domain of " + who + " does not designate permitted sender hosts";
      break;
    case SpfResult::TempError:
    case SpfResult::PermError:
      comment += "error in processing during lookup of " + who + ": " + outcome.problem;
      break;
  }
  std::string value = std::string(to_string(outcome.result)) + " (" + comment_text(comment) +
                      ") client-ip=" + kv_value(request.client_ip) + ";";
  value += " envelope-from=" + kv_value(request.mail_from) + ";";
  if (!request.helo.empty()) value += " helo=" + kv_value(request.helo) + ";";
  value += " receiver=" + kv_value(receiver) + ";";
  value += std::string(" identity=") + (request.mail_from.empty() ? "helo" : "mailfrom") + ";";
  if (!outcome.decided_by.empty()) value += " mechanism=" + kv_value(outcome.decided_by) + ";";
  if (!outcome.problem.empty()) value += " problem=" + kv_value(outcome.problem) + ";";
  if (value.back() == ';') value.pop_back();
  return message::fold_field("Received-SPF", value);
}

}  // namespace smtplab::agents
