// DMARC record discovery, parsing, identifier alignment and policy (RFC 7489).
#include "sim/agents/dmarc.hpp"

#include "sim/message/address.hpp"
#include "sim/message/ascii.hpp"
#include "sim/message/header.hpp"

namespace smtplab::agents {

const char* to_string(DmarcPolicy policy) {
  switch (policy) {
    case DmarcPolicy::None:
      return "none";
    case DmarcPolicy::Quarantine:
      return "quarantine";
    case DmarcPolicy::Reject:
      return "reject";
  }
  return "?";
}

const char* to_string(DmarcResult result) {
  switch (result) {
    case DmarcResult::None:
      return "none";
    case DmarcResult::Pass:
      return "pass";
    case DmarcResult::Fail:
      return "fail";
    case DmarcResult::TempError:
      return "temperror";
    case DmarcResult::PermError:
      return "permerror";
  }
  return "?";
}

namespace {

std::optional<DmarcPolicy> parse_policy(std::string_view text) {
  const std::string lower = message::to_lower(text);
  if (lower == "none") return DmarcPolicy::None;
  if (lower == "quarantine") return DmarcPolicy::Quarantine;
  if (lower == "reject") return DmarcPolicy::Reject;
  return std::nullopt;
}

std::optional<bool> parse_alignment_mode(std::string_view text) {
  const std::string lower = message::to_lower(text);
  if (lower == "s") return true;
  if (lower == "r") return false;
  return std::nullopt;
}

}  // namespace

std::optional<DmarcRecord> parse_dmarc_record(std::string_view text, std::string& error) {
  // RFC 7489 §6.4: tag=value pairs separated by ';', v=DMARC1 first.
  DmarcRecord record;
  bool first = true;
  bool has_p = false;
  bool has_rua = false;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view pair = message::trim(text.substr(pos, end - pos));
    pos = end + 1;
    if (pair.empty()) {
      if (first) {
        error = "not a DMARC record (it must start with v=DMARC1)";
        return std::nullopt;
      }
      continue;
    }
    const std::size_t eq = pair.find('=');
    const std::string name =
        message::to_lower(message::trim(pair.substr(0, eq == std::string_view::npos ? 0 : eq)));
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : message::trim(pair.substr(eq + 1));
    if (first) {
      if (name != "v" || value != "DMARC1") {
        error = "not a DMARC record (it must start with v=DMARC1)";
        return std::nullopt;
      }
      first = false;
      continue;
    }
    if (name == "p") {
      const auto policy = parse_policy(value);
      if (!policy) {
        error = "bad p= value \"" + std::string(value) + "\"";
        return std::nullopt;
      }
      record.policy = *policy;
      has_p = true;
    } else if (name == "sp") {
      const auto policy = parse_policy(value);
      if (!policy) {
        error = "bad sp= value \"" + std::string(value) + "\"";
        return std::nullopt;
      }
      record.subdomain_policy = *policy;
    } else if (name == "adkim" || name == "aspf") {
      const auto strict = parse_alignment_mode(value);
      if (!strict) {
        error = "bad " + name + "= value \"" + std::string(value) + "\"";
        return std::nullopt;
      }
      (name == "adkim" ? record.strict_dkim : record.strict_spf) = *strict;
    } else if (name == "pct") {
      int percent = 0;
      bool ok = !value.empty() && value.size() <= 3;
      for (char c : value) {
        if (c < '0' || c > '9') ok = false;
        if (ok) percent = percent * 10 + (c - '0');
      }
      if (!ok || percent > 100) {
        error = "bad pct= value \"" + std::string(value) + "\"";
        return std::nullopt;
      }
      record.percent = percent;
    } else if (name == "rua") {
      has_rua = true;
    }
    // ruf=, fo=, rf=, ri= and unknown tags: reporting, not evaluated by the lab.
    if (end == text.size()) break;
  }
  if (first) {
    error = "not a DMARC record (it must start with v=DMARC1)";
    return std::nullopt;
  }
  // RFC 7489 §6.6.3: without p=, a record with rua= is read as p=none; else it is invalid.
  if (!has_p && !has_rua) {
    error = "the record has no p= policy";
    return std::nullopt;
  }
  return record;
}

std::string organizational_domain(std::string_view domain) {
  const std::string name = normalize_dns_name(domain);
  const std::size_t last = name.rfind('.');
  if (last == std::string::npos || last == 0) return name;
  const std::size_t second = name.rfind('.', last - 1);
  return second == std::string::npos ? name : name.substr(second + 1);
}

bool dmarc_aligned(std::string_view from_domain, std::string_view other, bool strict) {
  const std::string from = normalize_dns_name(from_domain);
  const std::string identifier = normalize_dns_name(other);
  if (from.empty() || identifier.empty()) return false;
  if (strict) return from == identifier;
  return organizational_domain(from) == organizational_domain(identifier);
}

std::string dmarc_from_domain(std::string_view raw_message, std::string& error) {
  const message::HeaderBlock block = message::parse_header_block(raw_message);
  const auto from_fields = block.headers.find_all("from");
  if (from_fields.empty()) {
    error = "the message has no From field";
    return {};
  }
  if (from_fields.size() > 1) {
    error = "the message has several From fields (RFC 7489 §6.6.1)";
    return {};
  }
  const message::AddressList list = message::parse_address_list(from_fields[0]->value);
  std::string domain;
  for (const auto& address : list.addresses) {
    const std::string d = normalize_dns_name(address.domain);
    if (d.empty()) continue;
    if (!domain.empty() && d != domain) {
      error = "From names authors in different domains (" + domain + ", " + d + ")";
      return {};
    }
    domain = d;
  }
  if (domain.empty()) error = "From has no address with a domain";
  return domain;
}

namespace {

enum class Lookup { Found, Missing, Failed };

// One DMARC TXT lookup: exactly one "v=DMARC1" record (RFC 7489 §6.6.3).
Lookup fetch_record(const Resolver& resolver, const std::string& domain, DmarcRecord& record,
                    std::vector<std::string>& notes) {
  const DnsAnswer answer = resolver.txt("_dmarc." + domain);
  if (dns_temporary(answer.status)) return Lookup::Failed;
  std::vector<DmarcRecord> found;
  for (const auto& text : answer.records) {
    std::string error;
    if (auto parsed = parse_dmarc_record(text, error)) {
      found.push_back(*parsed);
    } else if (text.rfind("v=DMARC1", 0) == 0) {
      notes.push_back("_dmarc." + domain + ": invalid record ignored: " + error);
    }
  }
  if (found.size() != 1) {
    if (found.size() > 1) notes.push_back("_dmarc." + domain + ": several records, none used");
    return Lookup::Missing;
  }
  record = found.front();
  return Lookup::Found;
}

}  // namespace

DmarcOutcome evaluate_dmarc(const DmarcInput& input, const Resolver& resolver) {
  DmarcOutcome out;
  out.from_domain = normalize_dns_name(input.from_domain);
  if (out.from_domain.empty()) {
    out.result = DmarcResult::PermError;
    out.reason = "no usable From domain";
    return out;
  }
  // Discovery (§6.6.3): the From domain, then its organisational domain.
  DmarcRecord record;
  const std::string org = organizational_domain(out.from_domain);
  Lookup lookup = fetch_record(resolver, out.from_domain, record, out.notes);
  bool at_org = false;
  if (lookup == Lookup::Missing && org != out.from_domain) {
    lookup = fetch_record(resolver, org, record, out.notes);
    at_org = true;
  }
  if (lookup == Lookup::Failed) {
    out.result = DmarcResult::TempError;
    out.reason =
        "the DMARC record of " + out.from_domain + " could not be fetched (SERVFAIL or timeout)";
    return out;
  }
  if (lookup == Lookup::Missing) {
    out.result = DmarcResult::None;
    out.reason = out.from_domain + " publishes no DMARC policy";
    return out;
  }
  out.record_domain = "_dmarc." + (at_org ? org : out.from_domain);
  if (at_org) out.notes.push_back("policy found at the organisational domain " + org);
  // sp= applies to a subdomain whose policy comes from the organisational domain.
  out.policy = (at_org && record.subdomain_policy) ? *record.subdomain_policy : record.policy;
  if (record.percent != 100) {
    out.notes.push_back("pct=" + std::to_string(record.percent) +
                        " ignored: the lab applies the policy to every message");
  }

  // Identifier alignment (§3.1): SPF's MAIL FROM domain, DKIM's d=.
  out.spf_aligned = input.spf == SpfResult::Pass &&
                    dmarc_aligned(out.from_domain, input.spf_domain, record.strict_spf);
  std::string dkim_domain;
  for (const auto& v : input.dkim) {
    if (v.result == DkimResult::Pass &&
        dmarc_aligned(out.from_domain, v.domain, record.strict_dkim)) {
      out.dkim_aligned = true;
      dkim_domain = v.domain;
      break;
    }
  }
  if (out.spf_aligned || out.dkim_aligned) {
    out.result = DmarcResult::Pass;
    out.disposition = DmarcPolicy::None;
    out.reason = std::string(out.dkim_aligned ? "DKIM passed for d=" + dkim_domain
                                              : "SPF passed for " + input.spf_domain) +
                 ", aligned with From " + out.from_domain;
    return out;
  }
  out.result = DmarcResult::Fail;
  out.disposition = out.policy;
  // Say why each method did not count: not passing, or passing for another domain.
  std::string why_spf = std::string("SPF ") + to_string(input.spf);
  if (input.spf == SpfResult::Pass) {
    why_spf += " for " + input.spf_domain + " but not aligned (" +
               (record.strict_spf ? "strict" : "relaxed") + ")";
  }
  std::string why_dkim = "no DKIM pass";
  for (const auto& v : input.dkim) {
    if (v.result == DkimResult::Pass) {
      why_dkim = "DKIM pass for d=" + v.domain + " but not aligned (" +
                 (record.strict_dkim ? "strict" : "relaxed") + ")";
      break;
    }
  }
  out.reason = "From " + out.from_domain + ": " + why_spf + ", " + why_dkim + " -> policy " +
               to_string(out.policy);
  return out;
}

}  // namespace smtplab::agents
