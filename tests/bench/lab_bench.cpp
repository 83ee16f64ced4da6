// Benchmark of the whole 4-hop chain in run mode: MUA -> MSA (587, STARTTLS + AUTH, DKIM
// signing) -> relay -> MX (SPF/DKIM/DMARC checks) -> Maildir, every hop a real SMTP
// session over loopback. Prints messages/s end to end and the latency from the start of
// submission to the Maildir delivery (median, p99). Usage: lab_bench [MESSAGES] [CLIENTS]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "sim/lab/lab_runtime.hpp"

int main(int argc, char** argv) {
  using namespace smtplab;
  using Clock = std::chrono::steady_clock;
  const int messages = argc > 1 ? std::atoi(argv[1]) : 400;
  const int clients = argc > 2 ? std::atoi(argv[2]) : 4;

  lab::TopologySpec topology = lab::default_topology();
  for (auto& node : topology.nodes) {
    if (node.id == "mx.menara.ma") node.mailboxes.clear();  // every local part exists
  }
  const auto dir =
      std::filesystem::temp_directory_path() / ("smtplab-lab-bench-" + std::to_string(::getpid()));
  lab::RuntimeOptions options;
  options.state_dir = dir;
  options.standard_ports = false;
  lab::LabRuntime runtime(topology, options);
  runtime.start();

  // A marker ties the timeline's clock to ours (both are steady_clock).
  lab::TimelineEvent marker;
  marker.kind = lab::TimelineKind::Step;
  marker.text = "bench start";
  const auto marker_time = Clock::now();
  runtime.timeline().append(marker);
  const double marker_at = runtime.timeline().snapshot().front().time;

  std::vector<double> submitted(static_cast<std::size_t>(messages), 0);
  std::atomic<int> next{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&] {
      for (int i = next++; i < messages; i = next++) {
        const std::string to = "user" + std::to_string(i) + "@menara.ma";
        submitted[static_cast<std::size_t>(i)] =
            std::chrono::duration<double>(Clock::now() - marker_time).count();
        const std::string content = "From: Ali Belabbas <ali.belabbas@gsimaroc.com>\r\nTo: <" + to +
                                    ">\r\nSubject: bench " + std::to_string(i) + "\r\n\r\n" + [] {
                                      std::string body;
                                      for (int l = 0; l < 10; ++l)
                                        body += std::string(98, 'x') + "\r\n";
                                      return body;
                                    }();
        const auto results =
            runtime.submit("mua.ali", {"ali.belabbas@gsimaroc.com", {to}, content, {}});
        const auto& r = results.at(0).recipients.at(0);
        if (r.outcome != protocol::RecipientResult::Outcome::Delivered && refused++ == 0) {
          std::printf("  first refusal: %d %s\n", r.reply.code, r.reply.text().c_str());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  const bool idle = runtime.wait_idle(std::chrono::minutes(5));
  runtime.stop();

  std::vector<double> latencies;
  double last = 0;
  for (const auto& e : runtime.timeline().snapshot()) {
    const auto* delivered = e.details<lab::DeliveredPayload>();
    if (!delivered || e.node != "mx.menara.ma") continue;
    const std::string& box = delivered->mailbox;
    const int i = std::atoi(box.c_str() + 4);
    const double at = e.time - marker_at;
    latencies.push_back(at - submitted[static_cast<std::size_t>(i)]);
    last = std::max(last, at);
  }
  std::sort(latencies.begin(), latencies.end());
  const double first = *std::min_element(submitted.begin(), submitted.end());
  const auto pct = [&](double p) {
    return latencies.empty()
               ? 0.0
               : latencies[std::min(
                     latencies.size() - 1,
                     static_cast<std::size_t>(p * static_cast<double>(latencies.size())))];
  };
  std::printf(
      "4-hop chain (MUA -> MSA -> relay -> MX -> Maildir), %d messages, %d submitting clients\n",
      messages, clients);
  std::printf(
      "  delivered %zu (refused at submission: %d, idle: %s) in %.2f s = %.1f messages/s end to "
      "end\n",
      latencies.size(), refused.load(), idle ? "yes" : "no", last - first,
      static_cast<double>(latencies.size()) / (last - first));
  std::printf("  latency submit -> mailbox: median %.1f ms, p99 %.1f ms, max %.1f ms\n",
              pct(0.5) * 1000, pct(0.99) * 1000, latencies.empty() ? 0.0 : latencies.back() * 1000);
  (void)start;
  std::filesystem::remove_all(dir);
  return latencies.size() == static_cast<std::size_t>(messages) ? 0 : 1;
}
