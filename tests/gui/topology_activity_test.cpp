// The topology's live activity, derived from a timeline without a window: open sessions
// and their dialogue progress, active faults per node and node health, a node's sessions
// and log, the envelope's glide; and the faults built by name for the menu and script.
#include <gtest/gtest.h>

#include "gui/app/model/lab_faults.hpp"
#include "gui/app/model/topology_activity.hpp"
#include "sim/lab/topology_spec.hpp"

namespace smtplab::app {
namespace {

lab::TimelineEvent event(lab::TimelineKind kind, std::string node, std::uint64_t session = 0) {
  lab::TimelineEvent e;
  e.kind = kind;
  e.node = std::move(node);
  e.session = session;
  return e;
}

lab::TimelineEvent command(const std::string& node, std::uint64_t session, std::string verb) {
  auto e = event(lab::TimelineKind::Command, node, session);
  e.verb = std::move(verb);
  return e;
}

lab::TimelineEvent fault(const std::string& action, const std::string& kind,
                         const std::string& target, const std::string& verb = "") {
  auto e = event(lab::TimelineKind::Fault, target);
  lab::FaultPayload change;
  change.inject = action == "inject";
  change.target = target;
  change.fault = lab::fault_kind_from_timeline(kind);
  if (!verb.empty()) change.verb = verb;
  e.payload = change;
  return e;
}

TEST(TopologyActivity, OpenSessionsMoveWithTheirDialogue) {
  const auto topology = lab::default_topology();
  auto opened = event(lab::TimelineKind::SessionOpened, "relay.gsimaroc.com", 1);
  opened.peer = "msa.gsimaroc.com";
  std::vector<lab::TimelineEvent> timeline = {opened, command("relay.gsimaroc.com", 1, "EHLO"),
                                              command("relay.gsimaroc.com", 1, "MAIL")};
  auto activity = derive_topology_activity(timeline, topology);
  ASSERT_EQ(activity.sessions.size(), 1u);
  EXPECT_EQ(activity.sessions[0].client_node, "msa.gsimaroc.com");
  EXPECT_EQ(activity.sessions[0].server_node, "relay.gsimaroc.com");
  EXPECT_DOUBLE_EQ(activity.sessions[0].progress, 0.45);
  EXPECT_EQ(activity.sessions[0].exchanges, 2u);
  // A second RCPT after its reply does not move the envelope back.
  auto reply = event(lab::TimelineKind::Reply, "relay.gsimaroc.com", 1);
  timeline.push_back(command("relay.gsimaroc.com", 1, "RCPT"));
  timeline.push_back(reply);
  timeline.push_back(command("relay.gsimaroc.com", 1, "RCPT"));
  activity = derive_topology_activity(timeline, topology);
  EXPECT_NEAR(activity.sessions[0].progress, 0.59, 1e-9);
  // Read in two parts (a growing timeline), the result is the same.
  TopologyActivity grown =
      derive_topology_activity({timeline.begin(), timeline.begin() + 3}, topology);
  extend_topology_activity(grown, timeline, 3, topology);
  ASSERT_EQ(grown.sessions.size(), 1u);
  EXPECT_NEAR(grown.sessions[0].progress, 0.59, 1e-9);
  EXPECT_EQ(grown.sessions[0].exchanges, activity.sessions[0].exchanges);
  timeline.push_back(event(lab::TimelineKind::SessionClosed, "relay.gsimaroc.com", 1));
  EXPECT_TRUE(derive_topology_activity(timeline, topology).sessions.empty());
  extend_topology_activity(grown, timeline, timeline.size() - 1, topology);
  EXPECT_TRUE(grown.sessions.empty());
}

TEST(TopologyActivity, FaultsMakeNodesDownOrFaultedUntilCleared) {
  const auto topology = lab::default_topology();
  std::vector<lab::TimelineEvent> timeline = {
      fault("inject", "node_down", "mx.menara.ma"),
      fault("inject", "reply", "relay.gsimaroc.com", "RCPT"),
      fault("inject", "reply", "relay.gsimaroc.com", "MAIL"),
      fault("inject", "break_dns", "menara.ma")};
  timeline.back().node = "dns";
  auto activity = derive_topology_activity(timeline, topology);
  EXPECT_EQ(activity.health["mx.menara.ma"], NodeHealth::Down);
  EXPECT_EQ(activity.health["relay.gsimaroc.com"], NodeHealth::Faulted);
  EXPECT_EQ(activity.health["msa.gsimaroc.com"], NodeHealth::Up);
  EXPECT_EQ(faults_of(activity, "mx.menara.ma").size(), 2u);  // down, and its domain's DNS
  EXPECT_EQ(faults_of(activity, "relay.gsimaroc.com").size(), 2u);
  // Clearing a reply fault without a verb clears every verb's; the node is up again.
  timeline.push_back(fault("clear", "reply", "relay.gsimaroc.com"));
  timeline.push_back(fault("clear", "node_down", "mx.menara.ma"));
  activity = derive_topology_activity(timeline, topology);
  EXPECT_EQ(activity.health["relay.gsimaroc.com"], NodeHealth::Up);
  EXPECT_EQ(activity.health["mx.menara.ma"], NodeHealth::Faulted);  // DNS still broken
}

TEST(TopologyActivity, NodeSessionsAndLog) {
  auto opened = event(lab::TimelineKind::SessionOpened, "relay.gsimaroc.com", 3);
  opened.peer = "msa.gsimaroc.com";
  const std::vector<lab::TimelineEvent> timeline = {
      event(lab::TimelineKind::Queued, "msa.gsimaroc.com"), opened,
      command("relay.gsimaroc.com", 3, "EHLO"),
      event(lab::TimelineKind::Delivered, "mx.menara.ma")};
  EXPECT_EQ(sessions_of_node(timeline, "msa.gsimaroc.com"), std::vector<std::uint64_t>{3});
  EXPECT_EQ(sessions_of_node(timeline, "relay.gsimaroc.com"), std::vector<std::uint64_t>{3});
  EXPECT_EQ(log_of_node(timeline, "msa.gsimaroc.com"), (std::vector<std::size_t>{0, 1}));
  EXPECT_EQ(log_of_node(timeline, "relay.gsimaroc.com"), (std::vector<std::size_t>{1, 2}));
}

TEST(TopologyActivity, EnvelopeGlidesToEachStep) {
  EnvelopeMotion motion;
  EXPECT_DOUBLE_EQ(advance_envelope(motion, 0.15, 10.0), 0.0);  // starts at the client
  EXPECT_DOUBLE_EQ(advance_envelope(motion, 0.15, 10.0 + kEnvelopeGlideSeconds), 0.15);
  const double mid = advance_envelope(motion, 0.45, 20.0 + kEnvelopeGlideSeconds / 2);
  EXPECT_DOUBLE_EQ(mid, 0.15);  // the glide to the new step starts now
  const double later = advance_envelope(motion, 0.45, 20.0 + kEnvelopeGlideSeconds);
  EXPECT_GT(later, 0.15);
  EXPECT_LT(later, 0.45);
  EXPECT_DOUBLE_EQ(advance_envelope(motion, 0.45, 30.0), 0.45);
}

TEST(LabFaults, BuildsFaultsByName) {
  const auto topology = lab::default_topology();
  std::string error;
  auto reply = make_fault(topology, "mx.menara.ma", "reply", "451 rcpt", error);
  ASSERT_TRUE(reply) << error;
  EXPECT_EQ(reply->kind, lab::Fault::Kind::ReplyToVerb);
  EXPECT_EQ(reply->code, 451);
  EXPECT_EQ(reply->verb, "RCPT");
  auto fill = make_fault(topology, "mx.menara.ma", "fill-mailbox", "", error);
  ASSERT_TRUE(fill) << error;
  EXPECT_EQ(fill->target, "benharraf@menara.ma");
  auto dns = make_fault(topology, "mx.menara.ma", "break-dns", "", error);
  ASSERT_TRUE(dns) << error;
  EXPECT_EQ(dns->target, "menara.ma");
  auto relay_dns = make_fault(topology, "relay.gsimaroc.com", "break-dns", "", error);
  ASSERT_TRUE(relay_dns) << error;
  EXPECT_FALSE(relay_dns->target.empty());  // never "every name" by default
  EXPECT_FALSE(make_fault(topology, "mx.menara.ma", "reply", "RCPT", error));
  EXPECT_FALSE(make_fault(topology, "mua.ali", "down", "", error));
  EXPECT_FALSE(make_fault(topology, "nowhere", "down", "", error));
  EXPECT_FALSE(make_fault(topology, "mx.menara.ma", "explode", "", error));
  const ActiveFault reply_fault{"reply", "mx.menara.ma", "RCPT", "451", "mx.menara.ma", ""};
  EXPECT_EQ(describe_fault(reply_fault, Language::En), "answers 451 to RCPT");
  EXPECT_EQ(describe_fault(reply_fault, Language::Fr), "répond 451 à RCPT");
  const auto cleared = clearing_fault(reply_fault);
  EXPECT_EQ(cleared.kind, lab::Fault::Kind::ReplyToVerb);
  EXPECT_EQ(cleared.node, "mx.menara.ma");
  EXPECT_EQ(cleared.verb, "RCPT");
}

}  // namespace
}  // namespace smtplab::app
