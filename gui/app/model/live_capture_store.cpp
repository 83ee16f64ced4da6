// The live capture's frame store and the models built from it (see live_capture_store.hpp).
#include "gui/app/model/live_capture_store.hpp"

#include "gui/app/model/capture_timeline.hpp"

namespace smtplab::app {

void LiveCaptureStore::append(const capture::Frame& frame) {
  if (store_.rows.empty()) {
    store_.start_sec = frame.ts_sec;
    store_.start_nsec = frame.ts_nsec;
    store_.link_type = frame.link_type;
  }
  FrameRow row;
  row.time = static_cast<double>(frame.ts_sec - store_.start_sec) +
             (static_cast<double>(frame.ts_nsec) - static_cast<double>(store_.start_nsec)) * 1e-9;
  row.data_offset = store_.bytes.size();
  row.captured = static_cast<std::uint32_t>(frame.data.size());
  row.original_length = frame.original_length;
  store_.bytes.insert(store_.bytes.end(), frame.data.begin(), frame.data.end());
  store_.rows.push_back(row);
}

std::shared_ptr<const CaptureModel> LiveCaptureStore::build(capture::CaptureAnalysis analysis,
                                                            const std::string& name) const {
  auto model = std::make_shared<CaptureModel>();
  model->file = name;
  model->link_type = store_.link_type;
  model->start_sec = store_.start_sec;
  model->start_nsec = store_.start_nsec;
  model->bytes = store_.bytes;
  model->rows = store_.rows;
  model->analysis = std::move(analysis);
  model->analysis.file = name;
  model->analysis.packets = store_.rows.size();
  model->analysis.link_type = store_.link_type;
  index_capture(*model);
  model->timeline = timeline_from_capture(*model);
  model->session_events = index_events_by_session(model->timeline);
  return model;
}

}  // namespace smtplab::app
