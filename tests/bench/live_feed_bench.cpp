// The window's live capture through a lecture: frames of a capture are fed as the live
// feed takes them, and a model is published every PUBLISH_EVERY frames, as the feed does a
// few times a second. Prints the cost of one publish near the start (minute 5 of a 60
// minute capture) and at the end, for the feed as it is (the analyzer's snapshot: new
// frames only) and for a rebuild that analyses every frame again (the feed before).
//
// Usage: live_feed_bench CAPTURE [PUBLISH_EVERY (default 100)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "capture/capture_analyzer.hpp"
#include "capture/frame_queue.hpp"
#include "capture/pcap_reader.hpp"
#include "gui/app/model/live_capture_store.hpp"

namespace {

using namespace smtplab;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: live_feed_bench CAPTURE [PUBLISH_EVERY]\n");
    return 2;
  }
  const std::size_t every = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 100;
  std::vector<capture::OwnedFrame> frames;
  capture::PcapReader reader(argv[1]);
  if (!reader.ok()) {
    std::fprintf(stderr, "%s\n", reader.error().c_str());
    return 1;
  }
  while (auto f = reader.next()) {
    capture::OwnedFrame owned;
    owned.ts_sec = f->ts_sec;
    owned.ts_nsec = f->ts_nsec;
    owned.link_type = f->link_type;
    owned.original_length = f->original_length;
    owned.bytes.assign(f->data.begin(), f->data.end());
    frames.push_back(std::move(owned));
  }
  const std::size_t total = frames.size();
  const std::size_t early_end = total / 12;  // minute 5 of 60
  const int link = reader.link_type();

  // The feed as it is: one analyzer fed once per frame, snapshots at each publish.
  std::vector<capture::SmtpSession> released;
  capture::CaptureAnalyzer analyzer(
      [&](capture::SmtpSession&& s) { released.push_back(std::move(s)); });
  analyzer.keep_open_frames();
  app::LiveCaptureStore store(link);
  std::vector<double> early_analysis, late_analysis, early_build, late_build;
  const auto feed_start = Clock::now();
  double publish_ms_total = 0;
  for (std::size_t i = 0; i < total; ++i) {
    const capture::Frame frame = frames[i].view(i + 1);
    store.append(frame);
    analyzer.add(frame);
    if ((i + 1) % every != 0) continue;
    // Ten publishes before minute 5, and the last ten.
    const bool early = i + 1 <= early_end && i + 1 + 10 * every > early_end;
    const bool late = i + 1 + 10 * every > total;
    const auto t0 = Clock::now();
    capture::CaptureAnalysis analysis = analyzer.snapshot("live", link);
    analysis.sessions.insert(analysis.sessions.begin(), released.begin(), released.end());
    const double analysis_ms = ms_since(t0);
    const auto t1 = Clock::now();
    auto model = store.build(std::move(analysis), "live");
    const double build_ms = ms_since(t1);
    publish_ms_total += analysis_ms + build_ms;
    if (early) early_analysis.push_back(analysis_ms), early_build.push_back(build_ms);
    if (late) late_analysis.push_back(analysis_ms), late_build.push_back(build_ms);
  }
  const double feed_ms = ms_since(feed_start);

  // The feed before: every publish analysed every frame stored so far again.
  const auto rebuild = [&](std::size_t count) {
    const auto t0 = Clock::now();
    capture::CaptureAnalyzer full;
    for (std::size_t i = 0; i < count; ++i) full.add(frames[i].view(i + 1));
    auto analysis = full.finish("live", link);
    return ms_since(t0);
  };
  std::vector<double> early_rebuild, late_rebuild;
  for (int k = 0; k < 5; ++k) {
    early_rebuild.push_back(rebuild(early_end));
    late_rebuild.push_back(rebuild(total));
  }

  std::printf("frames %zu, publish every %zu frames (%zu publishes), sessions %zu\n", total, every,
              total / every, released.size());
  std::printf(
      "analysis per publish, median ms:   snapshot early %.3f late %.3f (late/early %.2f)\n",
      median(early_analysis), median(late_analysis),
      median(late_analysis) / std::max(1e-9, median(early_analysis)));
  std::printf(
      "                                   full re-analysis early %.3f late %.3f (late/early "
      "%.2f)\n",
      median(early_rebuild), median(late_rebuild),
      median(late_rebuild) / std::max(1e-9, median(early_rebuild)));
  std::printf("                                   snapshot/full at the end: %.4f\n",
              median(late_analysis) / std::max(1e-9, median(late_rebuild)));
  std::printf("model build per publish, median ms: early %.3f late %.3f (late/early %.2f)\n",
              median(early_build), median(late_build),
              median(late_build) / std::max(1e-9, median(early_build)));
  std::printf(
      "whole feed %.0f ms, of which publishing %.0f ms; frames kept for snapshots at the end %zu\n",
      feed_ms, publish_ms_total, analyzer.frames_kept());
  return 0;
}
