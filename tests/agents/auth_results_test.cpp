// Authentication-Results (RFC 8601) built from real SPF, DKIM and DMARC verdicts.
#include "sim/agents/auth_results.hpp"
#include "tests/agents/topology_dns.hpp"

#include <gtest/gtest.h>

namespace smtplab::agents {
namespace {

TEST(AuthResults, FieldForTheDefaultTopology) {
  const Resolver dns = resolver_for(lab::default_topology());
  const SpfRequest request{"127.0.1.30", "ali.belabbas@gsimaroc.com", "relay.gsimaroc.com",
                           "mx.menara.ma"};
  const SpfOutcome spf = SpfChecker(dns).check_mail_from(request);
  DkimVerification dkim;
  dkim.result = DkimResult::Pass;
  dkim.domain = "gsimaroc.com";
  dkim.selector = "lab";
  dkim.signature_prefix = "zbCkaNEO";
  const DmarcOutcome dmarc =
      evaluate_dmarc({"gsimaroc.com", spf.result, "gsimaroc.com", {dkim}}, dns);
  const std::string field = authentication_results_field(
      "mx.menara.ma",
      {spf_auth_result(spf, request), dkim_auth_result(dkim), dmarc_auth_result(dmarc)});
  EXPECT_EQ(field,
            "Authentication-Results: mx.menara.ma;\r\n"
            "\tspf=pass smtp.mailfrom=gsimaroc.com;\r\n"
            "\tdkim=pass header.d=gsimaroc.com header.s=lab header.b=zbCkaNEO;\r\n"
            "\tdmarc=pass (p=reject dis=none) header.from=gsimaroc.com\r\n");
}

TEST(AuthResults, FailuresCarryTheirReason) {
  DkimVerification dkim;
  dkim.result = DkimResult::Fail;
  dkim.domain = "gsimaroc.com";
  dkim.selector = "lab";
  dkim.reason = "body hash did not verify (modified)";
  const AuthMethodResult entry = dkim_auth_result(dkim);
  EXPECT_EQ(authentication_results_field("mx", {entry}),
            "Authentication-Results: mx;\r\n"
            "\tdkim=fail (body hash did not verify \\(modified\\)) header.d=gsimaroc.com "
            "header.s=lab\r\n");
  const SpfRequest bounce{"127.0.1.30", "", "relay.gsimaroc.com", "mx"};
  SpfOutcome none;
  none.domain = "relay.gsimaroc.com";
  EXPECT_EQ(authentication_results_field("mx", {spf_auth_result(none, bounce)}),
            "Authentication-Results: mx;\r\n\tspf=none smtp.helo=relay.gsimaroc.com\r\n");
  EXPECT_EQ(authentication_results_field("mx", {}), "Authentication-Results: mx; none\r\n");
  EXPECT_EQ(authentication_results_field(
                "mx", {{"x", "pass", "", {{"header.from", "a b"}, {"smtp.mailfrom", "u@d"}}}}),
            "Authentication-Results: mx;\r\n\tx=pass header.from=\"a b\" smtp.mailfrom=u@d\r\n");
}

}  // namespace
}  // namespace smtplab::agents
