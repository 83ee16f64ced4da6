// DomainKeys Identified Mail (RFC 6376) with OpenSSL 3: RSA key generation and the DNS
// key record, signing (rsa-sha256, relaxed/relaxed, a fixed list of header fields) and
// verification through the simulated resolver. Verification tells a changed body (body
// hash mismatch) from a changed signed header field (signature mismatch), so the lab can
// show "modified in transit" and where. Canonicalisation is exposed for the lessons.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/agents/resolver.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace smtplab::agents {

/// An RSA key pair for signing; copies share the key.
class DkimKey {
 public:
  /// A new RSA key of `bits` bits (RFC 8301: at least 1024; the lab uses 2048).
  static std::optional<DkimKey> generate(int bits = 2048);
  /// Reads a PEM private key (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY").
  static std::optional<DkimKey> from_pem(std::string_view pem);

  /// The private key as PKCS#1 PEM (the form opendkim and dkimpy read).
  std::string private_key_pem() const;
  /// The public key as DER SubjectPublicKeyInfo.
  std::string public_key_der() const;
  /// The TXT record to publish at <selector>._domainkey.<domain> (RFC 6376 §3.6.1):
  /// "v=DKIM1; k=rsa; p=<base64 of public_key_der()>".
  std::string dns_record() const;
  /// The key for the OpenSSL calls of dkim.cpp.
  evp_pkey_st* native() const { return key_.get(); }

 private:
  explicit DkimKey(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;
};

/// What to sign with.
struct DkimSignOptions {
  std::string domain;            ///< d=
  std::string selector = "lab";  ///< s=
  std::int64_t timestamp = 0;    ///< t= in Unix seconds; 0 = no t= tag
  /// Header fields to sign, in this order, those present only (From is always signed).
  std::vector<std::string> headers{"from",       "to",           "subject",     "date",
                                   "message-id", "mime-version", "content-type"};
};

/// The signature field, or why there is none.
struct DkimSignature {
  std::string field;  ///< "DKIM-Signature: ..." folded, ending with CRLF, to prepend
  std::string error;  ///< set when signing failed (no From, bad key, OpenSSL error)
  bool ok() const { return error.empty(); }
};

/// Signs `message` (header and body, CRLF or bare LF lines) with rsa-sha256 and
/// c=relaxed/relaxed (RFC 6376 §3.4, §5).
DkimSignature dkim_sign(std::string_view message, const DkimKey& key,
                        const DkimSignOptions& options);

/// Verification results as Authentication-Results names them (RFC 8601 §2.7.1).
enum class DkimResult {
  None,       ///< the message is not signed
  Pass,       ///< the signature verified
  Fail,       ///< the signature did not verify (see DkimFailure)
  Neutral,    ///< a signature that could not be evaluated for policy reasons
  TempError,  ///< the key could not be fetched now (SERVFAIL)
  PermError,  ///< a broken signature or key record (syntax, missing tags, no key)
};

/// "none", "pass", "fail", "neutral", "temperror", "permerror".
const char* to_string(DkimResult result);

/// Which check failed, for a Fail.
enum class DkimFailure {
  None,               ///< not a failure
  BodyHashMismatch,   ///< bh= differs from the body's hash: the body changed
  SignatureMismatch,  ///< b= does not verify: a signed header field (or the key) changed
};

/// The verdict on one DKIM-Signature field.
struct DkimVerification {
  DkimResult result = DkimResult::None;
  DkimFailure failure = DkimFailure::None;
  std::string domain;                       ///< d= (header.d)
  std::string selector;                     ///< s= (header.s)
  std::string identity;                     ///< i=, or "@" + d= when absent (header.i)
  std::string signature_prefix;             ///< the first 8 characters of b= (header.b, RFC 6008)
  std::string algorithm;                    ///< a=
  std::string canonicalization;             ///< c=, e.g. "relaxed/relaxed"
  std::vector<std::string> signed_headers;  ///< h=, lower-cased
  bool testing = false;  ///< the key says t=y (testing: no policy from the result)
  std::string reason;    ///< why, for the lab and the Authentication-Results comment
};

/// Verification settings.
struct DkimVerifyOptions {
  std::int64_t now = 0;  ///< Unix seconds for x= (expiry); 0 = the system clock
};

/// Verifies every DKIM-Signature field of `message` (RFC 6376 §6), in message order.
/// An unsigned message gives one verdict with result None.
std::vector<DkimVerification> dkim_verify_all(std::string_view message, const Resolver& resolver,
                                              const DkimVerifyOptions& options = {});

/// The verdict that matters for the lab: the first pass, else the first signature's.
DkimVerification dkim_verify(std::string_view message, const Resolver& resolver,
                             const DkimVerifyOptions& options = {});

/// One tag of a tag=value list (RFC 6376 §3.2).
struct DkimTag {
  std::string name;
  std::string value;            ///< trimmed, inner folding whitespace kept
  std::size_t value_begin = 0;  ///< offset of the value's start in the parsed text
  std::size_t value_end = 0;    ///< offset just past the value (before ';' or the end)
};

/// Parses a tag list; nullopt and `error` set on a syntax error or a duplicate tag.
std::optional<std::vector<DkimTag>> parse_dkim_tags(std::string_view text, std::string& error);

/// RFC 6376 §3.4.4: relaxed body canonicalisation (an empty body stays empty).
std::string canonicalize_body_relaxed(std::string_view body);
/// RFC 6376 §3.4.3: simple body canonicalisation (an empty body becomes CRLF).
std::string canonicalize_body_simple(std::string_view body);
/// RFC 6376 §3.4.2: one header field in relaxed form, "name:value" CRLF.
std::string canonicalize_header_relaxed(std::string_view name, std::string_view raw_value);

}  // namespace smtplab::agents
