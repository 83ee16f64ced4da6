// A live capture's snapshot must show exactly what a capture file ending at that frame
// shows: for every capture of the corpus and many cut points, the snapshot of an analyzer
// that goes on equals the analysis of the first frames alone (compared as the JSON report,
// every field), with or without a sink taking the released sessions.
#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "capture/analysis_report.hpp"
#include "capture/capture_analyzer.hpp"
#include "capture/frame_queue.hpp"
#include "capture/pcap_reader.hpp"
#include "tests/capture/public_captures.hpp"

namespace smtplab::capture {
namespace {

std::vector<OwnedFrame> read_frames(const std::string& path) {
  std::vector<OwnedFrame> frames;
  PcapReader reader(path);
  while (auto frame = reader.next()) {
    OwnedFrame owned;
    owned.ts_sec = frame->ts_sec;
    owned.ts_nsec = frame->ts_nsec;
    owned.link_type = frame->link_type;
    owned.original_length = frame->original_length;
    owned.bytes.assign(frame->data.begin(), frame->data.end());
    frames.push_back(std::move(owned));
  }
  return frames;
}

std::string report(const CaptureAnalysis& analysis) {
  ReportOptions options;
  options.show_secrets = true;
  return analysis_to_json(analysis, options).dump(1);
}

// The analysis of frames [0, count) as a file holding only them gives it.
std::string prefix_report(const std::vector<OwnedFrame>& frames, std::size_t count) {
  CaptureAnalyzer analyzer;
  for (std::size_t i = 0; i < count; ++i) analyzer.add(frames[i].view(i + 1));
  return report(analyzer.finish("cut", 1));
}

// About 40 cut points per capture, plus every frame of the first 60.
std::vector<std::size_t> cut_points(std::size_t frames) {
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i <= std::min<std::size_t>(frames, 60); ++i) cuts.push_back(i);
  const std::size_t stride = std::max<std::size_t>(1, frames / 40);
  for (std::size_t i = 60; i <= frames; i += stride) cuts.push_back(i);
  cuts.push_back(frames);
  return cuts;
}

TEST(AnalysisSnapshot, EqualsTheAnalysisOfTheFramesSoFar) {
  const auto files = public_captures();
  ASSERT_FALSE(files.empty());
  std::size_t compared = 0;
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    const auto frames = read_frames(file.string());
    if (frames.size() > 5000) continue;  // the prefix analyses would take too long
    const auto cuts = cut_points(frames.size());
    CaptureAnalyzer live;
    live.keep_open_frames();
    std::size_t added = 0;
    for (const std::size_t cut : cuts) {
      while (added < cut) {
        live.add(frames[added].view(added + 1));
        ++added;
      }
      ASSERT_EQ(report(live.snapshot("cut", 1)), prefix_report(frames, cut)) << "at frame " << cut;
      ++compared;
    }
    // The analysis the snapshots left undisturbed ends as an offline one does.
    EXPECT_EQ(report(live.finish("cut", 1)), prefix_report(frames, frames.size()));
  }
  EXPECT_GT(compared, 100u);
}

TEST(AnalysisSnapshot, WithASinkRepeatsNoReleasedSession) {
  const std::string path = std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-default.pcap";
  const auto frames = read_frames(path);
  ASSERT_GT(frames.size(), 200u);
  std::vector<SmtpSession> released;
  CaptureAnalyzer live([&](SmtpSession&& s) { released.push_back(std::move(s)); });
  live.keep_open_frames();
  CaptureAnalyzer offline;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    live.add(frames[i].view(i + 1));
    offline.add(frames[i].view(i + 1));
    if ((i + 1) % 37 != 0) continue;
    // Released sessions followed by the snapshot's: the whole list, in order, once.
    CaptureAnalysis joined = live.snapshot("cut", 1);
    joined.sessions.insert(joined.sessions.begin(), released.begin(), released.end());
    EXPECT_EQ(report(joined), prefix_report(frames, i + 1)) << "at frame " << i + 1;
  }
}

TEST(AnalysisSnapshot, KeepsOnlyTheFramesOfOpenConnections) {
  const std::string path = std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-envelope.pcap";
  const auto frames = read_frames(path);
  CaptureAnalyzer live;
  live.keep_open_frames();
  for (std::size_t i = 0; i < frames.size(); ++i) live.add(frames[i].view(i + 1));
  // Closed connections wait a while for late retransmissions before they are retired, so
  // a short capture still holds its frames; finishing lets every one go.
  EXPECT_GT(live.frames_kept(), 0u);
  EXPECT_LE(live.frames_kept(), frames.size());
  live.finish("done", 1);
  EXPECT_EQ(live.frames_kept(), 0u);
}

}  // namespace
}  // namespace smtplab::capture
