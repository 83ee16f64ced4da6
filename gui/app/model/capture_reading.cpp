// Reading a capture into the model (see capture_reading.hpp).
#include "gui/app/model/capture_reading.hpp"

#include "capture/capture_analyzer.hpp"

namespace smtplab::app {

std::shared_ptr<CaptureModel> read_capture(capture::PcapReader& reader, const std::string& path,
                                           const CaptureReadProgress& progress) {
  auto model = std::make_shared<CaptureModel>();
  model->file = path;
  model->link_type = reader.link_type();
  capture::CaptureAnalyzer analyzer;
  std::int64_t first_sec = 0;
  std::uint32_t first_nsec = 0;
  double bytes_read = 0;
  while (auto frame = reader.next()) {
    if (model->rows.empty()) {
      first_sec = frame->ts_sec;
      first_nsec = frame->ts_nsec;
      model->start_sec = first_sec;
      model->start_nsec = first_nsec;
    }
    FrameRow row;
    row.time = static_cast<double>(frame->ts_sec - first_sec) +
               (static_cast<double>(frame->ts_nsec) - static_cast<double>(first_nsec)) * 1e-9;
    row.data_offset = model->bytes.size();
    row.captured = static_cast<std::uint32_t>(frame->data.size());
    row.original_length = frame->original_length;
    model->bytes.insert(model->bytes.end(), frame->data.begin(), frame->data.end());
    model->rows.push_back(row);
    analyzer.add(*frame);
    bytes_read += static_cast<double>(frame->data.size() + 16);  // + pcap record header
    if (progress && !progress(model->rows.size(), bytes_read)) return nullptr;
  }
  if (!reader.error().empty()) analyzer.note_read_error(reader.frames_read(), reader.error());
  model->analysis = analyzer.finish(path, reader.link_type());
  index_capture(*model);
  return model;
}

}  // namespace smtplab::app
