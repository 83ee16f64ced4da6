// The built-in default topology (used when no scenario is given).
#include "sim/lab/topology_spec.hpp"

namespace smtplab::lab {

TopologySpec default_topology() {
  TopologySpec t;
  t.name = "default";

  NodeSpec mua;
  mua.id = "mua.ali";
  mua.kind = NodeKind::Mua;
  mua.address = "127.0.1.10";
  mua.hostname = "pc-ali.gsimaroc.com";
  mua.label = {"Client de messagerie d'Ali", "Ali's mail client"};
  mua.submit = SubmitSpec{"msa.gsimaroc.com", "submission", true, "ali.belabbas", "sesame"};
  t.nodes.push_back(mua);

  NodeSpec msa;
  msa.id = "msa.gsimaroc.com";
  msa.kind = NodeKind::Msa;
  msa.address = "127.0.1.20";
  msa.label = {"Serveur d'envoi (MSA)", "Submission server (MSA)"};
  msa.users = {{"ali.belabbas", "sesame"}};
  msa.domains = {"gsimaroc.com"};  // it also holds the gsimaroc.com mailboxes (bounces land here)
  msa.mailboxes = {"ali.belabbas"};
  msa.routing.smarthost = "relay.gsimaroc.com";
  msa.rewrite.masquerade_domain = "gsimaroc.com";
  msa.mail_auth.dkim_sign = true;
  msa.mail_auth.dkim_domain = "gsimaroc.com";
  t.nodes.push_back(msa);

  NodeSpec relay;
  relay.id = "relay.gsimaroc.com";
  relay.kind = NodeKind::Relay;
  relay.address = "127.0.1.30";
  relay.label = {"Relais sortant", "Outgoing relay"};
  relay.relay.networks = {"127.0.1.0/24"};
  t.nodes.push_back(relay);

  NodeSpec mx;
  mx.id = "mx.menara.ma";
  mx.kind = NodeKind::Mx;
  mx.address = "127.0.2.20";
  mx.label = {"Serveur de destination (MX + MDA)", "Destination server (MX + MDA)"};
  mx.domains = {"menara.ma"};
  mx.mailboxes = {"benharraf", "Henri.Dupont"};
  mx.aliases = {{"dupont", {"Henri.Dupont@menara.ma"}}};
  mx.lists = {{"profs", {"benharraf@menara.ma", "Henri.Dupont@menara.ma"}}};
  mx.mail_auth.spf_check = true;
  mx.mail_auth.dkim_verify = true;
  mx.mail_auth.dmarc_apply = true;
  t.nodes.push_back(mx);

  t.dns = {
      DnsZoneSpec{"gsimaroc.com",
                  {MxSpec{10, "msa.gsimaroc.com"}},
                  {},
                  {"v=spf1 ip4:127.0.1.0/24 -all"},
                  std::nullopt},
      DnsZoneSpec{
          "_dmarc.gsimaroc.com", {}, {}, {"v=DMARC1; p=reject; adkim=r; aspf=r"}, std::nullopt},
      DnsZoneSpec{"menara.ma", {MxSpec{10, "mx.menara.ma"}}, {}, {"v=spf1 mx -all"}, std::nullopt},
  };
  return t;
}

}  // namespace smtplab::lab
