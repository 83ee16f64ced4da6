// DKIM (RFC 6376): keys and their DNS record, canonicalisation (the RFC's §3.4.5
// example), sign/verify round trip, tampering (body vs header), key lookup errors, and
// tag-list parsing.
#include "sim/agents/dkim.hpp"

#include <gtest/gtest.h>

#include "sim/message/base64.hpp"
#include "tests/agents/topology_dns.hpp"

namespace smtplab::agents {
namespace {

const std::string kMessage =
    "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\n"
    "To: benharraf@menara.ma\r\n"
    "Subject: Rendez-vous\r\n"
    "Date: Mon, 13 May 2024 10:00:00 +0000\r\n"
    "Message-ID: <1@gsimaroc.com>\r\n"
    "X-Mailer: smtplab\r\n"
    "\r\n"
    "Bonjour,\r\n"
    "rendez-vous demain a 10h.\r\n";

class Dkim : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { key_ = new DkimKey(*DkimKey::generate(2048)); }
  static void TearDownTestSuite() {
    delete key_;
    key_ = nullptr;
  }
  Dkim() : dns(resolver_for(lab::default_topology())) {
    dns.add_txt("lab._domainkey.gsimaroc.com", key_->dns_record());
  }
  std::string signed_message(const std::string& message = kMessage) {
    DkimSignOptions options;
    options.domain = "gsimaroc.com";
    options.timestamp = 1715594400;
    const DkimSignature signature = dkim_sign(message, *key_, options);
    EXPECT_TRUE(signature.ok()) << signature.error;
    return signature.field + message;
  }
  static DkimKey* key_;
  Resolver dns;
};
DkimKey* Dkim::key_ = nullptr;

TEST_F(Dkim, KeyRecordAndPemRoundTrip) {
  const std::string record = key_->dns_record();
  ASSERT_EQ(record.rfind("v=DKIM1; k=rsa; p=", 0), 0u);
  const std::string der = message::base64_decode(record.substr(18));
  EXPECT_EQ(der, key_->public_key_der());
  EXPECT_GT(der.size(), 290u);  // SubjectPublicKeyInfo of a 2048-bit RSA key
  const std::string pem = key_->private_key_pem();
  EXPECT_EQ(pem.rfind("-----BEGIN RSA PRIVATE KEY-----", 0), 0u);
  const auto again = DkimKey::from_pem(pem);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->public_key_der(), der);
  EXPECT_FALSE(DkimKey::from_pem("not a key"));
}

// RFC 6376 §3.4.5.
TEST(DkimCanonicalization, Rfc6376Example) {
  EXPECT_EQ(canonicalize_header_relaxed("A", " X"), "a:X\r\n");
  EXPECT_EQ(canonicalize_header_relaxed("B ", " Y\t\r\n\tZ  "), "b:Y Z\r\n");
  const std::string body = " C \r\nD \t E\r\n\r\n\r\n";
  EXPECT_EQ(canonicalize_body_relaxed(body), " C\r\nD E\r\n");
  EXPECT_EQ(canonicalize_body_simple(body), " C \r\nD \t E\r\n");
}

TEST(DkimCanonicalization, EmptyBodyRules) {
  EXPECT_EQ(canonicalize_body_relaxed(""), "");
  EXPECT_EQ(canonicalize_body_relaxed("\r\n\r\n"), "");
  EXPECT_EQ(canonicalize_body_relaxed(" \t\r\n  \r\n"), "");
  EXPECT_EQ(canonicalize_body_simple(""), "\r\n");
  EXPECT_EQ(canonicalize_body_simple("\r\n\r\n"), "\r\n");
  EXPECT_EQ(canonicalize_body_relaxed("no newline"), "no newline\r\n");
}

TEST_F(Dkim, SignatureFieldShape) {
  const std::string message = signed_message();
  ASSERT_EQ(message.rfind("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gsimaroc.com;"
                          " s=lab;\r\n\tt=1715594400; "
                          "h=from:to:subject:date:message-id;\r\n\tbh=",
                          0),
            0u)
      << message;
  // Every line of the field stays within 78 characters.
  const std::string field = message.substr(0, message.find("\r\nFrom:"));
  std::size_t start = 0;
  while (start < field.size()) {
    std::size_t end = field.find("\r\n", start);
    if (end == std::string::npos) end = field.size();
    EXPECT_LE(end - start, 78u);
    start = end + 2;
  }
}

TEST_F(Dkim, RoundTripPasses) {
  const DkimVerification v = dkim_verify(signed_message(), dns);
  EXPECT_EQ(v.result, DkimResult::Pass) << v.reason;
  EXPECT_EQ(v.domain, "gsimaroc.com");
  EXPECT_EQ(v.selector, "lab");
  EXPECT_EQ(v.identity, "@gsimaroc.com");
  EXPECT_EQ(v.signature_prefix.size(), 8u);
  EXPECT_EQ(v.signed_headers,
            (std::vector<std::string>{"from", "to", "subject", "date", "message-id"}));
}

TEST_F(Dkim, BareLfMessagesAndEmptyBodies) {
  std::string lf = kMessage;
  for (std::size_t at = lf.find("\r\n"); at != std::string::npos; at = lf.find("\r\n", at)) {
    lf.erase(at, 1);
  }
  EXPECT_EQ(dkim_verify(signed_message(lf), dns).result, DkimResult::Pass);
  const std::string no_body = "From: a@gsimaroc.com\r\nSubject: x\r\n\r\n";
  EXPECT_EQ(dkim_verify(signed_message(no_body), dns).result, DkimResult::Pass);
  const std::string headers_only = "From: a@gsimaroc.com\r\n";
  EXPECT_EQ(dkim_verify(signed_message(headers_only), dns).result, DkimResult::Pass);
}

TEST_F(Dkim, RelaxedToleratesWhitespaceAndRefolding) {
  std::string message = signed_message();
  message.replace(message.find("Subject: Rendez-vous"), 20, "Subject:   Rendez-vous  ");
  message.replace(message.find("To: benharraf"), 13, "To:\r\n\tbenharraf");
  message.replace(message.find("Bonjour,"), 8, "Bonjour, \t");
  message += "\r\n\r\n";
  const DkimVerification v = dkim_verify(message, dns);
  EXPECT_EQ(v.result, DkimResult::Pass) << v.reason << "\n" << message;
}

TEST_F(Dkim, OneBodyByteChangedIsABodyHashMismatch) {
  std::string message = signed_message();
  message[message.find("demain")] = 'D';
  const DkimVerification v = dkim_verify(message, dns);
  EXPECT_EQ(v.result, DkimResult::Fail);
  EXPECT_EQ(v.failure, DkimFailure::BodyHashMismatch);
  EXPECT_NE(v.reason.find("body"), std::string::npos);
}

TEST_F(Dkim, ChangedSubjectIsASignatureMismatch) {
  std::string message = signed_message();
  message.replace(message.find("Rendez-vous"), 11, "Rendez-VOUS");
  const DkimVerification v = dkim_verify(message, dns);
  EXPECT_EQ(v.result, DkimResult::Fail);
  EXPECT_EQ(v.failure, DkimFailure::SignatureMismatch);
}

TEST_F(Dkim, UnsignedFieldsMayChangeButAddedSignedOnesMayNot) {
  std::string message = signed_message();
  message.replace(message.find("X-Mailer: smtplab"), 17, "X-Mailer: other");
  EXPECT_EQ(dkim_verify(message, dns).result, DkimResult::Pass);
  // A second Subject on top: the verifier takes the last one (bottom-up), still the signed
  // one. A MIME-Version added later is not in h= (it was absent at signing).
  EXPECT_EQ(dkim_verify("MIME-Version: 1.0\r\n" + message, dns).result, DkimResult::Pass);
}

TEST_F(Dkim, UnsignedMessageIsNone) {
  const DkimVerification v = dkim_verify(kMessage, dns);
  EXPECT_EQ(v.result, DkimResult::None);
}

TEST_F(Dkim, KeyProblems) {
  const std::string message = signed_message();
  Resolver empty = resolver_for(lab::default_topology());
  const DkimVerification missing = dkim_verify(message, empty);
  EXPECT_EQ(missing.result, DkimResult::PermError);
  EXPECT_NE(missing.reason.find("lab._domainkey.gsimaroc.com"), std::string::npos);

  dns.break_name("_domainkey.gsimaroc.com");
  EXPECT_EQ(dkim_verify(message, dns).result, DkimResult::TempError);

  Resolver revoked = resolver_for(lab::default_topology());
  revoked.add_txt("lab._domainkey.gsimaroc.com", "v=DKIM1; k=rsa; p=");
  const DkimVerification r = dkim_verify(message, revoked);
  EXPECT_EQ(r.result, DkimResult::PermError);
  EXPECT_NE(r.reason.find("revoked"), std::string::npos);

  Resolver other = resolver_for(lab::default_topology());
  other.add_txt("lab._domainkey.gsimaroc.com", DkimKey::generate(1024)->dns_record());
  const DkimVerification wrong = dkim_verify(message, other);
  EXPECT_EQ(wrong.result, DkimResult::Fail);
  EXPECT_EQ(wrong.failure, DkimFailure::SignatureMismatch);

  Resolver small = resolver_for(lab::default_topology());
  small.add_txt("lab._domainkey.gsimaroc.com", DkimKey::generate(512)->dns_record());
  EXPECT_EQ(dkim_verify(message, small).result, DkimResult::PermError);
}

TEST_F(Dkim, BrokenSignatureFieldsArePermErrors) {
  const std::string body = kMessage;
  const std::pair<const char*, const char*> cases[] = {
      {"v=1; a=rsa-sha256; d=gsimaroc.com; h=from; bh=AAAA; b=AAAA", "required tag s="},
      {"v=2; a=rsa-sha256; d=gsimaroc.com; s=lab; h=from; bh=AAAA; b=AAAA; c=relaxed", "version"},
      {"v=1; a=rsa-sha1; d=gsimaroc.com; s=lab; h=from; bh=AAAA; b=AAAA", "rsa-sha1"},
      {"v=1; a=rsa-sha256; d=gsimaroc.com; s=lab; h=to; bh=AAAA; b=AAAA", "From"},
      {"v=1; a=rsa-sha256; d=gsimaroc.com; s=lab; h=from; bh=AAAA; b=AAAA; i=@evil.example", "i="},
      {"v=1; a=rsa-sha256; d=gsimaroc.com; s=lab; h=from; bh=AAAA; b=AAAA; x=1000", "expired"},
      {"v=1; v=1; a=rsa-sha256", "duplicate"},
      {"v=1; a=rsa-sha256; c=odd; d=gsimaroc.com; s=lab; h=from; bh=AAAA; b=AAAA",
       "canonicalization"},
  };
  for (const auto& [tags, word] : cases) {
    const std::string message = "DKIM-Signature: " + std::string(tags) + "\r\n" + body;
    const DkimVerification v = dkim_verify(message, dns);
    EXPECT_EQ(v.result, DkimResult::PermError) << tags;
    EXPECT_NE(v.reason.find(word), std::string::npos) << tags << " -> " << v.reason;
  }
}

TEST_F(Dkim, SigningNeedsAFromField) {
  DkimSignOptions options;
  options.domain = "gsimaroc.com";
  const DkimSignature s = dkim_sign("Subject: x\r\n\r\nbody\r\n", *key_, options);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.error.find("From"), std::string::npos);
}

TEST(DkimTags, ParsesValuesAndPositions) {
  std::string error;
  const std::string text = " v=1; a=rsa-sha256;\r\n\tb=ab\r\n\t cd ; x =  y ;";
  const auto tags = parse_dkim_tags(text, error);
  ASSERT_TRUE(tags) << error;
  ASSERT_EQ(tags->size(), 4u);
  EXPECT_EQ((*tags)[2].name, "b");
  EXPECT_EQ((*tags)[2].value, "ab\r\n\t cd");
  EXPECT_EQ(text.substr((*tags)[2].value_begin, (*tags)[2].value_end - (*tags)[2].value_begin),
            "ab\r\n\t cd ");
  EXPECT_EQ((*tags)[3].name, "x");
  EXPECT_EQ((*tags)[3].value, "y");
  for (const char* bad : {"v", "=1", "v=1;;a=2", "1v=2", "v=1; v=2", "a=\x01"}) {
    EXPECT_FALSE(parse_dkim_tags(bad, error)) << bad;
  }
}

}  // namespace
}  // namespace smtplab::agents
