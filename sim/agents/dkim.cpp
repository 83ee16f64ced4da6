// DKIM signing and verification (RFC 6376) over OpenSSL 3's EVP interface.
//
// [SECTION] index: OpenSSL helpers / keys / tag lists / canonicalisation / signing /
// verification.
#include "sim/agents/dkim.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <chrono>
#include <map>

#include "sim/message/ascii.hpp"
#include "sim/message/base64.hpp"
#include "sim/message/header.hpp"

namespace smtplab::agents {

// [SECTION] OpenSSL helpers --------------------------------------------------------------

namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

std::shared_ptr<EVP_PKEY> wrap(EVP_PKEY* key) {
  if (key == nullptr) return nullptr;
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

std::string read_all(BIO* bio) {
  std::string out;
  char buffer[4096];
  for (;;) {
    const int n = BIO_read(bio, buffer, sizeof buffer);
    if (n <= 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

std::string sha256(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string base64_one_line(std::string_view data) {
  return message::base64_encode(data, 0);
}

// Base64 in a tag value may carry folding whitespace (RFC 6376 §3.5, b= and bh=).
std::string strip_whitespace(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') out += c;
  }
  return out;
}

}  // namespace

// [SECTION] keys -------------------------------------------------------------------------

std::optional<DkimKey> DkimKey::generate(int bits) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) != 1) {
    return std::nullopt;
  }
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &key) != 1) return std::nullopt;
  return DkimKey(wrap(key));
}

std::optional<DkimKey> DkimKey::from_pem(std::string_view pem) {
  if (pem.size() > 1 << 20) return std::nullopt;
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return std::nullopt;
  auto key = wrap(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return std::nullopt;
  return DkimKey(std::move(key));
}

std::string DkimKey::private_key_pem() const {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey_traditional(bio.get(), key_.get(), nullptr, nullptr, 0,
                                                   nullptr, nullptr) != 1) {
    return {};
  }
  return read_all(bio.get());
}

std::string DkimKey::public_key_der() const {
  const int length = i2d_PUBKEY(key_.get(), nullptr);
  if (length <= 0) return {};
  std::string der(static_cast<std::size_t>(length), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  if (i2d_PUBKEY(key_.get(), &out) != length) return {};
  return der;
}

std::string DkimKey::dns_record() const {
  return "v=DKIM1; k=rsa; p=" + base64_one_line(public_key_der());
}

// [SECTION] tag lists (RFC 6376 §3.2) ----------------------------------------------------

std::optional<std::vector<DkimTag>> parse_dkim_tags(std::string_view text, std::string& error) {
  auto is_fws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  std::vector<DkimTag> tags;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find(';', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view spec = text.substr(pos, end - pos);
    const std::size_t spec_start = pos;
    pos = end + 1;
    if (message::trim(spec).empty()) {
      // Only the final tag-spec may be empty (a trailing ';').
      if (end == text.size()) break;
      error = "empty tag in the tag list";
      return std::nullopt;
    }
    const std::size_t eq = spec.find('=');
    if (eq == std::string_view::npos) {
      error = "tag without '=': \"" + std::string(message::trim(spec)) + "\"";
      return std::nullopt;
    }
    DkimTag tag;
    tag.name = std::string(message::trim(spec.substr(0, eq)));
    bool name_ok = !tag.name.empty() && ((tag.name[0] >= 'a' && tag.name[0] <= 'z') ||
                                         (tag.name[0] >= 'A' && tag.name[0] <= 'Z'));
    for (char c : tag.name) {
      const bool alnum =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!alnum) name_ok = false;
    }
    if (!name_ok) {
      error = "bad tag name \"" + tag.name + "\"";
      return std::nullopt;
    }
    std::size_t value_begin = eq + 1;
    std::size_t value_end = spec.size();
    while (value_begin < value_end && is_fws(spec[value_begin])) ++value_begin;
    while (value_end > value_begin && is_fws(spec[value_end - 1])) --value_end;
    tag.value = std::string(spec.substr(value_begin, value_end - value_begin));
    for (char c : tag.value) {
      const auto u = static_cast<unsigned char>(c);
      if (!is_fws(c) && (u < 0x21 || u > 0x7e)) {
        error = "bad character in the value of tag \"" + tag.name + "\"";
        return std::nullopt;
      }
    }
    tag.value_begin = spec_start + eq + 1;
    tag.value_end = spec_start + spec.size();
    for (const auto& seen : tags) {
      if (seen.name == tag.name) {
        error = "duplicate tag \"" + tag.name + "\" (RFC 6376 §3.2)";
        return std::nullopt;
      }
    }
    tags.push_back(std::move(tag));
    if (end == text.size()) break;
  }
  return tags;
}

namespace {

const DkimTag* find_tag(const std::vector<DkimTag>& tags, std::string_view name) {
  for (const auto& tag : tags) {
    if (tag.name == name) return &tag;
  }
  return nullptr;
}

}  // namespace

// [SECTION] canonicalisation (RFC 6376 §3.4) ---------------------------------------------

namespace {

// Mail on the wire has CRLF line ends (RFC 6376 §5.3); a bare LF is read as one.
std::string to_crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) out += '\r';
    out += text[i];
  }
  return out;
}

// Body lines without their CRLF; a last line without CRLF counts as a line.
std::vector<std::string_view> body_lines(std::string_view body) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < body.size()) {
    const std::size_t end = body.find("\r\n", pos);
    if (end == std::string_view::npos) {
      lines.push_back(body.substr(pos));
      break;
    }
    lines.push_back(body.substr(pos, end - pos));
    pos = end + 2;
  }
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

std::string collapse_wsp(std::string_view text) {
  std::string out;
  bool in_wsp = false;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      in_wsp = true;
      continue;
    }
    if (in_wsp) out += ' ';
    in_wsp = false;
    out += c;
  }
  if (in_wsp) out += ' ';
  return out;
}

}  // namespace

std::string canonicalize_body_relaxed(std::string_view body) {
  std::string out;
  for (std::string_view line : body_lines(body)) {
    std::string reduced = collapse_wsp(line);
    while (!reduced.empty() && reduced.back() == ' ') reduced.pop_back();
    out += reduced;
    out += "\r\n";
  }
  // Whitespace-only lines became empty: trailing ones are dropped as well.
  while (out.size() >= 4 && out.compare(out.size() - 4, 4, "\r\n\r\n") == 0) {
    out.erase(out.size() - 2);
  }
  if (out == "\r\n") out.clear();
  return out;
}

std::string canonicalize_body_simple(std::string_view body) {
  std::string out;
  for (std::string_view line : body_lines(body)) {
    out += line;
    out += "\r\n";
  }
  return out.empty() ? std::string("\r\n") : out;
}

std::string canonicalize_header_relaxed(std::string_view name, std::string_view raw_value) {
  std::string unfolded;
  for (char c : raw_value) {
    if (c != '\r' && c != '\n') unfolded += c;
  }
  std::string value = collapse_wsp(unfolded);
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  while (!value.empty() && value.back() == ' ') value.pop_back();
  return message::to_lower(message::trim(name)) + ":" + value + "\r\n";
}

namespace {

enum class Canon { Simple, Relaxed };

std::string canonical_header(Canon canon, const message::HeaderField& field,
                             std::string_view message) {
  if (canon == Canon::Relaxed) return canonicalize_header_relaxed(field.name, field.raw_value);
  std::string raw(message.substr(field.offset, field.length));
  if (raw.size() < 2 || raw.compare(raw.size() - 2, 2, "\r\n") != 0) raw += "\r\n";
  return raw;
}

// The header hash input (RFC 6376 §5.4.2): for each name of h=, the last field of that
// name not used yet, bottom-up; a name with no such field contributes nothing.
std::string signed_header_data(Canon canon, const message::Headers& headers,
                               const std::vector<std::string>& names, std::string_view message) {
  std::map<std::string, std::size_t> used;
  std::string out;
  for (const auto& name : names) {
    const auto all = headers.find_all(name);
    std::size_t& n = used[message::to_lower(name)];
    if (n >= all.size()) continue;
    out += canonical_header(canon, *all[all.size() - 1 - n], message);
    ++n;
  }
  return out;
}

std::optional<std::string> rsa_sha256_sign(EVP_PKEY* key, std::string_view data) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return std::nullopt;
  }
  std::size_t length = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &length, bytes(data), data.size()) != 1) {
    return std::nullopt;
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     bytes(data), data.size()) != 1) {
    return std::nullopt;
  }
  signature.resize(length);
  return signature;
}

bool rsa_sha256_verify(EVP_PKEY* key, std::string_view data, std::string_view signature) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
    return false;
  }
  return EVP_DigestVerify(ctx.get(), bytes(signature), signature.size(), bytes(data),
                          data.size()) == 1;
}

}  // namespace

// [SECTION] signing (RFC 6376 §5) --------------------------------------------------------

DkimSignature dkim_sign(std::string_view raw_message, const DkimKey& key,
                        const DkimSignOptions& options) {
  DkimSignature result;
  if (key.native() == nullptr) {
    result.error = "no signing key";
    return result;
  }
  if (options.domain.empty() || options.selector.empty()) {
    result.error = "d= and s= are required";
    return result;
  }
  const std::string msg = to_crlf(raw_message);
  const message::HeaderBlock block = message::parse_header_block(msg);
  if (!block.headers.contains("from")) {
    result.error = "the message has no From field, which DKIM must sign (RFC 6376 §5.4)";
    return result;
  }
  std::vector<std::string> names;
  for (const auto& name : options.headers) {
    const std::string lower = message::to_lower(name);
    if (std::find(names.begin(), names.end(), lower) != names.end()) continue;
    if (lower == "from" || block.headers.contains(lower)) names.push_back(lower);
  }
  if (std::find(names.begin(), names.end(), "from") == names.end())
    names.insert(names.begin(), "from");

  const std::string body_hash = base64_one_line(
      sha256(canonicalize_body_relaxed(std::string_view(msg).substr(block.body_offset))));
  std::string h;
  for (const auto& name : names) h += (h.empty() ? "" : ":") + name;

  // Folded as it will be sent: relaxed canonicalisation turns each fold into one space,
  // so the signed form and the sent form agree.
  std::string value = " v=1; a=rsa-sha256; c=relaxed/relaxed; d=" + options.domain +
                      "; s=" + options.selector + ";\r\n\t";
  if (options.timestamp > 0) value += "t=" + std::to_string(options.timestamp) + "; ";
  value += "h=" + h + ";\r\n\tbh=" + body_hash + ";\r\n\tb=";

  const std::string header_data = signed_header_data(Canon::Relaxed, block.headers, names, msg);
  std::string own = canonicalize_header_relaxed("DKIM-Signature", value);
  own.resize(own.size() - 2);  // the signature field is hashed without its CRLF (§3.7)
  const auto signature = rsa_sha256_sign(key.native(), header_data + own);
  if (!signature) {
    result.error = "OpenSSL could not sign with this key";
    return result;
  }
  const std::string b = base64_one_line(*signature);
  std::string folded;
  for (std::size_t i = 0; i < b.size(); i += 72) {
    if (i != 0) folded += "\r\n\t ";
    folded += b.substr(i, 72);
  }
  result.field = "DKIM-Signature:" + value + folded + "\r\n";
  return result;
}

// [SECTION] verification (RFC 6376 §6) ---------------------------------------------------

const char* to_string(DkimResult result) {
  switch (result) {
    case DkimResult::None:
      return "none";
    case DkimResult::Pass:
      return "pass";
    case DkimResult::Fail:
      return "fail";
    case DkimResult::Neutral:
      return "neutral";
    case DkimResult::TempError:
      return "temperror";
    case DkimResult::PermError:
      return "permerror";
  }
  return "?";
}

namespace {

DkimVerification perm_error(DkimVerification v, std::string reason) {
  v.result = DkimResult::PermError;
  v.reason = std::move(reason);
  return v;
}

std::vector<std::string> split_colon_list(std::string_view value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= value.size()) {
    std::size_t end = value.find(':', pos);
    if (end == std::string_view::npos) end = value.size();
    out.push_back(message::to_lower(strip_whitespace(value.substr(pos, end - pos))));
    pos = end + 1;
  }
  return out;
}

std::optional<Canon> parse_canon(std::string_view text) {
  if (text == "simple") return Canon::Simple;
  if (text == "relaxed") return Canon::Relaxed;
  return std::nullopt;
}

// The public key from a key record (RFC 6376 §3.6.1); nullptr with `reason` otherwise.
std::shared_ptr<EVP_PKEY> parse_key_record(std::string_view record, const DkimVerification& v,
                                           bool& testing, std::string& reason) {
  std::string error;
  const auto tags = parse_dkim_tags(record, error);
  if (!tags) {
    reason = "key record syntax error: " + error;
    return nullptr;
  }
  if (const DkimTag* version = find_tag(*tags, "v"); version && version->value != "DKIM1") {
    reason = "key record v= is not DKIM1";
    return nullptr;
  }
  if (const DkimTag* k = find_tag(*tags, "k"); k && k->value != "rsa") {
    reason = "key type k=" + k->value + " is not supported";
    return nullptr;
  }
  if (const DkimTag* hashes = find_tag(*tags, "h")) {
    const auto list = split_colon_list(hashes->value);
    if (std::find(list.begin(), list.end(), "sha256") == list.end()) {
      reason = "the key does not allow sha256 (h=" + hashes->value + ")";
      return nullptr;
    }
  }
  if (const DkimTag* service = find_tag(*tags, "s")) {
    const auto list = split_colon_list(service->value);
    if (std::find(list.begin(), list.end(), "*") == list.end() &&
        std::find(list.begin(), list.end(), "email") == list.end()) {
      reason = "the key is not for email (s=" + service->value + ")";
      return nullptr;
    }
  }
  if (const DkimTag* flags = find_tag(*tags, "t")) {
    for (const auto& flag : split_colon_list(flags->value)) {
      if (flag == "y") testing = true;
      // t=s: the i= domain must be d= itself, not a subdomain (RFC 6376 §3.6.1).
      if (flag == "s" && !v.identity.ends_with("@" + v.domain)) {
        reason = "the key has t=s but i= is a subdomain of d=";
        return nullptr;
      }
    }
  }
  const DkimTag* p = find_tag(*tags, "p");
  if (p == nullptr) {
    reason = "key record without p=";
    return nullptr;
  }
  const std::string p64 = strip_whitespace(p->value);
  if (p64.empty()) {
    reason = "the key has been revoked (empty p=)";
    return nullptr;
  }
  if (!message::base64_is_valid(p64)) {
    reason = "p= is not valid base64";
    return nullptr;
  }
  const std::string der = message::base64_decode(p64);
  const unsigned char* in = bytes(der);
  auto key = wrap(d2i_PUBKEY(nullptr, &in, static_cast<long>(der.size())));
  if (!key) {
    // Some publishers put a bare PKCS#1 RSAPublicKey in p=; accept it too.
    in = bytes(der);
    key = wrap(d2i_PublicKey(EVP_PKEY_RSA, nullptr, &in, static_cast<long>(der.size())));
  }
  if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) {
    reason = "p= is not an RSA public key";
    return nullptr;
  }
  if (EVP_PKEY_get_bits(key.get()) < 1024) {
    reason = "RSA key shorter than 1024 bits (RFC 8301 §3.2)";
    return nullptr;
  }
  return key;
}

std::optional<std::int64_t> parse_seconds(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

DkimVerification verify_one(const std::string& msg, const message::HeaderBlock& block,
                            const message::HeaderField& field, const Resolver& resolver,
                            std::int64_t now) {
  DkimVerification v;
  std::string error;
  const auto tags = parse_dkim_tags(field.raw_value, error);
  if (!tags) return perm_error(v, "signature syntax error: " + error);
  auto value_of = [&](std::string_view name) -> std::string {
    const DkimTag* tag = find_tag(*tags, name);
    return tag ? tag->value : std::string();
  };
  for (const char* required : {"v", "a", "b", "bh", "d", "h", "s"}) {
    if (find_tag(*tags, required) == nullptr) {
      return perm_error(v, std::string("signature without the required tag ") + required + "=");
    }
  }
  v.domain = message::to_lower(value_of("d"));
  v.selector = value_of("s");
  v.algorithm = value_of("a");
  v.signature_prefix = strip_whitespace(value_of("b")).substr(0, 8);
  v.signed_headers = split_colon_list(value_of("h"));
  v.identity = find_tag(*tags, "i") ? value_of("i") : "@" + v.domain;
  if (value_of("v") != "1")
    return perm_error(v, "unsupported signature version v=" + value_of("v"));
  if (v.algorithm == "rsa-sha1") {
    return perm_error(v, "rsa-sha1 signatures are no longer valid (RFC 8301 §3.1)");
  }
  if (v.algorithm != "rsa-sha256") return perm_error(v, "unsupported algorithm a=" + v.algorithm);
  v.canonicalization = find_tag(*tags, "c") ? value_of("c") : "simple/simple";
  const std::size_t slash = v.canonicalization.find('/');
  const auto header_canon = parse_canon(v.canonicalization.substr(0, slash));
  const auto body_canon = slash == std::string::npos
                              ? std::optional<Canon>(Canon::Simple)
                              : parse_canon(v.canonicalization.substr(slash + 1));
  if (!header_canon || !body_canon) {
    return perm_error(v, "unknown canonicalization c=" + v.canonicalization);
  }
  if (std::find(v.signed_headers.begin(), v.signed_headers.end(), "from") ==
      v.signed_headers.end()) {
    return perm_error(v, "h= does not include From (RFC 6376 §5.4)");
  }
  // i= must be d= or a subdomain of it (RFC 6376 §3.5).
  const std::size_t at = v.identity.rfind('@');
  const std::string i_domain =
      message::to_lower(at == std::string::npos ? std::string() : v.identity.substr(at + 1));
  if (at == std::string::npos || !(i_domain == v.domain || i_domain.ends_with("." + v.domain))) {
    return perm_error(v, "i=" + v.identity + " is not in the domain d=" + v.domain);
  }
  if (const DkimTag* q = find_tag(*tags, "q")) {
    const auto methods = split_colon_list(q->value);
    if (std::find(methods.begin(), methods.end(), "dns/txt") == methods.end()) {
      return perm_error(v, "unsupported query method q=" + q->value);
    }
  }
  if (const DkimTag* x = find_tag(*tags, "x")) {
    const auto expires = parse_seconds(strip_whitespace(x->value));
    if (!expires) return perm_error(v, "bad x= value");
    if (*expires < now) return perm_error(v, "the signature expired (x=" + x->value + ")");
  }
  std::optional<std::size_t> body_length;
  if (const DkimTag* l = find_tag(*tags, "l")) {
    const auto length = parse_seconds(strip_whitespace(l->value));
    if (!length) return perm_error(v, "bad l= value");
    body_length = static_cast<std::size_t>(*length);
  }
  const std::string b64 = strip_whitespace(value_of("b"));
  const std::string bh64 = strip_whitespace(value_of("bh"));
  if (!message::base64_is_valid(b64) || !message::base64_is_valid(bh64)) {
    return perm_error(v, "b= or bh= is not valid base64");
  }

  // The key (RFC 6376 §3.6.2): TXT at <s>._domainkey.<d>.
  const std::string key_name = v.selector + "._domainkey." + v.domain;
  const DnsAnswer answer = resolver.txt(key_name);
  if (dns_temporary(answer.status)) {
    v.result = DkimResult::TempError;
    v.reason =
        std::string("key lookup failed (") + to_string(answer.status) + " for " + key_name + ")";
    return v;
  }
  if (!answer.ok()) {
    return perm_error(v, "no key published at " + key_name + " (" + to_string(answer.status) + ")");
  }
  std::shared_ptr<EVP_PKEY> key;
  std::string key_problem;
  for (const auto& record : answer.records) {
    key = parse_key_record(record, v, v.testing, key_problem);
    if (key) break;
  }
  if (!key) return perm_error(v, key_problem);

  // Body hash first (RFC 6376 §6.1.3): a mismatch means the body changed.
  std::string body =
      *body_canon == Canon::Relaxed
          ? canonicalize_body_relaxed(std::string_view(msg).substr(block.body_offset))
          : canonicalize_body_simple(std::string_view(msg).substr(block.body_offset));
  if (body_length) {
    if (*body_length > body.size()) return perm_error(v, "l= is longer than the body");
    body.resize(*body_length);
  }
  if (sha256(body) != message::base64_decode(bh64)) {
    v.result = DkimResult::Fail;
    v.failure = DkimFailure::BodyHashMismatch;
    v.reason = "body hash did not verify: the body was modified after signing";
    return v;
  }

  // Then the header signature, over the signed fields and this field with b= emptied.
  const DkimTag* b_tag = find_tag(*tags, "b");
  std::string own_value =
      field.raw_value.substr(0, b_tag->value_begin) + field.raw_value.substr(b_tag->value_end);
  std::string own;
  if (*header_canon == Canon::Relaxed) {
    own = canonicalize_header_relaxed(field.name, own_value);
  } else {
    // Simple: the field as written, b= value removed; raw_value follows the colon.
    const std::string raw(std::string_view(msg).substr(field.offset, field.length));
    const std::size_t colon = raw.find(':');
    own = raw.substr(0, colon + 1) + own_value + "\r\n";
  }
  own.resize(own.size() - 2);
  const std::string data =
      signed_header_data(*header_canon, block.headers, v.signed_headers, msg) + own;
  if (!rsa_sha256_verify(key.get(), data, message::base64_decode(b64))) {
    v.result = DkimResult::Fail;
    v.failure = DkimFailure::SignatureMismatch;
    v.reason = "signature did not verify: a signed header field was modified after signing";
    return v;
  }
  v.result = DkimResult::Pass;
  v.reason = "signature and body hash verified with the key at " + key_name +
             (v.testing ? " (key in testing mode, t=y)" : "");
  return v;
}

}  // namespace

std::vector<DkimVerification> dkim_verify_all(std::string_view raw_message,
                                              const Resolver& resolver,
                                              const DkimVerifyOptions& options) {
  const std::int64_t now = options.now != 0
                               ? options.now
                               : std::chrono::duration_cast<std::chrono::seconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count();
  const std::string msg = to_crlf(raw_message);
  const message::HeaderBlock block = message::parse_header_block(msg);
  std::vector<DkimVerification> out;
  for (const auto* field : block.headers.find_all("dkim-signature")) {
    out.push_back(verify_one(msg, block, *field, resolver, now));
  }
  if (out.empty()) {
    DkimVerification none;
    none.reason = "the message has no DKIM-Signature";
    out.push_back(none);
  }
  return out;
}

DkimVerification dkim_verify(std::string_view message, const Resolver& resolver,
                             const DkimVerifyOptions& options) {
  auto all = dkim_verify_all(message, resolver, options);
  for (auto& v : all) {
    if (v.result == DkimResult::Pass) return v;
  }
  return all.front();
}

}  // namespace smtplab::agents
