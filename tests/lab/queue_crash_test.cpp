// Crash test: kill -9 the lab while messages wait in a relay's queue, start it again on
// the same state, and check that every accepted message is delivered exactly once per
// recipient. RFC 5321's at-least-once allows a duplicate only for a crash between a next
// hop's 250 and the sender's queue update; the child waits until the MSA's queue is empty
// (every MSA -> relay handoff recorded) and the MX is down, so no such window is open when
// it is killed, and any duplicate is a bug.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>

#include "sim/message/header.hpp"
#include "tests/lab/lab_fixture.hpp"

namespace smtplab::lab::testing {
namespace {

constexpr int kMessages = 20;

TEST_F(LabTest, KillNineWithAFullQueueLosesNothingAndDuplicatesNothing) {
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child: MX down, submit, wait until the relay holds every message, say so, wait
    // to be killed.
    ::close(ready[0]);
    RuntimeOptions options;
    options.state_dir = dir;
    options.standard_ports = false;
    LabRuntime runtime(topology, options);
    runtime.start();
    runtime.inject(Fault{Fault::Kind::NodeDown, "mx.menara.ma", "", 0, ""});
    for (int i = 0; i < kMessages; ++i) {
      runtime.submit("mua.ali", {"ali.belabbas@gsimaroc.com",
                                 {"benharraf@menara.ma", "Henri.Dupont@menara.ma"},
                                 message("crash-" + std::to_string(i)),
                                 {}});
    }
    auto settled = [&] {
      return runtime.agent("relay.gsimaroc.com")->queue().size() == kMessages &&
             runtime.agent("msa.gsimaroc.com")->queue().size() == 0;
    };
    for (int i = 0; i < 1000 && !settled(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const char byte = settled() ? 'y' : 'n';
    (void)!::write(ready[1], &byte, 1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  ::close(ready[0]);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_EQ(byte, 'y') << "the relay did not hold every message before the crash";
  ASSERT_TRUE(WIFSIGNALED(status));

  // After the crash: the same state directory, the MX up.
  start();
  const std::size_t recovered = lab->agent("relay.gsimaroc.com")->queue().size();
  EXPECT_EQ(recovered, static_cast<std::size_t>(kMessages));
  ASSERT_TRUE(lab->wait_idle(std::chrono::seconds(60)));
  for (const std::string rcpt : {"benharraf@menara.ma", "Henri.Dupont@menara.ma"}) {
    const auto box = mailbox("mx.menara.ma", rcpt);
    std::multiset<std::string> ids;
    for (const auto& m : box)
      ids.insert(message::parse_header_block(m).headers.get("Message-ID").value_or("?"));
    std::set<std::string> unique(ids.begin(), ids.end());
    std::printf("crash test: %s: %zu recovered from the spool, %zu delivered, %zu distinct\n",
                rcpt.c_str(), recovered, box.size(), unique.size());
    EXPECT_EQ(box.size(), static_cast<std::size_t>(kMessages)) << rcpt;
    EXPECT_EQ(unique.size(), static_cast<std::size_t>(kMessages)) << rcpt;
  }
}

}  // namespace
}  // namespace smtplab::lab::testing
