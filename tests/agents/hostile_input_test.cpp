// Parsers never crash: random and truncated inputs through the SPF record parser (via
// TXT records), the DKIM verifier and tag parser, the DMARC parser and the IP parser.
#include <gtest/gtest.h>

#include <random>

#include "sim/agents/dkim.hpp"
#include "sim/agents/dmarc.hpp"
#include "sim/agents/ip_range.hpp"
#include "sim/agents/spf.hpp"
#include "tests/agents/topology_dns.hpp"

namespace smtplab::agents {
namespace {

std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_length) {
  std::uniform_int_distribution<std::size_t> length(0, max_length);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::string out(length(rng), ' ');
  for (char& c : out) c = alphabet[pick(rng)];
  return out;
}

TEST(HostileInput, NoCrashOnRandomRecordsAndMessages) {
  std::mt19937 rng(20240513);
  const std::string_view spf_alphabet = "v=spf1 +-~?:/.%{}aipmxlnc4612_r0123456789exists:include";
  const std::string_view tag_alphabet = "v=1;a=rsa-sha256 bhdsl:\r\n\t=;ABCxyz+/0";
  const std::string seed =
      "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=gsimaroc.com; s=lab;"
      " h=from:to; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
      "From: a@gsimaroc.com\r\n\r\nbody\r\n";
  for (int round = 0; round < 400; ++round) {
    Resolver dns = resolver_for(lab::default_topology());
    dns.add_txt("fuzz.example", "v=spf1 " + random_text(rng, spf_alphabet, 60));
    dns.add_txt("lab._domainkey.gsimaroc.com", random_text(rng, tag_alphabet, 80));
    const SpfOutcome spf = SpfChecker(dns).check_host("127.0.1.20", "fuzz.example", "a@b.example");
    EXPECT_LE(spf.dns_lookups, 11);

    std::string error;
    parse_dkim_tags(random_text(rng, tag_alphabet, 80), error);
    parse_dmarc_record("v=DMARC1; " + random_text(rng, "p=;rejctsnoquaip%1 ", 40), error);
    IpAddress::parse(random_text(rng, "0123456789abcdef:.", 45));
    IpRange::parse(random_text(rng, "0123456789:./", 20));

    std::string message = seed;
    std::uniform_int_distribution<std::size_t> at(0, message.size() - 1);
    for (int k = 0; k < 4; ++k) message[at(rng)] = static_cast<char>(rng() & 0xff);
    message.resize(at(rng));
    dkim_verify(message, dns);
  }
}

}  // namespace
}  // namespace smtplab::agents
