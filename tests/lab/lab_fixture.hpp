// Helpers for end-to-end lab tests: a runtime on free ports in a fresh directory, message
// composition, and reading back mailboxes and timeline events.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "sim/agents/maildir.hpp"
#include "sim/lab/lab_runtime.hpp"

namespace smtplab::lab::testing {

class LabTest : public ::testing::Test {
 protected:
  TopologySpec topology = default_topology();
  std::filesystem::path dir;
  std::unique_ptr<LabRuntime> lab;

  void SetUp() override {
    dir = std::filesystem::temp_directory_path() /
          ("smtplab-lab-" +
           std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
           std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
  }
  void TearDown() override {
    if (lab) lab->stop();
    std::filesystem::remove_all(dir);
  }
  NodeSpec& node(const std::string& id) {
    for (auto& n : topology.nodes) {
      if (n.id == id) return n;
    }
    throw std::runtime_error("no node " + id);
  }
  void start() {
    RuntimeOptions options;
    options.state_dir = dir;
    options.standard_ports = false;  // tests run in parallel: any free port
    lab = std::make_unique<LabRuntime>(topology, options);
    lab->start();
  }
  static std::string message(const std::string& subject,
                             const std::string& to = "benharraf@menara.ma") {
    return "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\nTo: <" + to +
           ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject +
           "@gsimaroc.com>\r\n\r\nBonjour.\r\n";
  }
  std::vector<protocol::MessageResult> submit(const std::vector<std::string>& to,
                                              const std::string& subject) {
    return lab->submit("mua.ali",
                       {"ali.belabbas@gsimaroc.com", to, message(subject, to.front()), {}});
  }
  std::vector<std::string> mailbox(const std::string& node_id, const std::string& address) {
    agents::MaildirStore store(dir / "mail" / node_id);
    std::vector<std::string> out;
    for (const auto& f : store.list(address)) out.push_back(agents::read_file(f));
    return out;
  }
  std::vector<TimelineEvent> events(TimelineKind kind) {
    std::vector<TimelineEvent> out;
    for (auto& e : lab->timeline().snapshot()) {
      if (e.kind == kind) out.push_back(e);
    }
    return out;
  }
  /// Waits (real time) until an event of `kind` whose text contains `needle` appears.
  bool wait_for(TimelineKind kind, const std::string& needle, int millis = 10000) {
    for (int i = 0; i < millis / 20; ++i) {
      for (const auto& e : events(kind)) {
        if (e.text.find(needle) != std::string::npos) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  static std::size_t count(const std::string& text, const std::string& needle) {
    std::size_t n = 0;
    for (auto p = text.find(needle); p != std::string::npos; p = text.find(needle, p + 1)) ++n;
    return n;
  }
};

}  // namespace smtplab::lab::testing
