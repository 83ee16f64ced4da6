// The frame details tree as the window shows it: every field name capture/ gives a frame
// has its French name (no English in the French window), and the SMTP layer names the
// command or reply a frame carries, with the bytes of its parts.
#include "gui/app/model/frame_details.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "capture/pcap_reader.hpp"
#include "gui/app/model/capture_reading.hpp"
#include "gui/app/model/capture_timeline.hpp"
#include "gui/app/model/field_names.hpp"

namespace fs = std::filesystem;
using namespace smtplab;
using namespace smtplab::app;

namespace {

std::shared_ptr<CaptureModel> load(const std::string& path) {
  capture::PcapReader reader(path);
  if (!reader.ok()) return nullptr;
  auto model = read_capture(reader, path);
  model->timeline = timeline_from_capture(*model);
  model->session_events = index_events_by_session(model->timeline);
  return model;
}

std::vector<std::string> capture_files() {
  std::vector<std::string> out;
  for (const char* dir : {SMTPLAB_LAB_CAPTURES_DIR, SMTPLAB_CAPTURES_DIR}) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
      const std::string ext = entry.path().extension().string();
      if (ext == ".pcap" || ext == ".pcapng") out.push_back(entry.path().string());
    }
  }
  return out;
}

const capture::FieldNode* find(const capture::FieldNode& node, const std::string& name) {
  if (node.name == name) return &node;
  for (const auto& child : node.children) {
    if (const auto* found = find(child, name)) return found;
  }
  return nullptr;
}

TEST(FrameDetails, EveryFieldNameOfEveryCaptureHasItsFrenchName) {
  const auto files = capture_files();
  ASSERT_FALSE(files.empty());
  std::set<std::string> missing;
  for (const auto& file : files) {
    const auto model = load(file);
    if (!model) continue;
    const std::uint64_t frames = std::min<std::uint64_t>(model->rows.size(), 3000);
    for (std::uint64_t n = 1; n <= frames; ++n) {
      const std::function<void(const capture::FieldNode&)> walk =
          [&](const capture::FieldNode& node) {
            const bool numbered =
                node.name.rfind("Frame ", 0) == 0 || node.name.rfind("Option ", 0) == 0;
            if (!numbered && french_field_name(node.name) == nullptr) missing.insert(node.name);
            for (const auto& child : node.children) walk(child);
          };
      walk(model->describe(n));
      const capture::FieldNode fr = frame_details(*model, n, Language::Fr);
      // The values capture/ wrote (the SMTP layer's are the wire's own words).
      const std::function<void(const capture::FieldNode&)> no_bytes =
          [&](const capture::FieldNode& node) {
            if (node.name == "Simple Mail Transfer Protocol") return;
            EXPECT_EQ(node.value.find(" bytes"), std::string::npos)
                << file << " frame " << n << ": " << node.value;
            for (const auto& child : node.children) no_bytes(child);
          };
      no_bytes(fr);
    }
  }
  EXPECT_TRUE(missing.empty()) << "no French name for: " << [&] {
    std::string all;
    for (const auto& name : missing) all += "'" + name + "' ";
    return all;
  }();
}

TEST(FrameDetails, TheSmtpLayerSaysTheReplyAndTheCommandWithTheirBytes) {
  const auto model = load(std::string(SMTPLAB_LAB_CAPTURES_DIR) + "/lab-default.pcap");
  ASSERT_TRUE(model);
  // Frame 8: the server's EHLO reply, ten lines in one segment.
  const capture::FieldNode fr = frame_details(*model, 8, Language::Fr);
  const auto* reply = find(fr, "Réponse");
  ASSERT_NE(reply, nullptr);
  EXPECT_EQ(reply->value.rfind("250 msa.gsimaroc.com Hello", 0), 0u) << reply->value;
  const auto* code = find(*reply, "Code de réponse");
  ASSERT_NE(code, nullptr);
  EXPECT_EQ(code->value, "250");
  EXPECT_EQ(code->length, 3u);
  const auto bytes = model->frame_bytes(8);
  EXPECT_EQ(std::string(bytes.begin() + static_cast<long>(code->offset),
                        bytes.begin() + static_cast<long>(code->offset + 3)),
            "250");
  std::vector<std::string> parameters;
  for (const auto& child : reply->children) {
    if (child.name == "Paramètre de réponse") {
      parameters.push_back(
          std::string(bytes.begin() + static_cast<long>(child.offset),
                      bytes.begin() + static_cast<long>(child.offset + child.length)));
    }
  }
  ASSERT_EQ(parameters.size(), 10u);
  EXPECT_EQ(parameters[1], "250-PIPELINING\r\n");
  EXPECT_EQ(parameters[9], "250 HELP\r\n");
  EXPECT_NE(find(fr, "Ce qu'elle dit"), nullptr);
  // Frame 6: the client's EHLO, in English.
  const capture::FieldNode en = frame_details(*model, 6, Language::En);
  const auto* verb = find(en, "Verb");
  const auto* parameter = find(en, "Parameter");
  ASSERT_NE(verb, nullptr);
  ASSERT_NE(parameter, nullptr);
  EXPECT_EQ(verb->value, "EHLO");
  EXPECT_EQ(parameter->value, "pc-ali.gsimaroc.com");
  const auto six = model->frame_bytes(6);
  EXPECT_EQ(std::string(six.begin() + static_cast<long>(parameter->offset),
                        six.begin() + static_cast<long>(parameter->offset + parameter->length)),
            "pc-ali.gsimaroc.com\r\n");
  EXPECT_NE(find(en, "What it does"), nullptr);
  // A frame with no SMTP line has no SMTP layer.
  EXPECT_EQ(find(frame_details(*model, 1, Language::En), "Simple Mail Transfer Protocol"), nullptr);
}

}  // namespace
