// The frames a live capture has delivered so far, as the window keeps them: every frame's
// bytes in one append-only store and one row each. A model of the capture as it stands is
// built from the store and the analyzer's snapshot (capture::CaptureAnalyzer keeps the
// analysis incremental: new frames only), never by analysing every frame again.
#pragma once

#include <memory>
#include <string>

#include "capture/capture_analyzer.hpp"
#include "capture/frame.hpp"
#include "gui/app/model/capture_model.hpp"

namespace smtplab::app {

class LiveCaptureStore {
 public:
  explicit LiveCaptureStore(int link_type) { store_.link_type = link_type; }

  /// Appends a frame (in capture order, numbered from 1).
  void append(const capture::Frame& frame);
  /// Frames stored so far.
  std::size_t frames() const { return store_.rows.size(); }
  /// The model an opened file holding the same frames gives, from `analysis` (the
  /// analyzer's sessions so far, in order of first frame): rows, correlation index and
  /// timeline. The store is copied: the model stays valid while the capture goes on.
  std::shared_ptr<const CaptureModel> build(capture::CaptureAnalysis analysis,
                                            const std::string& name) const;

 private:
  CaptureModel store_;  // rows and bytes only
};

}  // namespace smtplab::app
